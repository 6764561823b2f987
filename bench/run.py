"""`make bench`: build speed and memory, page weight and Lighthouse, against plain Material and mkdocs-static-i18n.

    python -m bench.run            full run (about 20 minutes or more on 2 cores); writes bench/results/
    python -m bench.run --quick    1 run each, 1× content only, no Lighthouse; writes bench/work/results-quick/
    python -m bench.run --all      Lighthouse on every page of every language (default: a representative set)

Everything it needs is created under bench/work/ (git-ignored): copies of the
project at each content size, the mkdocs-static-i18n virtual environment (from
bench/requirements-i18n.lock) and Lighthouse (npm ci from bench/package-lock.json).
See bench/README.md for the method.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import content, machine, measure, preview, report, search_hits
from scripts.config.paths import ROOT
from scripts.config.project_config import load_base_config

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
I18N_VENV = WORK / ".venv-i18n"
I18N_LOCK = BENCH / "requirements-i18n.lock"


VARIANT_ORDER = ("project", "plain", "i18n")
# Python's byte-code cache is kept, as in an editor's checkout: plain Material and mkdocs-static-i18n have theirs in
# their environments, and without it every build of this project compiled its own modules again (about 0.3 s of
# CPU per process).
ENV = measure.cold_build_env()
REPRESENTATIVE = ("", "aftercare/", "results/")  # each language's home, aftercare and results pages
REBUILD_PAGE = "aftercare.md"
PAGE_GOAL = {"first_kb": 50, "first_requests": 4, "repeat_kb": 2}  # issue 11, "Goals"


def say(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------- environments


def i18n_python() -> Path:
    """bench/work/.venv-i18n from bench/requirements-i18n.lock (re-created when the lock changes)."""
    stamp = I18N_VENV / f".installed-{hashlib.sha256(I18N_LOCK.read_bytes()).hexdigest()[:12]}"
    python = I18N_VENV / "bin" / "python"
    if stamp.is_file() and python.is_file():
        return python
    say("Creating bench/work/.venv-i18n (mkdocs-static-i18n and the Material it accepts) …")
    if I18N_VENV.exists():
        shutil.rmtree(I18N_VENV)
    subprocess.run([sys.executable, "-m", "venv", str(I18N_VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(I18N_LOCK)],
        check=True,
    )
    stamp.touch()
    return python


# ---------------------------------------------------------------------------- build benchmark


def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("index.html") if not {"assets", "search"} & set(p.parts))


class Size:
    """The three projects at one content size, and the commands that build them."""

    def __init__(self, source: content.Source, scale: int, i18n_py: Path, *, prepare: bool = True):
        self.scale = scale
        self.dir = WORK / f"scale-{scale}"
        self.project, self.plain, self.i18n = self.dir / "project", self.dir / "plain", self.dir / "i18n"
        if prepare:  # (else: reuse the projects an earlier step of this run left there)
            content.make_project(source, self.project, scale)
            content.make_plain(source, self.plain, scale)
            content.make_i18n(source, self.i18n, scale)
        self.langs = source.codes
        self.default = source.codes[0]
        py = sys.executable
        plain_builds = " && ".join(f"{shlex.quote(py)} -m mkdocs build -q -f {lang}/mkdocs.yml" for lang in self.langs)
        self.commands = {
            "project": ([py, "-m", "scripts.site", "build"], self.project),
            "plain": (["sh", "-c", plain_builds], self.plain),
            "i18n": ([str(i18n_py), "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"], self.i18n),
        }
        self.rebuild_commands = {
            "project": (
                [py, "-m", "scripts.site", "build", self.default],
                self.project,
                self.project / "docs" / self.default / REBUILD_PAGE,
            ),
            "plain": (
                [py, "-m", "mkdocs", "build", "-q", "-f", f"{self.default}/mkdocs.yml"],
                self.plain,
                self.plain / self.default / "docs" / REBUILD_PAGE,
            ),
            "i18n": (
                [str(i18n_py), "-m", "mkdocs", "build", "-q", "-f", f"mkdocs.{self.default}-only.yml"],
                self.i18n,
                self.i18n / "docs" / self.default / REBUILD_PAGE,
            ),
        }

    def sites(self) -> dict[str, Path]:
        return {"project": self.project / "site", "plain": self.plain / "site", "i18n": self.i18n / "site"}

    def build(self, variant: str) -> measure.Measurement:
        cmd, cwd = self.commands[variant]
        return _checked(measure.run(cmd, cwd, ENV), variant, self.scale)

    def build_whole(self) -> None:
        """After one-language builds, which leave partial sites: every variant built whole for the page benchmark."""
        for variant in VARIANT_ORDER:
            self.build(variant)


def _checked(result: measure.Measurement, variant: str, scale: int) -> measure.Measurement:
    if result.returncode != 0:
        tail = "\n".join(result.output.splitlines()[-30:])
        raise SystemExit(
            f"\n✗ The {report.VARIANTS[variant]} build at {scale}× failed (exit {result.returncode}):\n"
            f"{tail}\nmake bench stops here: fix the build (make site) and run it again."
        )
    return result


def _median(runs: list[measure.Measurement]) -> dict:
    return {
        key: statistics.median(getattr(r, key) for r in runs)
        for key in ("seconds", "peak_rss_mb", "peak_pss_mb", "max_single_rss_mb")
    }


def _line(variant: str, m: measure.Measurement) -> str:
    return (
        f"    {report.VARIANTS[variant]:20} {m.seconds:7.2f} s   peak RSS (tree) {m.peak_rss_mb:6.0f} MB   "
        f"PSS {m.peak_pss_mb:6.0f} MB   largest process {m.max_single_rss_mb:5.0f} MB"
    )


def bench_builds(source: content.Source, sizes: list[int], runs_for, i18n_py: Path, keep: int = 1) -> dict:
    out: dict[str, Any] = {"languages": source.codes, "memory_method": measure.METHOD, "sizes": []}
    for scale in sizes:
        say(f"\n▸ Build benchmark at {scale}×: preparing the three projects under bench/work/scale-{scale}/ …")
        size = Size(source, scale, i18n_py)
        runs = runs_for(scale)
        if scale == 1:  # warm the file cache and byte-code once; checks that every build works
            for variant in VARIANT_ORDER:
                size.build(variant)
        samples: dict[str, list[measure.Measurement]] = {v: [] for v in VARIANT_ORDER}
        for run in range(runs):
            order = VARIANT_ORDER[run % 3 :] + VARIANT_ORDER[: run % 3]  # rotate: load drift hits all alike
            say(f"  run {run + 1}/{runs}")
            for variant in order:
                result = size.build(variant)
                samples[variant].append(result)
                say(_line(variant, result))
        counts = {v: html_pages(site) for v, site in size.sites().items()}
        out["sizes"].append(
            {
                "scale": scale,
                "pages_per_language": len(source.pages) * scale,
                "runs": runs,
                "variants": {
                    v: {
                        "median": _median(samples[v]),
                        "html_pages": counts[v],
                        "runs": [m.as_dict() for m in samples[v]],
                    }
                    for v in VARIANT_ORDER
                },
            }
        )
        if scale != keep:
            shutil.rmtree(size.dir, ignore_errors=True)
    return out


def bench_rebuild(size: Size, runs: int) -> dict:
    say(f"\n▸ Rebuild of one language after editing {REBUILD_PAGE}, at {size.scale}× …")
    samples: dict[str, list[measure.Measurement]] = {v: [] for v in VARIANT_ORDER}
    for run in range(runs):
        say(f"  run {run + 1}/{runs}")
        for variant in VARIANT_ORDER:
            cmd, cwd, page = size.rebuild_commands[variant]
            os.utime(page)
            result = _checked(measure.run(cmd, cwd, ENV), variant, size.scale)
            samples[variant].append(result)
            say(_line(variant, result))
    size.build_whole()
    return {
        "scale": size.scale,
        "runs": runs,
        "lang": size.default,
        "page": REBUILD_PAGE,
        "variants": {
            v: {"median": _median(samples[v]), "runs": [m.as_dict() for m in samples[v]]} for v in VARIANT_ORDER
        },
    }


# ---------------------------------------------------------------------------- builds with the caches kept


# An editor's own `make site`, or CI with its cache kept: the leaflets and the style rules found unchanged are
# taken from .cache/ (README "Printed leaflets and QR codes"), where the cold figures above work everything out.
KEPT_ENV = {key: value for key, value in ENV.items() if key not in measure.CACHE_SWITCHES}


def _edit(page: Path, run: int) -> None:
    """A real change to the page's text (a sentence added), not only its time: the caches key on content."""
    text = page.read_text(encoding="utf-8")
    page.write_text(preview._with_sentence(text, f"A sentence added by the benchmark, number {run + 1}."), "utf-8")


def bench_kept_caches(size: Size, source: content.Source, runs: int) -> dict:
    """This project's builds with its caches kept, each beside plain Material's build of the same (which has no
    cache to keep): the whole site again with nothing changed (the next commit, when it changed no page), one
    language after an edit of a page the leaflet leaves out, and one language after an edit of a page it prints
    (its leaflets laid out again). The edits are real text changes, undone at the end."""
    lang = size.default
    left_out = content.default_left_out(source)
    cases = {
        "site": (None, [sys.executable, "-m", "scripts.site", "build"], size.commands["plain"][0]),
        "left_out": (
            left_out[0] if left_out else None,
            size.rebuild_commands["project"][0],
            size.rebuild_commands["plain"][0],
        ),
        "printed": (REBUILD_PAGE, size.rebuild_commands["project"][0], size.rebuild_commands["plain"][0]),
    }
    say(f"\n▸ Builds with the caches kept, at {size.scale}× (a first build fills them) …")
    _checked(measure.run(cases["site"][1], size.project, KEPT_ENV), "project", size.scale)
    originals = {
        page: (size.project / "docs" / lang / page).read_text(encoding="utf-8") for page, _, _ in cases.values() if page
    }
    out: dict[str, Any] = {"scale": size.scale, "runs": runs, "lang": lang, "cases": {}}
    try:
        for case, (page, project_cmd, plain_cmd) in cases.items():
            if case == "left_out" and page is None:
                continue
            samples: dict[str, list[measure.Measurement]] = {"project": [], "plain": []}
            for run in range(runs):
                if page:
                    _edit(size.project / "docs" / lang / page, run)
                    _edit(size.plain / lang / "docs" / page, run)
                builds = [("project", project_cmd, size.project, KEPT_ENV), ("plain", plain_cmd, size.plain, ENV)]
                for variant, cmd, cwd, env in builds if run % 2 == 0 else builds[::-1]:  # alternate: load drift
                    result = _checked(measure.run(cmd, cwd, env), variant, size.scale)
                    samples[variant].append(result)
                    say(f"  {case}, run {run + 1}/{runs}\n" + _line(variant, result))
            out["cases"][case] = {
                "page": page,
                "variants": {
                    v: {"median": _median(samples[v]), "runs": [m.as_dict() for m in samples[v]]} for v in samples
                },
            }
    finally:
        for page, text in originals.items():
            (size.project / "docs" / lang / page).write_text(text, encoding="utf-8")
            (size.plain / lang / "docs" / page).write_text(text, encoding="utf-8")
    size.build_whole()
    return out


# ---------------------------------------------------------------------------- editor preview


PREVIEW_SIZES = (1, 50)  # issue 11's goal is stated at 50×


def bench_preview(source: content.Source, one_x, quick: bool) -> dict:
    """make serve: save → rebuilt page served, at 1× (the 1× project) and 50× (a copy of its own; --quick: 1× only)."""
    base_path = "/" + urlsplit(load_base_config()["site_url"]).path.strip("/") + "/"
    out: dict[str, Any] = {"page": REBUILD_PAGE, "sizes": []}
    for scale in PREVIEW_SIZES[:1] if quick else PREVIEW_SIZES:
        runs = 2 if quick else (5 if scale == 1 else 3)
        say(f"\n▸ Editor preview (make serve) at {scale}×: save {REBUILD_PAGE}, wait for the rebuilt page …")
        if scale == 1:
            project = one_x().project
        else:
            project = content.make_project(source, WORK / f"preview-{scale}" / "project", scale)
        result = preview.measure(project, source.codes[0], REBUILD_PAGE, runs, base_path, say)
        out["sizes"].append({"scale": scale, "pages_per_language": len(source.pages) * scale, **result})
        if scale != 1:
            shutil.rmtree(WORK / f"preview-{scale}", ignore_errors=True)
    return out


# ---------------------------------------------------------------------------- page benchmark


def _i18n_path(path: str, default: str) -> str:
    """mkdocs-static-i18n puts the default language at the root: /en/aftercare/ → /aftercare/."""
    prefix = f"/{default}/"
    return "/" + path[len(prefix) :] if path.startswith(prefix) else path


def page_paths(size: Size, source: content.Source) -> list[str]:
    """URL paths of every content page of the 1× site: language by language, in nav order."""
    from bench import pages

    site = size.sites()["project"]
    ordered = [content.page_url(p) for p in content.nav_pages(source.nav)]
    paths = []
    for lang in size.langs:
        found = pages.site_pages(site, lang)
        paths += [f"/{lang}/{u}" for u in ordered if f"/{lang}/{u}" in found]
        paths += [p for p in found if p not in paths]
    return paths


def bench_pages(size: Size, source: content.Source) -> dict:
    from bench import pages, server

    sites = size.sites()
    paths = page_paths(size, source)
    path_map = {
        "project": {p: p for p in paths},
        "plain": {p: p for p in paths},
        "i18n": {p: _i18n_path(p, size.default) for p in paths},
    }
    out: dict[str, Any] = {
        "policy": server.POLICY,
        "goal": PAGE_GOAL,
        "path_map": {v: path_map[v] for v in ("plain", "i18n")},
        "variants": {},
    }
    for variant in VARIANT_ORDER:
        wanted = [path_map[variant][p] for p in paths]
        missing = [p for p in wanted if not (sites[variant] / p.lstrip("/") / "index.html").is_file()]
        if missing:
            raise SystemExit(f"✗ {report.VARIANTS[variant]}: pages missing from its build: {', '.join(missing)}")
        repeat = variant == "project"
        say(
            f"\n▸ Page weight: {report.VARIANTS[variant]}, {len(wanted)} pages "
            f"({'first and repeat view' if repeat else 'first view'}) …"
        )

        def progress(path, first, again):
            extra = f"   repeat {again.bytes / 1000:6.1f} KB {again.requests:2} req" if again else ""
            other = f"   other hosts {first.third_party}" if first.third_party else ""
            say(f"    {path:42} first {first.bytes / 1000:6.1f} KB {first.requests:2} req{extra}{other}")

        measured = pages.measure_site(sites[variant], wanted, repeat=repeat, progress=progress)
        out["variants"][variant] = {
            path: {"first": views["first"].as_dict(), "repeat": views["repeat"].as_dict() if views["repeat"] else None}
            for path, views in measured.items()
        }
    return out


# ---------------------------------------------------------------------------- Lighthouse


def bench_lighthouse(
    size: Size, source: content.Source, runs: int, every_page: bool, langs: list[str], cpu_slowdown: float | None
) -> dict:
    """Lighthouse on the project's pages (mobile `runs` times, the goal's median; desktop once, for reference)
    and on plain Material's representative pages (mobile, once), with the mobile CPU slowdown calibrated to
    this machine unless `cpu_slowdown` is given."""
    from bench import lighthouse
    from bench.server import StaticServer

    lighthouse.ensure_installed()
    sites = size.sites()
    if every_page:
        paths = page_paths(size, source)
    else:
        # the root language chooser too: a reader's way in, which sends the browser on to its language
        paths = ["/"] + [
            f"/{lang}/{page}"
            for lang in size.langs
            if lang in langs
            for page in REPRESENTATIVE
            if (sites["project"] / lang / page / "index.html").is_file()
        ]
    # plain Material for comparison: the representative pages of the first language, mobile
    plain_paths = [
        f"/{size.default}/{page}"
        for page in REPRESENTATIVE
        if (sites["plain"] / size.default / page / "index.html").is_file()
    ]
    plan = [("project", paths, {"mobile": runs, "desktop": 1}), ("plain", plain_paths, {"mobile": 1})]
    reports = WORK / "lighthouse-reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    out: dict[str, Any] = {
        "version": lighthouse.VERSION,
        "chrome": lighthouse.CHROMIUM,
        "runs": runs,
        "set": "all" if every_page else "representative",
        "chrome_flags": lighthouse.CHROME_FLAGS,
        "variants": {},
    }
    with StaticServer(sites["project"]) as server:
        if cpu_slowdown is None:
            say("\n▸ Lighthouse: this machine's benchmark index, for the mobile CPU slowdown …")
            probe = lighthouse.run_jobs(
                [{"url": server.url, "formFactor": "desktop", "path": "/", "report": str(reports / "calibration.json")}]
            )[0]
            index = probe["benchmark_index"]
            cpu_slowdown = round(lighthouse.cpu_slowdown_for(index), 2)
            say(f"    benchmark index {index:.0f}: mobile CPU slowdown {cpu_slowdown}× (Lighthouse's default 4×)")
            out["calibration"] = {"benchmark_index": index, "cpu_slowdown": cpu_slowdown}
    out["cpu_slowdown"] = cpu_slowdown
    for variant, variant_paths, form_factors in plan:
        total = len(variant_paths) * sum(form_factors.values())
        say(
            f"\n▸ Lighthouse: {report.VARIANTS[variant]}, {len(variant_paths)} pages × "
            + " + ".join(f"{ff} × {n}" for ff, n in form_factors.items())
            + f" = {total} runs …"
        )
        with StaticServer(sites[variant]) as server:
            jobs = [
                {
                    "url": server.url + path.lstrip("/"),
                    "formFactor": ff,
                    "path": path,
                    "report": str(reports / f"{variant}-{path.strip('/').replace('/', '_') or 'root'}-{ff}-{i}.json"),
                    **({"cpuSlowdown": cpu_slowdown} if ff == "mobile" else {}),
                }
                for path in variant_paths
                for ff, n in form_factors.items()
                for i in range(n)
            ]

            def progress(job, result):
                s = result["scores"]
                say(
                    f"    {job['path']:32} {job['formFactor']:7} perf {s['performance']:>3} a11y "
                    f"{s['accessibility']:>3} bp {s['best-practices']:>3} seo {s['seo']:>3}  "
                    f"LCP {result['metrics']['LCP'] / 1000:.2f} s  TBT {result['metrics']['TBT']:.0f} ms"
                )

            results = lighthouse.run_jobs(jobs, progress=progress)
        entries = []
        for path in variant_paths:
            for ff in form_factors:
                mine = [r for j, r in zip(jobs, results, strict=True) if j["path"] == path and j["formFactor"] == ff]
                entries.append({"path": path, "form_factor": ff, "median": lighthouse.median_of(mine), "runs": mine})
        out["variants"][variant] = entries
    return out


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1 run each, 1× only, no Lighthouse (fast iteration)")
    parser.add_argument("--all", action="store_true", help="Lighthouse on every page of every language")
    parser.add_argument("--sizes", help="content sizes, e.g. 1,10,50 (default: 1,10,50; --quick: 1)")
    parser.add_argument("--runs", type=int, help="build runs per size (default 5; 3 at 50×; --quick: 1)")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse mobile runs per page (desktop runs once)"
    )
    parser.add_argument(
        "--lighthouse-cpu-slowdown",
        type=float,
        help="mobile CPU slowdown (default: calibrated to this machine's benchmark index; Lighthouse's own is 4)",
    )
    parser.add_argument("--lighthouse-langs", help="languages of the Lighthouse pages, e.g. en,fr,it (default: all)")
    parser.add_argument(
        "--skip", default="", help="parts to leave out: build, rebuild, kept, preview, pages, search, lighthouse"
    )
    parser.add_argument("--note", action="append", default=[], help="a line to add to the results header")
    parser.add_argument(
        "--out", type=Path, help="where to write results (default bench/results/; --quick: bench/work/results-quick/)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    load_start = machine.load()
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    if args.quick:
        skip.add("lighthouse")
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1] if args.quick else [1, 10, 50])
    if 1 not in sizes:
        sizes.insert(0, 1)  # the page benchmark and the rebuild use the 1× site

    def runs_for(scale: int) -> int:
        if args.runs:
            return args.runs
        if args.quick:
            return 1
        return 3 if scale >= 50 else 5

    out_dir = args.out or (WORK / "results-quick" if args.quick else BENCH / "results")
    WORK.mkdir(parents=True, exist_ok=True)
    i18n_py = i18n_python()
    info = machine.describe(i18n_py)
    say(
        f"make bench on {info['cpu']} ({info['cores']} cores, {info['memory_gb']} GB), load average "
        f"{', '.join(f'{v:.2f}' for v in load_start)}"
    )

    source = content.read_source(ROOT)
    notes = list(args.note)
    if source.stand_ins:
        notes.append(
            "Not translated yet, so built from the English text in the benchmark's copies: "
            + "; ".join(f"{lang}: {', '.join(pages)}" for lang, pages in source.stand_ins.items())
            + "."
        )
    results: dict = {
        "mode": "quick" if args.quick else "full",
        "machine": info,
        "notes": notes,
        "load": {"start": load_start},
    }

    if "build" not in skip:
        results["build"] = bench_builds(source, sizes, runs_for, i18n_py)
        counts = {v: results["build"]["sizes"][0]["variants"][v]["html_pages"] for v in VARIANT_ORDER}
        say(f"\n  pages written at 1×: {counts} (this project adds its root language chooser)")
    size = None

    def one_x() -> Size:
        nonlocal size
        if size is None:
            if "build" not in skip:  # reuse the 1× projects the build benchmark built
                size = Size(source, 1, i18n_py, prepare=False)
            else:
                say("\n▸ Building the 1× projects …")
                size = Size(source, 1, i18n_py)
                for variant in VARIANT_ORDER:
                    size.build(variant)
        return size

    if "rebuild" not in skip:
        results["rebuild"] = bench_rebuild(one_x(), runs_for(1))
    if "kept" not in skip:
        results["kept"] = bench_kept_caches(one_x(), source, runs_for(1))
    if "preview" not in skip:
        results["preview"] = bench_preview(source, one_x, args.quick)
    if "pages" not in skip:
        results["pages"] = bench_pages(one_x(), source)
    if "search" not in skip:  # the 1× project's built site: patient queries answered in the first three
        say("\n▸ Search: patient queries (tests/search-queries/) …")
        results["search"] = search_hits.measure(one_x().sites()["project"], source.codes)
    if "lighthouse" not in skip:
        langs = args.lighthouse_langs.split(",") if args.lighthouse_langs else source.codes
        results["lighthouse"] = bench_lighthouse(
            one_x(), source, args.lighthouse_runs, args.all, langs, args.lighthouse_cpu_slowdown
        )
    else:
        results["lighthouse_skipped"] = (
            "Not run (`--quick` leaves Lighthouse out)." if args.quick else "Not run (`--skip lighthouse`)."
        )

    results["load"]["end"] = machine.load()
    results["duration_s"] = time.perf_counter() - started
    busy = max(results["load"]["start"][0], results["load"]["end"][0], results["load"]["start"][1])
    if busy > 0.25 * (info["cores"] or 1):
        results["notes"].append(
            f"The machine was not idle (load average up to {busy:.1f} on {info['cores']} cores, from other work "
            "running at the same time): times are longer and noisier than on an idle machine, and the parallel "
            "build of this project suffers most from cores taken by others. The builds were measured in turn, in "
            "a rotating order, so the ratios are the figures to compare."
        )
    built = (results.get("build") or {}).get("sizes", [])
    if args.runs and built and not args.quick:
        results["notes"].append(f"Each build is measured {args.runs} time(s) (`--runs {args.runs}`); medians of those.")
    elif any(s["runs"] < 5 for s in built) and not args.quick:
        results["notes"].append(
            "At 50× each build is measured 3 times, not 5 (one build of 1,800 pages takes "
            "about two minutes on 2 cores); medians of those 3."
        )
    if args.quick:
        results["notes"].append(
            "Quick run (`--quick`): 1 run of each build at 1×, no Lighthouse: for iterating, not for reporting."
        )
    report.write(results, out_dir)
    say(
        f"\nDone in {results['duration_s'] / 60:.1f} min. Results: {out_dir.relative_to(ROOT) if out_dir.is_relative_to(ROOT) else out_dir}/results.md"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
