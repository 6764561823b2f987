"""The machine and software a benchmark ran on, for the results header."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(python: Path | str, package: str) -> str | None:
    result = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or None


def _command_version(cmd: list[str]) -> str | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        return None


def load() -> list[float]:
    return list(os.getloadavg())


def describe(i18n_python: Path | None) -> dict:
    info: dict[str, object] = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(_memory_gb() or 0, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": _version(sys.executable, "mkdocs"),
        "material": _version(sys.executable, "mkdocs-material"),
        "macros": _version(sys.executable, "mkdocs-macros-plugin"),
        "playwright": _version(sys.executable, "playwright"),
        "chromium": _command_version(["/usr/bin/chromium", "--version"]),
        "node": _command_version(["node", "--version"]),
    }
    if i18n_python and Path(i18n_python).exists():
        info["i18n_env"] = {
            name: _version(i18n_python, name) for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")
        }
    return info
