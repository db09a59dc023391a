from __future__ import annotations

import json

import httpx2
import openai
import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graphs.supervisor import builder, graph
from lanes.core.lane import Lane
from prompts.fast_rag import NOT_FOUND
from stores.vectors import Hit

ANALYSIS = json.dumps(
    {
        "quality_assessment": "The function subtracts where it should add.",
        "refactoring_suggestions": ["Return a + b."],
        "security_concerns": [],
        "performance_optimizations": [],
    }
)
VERDICT_FAIL = json.dumps(
    {"status": "fail", "findings": [{"severity": "high", "rule": "PRIV-2", "quote": "plain text"}]}
)
HIT = Hit(
    id="docs/setup.md#0:ab12",
    text="The API listens on port 8080.",
    source="docs/setup.md",
    score=0.8,
)


def plan(*steps: tuple[str, str, str, list[str], bool]) -> str:
    return json.dumps(
        {
            "steps": [
                {"id": i, "lane": lane, "task": task, "depends_on": deps, "risky": risky}
                for i, lane, task, deps, risky in steps
            ]
        }
    )


def rag(answer: str, cited: list[int], answerable: bool = True) -> str:
    return json.dumps({"answerable": answerable, "answer": answer, "cited": cited})


def ask(text: str) -> dict:
    return {"messages": [HumanMessage(text)]}


@pytest.mark.parametrize(
    ("request_text", "lane", "script", "expected"),
    [
        (
            "Which themes belong on the roadmap after Q3?",
            Lane.ORCHESTRATOR,
            ["Q3: ship search."],
            "Q3: ship search.",
        ),
        ("Please review def add(a, b): return a - b", Lane.CODER, [ANALYSIS], "subtracts"),
        (
            "Find the first error in this log: boot ok; disk full",
            Lane.SUPER_READER,
            ["disk full (section 1)"],
            "disk full",
        ),
        (
            "What do the docs say about the API port?",
            Lane.FAST_RAG,
            [rag("Port 8080 [1].", [1])],
            "Port 8080 [1].",
        ),
        (
            "Check this PRD against our privacy policy: we keep passwords in plain text",
            Lane.GOVERNANCE,
            [VERDICT_FAIL],
            "Verdict: fail",
        ),
    ],
)
async def test_single_intent_requests_go_to_one_lane_without_planning(
    lanes, request_text, lane, script, expected
):
    scripted = lanes({lane: script}, hits=[HIT])
    out = await graph.ainvoke(ask(request_text), context=lanes.context)
    assert out["route"]["lanes"] == [lane.value]
    assert out["route"]["method"] == "semantic"
    assert expected in out["answer"]
    assert [e["lane"] for e in out["trace"]] == [lane.value]
    assert not scripted.models[Lane.ORCHESTRATOR].calls or lane is Lane.ORCHESTRATOR
    assert out["messages"][-1].content == out["answer"]


async def test_rag_cites_its_sources(lanes):
    lanes({Lane.FAST_RAG: [rag("It listens on 8080 [1].", [1])]}, hits=[HIT])
    out = await graph.ainvoke(
        ask("What do the docs say about the API port?"), context=lanes.context
    )
    assert out["citations"] == [
        {"source": "docs/setup.md", "chunk": "docs/setup.md#0:ab12", "score": 0.8}
    ]
    assert "[1] docs/setup.md" in out["answer"]


async def test_only_the_sources_the_answer_cites_become_citations(lanes):
    other = Hit(id="docs/ops.md#3:cd", text="The API port is 8080, set in ops.", source="docs/ops.md",
                score=0.7)  # fmt: skip
    lanes({Lane.FAST_RAG: [rag("Port 8080 [2].", [2])]}, hits=[HIT, other])
    out = await graph.ainvoke(
        ask("What do the docs say about the API port?"), context=lanes.context
    )
    assert [c["source"] for c in out["citations"]] == ["docs/ops.md"]
    assert "[2] docs/ops.md" in out["answer"] and "setup.md (" not in out["answer"]


async def test_rag_says_not_found_when_the_sources_are_on_topic_but_silent(lanes):
    # Retrieval passed (the page is about the office); the model says it holds no answer.
    office = Hit(id="berlin.md#0:1", text="The Berlin office is at Torstr. 1.",
                 source="berlin.md", score=0.6)  # fmt: skip
    lanes({Lane.FAST_RAG: [rag("Not found in the knowledge base.", [], answerable=False)]},
          hits=[office])  # fmt: skip
    out = await graph.ainvoke(
        ask("What do the docs say about the Berlin office dress code?"), context=lanes.context
    )
    assert out["answer"].startswith(NOT_FOUND[:-1]) and "berlin.md" in out["answer"]
    assert out["citations"] == []
    assert [e["lane"] for e in out["trace"]] == ["fast_rag"]  # the model call is traced


async def test_rag_says_not_found_instead_of_inventing(lanes):
    weak = Hit(id="x#0:1", text="Lunch is at noon.", source="canteen.md", score=0.05)
    scripted = lanes({}, hits=[weak])
    out = await graph.ainvoke(
        ask("What do the docs say about the API port?"), context=lanes.context
    )
    assert out["answer"].startswith(NOT_FOUND[:-1])
    assert "canteen.md" in out["answer"]
    assert out["trace"] == [] and out["citations"] == []
    assert scripted.models[Lane.FAST_RAG].calls == []  # no model call at all


async def test_two_intents_are_planned_and_run_in_parallel(lanes, monkeypatch):
    # Two servers: lanes on one in-process model would share its one slot.
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", "http://coder-box:8000/v1")
    monkeypatch.setenv("ARGOS_LANE_GOVERNANCE_URL", "http://governance-box:8000/v1")
    scripted = lanes(
        {
            Lane.ORCHESTRATOR: [
                plan(
                    ("s1", "coder", "review def div(a, b): return a / b", [], False),
                    ("s2", "governance", "check the PRD against the privacy policy", [], False),
                ),
                "Both done.",
            ],
            Lane.CODER: [ANALYSIS],
            Lane.GOVERNANCE: [VERDICT_FAIL],
        },
        delay=1.5,  # longer than either lane's own work before its model call (analyzers, detectors)
    )
    out = await graph.ainvoke(
        ask(
            "Please review def div(a, b): return a / b, then check the PRD against the privacy policy (passwords in plain text)"
        ),
        context=lanes.context,
    )
    assert out["route"]["method"] == "llm"
    assert out["route"]["lanes"] == ["coder", "governance"]
    (coder_span,) = scripted.models[Lane.CODER].spans
    (gov_span,) = scripted.models[Lane.GOVERNANCE].spans
    assert coder_span[0] < gov_span[1] and gov_span[0] < coder_span[1], "the lanes did not overlap"
    assert [e["lane"] for e in out["trace"]] == [
        "orchestrator",
        "coder",
        "governance",
        "orchestrator",
    ] or [e["lane"] for e in out["trace"]] == [
        "orchestrator",
        "governance",
        "coder",
        "orchestrator",
    ]
    assert out["answer"].startswith("Both done.")
    assert "Verdict: fail" in out["answer"] and "subtracts" in out["answer"]


async def test_the_planner_only_offers_the_routers_candidates(lanes):
    scripted = lanes(
        {
            Lane.ORCHESTRATOR: [
                plan(("s1", "coder", "x", [], False), ("s2", "orchestrator", "y", [], False)),
                "Roadmap.",
                "ok",
            ],
            Lane.CODER: [ANALYSIS],
        }
    )
    await graph.ainvoke(
        ask("Review the billing code and update the roadmap for it, please now"),
        context=lanes.context,
    )
    planner_prompt = scripted.models[Lane.ORCHESTRATOR].calls[0][-1].content
    assert "lanes: coder" in planner_prompt or "lanes: orchestrator" in planner_prompt


async def test_a_dependent_step_waits_and_sees_its_inputs(lanes):
    scripted = lanes(
        {
            Lane.ORCHESTRATOR: [
                plan(
                    ("s1", "coder", "review the payment code", [], False),
                    ("s2", "orchestrator", "write a roadmap from the review", ["s1"], False),
                ),
                "Roadmap: fix the sign bug first.",
                "Done.",
            ],
            Lane.CODER: [ANALYSIS],
        }
    )
    out = await graph.ainvoke(
        ask("Please review the payment code and then write a roadmap from it"),
        context=lanes.context,
    )
    own_work_prompt = scripted.models[Lane.ORCHESTRATOR].calls[1][-1].content
    assert "subtracts where it should add" in own_work_prompt  # s1's result reached s2
    assert [e["lane"] for e in out["trace"]] == [
        "orchestrator",
        "coder",
        "orchestrator",
        "orchestrator",
    ]


async def test_a_risky_governance_step_pauses_for_a_person_and_resumes(lanes):
    lanes(
        {
            Lane.ORCHESTRATOR: [
                plan(
                    (
                        "s1",
                        "governance",
                        "approve shipping the PRD (passwords in plain text)",
                        [],
                        True,
                    )
                )
            ],
            Lane.GOVERNANCE: [VERDICT_FAIL],
        }
    )
    paused_graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t1"}}
    await paused_graph.ainvoke(
        ask("Ship it? Check the policy and the roadmap; passwords are kept in plain text"),
        config,
        context=lanes.context,
    )
    snapshot = await paused_graph.aget_state(config)
    (pending,) = snapshot.interrupts
    assert pending.value["step_id"] == "s1"
    assert pending.value["verdict"]["status"] == "fail"
    assert "answer" not in snapshot.values or not snapshot.values["answer"]

    out = await paused_graph.ainvoke(
        Command(resume={"approved": False, "note": "fix PRIV-2"}), config, context=lanes.context
    )
    assert "Reviewer rejected this verdict (fix PRIV-2)." in out["answer"]
    assert out["results"]["s1"]["data"]["decision"] == {"approved": False, "note": "fix PRIV-2"}


async def test_trace_records_every_model_call(lanes):
    lanes({Lane.CODER: [ANALYSIS]})
    out = await graph.ainvoke(
        ask("Please review def add(a, b): return a - b"), context=lanes.context
    )
    (entry,) = out["trace"]
    assert set(entry) == {
        "lane",
        "backend",
        "model",
        "fallback_from",
        "attempt",
        "latency_ms",
        "prompt_tokens",
        "completion_tokens",
        "error",
        "dialect",  # a structured call says how it asked for its structure
    }
    assert entry["dialect"] == "native"
    assert (entry["lane"], entry["backend"], entry["attempt"], entry["error"]) == (
        "coder",
        "llama_cpp",
        1,
        None,
    )
    assert (entry["prompt_tokens"], entry["completion_tokens"]) == (11, 7)
    assert entry["latency_ms"] >= 0


async def test_each_turn_of_a_thread_has_its_own_results_and_trace(lanes):
    lanes({Lane.CODER: [ANALYSIS], Lane.ORCHESTRATOR: ["Roadmap v1."]})
    threaded = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t2"}}
    await threaded.ainvoke(
        ask("Please review def add(a, b): return a - b"), config, context=lanes.context
    )
    out = await threaded.ainvoke(
        ask("Now sketch the roadmap themes"), config, context=lanes.context
    )
    assert [e["lane"] for e in out["trace"]] == ["orchestrator"]
    assert list(out["results"]) == ["s1"] and out["results"]["s1"]["lane"] == "orchestrator"
    assert len(out["messages"]) == 4  # both turns, questions and answers


def _long_log_reader(lanes, monkeypatch):
    """A super-reader on a (scripted) server whose window is far smaller than the log."""
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_URL", "http://reader-box:8080/v1")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW", "600")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_MAX_TOKENS", "100")
    long_log = "\n".join(f"line {i}: service ok" for i in range(400))
    from lanes.calls.precheck import CHARS_PER_TOKEN
    from lanes.config.lane_table import build_lane_table
    from lanes.config.settings import load_settings
    from nodes.lane_steps.reader_sections import material_budget, split_sections

    table = build_lane_table(load_settings())
    # Same sizing as the node: over HTTP the ratio is the documented estimate.
    sections = split_sections(long_log, material_budget(table), CHARS_PER_TOKEN)
    assert len(sections) > 2
    return long_log, len(sections)


async def test_super_reader_map_reduces_what_does_not_fit(lanes, monkeypatch):
    from graphs.super_reader import graph as reader

    long_log, sections = _long_log_reader(lanes, monkeypatch)
    notes = [f"note {i}" for i in range(sections)]
    scripted = lanes({Lane.SUPER_READER: [*notes, "Digest (section 1)."]})

    out = await reader.ainvoke(
        {"task": "Find errors in this log", "content": long_log}, context=lanes.context
    )
    calls = scripted.models[Lane.SUPER_READER].calls
    assert out["results"]["s1"]["data"]["sections"] == sections
    assert len(calls) == sections + 1  # map every section, then reduce
    assert "(section 2, lines" in calls[-1][-1].content
    assert out["results"]["s1"]["output"] == "Digest (section 1)."


async def test_a_failed_section_alone_moves_to_the_fallback_lane(lanes, monkeypatch):
    from graphs.super_reader import graph as reader

    long_log, sections = _long_log_reader(lanes, monkeypatch)

    def note(messages):
        if "Section 2 " in messages[-1].content or "section 2," in messages[-1].content:
            raise openai.APIConnectionError(request=httpx2.Request("POST", "http://reader-box"))
        return "a note"

    scripted = lanes(
        {
            Lane.SUPER_READER: [note] * sections + ["Digest."],
            Lane.ORCHESTRATOR: ["the note of section 2, from the fallback"],
        }
    )
    out = await reader.ainvoke(
        {"task": "Find errors in this log", "content": long_log}, context=lanes.context
    )
    assert len(scripted.models[Lane.ORCHESTRATOR].calls) == 1  # section 2, nothing else
    # Every other section was read once; the reduce saw all of them, section 2 included.
    assert len(scripted.models[Lane.SUPER_READER].calls) == sections + 1
    reduce_prompt = scripted.models[Lane.SUPER_READER].calls[-1][-1].content
    assert "the note of section 2, from the fallback" in reduce_prompt
    failed = [e for e in out["trace"] if e["error"]]
    assert len(failed) == 1 and failed[0]["lane"] == "super_reader"
    moved = [e for e in out["trace"] if e["lane"] == "orchestrator"]
    assert moved[0]["fallback_from"] == "super_reader" and moved[0]["attempt"] == 2
    assert len(scripted.gateway.attempts) == 0  # the ledger is clear once the task is done


async def test_analyses_verdicts_and_plans_are_recorded_in_the_store(lanes):
    from langgraph.store.memory import InMemoryStore

    from stores.records import list_records

    lanes({Lane.CODER: [ANALYSIS], Lane.GOVERNANCE: [VERDICT_FAIL], Lane.ORCHESTRATOR: ["Plan A."]})
    store = InMemoryStore()
    recorded = builder.compile(store=store)
    await recorded.ainvoke(
        {**ask("Please review def add(a, b): return a - b"), "project": "acme"},
        context=lanes.context,
    )
    await recorded.ainvoke(
        {
            **ask("Check the PRD against the privacy policy: passwords in plain text"),
            "project": "acme",
        },
        context=lanes.context,
    )
    await recorded.ainvoke(
        {**ask("Which themes belong on the roadmap after Q3?"), "project": "acme"},
        context=lanes.context,
    )
    records = await list_records(store, "acme")
    assert sorted(r["kind"] for r in records) == ["analyses", "plans", "verdicts"]
    by_kind = {r["kind"]: r for r in records}
    assert (
        by_kind["analyses"]["quality_assessment"] == "The function subtracts where it should add."
    )
    assert by_kind["verdicts"]["status"] == "fail"
    assert by_kind["plans"]["plan"] == "Plan A."
    assert await list_records(store, "other") == []
