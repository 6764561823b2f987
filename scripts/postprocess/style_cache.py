"""A language's style rules (scripts/postprocess/purge-css.mjs) worked out again only when what goes into them
changed.

The answer depends only on the files purge-css.mjs reads (every HTML file of the built language, Material's
JavaScript, Material's stylesheet and the site's), the pages it is asked about, and the code that works it out
(purge-css.mjs and the modules it loads, at the versions installed). A digest of all of them names the answer
in `.cache/style-rules/`; a build that finds it there takes the answer as it was written, so the site is
byte-identical with or without the cache. A build that changed nothing in a language (the usual case for
most languages after an edit) starts no Node.js work for it; one that changed some pages has purge-css.mjs
work out only those (`pages_cache`).

`SITE_STYLE_CACHE=off` works every answer out again; `make clean` removes the cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from scripts.config.paths import ROOT

CACHE_DIR = ROOT / ".cache" / "style-rules"
CACHE_ENV = "SITE_STYLE_CACHE"
KEEP = 20  # answers kept: online and offline copies of a few languages, a few hundred KB each
# The code that works the answer out: a change to any of it works every answer out again.
CODE_FILES = (
    "scripts/postprocess/purge-css.mjs",
    "scripts/postprocess/memo-purgecss.mjs",
    "scripts/postprocess/rules-in-use.mjs",
    "scripts/postprocess/style-keys.mjs",
    "scripts/postprocess/style_cache.py",
    "package-lock.json",
)
# The installed packages it runs (their package.json names the version actually there).
CODE_PACKAGES = (
    "purgecss",
    "purgecss-from-html",
    "postcss",
    "postcss-selector-parser",
    "css-select",
    "css-what",
    "htmlparser2",
    "parse5",
    "parse5-htmlparser2-tree-adapter",
)


def enabled() -> bool:
    return os.environ.get(CACHE_ENV, "").strip().lower() not in ("off", "0", "no", "false")


@functools.cache
def working_code(root: Path = ROOT) -> bytes:
    """The code's text and the installed packages' versions, as one piece of the key."""
    parts = [name.encode("utf-8") + b"\0" + _read(root / name) for name in CODE_FILES]
    for package in CODE_PACKAGES:
        manifest = root / "node_modules" / package / "package.json"
        parts.append(package.encode("utf-8") + b"\0" + _read(manifest))
    return b"\0\0".join(parts)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"(missing)"


def key(site_dir: Path, read_files: Iterable[Path], pages: list[str], *, code: bytes) -> str:
    """The digest of everything the answer depends on: every HTML file under site_dir (PurgeCSS reads them
    all for the language's whole stylesheet) and the other files it reads (read_files), by their names in
    site_dir and their bytes, the pages asked about, and the code."""
    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        digest.update(label.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0" + data)

    files = set(site_dir.rglob("*.html")) | set(read_files)
    for path in sorted(files):
        name = path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else str(path)
        part(f"file:{name}", path.read_bytes())
    part("pages", json.dumps(pages).encode("utf-8"))
    part("code", code)
    return digest.hexdigest()


def pages_cache(site_dir: Path, cache_dir: Path = CACHE_DIR) -> dict[str, str]:
    """Where purge-css.mjs keeps each page's rules of this language folder for its next build (a file per
    folder: site/en and site-offline/en apart), and the code they were worked out with; nothing when the
    cache is off. When a language's answer is not in the cache (a page changed), purge-css.mjs works out
    only the pages whose HTML is new."""
    if not enabled():
        return {}
    folder = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:24]
    return {
        "pagesCache": str(cache_dir / "pages" / f"{folder}.json"),
        "codeKey": hashlib.sha256(working_code()).hexdigest(),
    }


def is_answer(answer: object) -> bool:
    """What purge-css.mjs answers for a language: the whole stylesheet, the rules, each page's index."""
    return (
        isinstance(answer, dict)
        and isinstance(answer.get("full"), str)
        and isinstance(answer.get("critical"), list)
        and isinstance(answer.get("pages"), dict)
        and all(isinstance(index, int) and 0 <= index < len(answer["critical"]) for index in answer["pages"].values())
    )


def load(cache_dir: Path, name: str) -> dict | None:
    path = cache_dir / f"{name}.json"
    try:
        answer = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not is_answer(answer):
        return None  # cut short or edited outside the build: work it out again
    os.utime(path)  # recently used: kept by the pruning below
    return answer


def store(cache_dir: Path, name: str, answer: dict, keep: int = KEEP) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name, then renamed: a build of another language in parallel never reads half.
    temporary = cache_dir / f"{name}.json.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    temporary.replace(cache_dir / f"{name}.json")
    entries = sorted(cache_dir.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    for path in entries[keep:]:
        path.unlink(missing_ok=True)


def cached_answer(
    site_dir: Path,
    read_files: Iterable[Path],
    pages: list[str],
    work: Callable[[], dict],
    *,
    cache_dir: Path = CACHE_DIR,
    code: Callable[[], bytes] = working_code,
) -> tuple[dict, bool]:
    """purge-css.mjs's answer for the language (`work` asks for it), from the cache when nothing that goes
    into it changed. Returns the answer and whether it came from the cache. An error is not kept."""
    if not enabled():
        return work(), False
    name = key(site_dir, read_files, pages, code=code())
    found = load(cache_dir, name)
    if found is not None:
        return found, True
    answer = work()
    if is_answer(answer):
        try:
            store(cache_dir, name, answer)
        except OSError:
            pass  # a read-only or full disk: the build goes on without the cache
    return answer, False
