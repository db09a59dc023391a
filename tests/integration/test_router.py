"""The router on requests it has never seen, as a team measures it: cortex route --eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nodes.defaults import outside_graph
from nodes.routing.decision import decide
from nodes.routing.fusion import load_weights
from nodes.routing.offline.evaluation import read_labelled
from nodes.routing.semantic import load_examples
from tests.integration.cli import cortex

DATA = Path(__file__).parent.parent / "data"
SET = DATA / "routing_set.jsonl"
OLDER = DATA / "router_eval.jsonl"
RFC = "Deep-read every RFC in the docs folder and list contradictions between them."


def test_the_labelled_sets_are_held_out_from_the_examples():
    seen = {text.lower() for texts in load_examples().values() for text in texts}
    for path in (SET, OLDER):
        assert not [row.text for row in read_labelled(path) if row.text.lower() in seen]
    rows = [json.loads(line) for line in SET.read_text().splitlines()]
    multi = [row for row in rows if len(row["lanes"]) > 1]
    assert len(rows) >= 200 and len(multi) >= 0.2 * len(rows)
    assert {row["split"] for row in rows} == {"fit", "report"}


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
def test_cortex_route_eval_reports_the_figures_and_gates_on_accuracy(tmp_path):
    args = ("route", "--eval", str(SET), "--split", "report", "--json")
    result = cortex(*args, "--min-accuracy", "0.73", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["requests"] == len(read_labelled(SET, split="report"))
    # Floors under what the report split measured: with blind-11 (208 combined requests,
    # all report, never fitted on: 0.548 on their own) 1,442 requests, 0.743 overall,
    # 0.911 single, 0.610 multi-intent (fitting on blind-11 instead lowered the rest:
    # 0.776 -> 0.760); with blind-10 (all report, never
    # fitted on) 1,234 requests, 0.776 overall, 0.911 single, 0.632 multi-intent; the
    # 1,065 before it: 0.781 overall, 0.912
    # single-intent, 0.620 multi-intent (0.780, 0.915, 0.613 before the needs head's
    # strength went from 100 to 300) (blind-9's report half is 40% three-lane work;
    # the earlier 967: 0.787, 0.912, 0.620; the 867: 0.796; before the probe's needs
    # head 0.776, 0.886, 0.612; without the probe and the need model's "elsewhere"
    # features 0.693, 0.804, 0.529). Issue 27's goals are 0.95 and 0.85.
    assert summary["accuracy"] >= 0.73 and summary["errors"] == 0
    assert summary["single_intent"]["accuracy"] >= 0.89
    assert summary["multi_intent"]["accuracy"] >= 0.58
    assert summary["multi_intent"]["requests"] >= 100
    assert set(summary["per_lane"]) == {"orchestrator", "coder", "super_reader", "fast_rag",
                                        "governance"}  # fmt: skip
    assert summary["confidence_buckets"][0]["decisions"] == summary["requests"]
    assert summary["ms_median"] > 0 and summary["confusion"]
    # The table and the gate are what a person reads: a slice of the set shows them as
    # well as all of it, and costs a second instead of a third run of 1,065 requests.
    lines = SET.read_text().splitlines()
    some = tmp_path / "some.jsonl"
    some.write_text("\n".join(lines[::20]) + "\n")
    assert any('"implicit"' in line for line in lines[::20])
    table = cortex("route", "--eval", str(some), "--min-accuracy", "0.9999", cwd=tmp_path)
    assert table.returncode == 1, table.stderr[-2000:]
    assert "exact-match accuracy" in table.stdout and "Confusion" in table.stdout
    assert "multi-intent" in table.stdout and "implicit" in table.stdout
    assert "is below --min-accuracy 0.9999" in table.stdout


def test_confidence_means_something_on_held_out_requests():
    async def run() -> list[tuple[bool, float]]:
        out = []
        for row in read_labelled(OLDER):
            decision = await decide(row.text, outside_graph())
            got = frozenset(lane.value for lane in decision.plan.lanes())
            out.append((got == row.lanes, decision.confidence))
        return out

    import asyncio

    outcomes = asyncio.run(run())
    confident = [right for right, c in outcomes if c >= load_weights().confident]
    assert len(confident) >= len(outcomes) // 2
    assert sum(confident) / len(confident) >= 0.9
    assert sum(right for right, _ in outcomes) / len(outcomes) >= 0.85


async def test_the_rfc_request_reaches_the_super_reader():
    decision = await decide(RFC, outside_graph())
    assert [lane.value for lane in decision.plan.lanes()] == ["super_reader"]


def test_example_vectors_are_cached_on_disk_and_reused(tmp_path):
    data = tmp_path / "data"
    first = cortex(
        "route", "--json", "Plan the next sprint", cwd=tmp_path, ARGOS_DATA_DIR=str(data)
    )
    assert first.returncode == 0, first.stderr
    (cached,) = (data / "cache").glob("router-examples-*.npy")
    stamp = cached.stat().st_mtime_ns
    again = cortex(
        "route", "--json", "Plan the next sprint", cwd=tmp_path, ARGOS_DATA_DIR=str(data)
    )
    assert again.returncode == 0 and cached.stat().st_mtime_ns == stamp


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
def test_a_teams_own_examples_change_where_its_jargon_goes(tmp_path):
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"governance": [
        "Run the Zephyr gate on this release", "Put this through the Zephyr gate",
        "Does this pass the Zephyr gate?"]}))  # fmt: skip
    text = "Send the new checkout flow through the Zephyr gate"
    plain = json.loads(cortex("route", "--json", text, cwd=tmp_path).stdout)
    taught = cortex("route", "--json", text, cwd=tmp_path, ARGOS_ROUTER_EXAMPLES=str(team))
    assert plain["lanes"] != ["governance"]
    assert json.loads(taught.stdout)["lanes"] == ["governance"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"reviewer": ["x"]}')
    bad = cortex("route", "x y z", cwd=tmp_path, ARGOS_ROUTER_EXAMPLES=str(broken))
    assert bad.returncode == 2 and "ARGOS_ROUTER_EXAMPLES=" in bad.stderr


@pytest.mark.parametrize(
    ("head", "after"),
    [
        ("Summarise this log.", []),
        ("Go through this log and file a ticket for each recurring error.", ["orchestrator"]),
        ("Does this log break our retention policy? We must not keep card data.", ["governance"]),
    ],
)
async def test_an_input_only_the_reader_can_read_is_read_first_then_judged_or_ticketed(head, after):
    log = "\n".join(
        f"2026-11-{i % 28 + 1:02d} ERROR retry failed for order {i}" for i in range(6000)
    )
    decision = await decide(f"{head}\n\n{log}", outside_graph())
    steps = decision.plan.steps
    assert [s.lane.value for s in steps] == ["super_reader", *after]
    assert all(s.task == head for s in steps)  # the log reaches the reader as its material
    assert [s.depends_on for s in steps[1:]] == [["s1"]] * len(after)


async def test_a_combined_request_without_sequencing_words_needs_both_lanes():
    decision = await decide(
        "what does our on-call runbook say about escalating sev2s? make tickets for the gaps",
        outside_graph(),
    )
    steps = decision.plan.steps
    assert [(s.lane.value, s.depends_on) for s in steps] == [
        ("fast_rag", []),
        ("orchestrator", ["s1"]),
    ]
    assert "make tickets" in steps[1].task and "make tickets" not in steps[0].task
    assert 0 < decision.confidence < 1
