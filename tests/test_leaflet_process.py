"""The leaflet laid out in a process of its own (scripts/renderers/leaflet_process.py): the same PDF, nothing of
WeasyPrint left in the build's process, the child's failures said as one line, and the child stopped with its
build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.adapters import printed
from scripts.config import processes
from scripts.renderers import leaflet_layout, leaflet_process

from conftest import ROOT

SMALL_LEAFLET = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Leaflet</title>
<meta name="dcterms.created" content="2026-11-25T10:00:00Z"><meta name="dcterms.modified" content="2026-11-25T10:00:00Z">
</head><body><h1>Leaflet</h1><p>One paragraph, laid out in a process of its own.</p></body></html>"""


def _gone(pid: int) -> bool:
    """Ended (a zombie waiting for init to reap it counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def test_the_function_runs_in_another_process_which_has_ended_when_its_result_is_back():
    child = leaflet_process.call_apart("os:getpid")
    assert isinstance(child, int) and child != os.getpid()
    assert _gone(child)


def test_arguments_and_result_cross_whole():
    assert leaflet_process.call_apart("builtins:sorted", ["b", "a"], reverse=True) == ["b", "a"]
    assert leaflet_process.call_apart("pathlib:Path", "x", "y.pdf") == Path("x", "y.pdf")


@pytest.mark.parametrize(
    ("target", "args", "kind", "says"),
    [
        ("json:loads", ("{",), "JSONDecodeError", "Expecting property name"),
        ("builtins:open", ("/nonexistent/leaflet.css",), "FileNotFoundError", "/nonexistent/leaflet.css"),
        ("builtins:int", ("twelve",), "ValueError", "twelve"),
    ],
)
def test_what_the_function_raises_comes_back_with_its_name_and_message(target, args, kind, says):
    with pytest.raises(leaflet_process.Failed) as raised:
        leaflet_process.call_apart(target, *args)
    assert raised.value.kind == kind and says in str(raised.value)
    assert str(raised.value).startswith(f"{kind}: ")


@pytest.mark.parametrize(("target", "args", "says"), [("os:_exit", (3,), "status 3"), ("os:abort", (), "SIGABRT")])
def test_a_process_that_ends_without_a_result_is_a_failure(target, args, says):
    with pytest.raises(leaflet_process.Failed) as raised:
        leaflet_process.call_apart(target, *args)
    assert raised.value.kind == "LayoutProcess" and says in str(raised.value)


def test_a_failed_layout_is_one_line_for_the_editor_naming_what_the_layout_raised():
    failed = leaflet_process.Failed("ValueError", "no page to lay out")
    line = printed.layout_problem("docs/en", "printed leaflet", "en", failed)
    assert line == (
        "docs/en/: the printed leaflet could not be laid out (ValueError: no page to lay out) — "
        "check the pages' HTML and images; `python -m scripts.site build en` repeats it"
    )
    assert "\n" not in line and "Traceback" not in line
    # an error of this process is named as before
    assert "(OSError: disk full)" in printed.layout_problem(
        "docs/fr", "large-print leaflet", "fr", OSError("disk full")
    )


def test_one_process_serves_a_languages_layouts_and_ends_when_closed():
    with leaflet_process.Apart() as apart:
        first = apart.call("os:getpid")
        assert apart.call("os:getpid") == first  # WeasyPrint imported once for both layouts
        with pytest.raises(leaflet_process.Failed):
            apart.call("builtins:int", "twelve")
        assert apart.call("os:getpid") == first  # a layout that raised leaves the process serving
        assert not _gone(first)
    assert _gone(first)


def test_no_process_is_started_without_a_layout():
    apart = leaflet_process.Apart()
    apart.close()  # every layout came from the cache
    assert apart._process is None


def test_a_process_killed_between_two_layouts_is_a_failure_and_the_next_starts_again():
    with leaflet_process.Apart() as apart:
        first = apart.call("os:getpid")
        os.kill(first, signal.SIGKILL)
        with pytest.raises(leaflet_process.Failed) as raised:
            apart.call("os:getpid")
        assert "SIGKILL" in str(raised.value) or "ended" in str(raised.value)
        assert apart.call("os:getpid") != first


def test_the_pdf_laid_out_apart_is_the_same_and_the_build_never_imports_weasyprint(tmp_path):
    out = tmp_path / "apart.pdf"
    script = (
        "import sys\n"
        "from scripts.renderers import leaflet_process\n"
        "with leaflet_process.Apart() as apart:\n"
        f"    pdf = apart.write_pdf({SMALL_LEAFLET!r}, base_url={ROOT.as_uri()!r} + '/', site_files=frozenset())\n"
        '    extra = apart.call(\'builtins:eval\', \'sorted({m.split(".")[0] for m in __import__("sys").modules} & '
        '{"pydantic", "babel", "jinja2", "weasyprint"})\')\n'
        f"open({str(out)!r}, 'wb').write(pdf.data)\n"
        "print(pdf.pages, pdf.warnings, pdf.refused, 'weasyprint' in sys.modules, extra)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    # the layout's process imports WeasyPrint and the layout's own code, not what the rest of the leaflet needs
    assert done.stdout.split() == ["1", "()", "()", "False", "['weasyprint']"]
    here = leaflet_layout.write_pdf(SMALL_LEAFLET, base_url=ROOT.as_uri() + "/", site_files=frozenset())
    assert out.read_bytes() == here.data


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def test_a_build_stopped_from_outside_stops_its_layout_process(tmp_path):
    # A layout that has started its work (the marker written) when the build is stopped, as a cancelled CI job
    # or `timeout` stops it: before the parent-death signal, the layout went on alone.
    (tmp_path / "slow_layout.py").write_text(
        "import time\n\ndef lay_out(marker):\n    open(marker, 'w').close()\n    time.sleep(60)\n", encoding="utf-8"
    )
    marker = tmp_path / "started"
    build = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from scripts.renderers import leaflet_process; leaflet_process.call_apart('slow_layout:lay_out', {str(marker)!r})",
        ],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(tmp_path)),
    )
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert time.monotonic() < deadline and build.poll() is None, "the layout did not start"
        time.sleep(0.02)
    (child,) = _children(build.pid)
    build.send_signal(signal.SIGTERM)
    assert build.wait(timeout=30) == -signal.SIGTERM
    deadline = time.monotonic() + 10
    while not _gone(child):
        assert time.monotonic() < deadline, f"the layout process {child} outlived its build"
        time.sleep(0.02)


@pytest.mark.parametrize(("pages", "apart"), [(0, False), (13, False), (99, False), (100, True), (650, True)])
def test_a_language_of_many_pages_lays_out_apart_and_a_small_one_in_its_build(pages, apart):
    assert leaflet_process.lays_out_apart(pages) is apart


def test_the_build_lays_out_through_the_process_only_for_a_large_language():
    with printed._layout(13) as layout:
        assert layout is leaflet_layout.write_pdf
    with printed._layout(650) as layout:
        apart = layout.__self__
        assert isinstance(apart, leaflet_process.Apart) and layout == apart.write_pdf
        child = apart.call("os:getpid")
    assert _gone(child)  # ended with the language's layouts


def test_one_layout_process_at_a_time_the_next_starts_when_the_first_has_ended(tmp_path, monkeypatch):
    import threading

    monkeypatch.setattr(leaflet_process, "LAYOUT_LOCK", tmp_path / "layout.lock")
    first, second = leaflet_process.Apart(), leaflet_process.Apart()
    first_child = first.call("os:getpid")
    started = threading.Event()
    result: list[int] = []

    def other_language() -> None:
        started.set()
        result.append(second.call("os:getpid"))

    waiting = threading.Thread(target=other_language)
    waiting.start()
    started.wait()
    waiting.join(timeout=1.5)
    assert waiting.is_alive() and not result, "a second layout process started beside the first"
    first.close()
    waiting.join(timeout=30)
    assert result and result[0] != first_child and _gone(first_child)
    second.close()
    # A child that died lets the lock go with it: the next call starts a new one.
    with leaflet_process.Apart() as third:
        child = third.call("os:getpid")
        os.kill(child, signal.SIGKILL)
        with pytest.raises(leaflet_process.Failed):
            third.call("os:getpid")
        assert isinstance(third.call("os:getpid"), int)


@pytest.mark.parametrize(
    ("told", "pages", "cores", "at_once"),
    [("1", 13, 2, True), ("1", 99, 8, True), (None, 13, 2, False), ("1", 13, 1, False), ("1", 100, 2, False)],
)
def test_the_layouts_are_laid_out_at_once_only_by_a_small_build_told_it_has_a_core_to_spare(
    monkeypatch, told, pages, cores, at_once
):
    monkeypatch.delenv(processes.SPARE_CORE_ENV, raising=False)
    if told:
        monkeypatch.setenv(processes.SPARE_CORE_ENV, told)
    monkeypatch.setattr(processes, "cores", lambda: cores)
    assert leaflet_process.layouts_at_once(pages) is at_once


def test_a_layout_laid_out_beside_the_builds_own_is_the_same_pdf_from_a_process_that_ends_with_it(monkeypatch):
    monkeypatch.setenv(processes.SPARE_CORE_ENV, "1")
    monkeypatch.setattr(processes, "cores", lambda: 2)
    monkeypatch.setenv("SITE_LEAFLET_CACHE", "off")
    monkeypatch.setattr(printed.leaflet, "render_html", lambda document, translations: SMALL_LEAFLET)
    base_url = ROOT.as_uri() + "/"
    before = set(_children(os.getpid()))
    with printed._beside(13) as beside:
        assert beside is not None
        laid_out = beside(None, None, base_url, frozenset())  # returns at once: the layout goes on apart…
        apart = set(_children(os.getpid())) - before
        assert len(apart) == 1  # …in a process of its own, started by this thread…
        pdf, from_cache, seconds = laid_out()
    assert all(_gone(child) for child in apart)  # …which ends with the block
    here = leaflet_layout.write_pdf(SMALL_LEAFLET, base_url=base_url, site_files=frozenset())
    assert pdf.data == here.data and not from_cache and seconds > 0
    monkeypatch.delenv(processes.SPARE_CORE_ENV)
    with printed._beside(13) as beside:
        assert beside is None  # a build without a core to spare lays each out in turn, in its own process
