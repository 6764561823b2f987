"""The printed leaflet laid out again only when what goes into it changed.

Laying a leaflet out (WeasyPrint) is most of a language's build. Its output depends only on the leaflet's
HTML, the address it is resolved against, the files it may load (the site's images, stylesheets, the logo),
the code that lays it out (WeasyPrint and the libraries it writes PDF with, this project's leaflet modules)
and the system's fonts. A digest of all of them names the result in `.cache/leaflets/`; a build that finds
it there takes the PDF as it was written, so the site is byte-identical with or without the cache (the
layout is reproducible: tests/test_reproducible.py builds from a cold cache in another clone).

`SITE_LEAFLET_CACHE=off` lays every leaflet out again; `make clean` removes the cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from scripts.config.paths import ROOT
from scripts.renderers.leaflet import Pdf

CACHE_DIR = ROOT / ".cache" / "leaflets"
CACHE_ENV = "SITE_LEAFLET_CACHE"
KEEP = 20  # leaflets kept: a few builds of every language, each a few hundred KB
# The code that turns the leaflet's HTML into a PDF: a change to any of it lays the leaflets out again.
LAYOUT_CODE = (
    "scripts/renderers/leaflet.py",
    "scripts/renderers/pdf_text.py",
    "scripts/config/file_safety.py",
    "scripts/renderers/leaflet_cache.py",
)
LAYOUT_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pillow", "pyphen")


def enabled() -> bool:
    return os.environ.get(CACHE_ENV, "").strip().lower() not in ("off", "0", "no", "false")


def _versions() -> str:
    found = []
    for name in LAYOUT_PACKAGES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}: none")
    return "\n".join(found)


# Once per process: a build lays out two leaflets per language (standard and large print), and each asked
# fontconfig and read four source files again for the same answer.
@functools.cache
def system_fonts() -> str:
    """The fonts Pango may choose from (fontconfig's list: file, size and time), so that a font installed,
    removed or updated lays the leaflets out again (in the next build: the answer is kept for the process)."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "fc-list: unavailable"
    lines = []
    for name in sorted(set(listed.splitlines())):
        try:
            stat = os.stat(name)
        except OSError:
            continue
        lines.append(f"{name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(lines)


def key(document_html: str, base_url: str, site_files: Iterable[Path], *, fonts: str, code: str) -> str:
    """The digest of everything the leaflet's bytes depend on."""
    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        digest.update(label.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0" + data)

    part("html", document_html.encode("utf-8"))
    part("base", base_url.encode("utf-8"))
    for path in sorted(site_files):
        part(f"file:{path}", path.read_bytes())
    part("fonts", fonts.encode("utf-8"))
    part("code", code.encode("utf-8"))
    return digest.hexdigest()


@functools.cache
def layout_code(root: Path = ROOT) -> str:
    sources = [
        f"{name}\n{(root / name).read_text(encoding='utf-8')}" for name in LAYOUT_CODE if (root / name).is_file()
    ]
    return _versions() + "\n" + "\n".join(sources)


def _load(cache_dir: Path, name: str) -> Pdf | None:
    pdf_path, info_path = cache_dir / f"{name}.pdf", cache_dir / f"{name}.json"
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        data = pdf_path.read_bytes()
    except (OSError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != info.get("sha256"):
        return None  # a file cut short or edited outside the build: lay it out again
    os.utime(info_path)  # recently used: kept by the pruning below
    return Pdf(data, int(info["pages"]), tuple(info.get("warnings", ())), ())


def _store(cache_dir: Path, name: str, pdf: Pdf) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    info = {"pages": pdf.pages, "warnings": list(pdf.warnings), "sha256": hashlib.sha256(pdf.data).hexdigest()}
    # Written under temporary names, then renamed: a build of another language in parallel never reads half.
    for suffix, data in ((".pdf", pdf.data), (".json", json.dumps(info).encode("utf-8"))):
        temporary = cache_dir / f"{name}{suffix}.{os.getpid()}.tmp"
        temporary.write_bytes(data)
        temporary.replace(cache_dir / f"{name}{suffix}")
    _prune(cache_dir)


def _prune(cache_dir: Path, keep: int = KEEP) -> None:
    entries = sorted(cache_dir.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for info in entries[keep:]:
        for path in (info, info.with_suffix(".pdf")):
            path.unlink(missing_ok=True)


def cached_pdf(
    document_html: str,
    *,
    base_url: str,
    site_files: frozenset[Path],
    layout: Callable[..., Pdf],
    cache_dir: Path = CACHE_DIR,
    fonts: Callable[[], str] = system_fonts,
    code: Callable[[], str] = layout_code,
) -> tuple[Pdf, bool]:
    """The leaflet as `layout` writes it, from the cache when nothing that goes into it changed.

    Returns the PDF and whether it came from the cache. A layout that refused an address or warned is not
    kept: the build stops on it, and the next build must say so again.
    """
    if not enabled():
        return layout(document_html, base_url=base_url, site_files=site_files), False
    name = key(document_html, base_url, site_files, fonts=fonts(), code=code())
    found = _load(cache_dir, name)
    if found is not None:
        return found, True
    pdf = layout(document_html, base_url=base_url, site_files=site_files)
    if not pdf.refused and not pdf.warnings:
        try:
            _store(cache_dir, name, pdf)
        except OSError:
            pass  # a read-only or full disk: the build goes on without the cache
    return pdf, False
