"""bench/stages.py names each stage of a build by its file and function: a stage whose function moved or was
renamed would read as taking no time, silently. Each one must be found where it says."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from bench.stages import STAGES

from conftest import ROOT


def _file_of(suffix: str) -> Path:
    """A project file by its path, or an installed package's file by its path inside site-packages."""
    if suffix.startswith(("scripts/", "bench/")):
        return ROOT / suffix
    spec = importlib.util.find_spec(suffix.split("/", 1)[0])
    assert spec is not None and spec.origin, f"{suffix}: its package is not installed"
    return Path(spec.origin).parent.parent / suffix


def test_every_stage_names_a_function_defined_in_its_file():
    missing = []
    for label, suffix, function in STAGES:
        if suffix.startswith("<"):  # the interpreter's own import machinery
            continue
        path = _file_of(suffix)
        defined = (
            {
                node.name
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            }
            if path.is_file()
            else set()
        )
        if function not in defined:
            missing.append(f"{label.strip()}: no function {function} in {suffix}")
    assert not missing, "bench/stages.py STAGES:\n" + "\n".join(missing)
