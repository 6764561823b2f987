"""The project's root folder: the one place it is worked out (every path of the project starts here)."""

import os
import shutil
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


def lay_project_files(dest: Path, root: Path = ROOT) -> None:
    """root's project files (PROJECT_FILES and every mkdocs.<lang>.yml) into dest, replacing what dest has of
    them, and a link to its node_modules (PurgeCSS, used by the build): the tests' and the benchmark's copies."""
    for name in [*PROJECT_FILES, *(config.name for config in root.glob("mkdocs.*.yml"))]:
        src, target = root / name, dest / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        elif src.is_file():
            shutil.copy2(src, target)
    if (root / "node_modules").is_dir() and not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)


def keep_file(path: Path, text: str) -> bool:
    """Write a cache file whole: under a temporary name of this process, then renamed, so that a build of another
    language in parallel never reads half of it. False on a read-only or full disk: a cache only costs the time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        return False
    return True
