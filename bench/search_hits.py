"""Search hit rate: how many patient queries find a page that answers them among the first three results.

The queries are tests/search-queries/<lang>.yml (typed as patients type: no accents, other word forms,
everyday words, two- or three-word questions), each with the pages that answer it. Each is run against the
built site (site/<lang>/) by bench/search-hits.cjs, in Node.js, twice: through the site's search worker
(what readers get) and through Material's own worker on the same index (what a plain Material site gives).
The browser test tests/test_browser_search_queries.py asserts every query, online and offline.

    .venv/bin/python -m bench.search_hits            # every language; writes bench/results/search.{json,md}
    .venv/bin/python -m bench.search_hits --out DIR
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from scripts.paths import ROOT

QUERIES_DIR = ROOT / "tests" / "search-queries"
RUNNER = Path(__file__).resolve().parent / "search-hits.cjs"
TOP = 3


def load_queries(lang: str, root: Path = ROOT) -> list[dict]:
    """[{query, answers: [page name, …]}, …] of tests/search-queries/<lang>.yml."""
    path = root / "tests" / "search-queries" / f"{lang}.yml"
    if not path.is_file():
        raise FileNotFoundError(
            f"tests/search-queries/{lang}.yml: missing — write at least 20 patient queries "
            f"in that language, each with the pages that answer it (see the other languages)"
        )
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def page_of(location: str) -> str:
    """A search result's location ('aftercare/', 'aftercare.html', '') as a page name ('aftercare', 'index')."""
    name = location.split("#")[0].strip("/").removesuffix(".html")
    return name or "index"


def run(site_lang: Path, mode: str, queries: list[str]) -> list[list[str]]:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node: missing — install Node.js (`sudo apt-get install nodejs`)")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as fh:
        json.dump(queries, fh)
        fh.flush()
        done = subprocess.run([node, str(RUNNER), str(site_lang), mode, fh.name], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench/search-hits.cjs failed for {site_lang}: {done.stderr.strip()[-800:]}")
    return [[page_of(loc) for loc in pages] for pages in json.loads(done.stdout)]


def hits(site: Path, lang: str, mode: str) -> dict:
    entries = load_queries(lang)
    results = run(site / lang, mode, [e["query"] for e in entries])
    misses = [
        {"query": e["query"], "answers": e["answers"], "top": r[:TOP]}
        for e, r in zip(entries, results, strict=True)
        if not set(e["answers"]) & set(r[:TOP])
    ]
    return {"queries": len(entries), "hits": len(entries) - len(misses), "misses": misses}


def measure(site: Path, langs: list[str]) -> dict:
    return {lang: {mode: hits(site, lang, mode) for mode in ("material", "patient")} for lang in langs}


def markdown(results: dict) -> str:
    lines = [
        "# Search: patient queries answered in the first three results",
        "",
        "Queries: `tests/search-queries/<lang>.yml`; measured by `python -m bench.search_hits` "
        "on the built site (see bench/README.md).",
        "",
        "| language | queries | plain Material | this site |",
        "|---|---|---|---|",
    ]
    for lang, modes in results.items():
        before, after = modes["material"], modes["patient"]
        lines.append(
            f"| {lang} | {after['queries']} | {before['hits']} ({before['hits'] / before['queries']:.0%}) "
            f"| {after['hits']} ({after['hits'] / after['queries']:.0%}) |"
        )
    misses = [(lang, m) for lang, modes in results.items() for m in modes["patient"]["misses"]]
    if misses:
        lines += ["", "Missed by this site:", ""]
        lines += [
            f"- {lang}: “{m['query']}” → {', '.join(m['top']) or 'nothing'} (answer: {', '.join(m['answers'])})"
            for lang, m in misses
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search_hits", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default site/)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    langs = sorted(p.stem for p in QUERIES_DIR.glob("*.yml"))
    results = measure(args.site, langs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    text = markdown(results)
    (args.out / "search.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
