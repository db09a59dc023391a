from lanes import Lane
from nodes.clauses import split_tasks
from nodes.plan import planning_schema
from nodes.router import LaneScores


def test_one_task_stays_whole():
    assert split_tasks("Review and refactor this function") == ["Review and refactor this function"]
    assert split_tasks("What does the README say about lanes?") == [
        "What does the README say about lanes?"
    ]


def test_several_tasks_are_split_in_order():
    assert split_tasks(
        "Review the code in lanes/resolve.py for bugs and check that our README complies with the licence policy"
    ) == [
        "Review the code in lanes/resolve.py for bugs",
        "check that our README complies with the licence policy",
    ]
    assert split_tasks(
        "Plan the sprint. Then check the PRD for GDPR issues; also summarise the logs"
    ) == [
        "Plan the sprint",
        "check the PRD for GDPR issues",
        "summarise the logs",
    ]
    assert split_tasks("1. write the roadmap for Q3\n2. review the payment code") == [
        "write the roadmap for Q3",
        "review the payment code",
    ]


def _scores(best: Lane, second: Lane) -> LaneScores:
    scores = {lane: 0.1 for lane in Lane} | {best: 0.9, second: 0.5}
    return LaneScores(scores=scores, best=best, confidence=0.5)


def test_planning_schema_has_one_step_per_task_among_candidates():
    schema = planning_schema(
        [_scores(Lane.CODER, Lane.ORCHESTRATOR), _scores(Lane.GOVERNANCE, Lane.FAST_RAG)],
    )
    assert schema["title"] == "Plan" and schema["description"]  # ChatOpenAI requires them
    steps = schema["properties"]["steps"]
    assert (steps["minItems"], steps["maxItems"], steps["items"]) == (2, 2, False)
    first, second = steps["prefixItems"]
    assert "task" not in first["properties"]  # no user text in a grammar, ever
    assert first["properties"]["lane"]["enum"][:2] == ["coder", "orchestrator"]
    assert first["properties"]["depends_on"] == {"const": []}
    # Bounded: llama.cpp ignores uniqueItems, so maxItems is what stops a loop.
    assert second["properties"]["depends_on"] == {
        "type": "array",
        "items": {"enum": ["s1"]},
        "maxItems": 1,
    }
    assert second["properties"]["lane"]["enum"][:2] == ["governance", "fast_rag"]
