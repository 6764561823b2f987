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
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

from scripts.config.paths import ROOT, keep_file
from scripts.renderers.leaflet_layout import Pdf

CACHE_DIR = ROOT / ".cache" / "leaflets"
CACHE_ENV = "SITE_LEAFLET_CACHE"
INPUTS_MEMO = ROOT / ".cache" / "leaflet-inputs.json"  # what the key's slow parts were worked out from
KEEP = 20  # leaflets kept: a few builds of every language, each a few hundred KB
# The code that turns the leaflet's HTML into a PDF: a change to any of it lays the leaflets out again.
LAYOUT_CODE = (
    "scripts/renderers/leaflet.py",
    "scripts/renderers/leaflet_layout.py",
    "scripts/renderers/pdf_text.py",
    "scripts/config/file_safety.py",
    "scripts/renderers/leaflet_cache.py",
)
LAYOUT_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pillow", "pyphen")


def enabled() -> bool:
    return os.environ.get(CACHE_ENV, "").strip().lower() not in ("off", "0", "no", "false")


def _stamp(paths: Iterable[str]) -> str:
    """Size and modification time of each path, or that it is absent: what a remembered answer came from."""
    lines = []
    for name in paths:
        try:
            stat = os.stat(name)
        except OSError:
            lines.append(f"{name} absent")
            continue
        lines.append(f"{name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(lines)


def _read_memo(path: Path) -> dict:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_memo(path: Path, data: dict) -> None:
    keep_file(path, json.dumps(data, ensure_ascii=False))  # on a read-only disk: worked out again next time


def remembered(path: Path, part: str, work_out: Callable[[], tuple[str, list[str]]]) -> str:
    """An answer slow to work out that changes only with some files and folders (`work_out` returns the answer and
    them), kept in `path` under `part` with their sizes and times: worked out again when any of them changed,
    appeared or went. Each build is a new process; this spares it the asking. Off with the cache."""
    if not enabled():
        return work_out()[0]
    memo = _read_memo(path)
    kept = memo.get(part)
    if isinstance(kept, dict) and isinstance(kept.get("watch"), list) and kept.get("stamp") == _stamp(kept["watch"]):
        return str(kept.get("answer", ""))
    answer, watch = work_out()
    if watch:
        watch = sorted(set(watch))
        memo[part] = {"answer": answer, "watch": watch, "stamp": _stamp(watch)}
        _write_memo(path, memo)
    return answer


def _package_versions(names: Iterable[str] = LAYOUT_PACKAGES) -> tuple[str, list[str]]:
    """Packages with their versions, and what a change of them changes: each one's metadata folder (another
    version is another folder), and the folders packages are installed in (one installed or removed)."""
    found = []
    watch = [entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))]
    for name in names:
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            found.append(f"{name}: none")
            continue
        found.append(f"{name}=={distribution.version}")
        where = getattr(distribution, "_path", None)  # its .dist-info folder
        if where is None:
            return "\n".join(found), []  # nothing to watch: not remembered, asked on every build
        watch += [str(where), str(Path(where) / "METADATA"), str(Path(where).parent)]
    return "\n".join(found), watch


def code_and_packages(files: Iterable[str], packages: tuple[str, ...], root: Path = ROOT, memo: Path | None = None):
    """This project's `files` (read on every build: they are small) and the `packages`' versions (remembered):
    what some output is made by, so that a change of either makes it again."""
    versions = remembered(memo or INPUTS_MEMO, "packages " + " ".join(packages), lambda: _package_versions(packages))
    sources = [f"{name}\n{(root / name).read_text(encoding='utf-8')}" for name in files if (root / name).is_file()]
    return versions + "\n" + "\n".join(sources)


def kept_texts(path: Path, made_by: str) -> dict[str, str]:
    """Texts kept by `keep_texts` (one JSON file), when what made them is still `made_by`; none with the cache off."""
    if not enabled():
        return {}
    found = _read_memo(path)
    texts = found.get("texts")
    return dict(texts) if found.get("made_by") == made_by and isinstance(texts, dict) else {}


def keep_texts(path: Path, made_by: str, texts: dict[str, str]) -> None:
    if enabled():
        _write_memo(path, {"made_by": made_by, "texts": texts})


# Where fontconfig finds fonts and its configuration unless told otherwise (its defaults), and what tells it
# otherwise; a configuration file's <dir> elements name more folders of fonts.
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
FONTCONFIG_FOLDERS = ("/etc/fonts", "~/.config/fontconfig")
FONTCONFIG_ENV = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
CONF_DIR_RE = re.compile(r"<dir[^>]*>([^<]+)</dir>")


def _font_files() -> tuple[str, list[str]]:
    """fontconfig's font files, one a line, and what the list depends on: every folder of fonts (a font added
    or removed changes its folder) and every configuration file, with the folders it names."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "", []
    files = sorted(set(listed.splitlines()))
    watch = [str(Path(name).parent) for name in files]
    roots = [*FONT_FOLDERS, *FONTCONFIG_FOLDERS]
    roots += [value for name in FONTCONFIG_ENV for value in os.environ.get(name, "").split(os.pathsep) if value]
    for root in (os.path.expanduser(item) for item in roots):
        watch.append(root)
        for folder, _, names in os.walk(root):
            watch.append(folder)
            for name in names:
                path = os.path.join(folder, name)
                watch.append(path)
                if name.endswith(".conf"):
                    try:
                        text = Path(path).read_text(encoding="utf-8", errors="replace")
                    except OSError:
                        continue
                    watch += [os.path.expanduser(found.strip()) for found in CONF_DIR_RE.findall(text)]
    return "\n".join(files), watch


# Once per process: a build lays out two leaflets per language (standard and large print). Across builds,
# fontconfig's list and the packages' versions are remembered in .cache/leaflet-inputs.json with the sizes and
# times of what they depend on: a warm build looks at those instead of running fc-list and reading every
# package's metadata, and a font or package installed, removed or updated still changes the key.
@functools.cache
def system_fonts(memo: Path | None = None) -> str:
    """The fonts Pango may choose from (fontconfig's list: file, size and time), so that a font installed,
    removed or updated lays the leaflets out again."""
    env = " ".join(f"{name}={os.environ.get(name, '')}" for name in FONTCONFIG_ENV)
    listed = remembered(memo or INPUTS_MEMO, f"fonts {env}", _font_files)
    if not listed:
        return "fc-list: unavailable"
    lines = []
    for name in listed.splitlines():
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
def layout_code(root: Path = ROOT, memo: Path | None = None) -> str:
    return code_and_packages(LAYOUT_CODE, LAYOUT_PACKAGES, root, memo)


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

    def start(html: str, **where: object) -> Callable[[], Pdf]:
        return lambda: layout(html, **where)

    return cached_pdf_started(
        document_html,
        base_url=base_url,
        site_files=site_files,
        start=start,
        cache_dir=cache_dir,
        fonts=fonts,
        code=code,
    )()


def cached_pdf_started(
    document_html: str,
    *,
    base_url: str,
    site_files: frozenset[Path],
    start: Callable[..., Callable[[], Pdf]],
    cache_dir: Path = CACHE_DIR,
    fonts: Callable[[], str] = system_fonts,
    code: Callable[[], str] = layout_code,
) -> Callable[[], tuple[Pdf, bool]]:
    """`cached_pdf` for a layout laid out elsewhere meanwhile: `start` begins it (with the layout's arguments) and
    returns what waits for its PDF; this returns what waits for `cached_pdf`'s answer. Nothing is started when the
    cache has the leaflet."""
    if not enabled():
        waiting = start(document_html, base_url=base_url, site_files=site_files)
        return lambda: (waiting(), False)
    name = key(document_html, base_url, site_files, fonts=fonts(), code=code())
    found = _load(cache_dir, name)
    if found is not None:
        return lambda: (found, True)
    waiting = start(document_html, base_url=base_url, site_files=site_files)

    def answer() -> tuple[Pdf, bool]:
        pdf = waiting()
        if not pdf.refused and not pdf.warnings:
            try:
                _store(cache_dir, name, pdf)
            except OSError:
                pass  # a read-only or full disk: the build goes on without the cache
        return pdf, False

    return answer
