"""The mutation score of the rules and renderers (`make mutation`): what share of mutmut's mutants the tests kill.

    python -m bench.mutation_score --run        mutmut afresh (mutants/ removed first), timed, then the table
    python -m bench.mutation_score --run --only '*.typography.*' '*.page_roles.*'
                                                the same, only the mutants of these modules (mutmut's mutant names)
    python -m bench.mutation_score              the table of the last run, from mutants/
    python -m bench.mutation_score --markdown   the same as a Markdown table

The modules mutated and the tests run are set in pyproject.toml [tool.mutmut]; the tests are those that stay in
the test process (bench/mutation_tests.py). mutmut writes each mutated module's verdicts to
mutants/<module>.meta (JSON, {"exit_code_by_key": {mutant: exit code}}); an exit code is read as mutmut itself
reads it (mutmut.stats.status_by_exit_code). The share is killed / mutants: a mutant that timed out, that no
test runs ("no tests") or that was not run counts as not killed, so the share only rises when tests catch more.
A module none of whose mutants was run (left out by --only) is listed as not measured, outside the total.
The table of a run is also written to mutants/mutation-score.md, with the run's time when --run timed it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scripts.config.paths import ROOT

MUTANTS = ROOT / "mutants"
META_SUFFIX = ".meta"
# The columns of the table, in mutmut's words; every other verdict (suspicious, segfault, not checked…) is "other".
SHOWN = ("killed", "survived", "no tests", "timeout")


@dataclass(frozen=True)
class ModuleScore:
    module: str
    statuses: Counter[str]

    @property
    def mutants(self) -> int:
        return sum(self.statuses.values())

    @property
    def other(self) -> int:
        return self.mutants - sum(self.statuses[status] for status in SHOWN)

    @property
    def measured(self) -> bool:
        """Whether any of its mutants was run (--only leaves the others' all "not checked")."""
        return self.statuses["not checked"] < self.mutants

    @property
    def share(self) -> float:
        return self.statuses["killed"] / self.mutants if self.mutants else 0.0


def mutmut_status(exit_code: int | None) -> str:
    """A mutant's verdict in mutmut's words, as the pinned mutmut reads its own exit codes."""
    from mutmut.stats import status_by_exit_code  # imported late: only reading results needs mutmut

    return str(status_by_exit_code[exit_code])


def score_module(
    module: str, meta: Mapping[str, object], status_of: Callable[[int | None], str] = mutmut_status
) -> ModuleScore:
    """One module's verdicts from its mutmut .meta content."""
    exit_codes = meta.get("exit_code_by_key")
    if not isinstance(exit_codes, dict):
        raise ValueError(f"{module}: no exit_code_by_key in mutmut's results — run `make mutation` again")
    return ModuleScore(module, Counter(status_of(code) for code in exit_codes.values()))


def total(scores: Iterable[ModuleScore]) -> ModuleScore:
    summed: Counter[str] = Counter()
    for score in scores:
        summed.update(score.statuses)
    return ModuleScore("all", summed)


def read_scores(mutants: Path = MUTANTS) -> list[ModuleScore]:
    """Every mutated module's score, by its path in the project (scripts/rules/registry.py), in path order."""
    scores = []
    for meta_path in sorted(mutants.rglob(f"*.py{META_SUFFIX}")):
        module = meta_path.relative_to(mutants).as_posix().removesuffix(META_SUFFIX)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:  # read while mutmut writes it, or cut short
            raise ValueError(f"{module}: mutmut's results are not JSON ({error}) — run `make mutation` again") from None
        scores.append(score_module(module, meta))
    return [score for score in scores if score.mutants]


def table(scores: list[ModuleScore], markdown: bool = False) -> str:
    """The measured modules as rows (module, mutants, killed, survived, no tests, timeout, other, share), their
    total, then the modules not measured."""
    header = ("module", "mutants", *SHOWN, "other", "share")
    measured = [s for s in scores if s.measured]
    rows = [
        (s.module, str(s.mutants), *(str(s.statuses[status]) for status in SHOWN), str(s.other), f"{s.share:.1%}")
        for s in [*measured, total(measured)]
    ]
    rows += [(s.module, str(s.mutants), *[""] * (len(SHOWN) + 1), "not measured") for s in scores if not s.measured]
    if markdown:
        lines = [header, tuple("---:" if i else "---" for i in range(len(header))), *rows]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    )


def summary(scores: list[ModuleScore]) -> str:
    whole = total(s for s in scores if s.measured)
    unmeasured = sum(not s.measured for s in scores)
    rest = f" ({unmeasured} modules not measured)" if unmeasured else ""
    return f"killed {whole.statuses['killed']} of {whole.mutants} mutants: {whole.share:.1%}{rest}"


def tests_run(mutants: Path = MUTANTS) -> int | None:
    """How many tests mutmut ran against the mutants (those its clean run timed), if it recorded them."""
    stats = mutants / "mutmut-stats.json"
    if not stats.is_file():
        return None
    return len(json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {}))


def run_mutmut(max_children: int, only: list[str]) -> float:
    """mutmut over the configured modules from scratch (old verdicts would be reused otherwise); its minutes."""
    shutil.rmtree(MUTANTS, ignore_errors=True)
    mutmut = Path(sys.executable).with_name("mutmut")
    started = time.monotonic()
    subprocess.run([str(mutmut), "run", "--max-children", str(max_children), *only], cwd=ROOT, check=True)
    return (time.monotonic() - started) / 60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true", help="run mutmut afresh first (removes mutants/)")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--only", nargs="+", default=[], metavar="GLOB", help="with --run: only these mutants")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    minutes = run_mutmut(args.max_children, args.only) if args.run else None
    try:
        scores = read_scores()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    if not scores:
        print(f"{MUTANTS}: no mutmut results — run `make mutation`", file=sys.stderr)
        return 1
    print(table(scores, markdown=args.markdown))
    print(summary(scores))
    ran = tests_run()
    facts = [f"tests run: {ran}" if ran is not None else "", f"run time: {minutes:.1f} minutes" if minutes else ""]
    for fact in filter(None, facts):
        print(fact)
    (MUTANTS / "mutation-score.md").write_text(
        "\n\n".join([table(scores, markdown=True), summary(scores), *filter(None, facts)]) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
