"""The governance subgraph end to end, with a scripted model and a team's policy file."""

from __future__ import annotations

import dataclasses
import json

from graphs.governance import graph
from lanes.core.lane import Lane

PRD = "Checkout PRD: the new_checkout flag ships on Friday. Card numbers are logged for debugging."
TEAM_RULES = [
    {
        "id": "FLAG-1",
        "text": "Every feature flag names an owner and a removal date.",
        "severity": "medium",
        "examples": ["the beta flag ships next week"],
    },
    {"id": "PCI-1", "text": "Card numbers are never logged.", "severity": "high"},
]


def reply(status: str, *findings: tuple[str, str, str]) -> str:
    return json.dumps(
        {
            "status": status,
            "findings": [{"severity": s, "rule": r, "quote": q} for s, r, q in findings],
        }
    )


def team_file(tmp_path, monkeypatch, mode: str | None = None) -> None:
    path = tmp_path / "policies.json"
    path.write_text(json.dumps(TEAM_RULES))
    monkeypatch.setenv("ARGOS_POLICIES", str(path))
    if mode:
        monkeypatch.setenv("ARGOS_POLICIES_MODE", mode)


async def test_a_verdict_cites_the_teams_rule_ids(lanes, tmp_path, monkeypatch):
    team_file(tmp_path, monkeypatch, "replace")
    scripted = lanes(
        {
            Lane.GOVERNANCE: [
                reply(
                    "pass",  # a small model's lenient verdict on its own high finding
                    ("high", "PCI-1", "card numbers are LOGGED for debugging"),
                    ("medium", "FLAG-1", "the new_checkout flag ships on Friday"),
                    ("high", "PRIV-2", "card numbers"),  # a packaged rule, replaced away
                )
            ]
        }
    )
    out = await graph.ainvoke({"task": PRD}, context=lanes.context)
    (result,) = out["results"].values()
    data = result["data"]
    assert data["status"] == "fail"
    assert [f["rule"] for f in data["findings"]] == ["PCI-1", "FLAG-1"]
    assert [c["check"] for c in data["corrections"]] == ["rule", "status"]
    assert "'PRIV-2', which is no active policy rule" in data["corrections"][0]["reason"]
    assert "status pass -> fail: a high finding (PCI-1)" in data["corrections"][1]["reason"]
    assert result["output"].splitlines()[:3] == [
        "Verdict: fail",
        '- [high] PCI-1: "card numbers are LOGGED for debugging"',
        '- [medium] FLAG-1: "the new_checkout flag ships on Friday"',
    ]
    assert "Checked in code: status pass -> fail" in result["output"]
    # The model was shown the team's rules, with their examples, and no packaged ones.
    system = scripted.models[Lane.GOVERNANCE].calls[0][0].content
    assert "PCI-1 (high): Card numbers are never logged." in system
    assert 'breaks it: "the beta flag ships next week"' in system
    assert "PRIV-2" not in system


async def test_extend_keeps_the_packaged_rules_beside_the_teams(lanes, tmp_path, monkeypatch):
    team_file(tmp_path, monkeypatch)  # extend is the default
    scripted = lanes(
        {Lane.GOVERNANCE: [reply("fail", ("high", "PCI-1", "Card numbers are logged"))]}
    )
    out = await graph.ainvoke({"task": PRD}, context=lanes.context)
    (result,) = out["results"].values()
    assert result["data"] == {
        "status": "fail",
        "findings": [{"severity": "high", "rule": "PCI-1", "quote": "Card numbers are logged"}],
    }  # nothing to correct: no corrections key
    system = scripted.models[Lane.GOVERNANCE].calls[0][0].content
    assert "PRIV-2 (high)" in system and "FLAG-1 (medium)" in system


async def test_a_quote_from_outside_the_document_is_dropped_end_to_end(lanes):
    lanes(
        {Lane.GOVERNANCE: [reply("pass", ("high", "PRIV-2", "passwords are stored in plain text"))]}
    )
    out = await graph.ainvoke({"task": PRD}, context=lanes.context)
    (result,) = out["results"].values()
    assert result["data"]["status"] == "needs_review"
    assert result["data"]["findings"] == []
    assert (
        result["data"]["corrections"][0]["finding"]["quote"] == "passwords are stored in plain text"
    )


async def test_on_the_embedded_model_its_findings_are_shown_not_counted(lanes):
    lanes({Lane.GOVERNANCE: [reply("fail", ("medium", "SAFE-1", "ships on Friday"))]})
    context = dataclasses.replace(lanes.context, model_findings="auto")  # embedded defaults
    out = await graph.ainvoke({"task": "Release plan: the beta ships on Friday."}, context=context)
    (result,) = out["results"].values()
    assert result["data"]["status"] == "pass" and result["data"]["findings"] == []
    assert [f["rule"] for f in result["data"]["advisory"]] == ["SAFE-1"]
    assert "not counted: the embedded model cannot judge policy" in result["output"]
    # A detector's finding counts whatever the model is.
    lanes({Lane.GOVERNANCE: [reply("pass")]})
    context = dataclasses.replace(lanes.context, model_findings="auto")
    out = await graph.ainvoke(
        {"task": "Failed payments are logged with the full card number."}, context=context
    )
    (result,) = out["results"].values()
    assert result["data"]["status"] == "fail"
    assert [f["rule"] for f in result["data"]["findings"]] == ["PCI-1"]


ONBOARDING = (
    "Support onboarding, day 1: every new agent gets the shared admin login for the "
    "billing console on a sticky note; nobody reviews who still has it, and we never "
    "rotate it because the vendor charges per seat."
)


async def test_the_compliance_model_speaks_when_no_detector_does_and_says_so(lanes):
    lanes({Lane.GOVERNANCE: [reply("pass"), reply("pass")]})  # a lenient model, twice
    on = await graph.ainvoke({"task": ONBOARDING},
                             context=dataclasses.replace(lanes.context, compliance_model=True))  # fmt: skip
    (result,) = on["results"].values()
    (finding,) = result["data"]["findings"]
    assert result["data"]["status"] in ("fail", "needs_review")
    assert finding["quote"] in ONBOARDING
    assert result["data"]["model_read"] == [finding["rule"]]
    assert f"{finding['rule']} was read by the compliance model" in result["output"]
    off = await graph.ainvoke({"task": ONBOARDING}, context=lanes.context)  # turned off
    (result,) = off["results"].values()
    assert result["data"]["status"] == "pass" and "model_read" not in result["data"]


async def test_a_model_finding_the_checks_drop_is_not_said_to_be_read(lanes, monkeypatch):
    import nodes.lane_steps.governance as governance

    def dropping_all(verdict, rules, material):
        return verdict.model_copy(update={"status": "pass", "findings": []}), []

    monkeypatch.setattr(governance, "check_verdict", dropping_all)
    lanes({Lane.GOVERNANCE: [reply("pass")]})
    out = await graph.ainvoke({"task": ONBOARDING},
                              context=dataclasses.replace(lanes.context, compliance_model=True))  # fmt: skip
    (result,) = out["results"].values()
    assert result["data"]["findings"] == [] and "model_read" not in result["data"]
    assert "read by the compliance model" not in result["output"]
