"""Wall time and peak memory of one command and every process it starts.

Memory is measured two ways, both reported:
- the peak of the *sum* of resident memory (RSS, and PSS, which shares pages
  between processes fairly) over the whole process tree, sampled from /proc
  every SAMPLE_INTERVAL seconds while the command runs (parallel builds run
  several MkDocs processes at once, so the sum is what the machine must have).
  A child caught between its start and the program it runs (Python's subprocess
  starts it with vfork: it runs in its parent's memory until then) shows its
  parent's figures: that memory is counted once (`shares_parent_memory`), and the
  sum that counts it twice is reported beside (peak_rss_with_spawns_mb);
- `ru_maxrss` from `os.wait4()` on the command: the largest *single* process of
  the tree (the kernel's own figure, not sampled).
psutil is not needed.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

# The caches a build keeps (README "Printed leaflets and QR codes"), each turned off by its variable set to off.
CACHE_SWITCHES = ("SITE_LEAFLET_CACHE", "SITE_STYLE_CACHE", "SITE_LANGUAGE_CACHE")


def cold_build_env(**extra: str) -> dict[str, str]:
    """The environment a measured build runs in: MkDocs' 2.0 notice off, and every cache off
    (SITE_LEAFLET_CACHE, SITE_STYLE_CACHE, SITE_LANGUAGE_CACHE), so that every run lays its leaflets out, works
    out every page's style rules and judges every text's language, not one that found them unchanged."""
    return dict(
        os.environ,
        DISABLE_MKDOCS_2_WARNING="true",
        NO_MKDOCS_2_WARNING="1",
        SITE_LEAFLET_CACHE="off",
        SITE_STYLE_CACHE="off",
        SITE_LANGUAGE_CACHE="off",
        **extra,
    )


SAMPLE_INTERVAL = 0.05
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
METHOD = (
    f"peak of the summed RSS (and PSS) of the build's whole process tree, sampled from /proc every "
    f"{SAMPLE_INTERVAL * 1000:.0f} ms (a child between its vfork and its exec, in its parent's memory, counted once); "
    "largest single process from getrusage (os.wait4 ru_maxrss)"
)


@dataclasses.dataclass
class Measurement:
    seconds: float
    peak_rss_mb: float  # peak of the sum of RSS over the process tree (sampled)
    peak_pss_mb: float  # peak of the sum of PSS over the process tree (sampled)
    max_single_rss_mb: float  # ru_maxrss of the largest process (kernel accounting)
    # CPU time (user + system) of the whole tree, every process waited for: what the build costs whatever
    # else the machine runs, where wall time on a busy machine depends on the others' load
    cpu_seconds: float
    returncode: int
    output: str
    # the peak sum of RSS that also counts a child started but not yet running its program (the module's docstring)
    peak_rss_with_spawns_mb: float = 0.0

    def as_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data.pop("output")
        return data


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # the command name may contain spaces and parentheses: split after the last ')'
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


# /proc/PID/stat's flags: PF_FORKNOEXEC, set from a process's fork (or vfork) until it runs a program
PF_FORKNOEXEC = 0x40


def shares_parent_memory(flags: int, statm: bytes, parent_statm: bytes) -> bool:
    """A child started but not yet running its program, with its parent's memory figures to the page: the parent's
    own memory (a vfork child runs in it until exec), not more of it."""
    return bool(flags & PF_FORKNOEXEC) and bool(statm) and statm == parent_statm


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def _spawning(pid: int) -> bool:
    """Whether `pid` is a child between its vfork and its exec (shares_parent_memory)."""
    stat = _read(f"/proc/{pid}/stat")
    fields = stat[stat.rfind(b")") + 2 :].split()
    if len(fields) < 7:
        return False
    flags, parent = int(fields[6]), int(fields[1])
    statm = _read(f"/proc/{pid}/statm")
    return shares_parent_memory(flags, statm, _read(f"/proc/{parent}/statm"))


def _tree(root: int) -> list[int]:
    children = _children_map()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss, self.peak_rss_with_spawns = pid, 0, 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(SAMPLE_INTERVAL)

    def sample(self) -> None:
        """One look at the tree's memory, the peaks raised by it."""
        pids = _tree(self.pid)
        spawning = {pid for pid in pids if pid != self.pid and _spawning(pid)}
        rss = {pid: _rss_kb(pid) for pid in pids}
        self.peak_rss_with_spawns = max(self.peak_rss_with_spawns, sum(rss.values()))
        self.peak_rss = max(self.peak_rss, sum(kb for pid, kb in rss.items() if pid not in spawning))
        self.peak_pss = max(self.peak_pss, sum(_pss_kb(p) for p in pids if p not in spawning))


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> Measurement:
    """Run `cmd` to its end; its output goes to a temporary file (no pipe to drain)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = _Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return Measurement(
        seconds=seconds,
        peak_rss_mb=sampler.peak_rss / 1024,
        peak_pss_mb=sampler.peak_pss / 1024,
        max_single_rss_mb=usage.ru_maxrss / 1024,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        returncode=proc.returncode,
        output=output,
        peak_rss_with_spawns_mb=sampler.peak_rss_with_spawns / 1024,
    )
