"""QR codes that lead a reader of paper back to the page online (segno, SVG, made at build time).

Pure: an address in, SVG text out. No network, nothing random: the same address gives
the same bytes on every build.
"""

from __future__ import annotations

import base64
import functools
import io

import segno

# Level M survives a crease or a smudge on a folded leaflet (15 % of the code); the
# addresses here are short enough that it stays a small code (version 5 or so).
ERROR_LEVEL = "m"
# The quiet zone readers need around the code, in modules (the standard's minimum).
QUIET_ZONE = 4


# Pure, so kept: the preview makes every page's code again on each save (a few hundred at 50 times the pages),
# and a leaflet's codes are the pages' codes again.
@functools.lru_cache(maxsize=4096)
def qr_svg(address: str, *, title: str = "") -> str:
    """A standalone SVG document of the QR code for `address`, sized by whoever shows it.

    Only a viewBox (no width/height): the printed size is set by the stylesheet.
    """
    if not address:
        raise ValueError("qr_svg: an address is needed")
    code = segno.make_qr(address, error=ERROR_LEVEL, boost_error=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        border=QUIET_ZONE,
        scale=1,
        omitsize=True,
        xmldecl=True,
        nl=True,
        title=title or None,
        dark="#000",
        light="#fff",
    )
    return out.getvalue().decode("utf-8")


def qr_svgs(addresses: list[str]) -> dict[str, str]:
    """`qr_svg` of each address, by address: a language's codes at once, drawn in a child process of the build
    (scripts/adapters/printed.py) while it renders the pages."""
    return {address: qr_svg(address) for address in addresses}


def qr_data_uri(address: str, *, title: str = "") -> str:
    """The same SVG as a data: URI, for a document that embeds it (the PDF leaflet)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(address, title=title).encode("utf-8")).decode()
