"""Reviews lead with the analyzers' findings and never reassure over a high one."""

from __future__ import annotations

import json

from langchain_core.messages import HumanMessage

from graphs.supervisor import graph
from lanes.core.lane import Lane

REASSURING = json.dumps(
    {
        "quality_assessment": "Well structured and follows best practices; secure.",
        "refactoring_suggestions": ["Add type hints", "Rename `tags` to `tag_list`"],
        "security_concerns": [],
        "performance_optimizations": ["Use a set for `line 99` lookups"],
    }
)
DEMO_CODE = "def add_tag(tag, tags=[]): tags.append(tag); return tags"
INJECTION = """Please review this:
```python
def find_user(db, name):
    return db.execute("SELECT * FROM users WHERE name = '%s'" % name)
```"""


async def _review(lanes, text: str) -> str:
    lanes({Lane.CODER: [REASSURING]})
    out = await graph.ainvoke({"messages": [HumanMessage(text)]}, context=lanes.context)
    return out["answer"]


async def test_the_demo_snippet_review_names_the_mutable_default(lanes):
    answer = await _review(lanes, f"Review this code: {DEMO_CODE}")
    assert answer.index("B006") < answer.index("Needs changes: 1 problem")  # findings first
    assert "Well structured" not in answer  # a medium finding outranks the model's word
    assert "mutable" in answer.lower() and "line 1" in answer


async def test_a_high_finding_replaces_the_models_reassurance(lanes):
    answer = await _review(lanes, INJECTION)
    assert "S608" in answer and "SQL injection" in answer
    assert "best practices" not in answer and "Not ready to merge" in answer
    # Model notes count only when they point at this code: `tags` is not in it.
    assert "tag_list" not in answer and "line 99" not in answer


async def test_clean_code_says_what_checked_it(lanes):
    clean = "Review:\n```python\ndef total(xs: list[int]) -> int:\n    return sum(xs)\n```"
    answer = await _review(lanes, clean)
    assert (
        "Checked by ruff (python), detect-secrets (python), semgrep (python): no problems found."
        in answer
    )


async def test_code_no_analyzer_reads_is_said_so(lanes):
    rust = 'Review:\n```rust\nfn main() {\n    println!("{}", 1);\n}\n```'
    answer = await _review(lanes, rust)
    assert "no analyzer for rust is installed" in answer


async def test_go_code_is_read_by_the_bug_patterns(lanes):
    go = "Review:\n```go\nfunc Save(tx *sql.Tx) error {\n\ttx.Commit()\n\treturn nil\n}\n```"
    answer = await _review(lanes, go)
    assert "semgrep (go)" in answer and "Error ignored" in answer
