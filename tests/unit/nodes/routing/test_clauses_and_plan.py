from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.clauses import split_tasks
from nodes.routing.planner import planning_schema


def test_one_task_stays_whole():
    assert split_tasks("Review and refactor this function") == ["Review and refactor this function"]
    assert split_tasks("What does the README say about lanes?") == [
        "What does the README say about lanes?"
    ]


def test_a_plain_and_or_a_new_sentence_does_not_split():
    # Only explicit sequencing splits: an "and" usually elaborates its head.
    for text in (
        "Review the code in lanes/config/lane_table.py for bugs and check that our README complies with the licence policy",
        "Assess the quality of the retry module and suggest a better structure",
        "Here is the stack trace. Find the cause.",
    ):
        assert split_tasks(text) == [text.rstrip(".")] or split_tasks(text) == [text]


def test_several_tasks_are_split_in_order():
    assert split_tasks(
        "Plan the sprint. Then check the PRD for GDPR issues; also summarise the logs"
    ) == [
        "Plan the sprint",
        "check the PRD for GDPR issues",
        "summarise the logs",
    ]
    assert split_tasks("Review the upload handler, and then check it against our policy") == [
        "Review the upload handler",
        "check it against our policy",
    ]


def test_a_clause_that_points_back_or_hands_over_material_stays_with_its_head():
    assert split_tasks("We plan to log card numbers for debugging; is that allowed?") == [
        "We plan to log card numbers for debugging; is that allowed?"
    ]
    assert split_tasks("Here's the whole week of logs; find the spikes") == [
        "Here's the whole week of logs; find the spikes"
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
