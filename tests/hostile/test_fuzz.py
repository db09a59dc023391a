"""200 generated hostile requests through the real router, and some through the planner."""

from __future__ import annotations

import random

import pytest

from lanes.backends.llama_grammar import compile_grammar
from lanes.core.errors import CortexError, InvalidSchema
from nodes.defaults import default_gateway, default_router, outside_graph
from nodes.routing.clauses import split_tasks
from nodes.routing.decision import decide
from nodes.routing.planner import plan_with_llm, planning_schema
from nodes.routing.request_view import clean_request

PIECES = [
    '"', "'", "\\", "\\n", "\\u0000", "{", "}", "[", "]", "{{x}}", "%s", "$(rm -rf)", "\n",
    "\t", "\r", "\x00", "\x07", "\u202e", "\u200f", "\u05e2\u05d1\u05e8\u05d9\u05ea",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\U0001f680", "\U0001f9d1\u200d\U0001f4bb",
    "\udcff", "\ud83d", "</s>", "<|im_end|>", "User:", "Assistant:", "::=", "root ::=", "```json",
    "null", "true", '{"steps": []}', "then", "; also", "1. ", "- ",
]  # fmt: skip
WORDS = ["review", "the", "billing", "code", "summarise", "this", "log", "policy", "roadmap",
         "what", "does", "our", "docs", "say", "about", "retention", "check", "PRD"]  # fmt: skip


def hostile_requests(n: int, seed: int = 8) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [
            rng.choice(PIECES if rng.random() < 0.4 else WORDS) for _ in range(rng.randint(1, 30))
        ]
        out.append(" ".join(parts))
    return out


@pytest.fixture(scope="module")
def vocab(embedded_gguf):
    gateway = default_gateway()
    resolved = gateway.table.lanes[next(iter(gateway.table.lanes))]
    return gateway.models.get(embedded_gguf, resolved.context_window).llama._model.vocab


async def test_200_hostile_requests_route_without_a_crash(embedded_gguf, vocab):
    router = default_router()
    for request in hostile_requests(200):
        tasks = split_tasks(clean_request(request) or "empty")
        scores = router.score_many(tasks[:6])
        compile_grammar(planning_schema(scores), vocab)  # parses, or InvalidSchema: never SIGSEGV


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
async def test_hostile_requests_through_the_real_planner(embedded_gguf):
    # Every 40th request goes through the in-process planner itself (decide() would not
    # plan with an in-process orchestrator under ARGOS_ROUTER_PLANNER=auto), then the
    # whole route; all 200 are routed and their planning grammar compiled above.
    router = default_router()
    for request in hostile_requests(200)[::40]:
        text = clean_request(request) or "empty"
        tasks = split_tasks(text)[:6]
        scores = router.score_many(tasks)
        try:
            plan, _ = await plan_with_llm(outside_graph(), text, tasks, tasks, scores)
        except CortexError:
            continue  # a typed failure is the planner's contract; decide() falls back
        assert [step.task for step in plan.steps] == tasks
        decision = await decide(request, outside_graph())
        assert all(step.task for step in decision.plan.steps)


def test_a_grammar_that_does_not_parse_is_a_typed_error_not_a_crash(vocab):
    # llama-cpp-python's converter mis-escapes a quote in a const; llama.cpp would segfault.
    schema = {"type": "object", "properties": {"t": {"const": 'say "hi"'}}, "required": ["t"]}
    with pytest.raises(InvalidSchema) as err:
        compile_grammar(schema, vocab)
    assert "does not parse" in str(err.value)
