"""make bench: build speed, memory and page weight of this site against plain Material and mkdocs-static-i18n."""
