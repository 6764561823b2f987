"""Renderers: pure functions from checked data to HTML, SVG or PDF (timeline, components, leaflet, QR, root pages)."""
