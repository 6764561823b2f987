"""The interface strings of every language: the catalogs (translations/) and what the templates read of them."""
