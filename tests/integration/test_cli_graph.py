"""cortex route, ingest and ask as a user runs them, on the embedded defaults."""

from __future__ import annotations

import json

from tests.integration.cli import cortex


def test_route_reads_one_request_per_line_and_prints_json_lines(tmp_path):
    done = cortex(
        "route", "-", cwd=tmp_path,
        stdin="Review this Go function for data races\n\nIs this PRD compliant with GDPR?\n",
    )  # fmt: skip
    # One output line per input line, numbered; the blank line answers with an error
    # (and makes the exit code 1) instead of shifting the lines after it.
    assert done.returncode == 1, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert rows[1] == {"line": 2, "error": "empty request; give one request per line"}
    assert [rows[0]["lanes"], rows[2]["lanes"]] == [["coder"], ["governance"]]
    for row in (rows[0], rows[2]):
        assert set(row) == {"line", "lanes", "method", "confidence", "ms"}
        assert row["method"] == "semantic" and 0 <= row["confidence"] <= 1


def test_ingest_then_ask_answers_with_citations_and_a_trace(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ports.md").write_text("# Ports\n\nThe admin console listens on port 9443.\n")
    (docs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    done = cortex("ingest", "docs", "--project", "acme", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["files"], report["chunks"]) == (1, 1)
    assert report["skipped"] == [{"path": "logo.png", "reason": "binary file (not UTF-8 text)"}]

    asked = cortex(
        "ask", "According to the docs, which port does the admin console listen on?",
        "--project", "acme", "--json", cwd=tmp_path,
    )  # fmt: skip
    assert asked.returncode == 0, asked.stderr
    out = json.loads(asked.stdout)
    assert set(out) == {"answer", "thread_id", "lanes", "trace", "citations", "changes"}
    assert out["changes"] == []  # a question changes nothing on the board
    assert out["lanes"] == ["fast_rag"]
    assert out["citations"][0]["source"] == "ports.md"
    # On the embedded model the answer is the page's own sentence, quoted under its section
    # path: no model call.
    assert out["answer"].startswith(
        "§ ports.md > Ports\nThe admin console listens on port 9443. [1]"
    )
    assert out["trace"] == []

    again = cortex(
        "ask", "Now plan the next sprint", "--thread", out["thread_id"], "--json", cwd=tmp_path,
        ARGOS_LANE_ORCHESTRATOR_MAX_TOKENS="64",  # the plan's prose: its first lines will do
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    follow_up = json.loads(again.stdout)
    assert follow_up["thread_id"] == out["thread_id"]
    assert follow_up["lanes"] == ["orchestrator"]

    records = cortex("records", "--json", cwd=tmp_path)  # the plan went to the default project
    assert records.returncode == 0, records.stderr
    (plan,) = json.loads(records.stdout)
    assert (plan["kind"], plan["task"]) == ("plans", "Now plan the next sprint")


def test_ingest_of_a_missing_path_is_a_clear_error(tmp_path):
    done = cortex("ingest", "nowhere", cwd=tmp_path)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert "nowhere: no such file or directory" in line
