"""A pull request, from a fork too, is tested with no secrets and a read-only token (README, "Security")."""

from __future__ import annotations

import re

import yaml

from scripts.config.paths import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name: str) -> tuple[str, dict]:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    flow["on"] = flow.pop(True, flow.get("on"))  # YAML 1.1 reads the key `on` as true
    return text, flow


def test_pull_requests_run_with_a_read_only_token_and_no_secrets():
    text, flow = _load("test.yml")
    assert set(flow["on"]) == {"pull_request", "workflow_dispatch"}
    assert flow["permissions"] == {"contents": "read"}
    assert not re.search(r"\$\{\{[^}]*\bsecrets\b", text)
    for job in flow["jobs"].values():
        assert "permissions" not in job  # no job widens the token
        checkouts = [step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout@")]
        assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_no_workflow_that_can_write_runs_on_a_pull_request():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text, flow = _load(path.name)
        assert "pull_request_target" not in flow["on"], path
        writes = [key for key, value in (flow.get("permissions") or {}).items() if value == "write"]
        if writes:
            assert "pull_request" not in flow["on"], (path, writes)
