"""ARGOS_POLICIES: a team's rules, read bounded and checked at start-up, in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lanes.config.policy_rules import (
    PolicyRule,
    active_policies,
    packaged_policies,
    read_team_policies,
)
from lanes.config.settings import load_settings
from lanes.core.errors import ConfigError
from tests.refusals import hostile_files, refused

SEC = {"id": "SEC-1", "text": "Tokens expire within 24 hours.", "severity": "high"}
TEAM = {"id": "TEAM-1", "text": "Feature flags name an owner.", "severity": "medium"}


def _file(tmp_path: Path, rules: object) -> Path:
    path = tmp_path / "team-policies.json"
    path.write_text(json.dumps(rules))
    return path


def _refused(path: Path) -> str:
    message = refused(lambda: read_team_policies(path), ConfigError)
    assert message.startswith(f"ARGOS_POLICIES='{path}' is not valid: "), message
    return message


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        ([TEAM, {**SEC, "severity": "critical"}], "rule [1] (SEC-1): severity 'critical' is not"),
        ([SEC, TEAM, {**SEC, "text": "Again."}], "rule [2] (SEC-1): duplicate id"),
        ([{"id": "SEC-9", "severity": "low"}], "rule [0] (SEC-9): missing text"),
        ([{**SEC, "text": "   "}], "rule [0] (SEC-1): text must be a non-empty string"),
        ([TEAM, {"text": "x", "severity": "low"}], "rule [1]: missing id"),
        ([{**SEC, "severty": "high"}], "rule [0] (SEC-1): unknown key 'severty'"),
        ([{**SEC, "examples": "one"}], "rule [0] (SEC-1): examples must list"),
        ([{**SEC, "severity": None}], "rule [0] (SEC-1): severity missing"),
        ({"SEC-1": SEC}, "not a non-empty JSON list of rules"),
        ([], "not a non-empty JSON list of rules"),
    ],
)
def test_a_bad_rule_is_named_by_file_index_and_id(tmp_path, rules, problem):
    assert problem in _refused(_file(tmp_path, rules))


def test_special_and_huge_files_are_refused_at_once(tmp_path):
    files = hostile_files(tmp_path, "policies.json")
    assert "not a regular file" in _refused(files.device)  # /dev/zero
    assert "not a regular file" in _refused(files.fifo)
    assert "larger than 1 MB" in _refused(files.sparse)


def test_a_missing_file_or_bad_json_is_one_line(tmp_path):
    assert "no such file" in _refused(tmp_path / "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "SEC-1",')
    assert "not valid JSON" in _refused(broken)


def test_extend_adds_team_rules_and_a_packaged_id_takes_the_teams_text(tmp_path):
    path = _file(tmp_path, [SEC, {**TEAM, "examples": [" flag without owner "]}])
    rules = active_policies(path, "extend")
    by_id = {rule.id: rule for rule in rules}
    assert len(rules) == len(packaged_policies()) + 1
    assert by_id["SEC-1"].text == "Tokens expire within 24 hours."  # the team's, in place
    assert [r.id for r in rules].index("SEC-1") == [r.id for r in packaged_policies()].index(
        "SEC-1"
    )
    assert by_id["TEAM-1"] == PolicyRule(
        "TEAM-1", "Feature flags name an owner.", "medium", ("flag without owner",)
    )
    assert "PRIV-2" in by_id  # the baseline stays


def test_replace_uses_only_the_teams_rules(tmp_path):
    path = _file(tmp_path, [TEAM])
    assert [r.id for r in active_policies(path, "Replace ")] == ["TEAM-1"]
    assert active_policies(None, "replace") == packaged_policies()  # no file: nothing to replace


def test_the_packaged_rules_are_valid_and_the_default():
    assert len(packaged_policies()) == 35
    assert sum(bool(r.detect) for r in packaged_policies()) == 28  # rules with detectors
    assert active_policies(None) == packaged_policies()


def test_start_up_refuses_a_bad_policy_file_or_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_POLICIES", str(_file(tmp_path, [{**SEC, "severity": "urgent"}])))
    message = refused(lambda: load_settings(None), ConfigError)
    assert "team-policies.json" in message and "rule [0] (SEC-1): severity 'urgent'" in message
    monkeypatch.setenv("ARGOS_POLICIES", "/dev/zero")
    assert "not a regular file" in refused(lambda: load_settings(None), ConfigError)
    monkeypatch.delenv("ARGOS_POLICIES")
    monkeypatch.setenv("ARGOS_POLICIES_MODE", "merge")
    message = refused(lambda: load_settings(None), ConfigError)
    assert message.startswith("ARGOS_POLICIES_MODE='merge' is not valid: use extend")
