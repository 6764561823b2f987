"""requirements.lock with a sha256 hash for every file a pin may install (`make lock`).

`make site` and CI install with `pip install --require-hashes`, so a file changed on the registry under the
same version no longer installs silently. The hashes are the registry's own for every file of the pinned
version (each platform's wheel and the source archive), so the lock installs on any machine pip supports.

    python -m scripts.cli.lockfile FREEZE_OUTPUT > requirements.lock
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from collections.abc import Callable, Iterable
from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

HEADER = (
    "# Exact versions, each with the sha256 of every file the registry has for it, that `make site` and CI\n"
    "# install with --require-hashes. Regenerate with `make lock` after changing pyproject.toml.\n"
)
INDEX = "https://pypi.org/simple/{name}/"
PIN_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")

# The editable install of the project builds with setuptools (pyproject.toml [build-system]) without build
# isolation, so setuptools is pinned and hashed here too rather than fetched unchecked at build time.
BUILD_REQUIREMENTS = ("setuptools",)


def normalise(name: str) -> str:
    """The registry's form of a project name (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(text: str) -> list[tuple[str, str]]:
    """(name, version) of each `name==version` line of a freeze or lock, continuation lines skipped."""
    pins = []
    for line in text.splitlines():
        match = PIN_RE.match(line.strip())
        if match:
            pins.append((match.group(1), match.group(2)))
    return pins


def unhashed(text: str) -> list[tuple[int, str]]:
    """(line number, requirement) of every requirement in a lock that carries no --hash."""
    problems = []
    logical: list[tuple[int, str]] = []  # requirements with their continuation lines joined
    start, parts = 0, list[str]()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("#", 1)[0].strip()
        if not stripped and not parts:
            continue
        if not parts:
            start = number
        parts.append(stripped.rstrip("\\").strip())
        if not stripped.endswith("\\"):
            logical.append((start, " ".join(p for p in parts if p)))
            parts = []
    if parts:
        logical.append((start, " ".join(parts)))
    for number, requirement in logical:
        if requirement and "--hash=sha256:" not in requirement:
            problems.append((number, requirement))
    return problems


def file_version(filename: str) -> tuple[str, Version] | None:
    """(project, version) a wheel or source archive is of, by its name; None for any other file."""
    try:
        if filename.endswith(".whl"):
            project, version, *_ = parse_wheel_filename(filename)
        elif filename.endswith((".tar.gz", ".zip")):
            project, version = parse_sdist_filename(filename)
        else:
            return None
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        return None
    return normalise(project), version


def file_hashes(name: str, version: str, fetch: Callable[[str], dict]) -> list[str]:
    """The sha256 of every file of name==version on the registry, sorted (stable output)."""
    index = fetch(INDEX.format(name=normalise(name)))
    hashes = set()
    for item in index.get("files", []):
        if file_version(item.get("filename", "")) == (normalise(name), Version(version)) and not item.get("yanked"):
            digest = item.get("hashes", {}).get("sha256")
            if digest:
                hashes.add(digest)
    if not hashes:
        raise LookupError(f"the registry has no file of {name}=={version}")
    return sorted(hashes)


def extras_required(requirements: Iterable[str]) -> dict[str, set[str]]:
    """The extras that installed packages ask of each other (`fonttools[woff]`), by normalised name.

    pip's --require-hashes mode refuses a dependency asked for with an extra unless the lock pins it with
    that extra, so the lock names them.
    """
    extras: dict[str, set[str]] = {}
    for line in requirements:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.extras and (requirement.marker is None or requirement.marker.evaluate({"extra": ""})):
            extras.setdefault(normalise(requirement.name), set()).update(requirement.extras)
    return extras


def format_lock(
    pins: Iterable[tuple[str, str]], hashes: dict[tuple[str, str], list[str]], extras: dict[str, set[str]] | None = None
) -> str:
    lines = [HEADER]
    for name, version in sorted(pins, key=lambda pin: normalise(pin[0])):
        wanted = sorted((extras or {}).get(normalise(name), ()))
        pin = f"{name}[{','.join(wanted)}]=={version}" if wanted else f"{name}=={version}"
        entry = [pin] + [f"--hash=sha256:{digest}" for digest in hashes[(name, version)]]
        lines.append(" \\\n    ".join(entry) + "\n")
    return "".join(lines)


def _fetch_json(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m scripts.cli.lockfile FREEZE_OUTPUT > requirements.lock", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        pins = parse_pins(handle.read())
    hashes = {(name, version): file_hashes(name, version, _fetch_json) for name, version in pins}
    # Run by the interpreter of the environment the pins were frozen from: its packages say which extras
    # they ask of each other.
    installed = [line for dist in metadata.distributions() for line in (dist.requires or [])]
    sys.stdout.write(format_lock(pins, hashes, extras_required(installed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
