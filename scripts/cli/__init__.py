"""The command line: `python -m scripts.site` and the commands it runs (check, new page, lock)."""
