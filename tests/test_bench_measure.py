"""bench/measure.py: the peak memory of a command's process tree counts a child that runs in its parent's memory
(between its vfork and its exec) once, and reports the sum that counts it twice beside."""

from __future__ import annotations

import subprocess
import sys
import time

from bench import measure

from conftest import ROOT

PARENT = b"73296 54225 1560 1024 0 30000 0\n"


def test_a_child_not_yet_running_its_program_with_its_parents_figures_is_its_parents_memory():
    assert measure.shares_parent_memory(0x400040, PARENT, PARENT)
    assert measure.shares_parent_memory(measure.PF_FORKNOEXEC, PARENT, PARENT)


def test_a_child_with_memory_of_its_own_is_counted():
    assert not measure.shares_parent_memory(0x400000, PARENT, PARENT)  # it runs its own program
    assert not measure.shares_parent_memory(0x400040, b"73296 54226 1560 1024 0 30000 0\n", PARENT)  # diverged
    assert not measure.shares_parent_memory(0x400040, b"", b"")  # gone meanwhile


# 100 MB touched, then a child forked (not vforked) that runs nothing until killed: it has an address space of its
# own, in which it maps its parent's pages again: a sum of RSS counts them in both, as it always has (PSS once).
FORKED = """
import os, signal, time
held = bytearray(100 << 20)
for i in range(0, len(held), 4096):
    held[i] = 1
child = os.fork()
if child == 0:
    signal.pause()
time.sleep(1.0)
os.kill(child, signal.SIGKILL)
os.waitpid(child, 0)
"""


def test_a_forked_child_is_counted_as_a_process_of_its_own():
    found = measure.run([sys.executable, "-c", FORKED], cwd=ROOT)
    assert found.returncode == 0
    assert found.peak_rss_mb > 200, found
    assert found.peak_pss_mb < 160, found


# The same 100 MB, then short children started by Python's subprocess, one after the other until it is stopped
# (vfork: the same address space until exec): each, until it runs `true`, shows the whole 100 MB again; a sample
# that catches one counts it once.
SPAWNING = """
import subprocess
held = bytearray(100 << 20)
for i in range(0, len(held), 4096):
    held[i] = 1
# `true` looked for in 12,000 folders first: each child spends nearly all its life (about 25 ms) between its start
# and its program.
path = ":".join(f"/n/{i}" for i in range(12000)) + ":/usr/bin:/bin"
while True:
    subprocess.run(["true"], env={"PATH": path})
"""


def test_children_started_from_a_large_process_do_not_double_its_memory():
    """Sampled until a sample has caught a child between its start and its program, not for a fixed time: a run
    of 1.5 s, sampled every 50 ms, caught none when two whole suites ran on two cores (the sampler starved)."""
    spawning = subprocess.Popen([sys.executable, "-c", SPAWNING], cwd=ROOT)
    sampler = measure._Sampler(spawning.pid)
    deadline = time.monotonic() + 120  # only a bound on a test that would otherwise wait for ever
    try:
        while sampler.peak_rss_with_spawns <= 190 * 1024 and time.monotonic() < deadline:
            sampler.sample()
            time.sleep(0.01)
    finally:
        spawning.kill()
        spawning.wait()
    assert 100 * 1024 <= sampler.peak_rss < 160 * 1024, vars(sampler)
    assert sampler.peak_pss < 160 * 1024, vars(sampler)
    assert sampler.peak_rss_with_spawns > 190 * 1024, vars(sampler)  # what the sum counted before
