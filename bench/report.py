"""results.json → results.md (Markdown tables) and build-times.svg (a hand-written bar chart)."""

from __future__ import annotations

import html
import json
import statistics
from pathlib import Path

VARIANTS = {
    "project": "This project",
    "plain": "Plain Material",
    "i18n": "mkdocs-static-i18n",
}
BUILD_HOW = {
    "project": "`python -m scripts.site build`: one MkDocs build per language, in parallel",
    "plain": "one plain `mkdocs build` per language, in turn",
    "i18n": "one `mkdocs build`; the plugin re-runs it per language",
}
COLORS = {"project": "#005a70", "plain": "#8a8a8a", "i18n": "#8a3b12"}


def kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:.1f}"


def _ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}×" if reference else "–"


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def header(results: dict) -> list[str]:
    m = results["machine"]
    env = m.get("i18n_env") or {}
    load = results.get("load", {})
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`python -m bench.run{' --quick' if results['mode'] == 'quick' else ''}`), "
        f"run started {m['date']}; the whole run took {results['duration_s'] / 60:.1f} min.",
        "",
        "| Machine | |",
        "|---|---|",
        f"| CPU | {m['cpu']}, {m['cores']} cores |",
        f"| Memory | {m['memory_gb']} GB |",
        f"| System | {m['os']}, Python {m['python']}, Node.js {m.get('node') or '–'} |",
        f"| This project and plain Material | MkDocs {m['mkdocs']}, Material {m['material']}, "
        f"mkdocs-macros-plugin {m['macros']} |",
        f"| mkdocs-static-i18n build | mkdocs-static-i18n {env.get('mkdocs-static-i18n', '–')}, "
        f"MkDocs {env.get('mkdocs', '–')}, Material {env.get('mkdocs-material', '–')} "
        f"(it pins Material < 9.7.2; bench/requirements-i18n.lock) |",
        f"| Browser | {m.get('chromium') or '–'} (headless, Playwright {m.get('playwright')}) |",
        f"| Load average (1, 5, 15 min) | at start {', '.join(f'{v:.2f}' for v in load.get('start', []))}; "
        f"at end {', '.join(f'{v:.2f}' for v in load.get('end', []))} |",
        "",
    ]
    for note in results.get("notes", []):
        lines.append(f"> {note}")
        lines.append(">")
    if results.get("notes"):
        lines[-1] = ""
    return lines


def build_tables(results: dict) -> list[str]:
    build = results.get("build")
    if not build:
        return []
    langs = build["languages"]
    lines = [
        "## Build",
        "",
        f"Languages: {', '.join(langs)}. The same Markdown for the three builds, at 1×, 10× and 50× the shipped pages "
        "(synthetic copies page-2.md … page-N.md that differ from their page and from each other: bench/content.py; "
        "every copy in the nav of every build).",
        "",
        *(f"- **{VARIANTS[v]}**: {BUILD_HOW[v]}." for v in VARIANTS),
        "",
        "The comparison builds have no macros or hooks: their Markdown is this project's with the macro tags "
        "removed (the text passed to a macro kept as paragraphs, the glossary as a definition list, the glossary "
        "abbreviations appended as the hooks do), built with the same Markdown extensions and otherwise default "
        "settings (Material's defaults, search plugin).",
        "",
        "### Build time (median wall time)",
        "",
        "Ratio = that build's time ÷ this project's time (above 1×: slower than this project); "
        "[fastest–slowest run] in brackets.",
        "",
        "| Content | Pages per language | Pages in all | This project | Plain Material | mkdocs-static-i18n | Runs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size in build["sizes"]:
        ref = size["variants"]["project"]["median"]["seconds"]
        cells = []
        for v in VARIANTS:
            seconds = size["variants"][v]["median"]["seconds"]
            runs = [r["seconds"] for r in size["variants"][v]["runs"]]
            spread = f" [{min(runs):.1f}–{max(runs):.1f}]" if len(runs) > 1 else ""
            cells.append(_seconds(seconds) + ("" if v == "project" else f" ({_ratio(seconds, ref)})") + spread)
        lines.append(
            f"| {size['scale']}× | {size['pages_per_language']} | {size['pages_per_language'] * len(langs)} | "
            + " | ".join(cells)
            + f" | {size['runs']} |"
        )
    lines += [
        "",
        "### Peak memory (median of the runs)",
        "",
        f"Sum of the resident memory of every process of the build, at its peak ({build['memory_method']}). "
        "In each cell: sum of RSS / sum of PSS (shared pages counted once) / largest single process.",
        "",
        "| Content | This project | Plain Material | mkdocs-static-i18n |",
        "|---|---:|---:|---:|",
    ]
    for size in build["sizes"]:
        cells = []
        for v in VARIANTS:
            m = size["variants"][v]["median"]
            cells.append(f"{m['peak_rss_mb']:.0f} / {m['peak_pss_mb']:.0f} / {m['max_single_rss_mb']:.0f} MB")
        lines.append(f"| {size['scale']}× | " + " | ".join(cells) + " |")
    rebuild = results.get("rebuild")
    if rebuild:
        med = {v: rebuild["variants"][v]["median"]["seconds"] for v in VARIANTS}
        lines += [
            "",
            f"### Rebuild one language after editing one page ({rebuild['scale']}×, "
            + (f"median of {rebuild['runs']} runs)" if rebuild["runs"] > 1 else "1 run)"),
            "",
            f"After touching `docs/{rebuild['lang']}/{rebuild['page']}`: this project `python -m scripts.site build "
            f"{rebuild['lang']}`; plain Material `mkdocs build` of that language; mkdocs-static-i18n `mkdocs build` "
            "with every other language set to `build: false`. (MkDocs has no incremental build: each rebuilds the "
            "whole language.)",
            "",
            "| | This project | Plain Material | mkdocs-static-i18n |",
            "|---|---:|---:|---:|",
            f"| Time | {_seconds(med['project'])} | {_seconds(med['plain'])} ({_ratio(med['plain'], med['project'])}) | "
            f"{_seconds(med['i18n'])} ({_ratio(med['i18n'], med['project'])}) |",
        ]
    lines.append("")
    return lines


def _goal_line(rows: list[dict], key: str, limit: float, fmt) -> str:
    values = [r[key] for r in rows if r.get(key) is not None]
    if not values:
        return "–"
    worst = max(values)
    return f"{fmt(worst)} {'✓' if worst <= limit else '✗'}"


def pages_tables(results: dict) -> list[str]:
    pages = results.get("pages")
    if not pages:
        return []
    goal = pages["goal"]
    project = pages["variants"]["project"]
    others = [v for v in ("plain", "i18n") if v in pages["variants"]]
    rows = []
    for path, views in project.items():
        row = {
            "path": path,
            "first_bytes": views["first"]["bytes"],
            "first_requests": views["first"]["requests"],
            "repeat_bytes": views["repeat"]["bytes"] if views.get("repeat") else None,
            "repeat_requests": views["repeat"]["requests"] if views.get("repeat") else None,
            "third_party": views["first"]["third_party"],
            "failed": len(views["first"]["failed"]) + (len(views["repeat"]["failed"]) if views.get("repeat") else 0),
        }
        for v in others:
            other = pages["variants"][v].get(pages["path_map"][v].get(path, path))
            if other:
                row[f"{v}_bytes"] = other["first"]["bytes"]
                row[f"{v}_requests"] = other["first"]["requests"]
                row[f"{v}_third_party"] = other["first"]["third_party"]
        rows.append(row)

    def stats(key: str):
        values = sorted(r[key] for r in rows if r.get(key) is not None)
        if not values:
            return "–", "–"
        return values[len(values) // 2], values[-1]

    lines = [
        "## Pages",
        "",
        f"Every content page of every language ({len(rows)} pages), served from 127.0.0.1 by bench/server.py: "
        f"{pages['policy']}. Headless Chromium through Playwright; a fresh browser context (empty cache) per page "
        "for the first view, then the same page again in a new tab of that context for the repeat view. Bytes are "
        "what the server sent (headers and compressed bodies; 1 KB = 1,000 bytes), requests are the responses it "
        "sent; requests to any other host are counted from the browser (they are made to fail: this machine has "
        "no internet, and the benchmark blocks other hosts so that results do not depend on it).",
        "",
        "### Summary against the goal",
        "",
        "| | Goal | This project: median | This project: worst page | "
        + " | ".join(f"{VARIANTS[v]}: median | {VARIANTS[v]}: worst page" for v in others)
        + " |",
        "|---|---|---:|---:|" + "---:|---:|" * len(others),
    ]

    def line(label, goal_text, key, fmt, other_key=None):
        med, worst = stats(key)
        cells = [fmt(med) if med != "–" else "–", fmt(worst) if worst != "–" else "–"]
        for v in others:
            if other_key:
                m2, w2 = stats(f"{v}_{other_key}")
                cells += [fmt(m2) if m2 != "–" else "–", fmt(w2) if w2 != "–" else "–"]
            else:
                cells += ["–", "–"]
        return f"| {label} | {goal_text} | " + " | ".join(cells) + " |"

    lines += [
        line("First view, KB", f"≤ {goal['first_kb']}", "first_bytes", kb, "bytes"),
        line("First view, requests", f"≤ {goal['first_requests']}", "first_requests", str, "requests"),
        line("Repeat view, KB", f"≤ {goal['repeat_kb']}", "repeat_bytes", kb),
        line("Repeat view, requests", "–", "repeat_requests", str),
        line("Requests to other hosts, first view", "0", "third_party", str, "third_party"),
        "",
        "### Every page",
        "",
        "| Page | First view KB | Requests | Repeat view KB | Requests | Other hosts | Failed (4xx/5xx) | "
        + " | ".join(f"{VARIANTS[v]} first view KB | Requests | Other hosts" for v in others)
        + " |",
        "|---|---:|---:|---:|---:|---:|---:|" + "---:|---:|---:|" * len(others),
    ]
    for r in rows:
        cells = [
            kb(r["first_bytes"]),
            str(r["first_requests"]),
            kb(r["repeat_bytes"]),
            str(r["repeat_requests"]) if r["repeat_requests"] is not None else "–",
            str(r["third_party"]),
            str(r["failed"]),
        ]
        for v in others:
            cells += [kb(r.get(f"{v}_bytes")), str(r.get(f"{v}_requests", "–")), str(r.get(f"{v}_third_party", "–"))]
        lines.append(f"| `{r['path']}` | " + " | ".join(cells) + " |")
    third = sorted(
        {u for v in pages["variants"].values() for views in v.values() for u in views["first"]["third_party_urls"]}
    )
    if third:
        lines += ["", "Other hosts requested: " + ", ".join(f"`{u}`" for u in third) + "."]
    lines.append("")
    return lines


def lighthouse_tables(results: dict) -> list[str]:
    lh = results.get("lighthouse")
    if not lh:
        return []
    lines = [
        "## Lighthouse",
        "",
        f"Lighthouse {lh['version']} (npm), CHROME_PATH={lh['chrome']}, a fresh headless Chromium per run; "
        + (f"mobile: medians of {lh['runs']} runs" if lh["runs"] > 1 else "mobile: 1 run")
        + ("; desktop and plain Material: 1 run. " if "cpu_slowdown" in lh else ". ")
        + "Mobile is Lighthouse's default (simulated slow 4G) with "
        + _cpu_slowdown_text(lh)
        + "; desktop is `--preset=desktop`. Pages: "
        + (
            "every page of every language (`--all`)."
            if lh["set"] == "all"
            else "the root language chooser and a representative set, each language's home, aftercare and results "
            "pages "
            "(`python -m bench.run --all` measures every page)."
        ),
        "Performance scores and timings depend on the machine's speed and load (see the header).",
        "",
        *_lighthouse_goal(lh),
        "| Site | Page | Form factor | Performance | Accessibility | Best practices | SEO | LCP | FCP | TBT | CLS | "
        "Audits below full score (any run) |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for variant, entries in lh["variants"].items():
        for entry in entries:
            med = entry["median"]
            s, m = med["scores"], med["metrics"]

            def ms(value):
                return "–" if value is None else f"{value / 1000:.2f} s"

            lines.append(
                f"| {VARIANTS[variant]} | `{entry['path']}` | {entry['form_factor']} | "
                + " | ".join(
                    "–" if s[c] is None else f"{s[c]:.0f}"
                    for c in ("performance", "accessibility", "best-practices", "seo")
                )
                + f" | {ms(m['LCP'])} | {ms(m['FCP'])} | "
                + ("–" if m["TBT"] is None else f"{m['TBT']:.0f} ms")
                + " | "
                + ("–" if m["CLS"] is None else f"{m['CLS']:.3f}")
                + " | "
                + (", ".join(med["below_full_score"]) or "none")
                + " |"
            )
    lines.append("")
    found = {a for entries in lh["variants"].values() for e in entries for a in e["median"]["below_full_score"]}
    if {"errors-in-console", "aria-dialog-name"} & found:
        lines += LIGHTHOUSE_NOTES
    return lines


def _cpu_slowdown_text(lh: dict) -> str:
    if "cpu_slowdown" not in lh:  # results written before the calibration
        return "its 4× CPU slowdown"
    calibration = lh.get("calibration")
    if not calibration:
        return f"a {lh['cpu_slowdown']:g}× CPU slowdown (`--lighthouse-cpu-slowdown`)"
    return (
        f"a {lh['cpu_slowdown']:g}× CPU slowdown, calibrated to this machine: its Lighthouse benchmark index is "
        f"{calibration['benchmark_index']:.0f}, and Lighthouse's CPU throttling calculator gives that multiplier "
        "for it (the default 4× assumes a faster host, and on a slower one emulates a slower phone than "
        "Lighthouse's reference; `--lighthouse-cpu-slowdown 4` runs the default)"
    )


LCP_GOAL_MS = 1000  # issue 11: LCP at most 1.0 s (median of 3) on at least 6 pages across three languages
LCP_GOAL_PAGES = 6


def _lighthouse_goal(lh: dict) -> list[str]:
    mobile = [e for e in lh["variants"].get("project", []) if e["form_factor"] == "mobile"]
    if not mobile:
        return []
    worst = {
        c: min(e["median"]["scores"][c] for e in mobile)
        for c in ("performance", "accessibility", "best-practices", "seo")
    }
    pages = [e for e in mobile if e["path"] != "/"]
    root = [e for e in mobile if e["path"] == "/"]
    fast = [e for e in pages if e["median"]["metrics"]["LCP"] <= LCP_GOAL_MS]
    languages = {e["path"].strip("/").split("/")[0] for e in fast}
    all_100 = all(v == 100 for v in worst.values())
    met = all_100 and len(fast) >= LCP_GOAL_PAGES and len(languages) >= 3
    lines = [
        f"Goal (issue 11): mobile 100 in all four categories, and LCP ≤ {LCP_GOAL_MS / 1000:.1f} s (median) on at "
        f"least {LCP_GOAL_PAGES} pages across three languages, plus the root chooser's way to a page. This project, "
        f"lowest mobile medians over the pages measured: performance {worst['performance']:.0f}, accessibility "
        f"{worst['accessibility']:.0f}, best practices {worst['best-practices']:.0f}, SEO {worst['seo']:.0f}; "
        f"LCP ≤ {LCP_GOAL_MS / 1000:.1f} s on {len(fast)} of {len(pages)} language pages "
        f"({', '.join(sorted(languages)) or 'none'}), LCP from "
        f"{min(e['median']['metrics']['LCP'] for e in pages) / 1000:.2f} to "
        f"{max(e['median']['metrics']['LCP'] for e in pages) / 1000:.2f} s: {'met' if met else 'not met'}.",
    ]
    if root:
        lines.append(
            f"The root language chooser (`/`, which sends the browser on to its language): LCP "
            f"{root[0]['median']['metrics']['LCP'] / 1000:.2f} s"
            f"{' ✓' if root[0]['median']['metrics']['LCP'] <= LCP_GOAL_MS else ' ✗'}."
        )
    return [*lines, ""]


LIGHTHOUSE_NOTES = [
    "Notes: `errors-in-console` on plain Material is its Google Fonts request failing (other hosts are "
    'unreachable here); `aria-dialog-name` is Material\'s search box (`div.md-search` with `role="dialog"` '
    "and no accessible name).",
    "",
]


def search_tables(results: dict) -> list[str]:
    """Patient queries answered in the first three results (bench/search_hits.py), per language."""
    if not results.get("search"):
        return []
    from bench import search_hits

    return search_hits.markdown(results["search"]).replace("# Search", "## Search", 1).splitlines() + [""]


PREVIEW_GOAL_S = 1.0  # issue 11: at most 1 s at 50×


KEPT_CASES = {
    "site": "the whole site again, nothing changed (the next commit, when it changed no page)",
    "left_out": "one language after an edit of a page the leaflet leaves out (`{page}`)",
    "printed": "one language after an edit of a page the leaflet prints (`{page}`: its leaflets laid out again)",
}


def kept_tables(results: dict) -> list[str]:
    """This project's builds with its caches kept (bench/run.py bench_kept_caches), beside plain Material's."""
    kept = results.get("kept")
    if not kept:
        return []
    lines = [
        f"### Builds with the caches kept ({kept['scale']}×, median of {kept['runs']} runs)",
        "",
        "As an editor's own `make site`, or CI with its `.cache/` kept, runs them: the leaflets and the style rules "
        "whose input did not change are taken from the cache. Each edit adds a sentence (a real change of the "
        "text). Plain Material has no cache: its figures are its ordinary builds, run alternately with this "
        "project's.",
        "",
        "| Build | This project | Plain Material | Ratio | CPU, this project | Peak RSS, this project |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for case, entry in kept["cases"].items():
        project, plain = entry["variants"]["project"], entry["variants"]["plain"]
        cpu = statistics.median(run["cpu_seconds"] for run in project["runs"])
        lines.append(
            f"| {KEPT_CASES[case].format(page=entry['page'])} | {_seconds(project['median']['seconds'])} | "
            f"{_seconds(plain['median']['seconds'])} | "
            f"{project['median']['seconds'] / plain['median']['seconds']:.2f}× | {_seconds(cpu)} | "
            f"{project['median']['peak_rss_mb']:.0f} MB |"
        )
    return [*lines, ""]


def preview_tables(results: dict) -> list[str]:
    """make serve: from saving a page to the rebuilt page served (bench/preview.py)."""
    preview = results.get("preview")
    if not preview:
        return []
    lines = [
        "## Editor preview (`make serve`)",
        "",
        f"Time from saving `docs/<lang>/{preview['page']}` (a sentence added) to the preview serving the rebuilt "
        "page, fetched every 50 ms; the preview builds one language without the printed leaflet. "
        f"Goal: at most {PREVIEW_GOAL_S:.0f} s at 50×.",
        "",
        "| Content | Pages (one language) | First page after start | Save → rebuilt page (median) | min–max | Goal |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for size in preview["sizes"]:
        goal = "–"
        if size["scale"] >= 50:
            goal = "✓" if size["median_s"] <= PREVIEW_GOAL_S else "✗"
        lines.append(
            f"| {size['scale']}× | {size['pages_per_language']} | {_seconds(size['first_build_s'])} | "
            f"{_seconds(size['median_s'])} ({len(size['runs'])} saves) | "
            f"{_seconds(size['min_s'])}–{_seconds(size['max_s'])} | {goal} |"
        )
    return [*lines, ""]


def markdown(results: dict) -> str:
    lines = (
        header(results)
        + build_tables(results)
        + kept_tables(results)
        + preview_tables(results)
        + pages_tables(results)
        + search_tables(results)
        + lighthouse_tables(results)
    )
    if not results.get("lighthouse"):
        lines += ["## Lighthouse", "", results.get("lighthouse_skipped", "Not run."), ""]
    lines += ["The raw figures of every run are in `results.json`; the chart is `build-times.svg`.", ""]
    return "\n".join(lines)


def svg(results: dict) -> str:
    """One panel per content size, one bar per build, each panel on its own scale."""
    build = results.get("build")
    if not build:
        return ""
    sizes = build["sizes"]
    bar_h, gap, label_w, bar_w = 22, 6, 170, 420
    panel_h = 28 + len(VARIANTS) * (bar_h + gap) + 14
    width = label_w + bar_w + 180
    height = 60 + panel_h * len(sizes) + 48
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
        f'font-size="13" role="img" aria-labelledby="title">',
        '<title id="title">Build time: this project against plain Material and mkdocs-static-i18n</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="12" y="26" font-size="16" font-weight="600" fill="#1a1a1a">Full build time, median wall time '
        f"({html.escape(', '.join(build['languages']))})</text>",
        f'<text x="12" y="46" fill="#444">Each panel has its own scale; the ratio is to this project\'s time. '
        f"{html.escape(results['machine']['cpu'])}, {results['machine']['cores']} cores.</text>",
    ]
    y = 60
    for size in sizes:
        med = {v: size["variants"][v]["median"]["seconds"] for v in VARIANTS}
        top = max(med.values()) or 1
        out.append(
            f'<text x="12" y="{y + 18}" font-weight="600" fill="#1a1a1a">{size["scale"]}× the content: '
            f"{size['pages_per_language']} pages per language</text>"
        )
        by = y + 28
        for v, label in VARIANTS.items():
            w = max(1, bar_w * med[v] / top)
            ratio = "" if v == "project" else f"  ({med[v] / med['project']:.2f}×)"
            out.append(
                f'<text x="{label_w - 8}" y="{by + bar_h * 0.7:.0f}" text-anchor="end" fill="#1a1a1a">'
                f"{html.escape(label)}</text>"
            )
            out.append(f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h}" fill="{COLORS[v]}" rx="2"/>')
            out.append(
                f'<text x="{label_w + w + 6:.1f}" y="{by + bar_h * 0.7:.0f}" fill="#1a1a1a">'
                f"{_seconds(med[v])}{ratio}</text>"
            )
            by += bar_h + gap
        y += panel_h
    load = max([*results.get("load", {}).get("start", [0]), *results.get("load", {}).get("end", [0])])
    busy = (
        f"The machine was busy (load average up to {load:.1f}): times are noisy. "
        if load > 0.25 * (results["machine"]["cores"] or 1)
        else ""
    )
    out.append(f'<text x="12" y="{height - 30}" fill="#444">{busy}See results.md for the spread of the runs.</text>')
    out.append(
        f'<text x="12" y="{height - 12}" fill="#444">Written by make bench on {results["machine"]["date"]}.</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(results: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / "results.md").write_text(markdown(results), encoding="utf-8")
    chart = svg(results)
    if chart:
        (out_dir / "build-times.svg").write_text(chart, encoding="utf-8")


def main() -> None:
    """Re-render results.md and build-times.svg from a results.json: python -m bench.report [results.json]."""
    import sys

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results" / "results.json"
    write(json.loads(path.read_text(encoding="utf-8")), path.parent)


if __name__ == "__main__":
    main()
