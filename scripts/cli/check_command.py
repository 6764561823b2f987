"""`make check`, the content checks for editors: `python -m scripts.site check`.

    python -m scripts.site check                     every language
    python -m scripts.site check fr it               some languages
    python -m scripts.site check --release           release mode (also RELEASE=1): overdue
                                                     reviews, TODOs and missing translations fail
    python -m scripts.site check --today 2027-12-01  pretend today is another day (tests, planning)

For every page of every language it checks, fast (no browser, no MkDocs build):
front matter and unsafe HTML (scripts/rules/content_rules.py), review dates, TODO
placeholders, readability and sentence length (textstat, printed as a table),
promotional or forbidden wording (scripts/wordlists/forbidden.<lang>.txt), English
spelling (codespell, with scripts/wordlists/codespell-ignore.txt) and the
translation status. Every problem is printed as `path:line: what is wrong — how to
fix it`, all of them at once; any error makes the command exit with status 1,
warnings do not. CONTRIBUTING.md explains each check to editors.

The rules are scripts/rules/registry.py's registry (its check and release profiles); this module runs them and prints
the report.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path

from scripts.config.paths import ROOT
from scripts.config.project_config import release_from_env
from scripts.rules import registry as rules
from scripts.rules.checks import STANDARDS, ReadabilityRow


@dataclasses.dataclass
class Report:
    rows: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)
    warnings: list = dataclasses.field(default_factory=list)
    pages: int = 0


def run_checks(
    langs: list[str] | None = None, *, release: bool = False, today: dt.date | None = None, root: Path = ROOT
) -> Report:
    """Every rule of the registry (scripts/rules/registry.py) in the check or release profile."""
    result = rules.run("release" if release else "check", root=root, langs=langs, today=today)
    return Report(rows=result.rows, errors=result.errors, warnings=result.warnings, pages=result.pages)


READABILITY_MEASURE = (
    "Measured on each page as a reader gets it (on: page): its Markdown rendered by the build, macros expanded\n"
    "(care cards, timeline, checklists), one sentence per heading, paragraph, list item or cell; not the menu,\n"
    "header, footer, review dates or sign-off. On: source = the page did not render, its Markdown was measured."
)


def format_table(rows: list[ReadabilityRow]) -> str:
    header = ("lang", "page", "formula", "score", "on", "target", "limit", "words", "sent.", ">25", "status")
    body = [
        (
            r.lang,
            r.path,
            r.formula,
            "—" if r.score is None else f"{r.score:g}",
            r.measured_on,
            r.target,
            r.limit,
            str(r.words),
            str(r.sentences),
            str(r.long_sentences),
            r.status,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    numeric = {3, 7, 8, 9}

    def fmt(row) -> str:
        return "  ".join(
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    return "\n".join([fmt(header), fmt(tuple("-" * w for w in widths)), *map(fmt, body)])


def print_report(report: Report, *, release: bool, out=None) -> None:
    out = out or sys.stdout
    print(f"Readability ({STANDARDS}; target and limit per language):", file=out)
    print(READABILITY_MEASURE, file=out)
    print(format_table(report.rows), file=out)
    if report.errors:
        print(f"\n✗ {len(report.errors)} error(s) — these must be fixed:", file=out)
        for problem in report.errors:
            print(problem, file=out)
    if report.warnings:
        print(
            f"\n! {len(report.warnings)} warning(s) — fix them when you can"
            f"{'' if release else ' (some are errors in release mode)'}:",
            file=out,
        )
        for problem in report.warnings:
            print(problem, file=out)
    mode = "release mode" if release else "editing mode"
    verdict = "failed" if report.errors else "passed"
    print(
        f"\ncheck {verdict} ({mode}): {report.pages} page(s), {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s). CONTRIBUTING.md explains every message.",
        file=out,
    )


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date — write it as YYYY-MM-DD") from None


def add_commands(commands) -> None:
    parser = commands.add_parser(
        "check",
        help="content checks: front matter, review dates, readability, wording, safety, spelling",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("langs", nargs="*", help="languages to check (default: all)")
    parser.add_argument(
        "--release",
        action="store_true",
        help="release mode (also RELEASE=1): overdue reviews, TODOs and translations fail",
    )
    parser.add_argument("--today", type=_date, help="the date to check review dates against (YYYY-MM-DD)")
    parser.set_defaults(handler=run)


def run(args, *, root: Path = ROOT, environ=os.environ, out=None) -> int:
    release = args.release or release_from_env(environ)
    report = run_checks(args.langs or None, release=release, today=args.today, root=root)
    print_report(report, release=release, out=out)
    return 1 if report.errors else 0


def parser() -> argparse.ArgumentParser:
    """`python -m scripts.cli.check_command check …`: the same command without scripts/cli/site.py."""
    result = argparse.ArgumentParser(prog="python -m scripts.cli.check_command")
    add_commands(result.add_subparsers(dest="command", required=True))
    return result


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
