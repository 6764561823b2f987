"""Lighthouse 12 (npm lighthouse@12.2.3, pinned in bench/package-lock.json) on Debian's Chromium.

Installed with `npm ci` from bench/package.json and bench/package-lock.json
into bench/work/lighthouse/ (git-ignored). Lighthouse 13 needs Node.js 22;
12.2.3 runs on Node.js 20. bench/lighthouse-runner.mjs runs every job in one
Node.js process, each with a fresh Chromium (CHROME_PATH=/usr/bin/chromium):
mobile is Lighthouse's default (simulated slow 4G and a mid-range phone),
desktop is its desktop preset (the CLI's `--preset=desktop`). The full-page
screenshot, which no score uses, is turned off.

Mobile's 4× CPU slowdown assumes a host of the speed Lighthouse expects. On a slower
host it emulates a far slower phone than the moto g power it stands for, and the
main-thread work it times (TBT above all) grows with it. Lighthouse's throttling
guide says to calibrate the multiplier to the host's benchmark index; bench/run.py
measures that index first and sets the multiplier with `cpu_slowdown_for`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path
from typing import IO, cast

from bench.pages import BLOCK_OTHER_HOSTS, CHROMIUM, CHROMIUM_ARGS

BENCH = Path(__file__).resolve().parent
INSTALL_DIR = BENCH / "work" / "lighthouse"
CLI = INSTALL_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
VERSION = "12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "LCP": "largest-contentful-paint",
    "FCP": "first-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
}
# Other hosts fail at once (this machine has no internet; results must not depend on it).
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS, BLOCK_OTHER_HOSTS]
RUNNER = "lighthouse-runner.mjs"


def ensure_installed() -> Path:
    """npm ci into bench/work/lighthouse/ when missing or when the lock changed."""
    lock = (BENCH / "package-lock.json").read_bytes()
    stamp = INSTALL_DIR / f".installed-{hashlib.sha256(lock).hexdigest()[:12]}"
    if stamp.is_file() and CLI.is_file():
        shutil.copy2(BENCH / RUNNER, INSTALL_DIR / RUNNER)
        return CLI
    if shutil.which("npm") is None:
        raise RuntimeError("npm is missing: install Node.js 20 and npm (Debian: apt-get install nodejs npm)")
    if INSTALL_DIR.exists():
        shutil.rmtree(INSTALL_DIR)
    INSTALL_DIR.mkdir(parents=True)
    shutil.copy2(BENCH / "package.json", INSTALL_DIR / "package.json")
    shutil.copy2(BENCH / "package-lock.json", INSTALL_DIR / "package-lock.json")
    result = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=INSTALL_DIR, capture_output=True, text=True
    )
    if result.returncode != 0 or not CLI.is_file():
        raise RuntimeError(f"npm ci of lighthouse@{VERSION} failed:\n{result.stdout}{result.stderr}")
    stamp.touch()
    shutil.copy2(BENCH / RUNNER, INSTALL_DIR / RUNNER)
    return CLI


DEFAULT_CPU_SLOWDOWN = 4.0  # Lighthouse's mobile default


def cpu_slowdown_for(benchmark_index: float) -> float:
    """The mobile CPU slowdown that emulates Lighthouse's reference phone on a host of this benchmark index.

    Lighthouse's CPU throttling calculator (linked from its "slower CPU than Lighthouse expects" warning):
    150 → 1×, 800 → 2×, 1300 → 3×, 1533 → 4×, 2000 → 6×, linear in between.
    """
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    if benchmark_index >= 150:
        return 1 + (benchmark_index - 150) / 650
    return 1.0


def run_jobs(jobs: list[dict], progress=None) -> list[dict]:
    """Run Lighthouse for each {"url", "formFactor", "report"[, "cpuSlowdown"]} job, in order; the parsed
    result of each."""
    jobs_file = INSTALL_DIR / "jobs.json"
    jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
    env = dict(
        os.environ, CHROME_PATH=CHROMIUM, CHROME_FLAGS="\n".join(CHROME_FLAGS), LH_CATEGORIES=",".join(CATEGORIES)
    )
    proc = subprocess.Popen(
        ["node", RUNNER, str(jobs_file)],
        cwd=INSTALL_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    results = []
    for line in cast(IO[str], proc.stdout):  # stdout=PIPE: never None
        if not line.startswith("{"):
            continue
        done = json.loads(line)
        job = next(j for j in jobs if j["report"] == done["report"])
        if done.get("error"):
            proc.kill()
            raise RuntimeError(f"lighthouse failed on {job['url']} ({job['formFactor']}):\n{done['error']}")
        results.append(parse(Path(done["report"])))
        if progress:
            progress(job, results[-1])
    stderr = cast(IO[str], proc.stderr).read()  # stderr=PIPE: never None
    if proc.wait() != 0 or len(results) != len(jobs):
        raise RuntimeError(f"the Lighthouse runner stopped early:\n{stderr[-3000:]}")
    return results


def parse(report: Path) -> dict:
    """Scores (0–100) and metrics (ms; CLS unitless) of one Lighthouse report."""
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {
        name: (
            round(data["categories"][name]["score"] * 100) if data["categories"][name]["score"] is not None else None
        )
        for name in CATEGORIES
    }
    metrics = {short: data["audits"][audit].get("numericValue") for short, audit in METRICS.items()}
    # audits that cost points outside performance (whose weighted audits are the metrics shown anyway)
    failing = sorted(
        {
            ref["id"]
            for name in CATEGORIES
            if name != "performance"
            for ref in data["categories"][name]["auditRefs"]
            if ref.get("weight")
            and (data["audits"][ref["id"]].get("score") is not None)
            and data["audits"][ref["id"]]["score"] < 1
        }
    )
    return {
        "scores": scores,
        "metrics": metrics,
        "below_full_score": failing,
        "form_factor": data["configSettings"]["formFactor"],
        "lighthouse": data.get("lighthouseVersion"),
        "benchmark_index": (data.get("environment") or {}).get("benchmarkIndex"),
        "cpu_slowdown": (data["configSettings"].get("throttling") or {}).get("cpuSlowdownMultiplier"),
        "warnings": data.get("runWarnings") or [],
    }


def median_of(runs: list[dict]) -> dict:
    def med(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    return {
        "scores": {name: med([r["scores"][name] for r in runs]) for name in CATEGORIES},
        "metrics": {name: med([r["metrics"][name] for r in runs]) for name in METRICS},
        "below_full_score": sorted({a for r in runs for a in r["below_full_score"]}),
        "runs": len(runs),
    }
