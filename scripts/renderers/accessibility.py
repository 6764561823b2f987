"""The accessibility statement: what the site's tests check, its known gaps and when it was last fully checked.

The facts are data (data/accessibility.yml); the page whose Markdown calls {{ accessibility_statement() }}
(scripts/adapters/macros_accessibility.py) says them in its language, in the order of the UK/EU model accessibility
statement: whose website it is and how accessible it is, what to do if you cannot use part of it (another
format, through the clinic's contacts), reporting problems, the enforcement procedure, the compliance status
with WCAG 2.2 AA, the known gaps, and how and when it was tested.

Honest by construction: the rule `accessibility-data` (scripts/rules/registry.py) refuses a check that names no test
of the suite, "fully compliant" with a known gap or without a recorded full test run, "partially compliant"
without saying what is not, and a gap not written in every language. The statement never invents a contact
(without the clinic's phone or e-mail it says to ask the clinic) and never dates a test run that is not
recorded (it gives the date of the last commit, and says that it is that).

`parse` and `statement_markdown` are pure; `load` reads the file.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from scripts.config.editor_files import EditorFileError, display_path, parse_yaml, read_text, setting_lines
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.renderers.components import markdown_text

DATA_FILE = ROOT / "data" / "accessibility.yml"
STATUSES = ("partial", "full")
# What the suite checks, each said in words by `check_text`; a check of data/accessibility.yml is one of these.
CHECK_KINDS = (
    "axe",
    "html",
    "contrast",
    "keyboard",
    "no-javascript",
    "rtl",
    "plain-language",
    "pdf-tags",
    "large-print",
)
FIELDS = ("status", "last_full_check", "checks", "known_gaps")
CHECK_FIELDS = ("kind", "test")
GAP_FIELDS = ("text",)
PLACEHOLDER_RE = re.compile(r"%\((\w+)\)s")
TEST_RE = re.compile(r"^(?P<file>tests/[\w/.-]+\.py)::(?P<name>test_\w+)$")


@dataclasses.dataclass(frozen=True)
class Check:
    kind: str  # one of CHECK_KINDS
    test: str  # tests/<file>.py::<test function> that makes it


@dataclasses.dataclass(frozen=True)
class Statement:
    status: str  # "partial" or "full"
    last_full_check: dt.date | None  # the day the whole suite last passed, as recorded; None: not recorded
    checks: tuple[Check, ...]
    gaps: tuple[Mapping[str, str], ...]  # each known gap: language → its text


def _fix(rel: str) -> str:
    return f"see the comments at the top of {rel}"


def _test_problem(test: str, root: Path) -> str | None:
    """What is wrong with a check's test reference, or None: the file exists and defines the function.

    Where the project has no tests/ folder (a copy made to build a site from, without its test suite) only
    the form is checked: the suite is the project's, and the repository's own checks see it."""
    match = TEST_RE.match(test)
    if not match:
        return f"'{test}' is not a test of the suite — write tests/<file>.py::test_<name>"
    if not (root / "tests").is_dir():
        return None
    path = root / match.group("file")
    if not path.is_file():
        return f"{match.group('file')} does not exist — name a test file of tests/"
    if not _defines(path, match.group("name")):
        return f"{match.group('file')} has no {match.group('name')} — name a test that exists"
    return None


def _defines(path: Path, name: str) -> bool:
    """The test file defines the test, or collects it from a module of tests/ that does (the browser tours'
    shared checks are defined once and imported into one file per width)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return False
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return True
        if isinstance(node, ast.ImportFrom) and node.module and any(alias.name == name for alias in node.names):
            source = path.parent / f"{node.module}.py"
            if source.is_file() and source != path:
                return _defines(source, name)
    return False


def parse(
    raw: object, *, rel: str, lines: Mapping[str, int], root: Path, languages: Iterable[str], today: dt.date
) -> tuple[Statement, list[Problem]]:
    """The statement's data, and every problem with it (`lines`: dotted setting → line, for messages)."""
    problems: list[Problem] = []
    languages = list(languages)

    def report(where: str, what: str, fix: str) -> None:
        number = lines.get(where) or lines.get(where.rsplit(".", 1)[0].split("[")[0]) or 1
        problems.append(Problem(rel, number, f"{where}: {what}", fix))

    if not isinstance(raw, dict):
        report("data", "expected the statement's settings (" + ", ".join(FIELDS) + ")", _fix(rel))
        return Statement("partial", None, (), ()), problems
    for key in raw:
        if key not in FIELDS:
            report(str(key), "unknown setting", "allowed: " + ", ".join(FIELDS))

    status = raw.get("status")
    if status not in STATUSES:
        report("status", f"{status!r} is not a compliance status", "write partial or full")
        status = "partial"

    last = raw.get("last_full_check")
    if last in (None, ""):
        last = None
    elif not isinstance(last, dt.date) or isinstance(last, dt.datetime):
        report("last_full_check", f"{last!r} is not a date", "write the day the whole test suite passed, YYYY-MM-DD")
        last = None
    elif last > today:
        report("last_full_check", f"{last.isoformat()} is in the future", "write the day the test suite passed")
        last = None

    checks: list[Check] = []
    raw_checks = raw.get("checks")
    if not isinstance(raw_checks, list) or not raw_checks:
        report("checks", "expected a list of checks", "list each check as {kind: …, test: tests/…::test_…}")
        raw_checks = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw_checks):
        where = f"checks[{index}]"
        if not isinstance(item, dict):
            report(where, "expected {kind: …, test: …}", "list each check as {kind: axe, test: tests/…::test_…}")
            continue
        for key in item:
            if key not in CHECK_FIELDS:
                report(f"{where}.{key}", "unknown field", "allowed: " + ", ".join(CHECK_FIELDS))
        kind, test = item.get("kind"), item.get("test")
        if kind not in CHECK_KINDS:
            report(
                f"{where}.kind",
                f"{kind!r} is not a check the statement can describe",
                "use one of: " + ", ".join(CHECK_KINDS),
            )
            continue
        if kind in seen:
            report(f"{where}.kind", f"{kind} is already listed as checks[{seen[kind]}]", "list each check once")
            continue
        seen[kind] = index
        wrong: str | None = "no test named — write tests/<file>.py::test_<name>"
        if isinstance(test, str):
            wrong = _test_problem(test, root)
        if wrong:
            what, _, fix = wrong.partition(" — ")
            report(f"{where}.test", what, fix + " (the statement says only what a test checks)")
            continue
        checks.append(Check(kind, str(test)))

    gaps: list[Mapping[str, str]] = []
    raw_gaps = raw.get("known_gaps")
    if raw_gaps is None:
        raw_gaps = []
    if not isinstance(raw_gaps, list):
        report("known_gaps", "expected a list of gaps", "list each as {text: {en: …, fr: …}}, or write []")
        raw_gaps = []
    for index, item in enumerate(raw_gaps):
        where = f"known_gaps[{index}]"
        text = item.get("text") if isinstance(item, dict) else None
        if isinstance(item, dict):
            for key in item:
                if key not in GAP_FIELDS:
                    report(f"{where}.{key}", "unknown field", "allowed: " + ", ".join(GAP_FIELDS))
        if not isinstance(text, dict):
            report(where, "expected {text: {en: …, fr: …}}", "write the gap in every language of the site")
            continue
        missing = [code for code in languages if not (isinstance(text.get(code), str) and text[code].strip())]
        if missing:
            report(f"{where}.text", "not written in " + ", ".join(missing), "write the gap in every language")
        gaps.append({code: " ".join(str(value).split()) for code, value in text.items() if isinstance(value, str)})

    if status == "full" and gaps:
        report(
            "status",
            f"full, with {len(gaps)} known gap(s)",
            "write partial while any gap is listed: the statement must be honest",
        )
    if status == "full" and last is None:
        report("status", "full, with no recorded full test run", "write last_full_check, or partial")
    if status == "partial" and not gaps:
        report("known_gaps", "empty, but the status is partial", "list what is not accessible, or write full")
    return Statement(status, last, tuple(checks), tuple(gaps)), problems


def load(
    languages: Iterable[str], *, path: Path = DATA_FILE, root: Path = ROOT, today: dt.date | None = None
) -> tuple[Statement | None, list[Problem]]:
    """The statement's data from its file; None when it cannot be read (one problem says why)."""
    rel = display_path(path, root)
    try:
        text = read_text(path, root, fix_missing=f"restore {rel} from git (`git checkout -- {rel}`)")
        raw = parse_yaml(text, rel)
    except EditorFileError as exc:
        return None, [exc.problem]
    return parse(
        raw, rel=rel, lines=setting_lines(text), root=root, languages=languages, today=today or dt.date.today()
    )


def check_text(kind: str, gettext: Callable[[str], str]) -> str:
    """One check of the suite, said to a reader."""
    texts = {
        "axe": gettext(
            "axe-core, in the Chromium browser, checks every page in every language. "
            "It checks each page on a phone screen and a computer screen, in light and dark mode."
        ),
        "html": gettext("The Nu HTML Checker checks the code of every page."),
        "contrast": gettext("Colours: text must stand out enough from its background, also in the clinic's colours."),
        "keyboard": gettext("Keyboard: you can reach every link with the Tab key, and you can see where you are."),
        "no-javascript": gettext("Every page can be read with JavaScript turned off."),
        "rtl": gettext("Right-to-left languages: pages read and are laid out from right to left."),
        "plain-language": gettext("Plain words: every page is measured for how easy it is to read."),
        "pdf-tags": gettext("The printed leaflets are tagged PDF files, so a screen reader reads them in order."),
        "large-print": gettext("The large-print leaflet has no text smaller than 16 points."),
    }
    return texts[kind]


def statement_markdown(
    statement: Statement,
    *,
    lang: str,
    site_name: str,
    clinic: Mapping,
    updated: dt.date | None,
    format_date: Callable[[dt.date], str],
    gettext: Callable[[str], str],
) -> str:
    """The statement in the page's language, as Markdown: every word literal text (scripts/rules/signoff.py
    markdown_text), the structure (headings, lists) written here. `updated`: the date of the last commit."""

    def say(message: str, **values: str) -> str:
        """A sentence and its %(name)s values, each literal text in Markdown."""
        parts = PLACEHOLDER_RE.split(message)  # text, name, text, name, …, text
        return "".join(markdown_text(values[part] if index % 2 else part) for index, part in enumerate(parts))

    def heading(level: int, message: str) -> str:
        return "#" * level + " " + say(message)

    def bullets(items: Iterable[str]) -> str:
        return "\n".join(f"- {item}" for item in items)

    clinic_name = str(clinic.get("name") or "")
    phone, email = str(clinic.get("phone") or ""), str(clinic.get("email") or "")
    blocks: list[str] = []
    if clinic_name:
        blocks.append(
            say(
                gettext("This statement is about %(site)s, a website run by %(clinic)s."),
                site=site_name,
                clinic=clinic_name,
            )
        )
    else:
        blocks.append(say(gettext("This statement is about %(site)s."), site=site_name))
    blocks.append(
        say(
            gettext(
                "We want as many people as possible to be able to use this website. "
                "You should be able to use it with a keyboard only, with a screen reader, and zoomed in."
            )
        )
    )

    blocks.append(heading(2, gettext("How accessible this website is")))
    if statement.gaps:
        blocks.append(say(gettext("We know that some parts of this website are not fully accessible:")))
        blocks.append(bullets(markdown_text(gap.get(lang, "")) for gap in statement.gaps))
    else:
        blocks.append(say(gettext("We know of no part of this website that is not accessible.")))

    blocks.append(heading(2, gettext("What to do if you cannot use part of this website")))
    blocks.append(
        say(
            gettext(
                "If you need this information in another format, ask the clinic. "
                "For example: large print, easy read, audio or braille."
            )
        )
    )
    blocks.append(say(gettext("You can also download the printed leaflet in large print, at the bottom of each page.")))
    contacts = []
    if phone:
        contacts.append(say(gettext("Phone: %(phone)s"), phone=phone))
    if email:
        contacts.append(say(gettext("E-mail: %(email)s"), email=email))
    if contacts:
        blocks.append(say(gettext("You can contact the clinic:")))
        blocks.append(bullets(contacts))
    else:
        blocks.append(say(gettext("Ask the clinic that treats you how best to contact them.")))

    blocks.append(heading(2, gettext("Reporting accessibility problems")))
    blocks.append(
        say(
            gettext(
                "If you find a problem that is not listed on this page, please tell the clinic. "
                "Say which page it was and what went wrong."
            )
        )
    )

    blocks.append(heading(2, gettext("Enforcement procedure")))
    blocks.append(
        say(
            gettext(
                "If you are not happy with how the clinic answers, you can complain to the body that "
                "checks accessibility rules. This body depends on your country: the clinic can tell you which one."
            )
        )
    )

    blocks.append(heading(2, gettext("Compliance status")))
    if statement.status == "full":
        blocks.append(
            say(gettext("This website fully meets the Web Content Accessibility Guidelines (WCAG) 2.2, level AA."))
        )
    else:
        blocks.append(
            say(
                gettext(
                    "This website partly meets the Web Content Accessibility Guidelines (WCAG) 2.2, level AA. "
                    "The gaps are listed above."
                )
            )
        )

    blocks.append(heading(2, gettext("How we tested this website")))
    blocks.append(say(gettext("The site's automated tests make these checks:")))
    blocks.append(bullets(say(check_text(check.kind, gettext)) for check in statement.checks))
    if statement.last_full_check is not None:
        blocks.append(
            say(gettext("All these tests last passed on %(date)s."), date=format_date(statement.last_full_check))
        )
    else:
        blocks.append(say(gettext("The date the tests last ran is not recorded here.")))
    if updated is not None:
        blocks.append(
            say(
                gettext("This statement was last updated on %(date)s, the date of the last change to this website."),
                date=format_date(updated),
            )
        )
    return "\n\n".join(blocks) + "\n"
