"""fast_rag says "not found" when the sources are on topic but silent (embedded model).

A corpus written for this test: pages about offices, services and policies. Each
unanswerable question is about a topic that *has* a page (so retrieval finds it and the
first, cheap gate passes); only the model's own ``answerable`` can say no.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphs.fast_rag import graph as fast_rag
from prompts.fast_rag import NOT_FOUND
from tests.integration.cli import cortex

PAGES = {
    "berlin-office.md": "# Berlin office\n\nThe Berlin office is at Torstrasse 12. It opens "
    "at 8:00 and has 40 desks. Visitors sign in at reception on the ground floor.",
    "lisbon-office.md": "# Lisbon office\n\nThe Lisbon office is in Alcantara, next to the "
    "river. It has bike storage in the basement and a rooftop terrace.",
    "payments-service.md": "# Payments service\n\nThe payments service runs in eu-west-1 and "
    "listens on port 7443. The Payments Platform team owns it.",
    "search-service.md": "# Search service\n\nThe search service runs Elasticsearch 8. Its "
    "index is rebuilt every night at 02:00.",
    "oncall.md": "# On-call\n\nThe on-call rota changes every Monday at 10:00. Pages go to "
    "PagerDuty, and the secondary is paged after 15 minutes.",
    "vacation.md": "# Vacation\n\nNew hires get 25 vacation days a year. Requests go through "
    "the HR portal two weeks ahead.",
    "laptops.md": "# Laptops\n\nEngineers get a 14-inch laptop, replaced every three years. "
    "Broken laptops go to the IT desk on the second floor.",
}
UNANSWERABLE = [
    "What is the dress code at the Berlin office?",
    "How many parking spaces does the Lisbon office have?",
    "What database does the payments service use?",
    "Who manages the search team?",
    "How much is the on-call allowance per week?",
    "Can unused vacation days be carried over to next year?",
    "Which operating system do engineer laptops run?",
    "What is the Wi-Fi network name in the Berlin office?",
    "How long does the search service keep query logs?",
    "What is the budget of the payments service?",
]
ANSWERABLE = [
    ("What port does the payments service listen on?", "7443"),
    ("When does the on-call rota change?", "Monday"),
    ("How many vacation days do new hires get?", "25"),
    ("What time does the Berlin office open?", "8"),
    ("When is the search index rebuilt?", "02:00"),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, embedded_gguf: Path) -> Path:
    home = tmp_path_factory.mktemp("handbook")
    (home / "docs").mkdir()
    for name, text in PAGES.items():
        (home / "docs" / name).write_text(text + "\n")
    data = home / "data"
    done = cortex("ingest", "docs", "--project", "handbook", cwd=home, ARGOS_DATA_DIR=str(data))
    assert done.returncode == 0, done.stderr
    return data


async def _answer(question: str) -> dict:
    return await fast_rag.ainvoke({"task": question, "project": "handbook"})


async def test_on_topic_questions_the_pages_do_not_answer_come_back_not_found(
    data_dir, monkeypatch
):
    monkeypatch.setenv("ARGOS_DATA_DIR", str(data_dir))
    said_not_found = []
    for question in UNANSWERABLE:
        out = await _answer(question)
        (result,) = out["results"].values()
        said_not_found.append(result["output"].startswith(NOT_FOUND[:-1]))
    rate = sum(said_not_found) / len(said_not_found)
    print(f"\nnot found on {sum(said_not_found)}/{len(said_not_found)} unanswerable questions")
    missed = [q for q, said in zip(UNANSWERABLE, said_not_found, strict=True) if not said]
    assert rate >= 0.8, missed


async def test_questions_the_pages_answer_are_answered_with_their_source(data_dir, monkeypatch):
    monkeypatch.setenv("ARGOS_DATA_DIR", str(data_dir))
    right = []
    for question, fact in ANSWERABLE:
        out = await _answer(question)
        (result,) = out["results"].values()
        right.append(fact in result["output"] and bool(out["citations"]))
    print(f"\nanswered with a citation on {sum(right)}/{len(right)}")
    wrong = [q for (q, _), ok in zip(ANSWERABLE, right, strict=True) if not ok]
    assert sum(right) >= len(right) - 1, wrong
