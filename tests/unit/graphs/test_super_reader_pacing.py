"""The super-reader sends its sections at the pace its endpoint takes them."""

from __future__ import annotations

from lanes.core.lane import Lane
from prompts.super_reader import MAP_SYSTEM

SLOTS, QUEUE = 2, 2


async def test_many_sections_on_a_small_endpoint_are_all_read_without_a_full_queue(
    lanes, monkeypatch
):
    from graphs.super_reader import graph as reader

    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_URL", "http://reader-box:8080/v1")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW", "600")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_MAX_TOKENS", "100")
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_MAX_PARALLEL", str(SLOTS))
    monkeypatch.setenv("ARGOS_LANE_SUPER_READER_MAX_QUEUE", str(QUEUE))
    long_log = "\n".join(f"line {i}: service ok" for i in range(1500))
    seen: list[tuple[int, int]] = []  # (in flight, waiting) as each section is read

    def reply(messages):
        if messages[0].content != MAP_SYSTEM:
            return "Digest."  # combining the notes
        limiter = scripted.gateway.endpoint(scripted.gateway.table[Lane.SUPER_READER]).limiter()
        seen.append((limiter.in_flight, limiter.waiting))
        return "a note"

    scripted = lanes({Lane.SUPER_READER: [reply] * 60}, delay=0.01)
    out = await reader.ainvoke(
        {"task": "Find errors in this log", "content": long_log}, context=lanes.context
    )
    result = out["results"]["s1"]
    sections = result["data"]["sections"]
    assert sections > 3 * (SLOTS + QUEUE)  # far more sections than the endpoint takes at once
    assert [e for e in out["trace"] if e["error"]] == []  # no section was refused or moved
    assert {e["lane"] for e in out["trace"]} == {"super_reader"}
    assert len(seen) == sections
    assert max(in_flight + waiting for in_flight, waiting in seen) <= SLOTS
    assert max(in_flight for in_flight, _ in seen) == SLOTS  # paced, not serialised
    assert result["output"] == "Digest."
