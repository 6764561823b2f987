"""The project's root folder: the one place it is worked out (every path of the project starts here)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # scripts/config/paths.py
# What a copy of the project needs to build (no .venv, site, node_modules): the tests' and the benchmark's copies.
PROJECT_FILES = (
    "mkdocs.yml",
    "babel.cfg",
    "pyproject.toml",
    "docs",
    "glossary",
    "overrides",
    "scripts",
    "translations",
    "data",
    "brand",
)
# The clinic's logo and the topic's sharing image: content, beside the pages, not in the engine's overrides/.
# The build publishes only the files the settings name, as <lang>/assets/images/<name>.
BRAND_DIR = ROOT / "brand"
