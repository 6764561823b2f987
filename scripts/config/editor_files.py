"""One way to read every file an editor touches, so that no editor input ends in a traceback.

Pages, glossaries, timeline data, gettext catalogs and mkdocs*.yml are read here.
A file that is missing, empty, too large, not UTF-8 (a page saved as Latin-1) or not valid
YAML raises `EditorFileError`, whose `problem` is one line
`path:line: what is wrong — how to fix it`. Callers collect these with the other
problems and report them all at once.

YAML is data, never code: every YAML text (front matter, glossaries, data files, mkdocs*.yml, also as MkDocs
reads it itself, see scripts/adapters/safe_mkdocs.py) goes through `EditorLoader`: PyYAML's safe loader (no Python
tags), refusing a key given twice (naming the second one's line) and aliases that expand past a small limit
(a few lines of aliases can stand for billions of values), and reading an impossible date (2026-02-30) or an
over-long number as text for the rules to report, not as a traceback.
"""

from __future__ import annotations

import copy
import functools
import io
import os
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from scripts.config import file_safety
from scripts.config.problems import Problem

UTF8_FIX = "save the file as UTF-8 (in most editors: File › Save with encoding › UTF-8)"
# The largest file an editor may give: the longest page today is about 15 KB, so this is some thirty times
# that; a larger one (a pasted export, a binary renamed .md) would only make every rule and the build crawl.
MAX_FILE_BYTES = 512 * 1024
# The most values a YAML file's aliases (*name) may expand to, counted as if each were written out: enough for
# any configuration; an "alias bomb" of a few lines expands to billions and exhausts the memory of any reader.
MAX_YAML_EXPANSION = 10_000


class EditorFileError(ValueError):
    """A file an editor wrote cannot be read; `problem` says where and how to fix it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def display_path(path: Path, root: Path) -> str:
    """A path as editors see it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _decode(data: bytes, rel: Callable[[], str]) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        raise EditorFileError(
            Problem(
                rel(),
                line,
                f"not UTF-8 text (byte 0x{byte} cannot be read; probably saved as Latin-1 or Windows-1252)",
                UTF8_FIX,
            )
        ) from None
    return text.removeprefix("\ufeff")  # a byte-order mark some editors add


def read_text(path: Path, root: Path, *, fix_missing: str, allow_empty: bool = False) -> str:
    """The file's text; EditorFileError when missing, unreadable, not UTF-8 or (unless allowed) empty."""

    # The name editors see is worked out only for a problem: resolving it costs more than reading a page.
    def rel() -> str:
        return display_path(path, root)

    if path.is_dir():
        raise EditorFileError(Problem(rel(), 1, "is a folder, not a file", fix_missing))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise EditorFileError(too_large(rel(), size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise EditorFileError(Problem(rel(), 1, "missing", fix_missing)) from None
    except OSError as exc:
        raise EditorFileError(
            Problem(rel(), 1, f"cannot be read ({exc.strerror or exc})", "check the file's permissions")
        ) from None
    text = _decode(data, rel).replace("\r\n", "\n")  # a file saved on Windows reads as any other
    if not allow_empty and not text.strip():
        raise EditorFileError(Problem(rel(), 1, "empty", fix_missing))
    return text


def page_texts(docs: Path, root: Path) -> list[str]:
    """The text of every page (.md) of a pages folder, in path order, as the rules read it
    (scripts/rules/registry.py, load_language): never through a link, an empty page as "", a page that cannot be
    read left out (the rules report it). For what reads a language's pages besides the rules (its language
    judged ahead of the build, the search words checked on their own), so that all read the same pages."""
    texts = []
    for path in file_safety.regular_files(docs, ".md"):
        try:
            texts.append(read_text(path, root, fix_missing="", allow_empty=True))
        except EditorFileError:
            continue
    return texts


def too_large(rel: str, size: int) -> Problem:
    return Problem(
        rel,
        1,
        f"too large ({size // 1024} KB; at most {MAX_FILE_BYTES // 1024} KB)",
        "split it into several pages or files, and check it holds only text",
    )


YAML_FIX = "check the indentation (spaces, not tabs) and put values that contain ':' or '#' in quotes"


def yaml_problem(rel: str, exc: yaml.YAMLError, *, first_line: int = 1) -> Problem:
    """A YAML error as one line; `first_line` is the file line where the YAML text starts."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = first_line + (mark.line if mark is not None else 0)
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if isinstance(exc, EditorYAMLError):
        if exc.first_mark is not None:
            what += f" (first on line {first_line + exc.first_mark.line})"
        return Problem(rel, line, what, exc.fix)
    return Problem(rel, line, f"not valid YAML ({what})", YAML_FIX)


class EditorYAMLError(yaml.constructor.ConstructorError):
    """What EditorLoader refuses in YAML that parses: `problem` says what, `fix` how to mend it."""

    def __init__(self, problem: str, fix: str, mark=None, *, first_mark=None):
        super().__init__(None, None, problem, mark)
        self.fix = fix
        self.first_mark = first_mark  # where a key given twice was given first


# libyaml's parser when PyYAML has it (front matter is parsed for every page).
_SAFE_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _expanded_size(node, sizes: dict, open_nodes: set) -> int:
    """How many values the node stands for with every alias written out (an alias shares its node)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise EditorYAMLError(
            "an alias (*name) refers to the value that contains it",
            "write the value out instead of the alias",
            node.start_mark,
        )
    open_nodes.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            size += _expanded_size(item, sizes, open_nodes)
            if size > MAX_YAML_EXPANSION:
                break
    elif isinstance(node, yaml.MappingNode):
        for item_key, item_value in node.value:
            size += _expanded_size(item_key, sizes, open_nodes) + _expanded_size(item_value, sizes, open_nodes)
            if size > MAX_YAML_EXPANSION:
                break
    open_nodes.discard(key)
    sizes[key] = size
    return size


class EditorLoader(_SAFE_BASE):  # type: ignore[valid-type, misc]  # libyaml's when PyYAML has it
    """The safe loader for every YAML an editor writes: no Python objects, no key twice, no alias bomb."""

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        sizes: dict = {}
        try:
            if _expanded_size(node, sizes, set()) > max(MAX_YAML_EXPANSION, len(sizes)):
                raise EditorYAMLError(
                    f"the aliases (*name) stand for more than {MAX_YAML_EXPANSION} values",
                    "write the values out instead of using aliases (&name / *name)",
                    node.start_mark,
                )
            return self.construct_document(node)
        except RecursionError:  # lists in lists hundreds deep: PyYAML parses up to 1,000 levels
            raise EditorYAMLError(
                "values nested too deeply", "write the values as a flat list", node.start_mark
            ) from None

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _value in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                if key_node.value in seen:
                    raise EditorYAMLError(
                        f"'{key_node.value}' is given twice",
                        "keep one of them: YAML would silently use the last",
                        key_node.start_mark,
                        first_mark=seen[key_node.value],
                    )
                seen[key_node.value] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2026-02-30: text, that the rule of the field reports as "not a date"
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts: text, for the rule of the field to report
            return self.construct_scalar(node)


def _refuse_python_tag(loader, suffix, node):
    raise EditorYAMLError(
        f"a Python tag (!!python/{suffix.split(':')[0]}): YAML here is data and never runs code",
        "remove the tag and write a plain value",
        node.start_mark,
    )


EditorLoader.add_multi_constructor("tag:yaml.org,2002:python/", _refuse_python_tag)
EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", EditorLoader.construct_yaml_timestamp)
EditorLoader.add_constructor("tag:yaml.org,2002:int", EditorLoader.construct_yaml_int)
_SAFE_LOADER = EditorLoader


def parse_yaml(text: str, rel: str, *, first_line: int = 1, loader=_SAFE_LOADER):
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise EditorFileError(yaml_problem(rel, exc, first_line=first_line)) from None


def read_yaml(path: Path, root: Path, *, fix_missing: str, loader=_SAFE_LOADER, allow_empty: bool = False):
    """The parsed YAML of a data file (glossary, timeline data)."""
    rel = display_path(path, root)
    data = parse_yaml(read_text(path, root, fix_missing=fix_missing, allow_empty=allow_empty), rel, loader=loader)
    if data is None and not allow_empty:
        raise EditorFileError(Problem(rel, 1, "holds no entries (only comments)", fix_missing))
    return data


def read_mkdocs_config(path: Path, root: Path) -> dict:
    """A mkdocs*.yml file through MkDocs' own loader (its !ENV tag and INHERIT), checked first as text.

    Read again only when a config file of its folder or the environment changed: `make serve` checks the
    language's config on every save, and at 600 pages parsing its menu alone took most of a second."""
    stamp = tuple(
        sorted((item.name, item.stat().st_mtime_ns, item.stat().st_size) for item in path.parent.glob("*.yml"))
    )
    return copy.deepcopy(_read_mkdocs_config(path, root, stamp, tuple(sorted(os.environ.items()))))


@functools.lru_cache(maxsize=64)
def _read_mkdocs_config(path: Path, root: Path, stamp: tuple, environ: tuple) -> dict:
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    rel = display_path(path, root)
    fix = (
        f"restore {rel} from git (`git checkout -- {rel}`)"
        if path.name == "mkdocs.yml"
        else f"create it with `python -m scripts.site new-language {path.stem.split('.')[-1]}`"
    )
    text = read_text(path, root, fix_missing=fix)
    # First with the tags read as nothing: the line of a syntax error, which MkDocs does not give.
    head = parse_yaml(text, rel, loader=_MkDocsTagsLoader)
    if isinstance(head, dict) and isinstance(head.get("INHERIT"), str):
        read_mkdocs_config(path.parent / head["INHERIT"], root)  # the parent's own problems, with their lines
    try:
        with path.open("rb") as fh:
            # MkDocs' own loader (!ENV, INHERIT merged) made of the safe one: a Python tag is refused above
            config = yaml_load(fh, loader=get_yaml_loader(loader=EditorLoader))
    except ConfigurationError as exc:
        raise EditorFileError(Problem(rel, 1, str(exc).split("\n")[0], fix)) from None
    if not isinstance(config, dict):
        raise EditorFileError(
            Problem(
                rel, 1, "is not a set of 'setting: value' lines", f"restore {rel} from git and make your change again"
            )
        )
    return config


class _MkDocsTagsLoader(_SAFE_LOADER):
    """Reads mkdocs.yml's custom tags (!ENV, !relative) as nothing, to find syntax errors and lines."""


_MkDocsTagsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def setting_lines(text: str) -> dict[str, int]:
    """Line of every setting of a YAML file, by dotted name: {'extra.clinic.phone': 97, …}."""
    return dict(_setting_lines(text))


# By the file's text: the preview's every save asks again for the lines of the same configs and word lists (at
# 650 pages a language's config is its long menu).
@functools.lru_cache(maxsize=32)
def _setting_lines(text: str) -> dict[str, int]:
    try:
        node = yaml.compose(text, Loader=_MkDocsTagsLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    seen: set[int] = set()  # a node an alias (*name) repeats is walked once: an alias bomb stays small

    def walk(current, prefix: str) -> None:
        if id(current) in seen:
            return
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                name = f"{prefix}.{key.value}" if prefix else str(key.value)
                lines[name] = key.start_mark.line + 1
                walk(value, name)
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                name = f"{prefix}[{index}]"
                lines[name] = item.start_mark.line + 1
                walk(item, name)

    walk(node, "")
    return lines


def read_catalog(path: Path, root: Path, locale: str):
    """A gettext catalog (.po) through Babel, with its syntax checked line by line first."""
    from babel.messages.pofile import PoFileError, read_po

    rel = display_path(path, root)
    text = read_text(path, root, fix_missing=f"run `python -m scripts.site catalogs init {locale}`")
    errors = po_syntax_problems(text, rel)
    if errors:
        raise EditorFileError(errors[0]) if len(errors) == 1 else CatalogSyntaxErrors(errors)
    try:
        return read_po(io.BytesIO(text.encode("utf-8")), locale=locale, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise EditorFileError(
            Problem(rel, line, f"the catalog does not parse ({exc})", 'write each entry as msgid "…" then msgstr "…"')
        ) from None


class CatalogSyntaxErrors(EditorFileError):
    """Several bad lines in one catalog: every one is reported."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0])
        self.args = ("\n".join(map(str, problems)),)
        self.problems = problems


PO_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"')


def po_syntax_problems(text: str, rel: str) -> list[Problem]:
    """Lines Babel would silently misread (an unclosed quote, a stray word), as msgfmt reports them."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not PO_LINE.fullmatch(stripped):
            problems.append(
                Problem(rel, number, f"not a valid catalog line: {stripped[:60]!r}", 'close the quotes: msgstr "…"')
            )
    return problems


def problems_of(exc: EditorFileError) -> list[Problem]:
    return list(getattr(exc, "problems", None) or [exc.problem])
