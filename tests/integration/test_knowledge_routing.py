"""A question about a project's own knowledge reaches fast_rag and cites the document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.cli import cortex

DOCS = {
    "teams.md": "# Teams\n\nThe billing service is owned by the Payments Platform team, "
    "which is run by Dana Okafor.\n",
    "logging.md": "# Logging\n\nAccess logs are kept for 400 days, then the retention job "
    "deletes them.\n",
    "office.md": "# Lisbon office\n\nThe Lisbon office opens at 8:30 and closes at 19:00.\n",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, embedded_gguf: Path) -> Path:
    home = tmp_path_factory.mktemp("acme")
    (home / "docs").mkdir()
    for name, text in DOCS.items():
        (home / "docs" / name).write_text(text)
    done = cortex("ingest", "docs", "--project", "acme", cwd=home)
    assert done.returncode == 0, done.stderr
    return home


def test_a_relevant_match_is_evidence_for_fast_rag(project):
    question = "Who runs the team that owns billing?"
    with_kb = json.loads(
        cortex("route", "--json", "--project", "acme", question, cwd=project).stdout
    )
    without = json.loads(cortex("route", "--json", question, cwd=project).stdout)
    assert with_kb["lanes"] == ["fast_rag"]
    assert with_kb["confidence"] >= without["confidence"] or without["lanes"] != ["fast_rag"]
    # A request that is not a question about the knowledge base is not pulled over.
    code = "Review def bill(total): return total * 1.2"
    assert json.loads(cortex("route", "--json", "--project", "acme", code, cwd=project).stdout)[
        "lanes"
    ] == ["coder"]


def test_cortex_ask_with_a_project_cites_the_document_holding_the_answer(project):
    result = cortex(
        "ask", "--json", "--project", "acme", "How long are access logs kept?", cwd=project,
        ARGOS_LANE_FAST_RAG_MAX_TOKENS="48",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    body = json.loads(result.stdout)
    assert body["lanes"] == ["fast_rag"]
    assert "logging.md" in [c["source"] for c in body["citations"]]
