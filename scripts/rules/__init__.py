"""The rules: every check of the content and settings, run by one registry (registry.py) for check and build."""
