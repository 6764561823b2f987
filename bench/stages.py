"""Where a language's build spends its time and memory, stage by stage (`python -m bench.stages`).

    python -m bench.stages                 every language, in turn; writes bench/results/stages.{json,md}
    python -m bench.stages --langs en,ar   some languages
    python -m bench.stages --out DIR       elsewhere

Each language is built once, alone, in a copy of this working tree (bench/work/stages/, a clone with the
working tree's files laid over it, so the pages' git dates are as in site/), by MkDocs under Python's
profiler. The stages are the functions of the build that do one job each (below); a stage's time is the
profiler's cumulative time of its function (what it and everything it calls took), so "of which" rows are
parts of the row above them, and the stages do not add up to the whole: MkDocs' own work between them is
the rest. The profiler slows Python down (by about a third here), not the Node.js processes it waits on:
compare the stages with each other, and the whole with `make bench`'s unprofiled builds. Peak memory is the
largest resident set of the build's Python process and, apart, of the processes it started (Node.js).
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import measure
from scripts.config.paths import ROOT, lay_project_files
from scripts.config.project_config import language_config, site_languages

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work" / "stages"

# (label, file suffix, function): the first match in the profile is the stage's time.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("Python imports (MkDocs, Material, the hooks, WeasyPrint…)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("the rules before the build (every page, glossary, catalogs…)", "scripts/rules/registry.py", "run"),
    ("  of which every page rendered for readability", "scripts/renderers/rendered_pages.py", "render_pages"),
    (
        "  of which the language of every page (language identification)",
        "scripts/rules/language_check.py",
        "page_problems",
    ),
    ("editors' building blocks (macros), every page", "scripts/adapters/page_macros.py", "on_page_markdown"),
    ("Markdown to HTML, every page", "mkdocs/structure/pages.py", "render"),
    ("a page through its template (Jinja), every page", "mkdocs/commands/build.py", "_build_page"),
    ("the printed leaflet", "scripts/adapters/printed.py", "_make_leaflet"),
    ("  of which WeasyPrint's layout and PDF", "scripts/renderers/leaflet_layout.py", "write_pdf"),
    ("QR codes (SVG), every page", "scripts/renderers/qr.py", "qr_svg"),
    ("post-processing of every page", "scripts/postprocess/pages.py", "process_site"),
    (
        "  of which the style rules per page (PurgeCSS, css-select: Node.js)",
        "scripts/postprocess/pages.py",
        "purge_stylesheets",
    ),
    ("  of which minify and CSP, every page", "scripts/postprocess/pages.py", "process_page"),
    ("    of which the inline code found (html.parser)", "scripts/postprocess/pages.py", "inline_code"),
    ("search index (Material's plugin)", "material/plugins/search/plugin.py", "on_post_build"),
)

# Run in the copy: the language's build under cProfile, then the peak memory of this process and of the
# processes it started, as JSON on the last line.
RUNNER = """
import cProfile, json, resource, sys
from mkdocs.__main__ import cli
profile = cProfile.Profile()
code = 0
profile.enable()
try:
    cli(["build", "--strict", "--clean", "-q", "-f", sys.argv[1]])
except SystemExit as exc:
    code = exc.code or 0
profile.disable()
profile.dump_stats(sys.argv[2])
print(json.dumps({
    "code": code,
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def say(message: str) -> None:
    print(message, flush=True)


def prepare(dest: Path) -> Path:
    """A clone of this project (its history: the pages' last-changed dates) with the working tree laid over."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(dest)], check=True)
    lay_project_files(dest)
    return dest


def stage_times(stats: pstats.Stats) -> dict[str, float | None]:
    """Each stage's cumulative seconds (None: the function is not in this build's profile)."""
    found: dict[str, float | None] = {}
    table = stats.stats  # type: ignore[attr-defined]  # {(file, line, function): (cc, nc, tt, ct, callers)}
    for label, suffix, function in STAGES:
        times = [row[3] for (file, _, name), row in table.items() if name == function and file.endswith(suffix)]
        found[label] = max(times) if times else None
    return found


def profile_language(project: Path, lang: str, out: Path) -> dict:
    prof = out / f"stages-{lang}.prof"
    env = measure.cold_build_env()
    env["SOURCE_DATE_EPOCH"] = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.strip()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, language_config(lang).name, str(prof)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - started
    memory = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {"code": -1}
    if memory.get("code") != 0:
        raise SystemExit(f"{lang}: the profiled build failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    stats = pstats.Stats(str(prof))
    total = max(row[3] for row in stats.stats.values())  # type: ignore[attr-defined]
    prof.unlink()
    return {
        "wall_s": round(wall, 2),
        "profiled_s": round(total, 2),
        "python_peak_mb": round(memory["self_mb"], 1),
        "children_peak_mb": round(memory["children_mb"], 1),
        "stages": {
            label: (None if seconds is None else round(seconds, 2)) for label, seconds in stage_times(stats).items()
        },
    }


def markdown(results: dict) -> str:
    langs = list(results["languages"])
    lines = [
        "# Where a language's build goes, stage by stage",
        "",
        f"`python -m bench.stages`, {results['date']}, on {results['machine']}. Each language built alone, in turn, "
        "under Python's profiler (bench/stages.py says how to read it). Seconds; memory in MB.",
        "",
        "| stage | " + " | ".join(langs) + " |",
        "|---|" + "---:|" * len(langs),
    ]
    for label, _, _ in STAGES:
        cells = [results["languages"][lang]["stages"][label] for lang in langs]
        lines.append(f"| {label} | " + " | ".join("—" if c is None else f"{c:.2f}" for c in cells) + " |")
    for key, label in (
        ("profiled_s", "**the whole build, profiled**"),
        ("wall_s", "the whole process, wall clock"),
        ("python_peak_mb", "peak memory, the build's Python process"),
        ("children_peak_mb", "peak memory, the largest process it started (Node.js)"),
    ):
        lines.append(f"| {label} | " + " | ".join(str(results["languages"][lang][key]) for lang in langs) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__)
    parser.add_argument("--langs", help="languages, e.g. en,ar (default: every language of the site)")
    parser.add_argument("--out", type=Path, default=BENCH / "results", help="where to write stages.json and stages.md")
    args = parser.parse_args(argv)
    langs = args.langs.split(",") if args.langs else [item.code for item in site_languages()]
    args.out.mkdir(parents=True, exist_ok=True)
    project = prepare(WORK)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "an unknown CPU",
    )
    results: dict = {"date": time.strftime("%Y-%m-%d"), "machine": f"{cpu}, {os.cpu_count()} cores", "languages": {}}
    for lang in langs:
        say(f"▸ {lang}: profiling its build …")
        results["languages"][lang] = profile_language(project, lang, args.out)
    (args.out / "stages.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "stages.md").write_text(markdown(results), encoding="utf-8")
    say(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
