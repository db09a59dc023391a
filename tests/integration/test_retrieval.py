"""Retrieval quality on a generated corpus, embedded Chroma and a real Chroma server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from stores.embeddings import MiniLMEmbeddings
from stores.ingest import ingest_path
from stores.retrieval import hybrid_search, is_relevant
from stores.vectors import VectorStore
from tests.integration.corpus import UNANSWERABLE, corpus, questions
from tests.integration.servers import free_port, serve

DOCS = corpus()
QUESTIONS = questions(DOCS)


def build(tmp: Path, chroma_url: str | None = None) -> VectorStore:
    folder = tmp / "kb"
    folder.mkdir()
    for i, doc in enumerate(DOCS):
        (folder / f"service_{i:03}.md").write_text(str(doc["text"]))
    store = VectorStore(tmp / "data", MiniLMEmbeddings(), "kb", chroma_url=chroma_url)
    report = asyncio.run(ingest_path(folder, store))
    assert report.files == len(DOCS)
    return store


def answers(store: VectorStore) -> list[list[str]]:
    return [[h.source for h in hybrid_search(store, q, k=5)] for q, _ in QUESTIONS]


def hit_rate(found: list[list[str]]) -> float:
    return sum(
        f"service_{i:03}.md" in top for top, (_, i) in zip(found, QUESTIONS, strict=True)
    ) / len(QUESTIONS)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> VectorStore:
    return build(tmp_path_factory.mktemp("embedded"))


def test_the_document_with_the_fact_is_in_the_top_5_for_90_percent(embedded):
    rate = hit_rate(answers(embedded))
    print(
        f"\nhybrid top-5 hit rate on {len(QUESTIONS)} questions over {len(DOCS)} documents: {rate:.0%}"
    )
    assert rate >= 0.9


def test_answerable_questions_find_relevant_chunks_and_unanswerable_ones_none(embedded):
    answerable = [any(map(is_relevant, hybrid_search(embedded, q, k=5))) for q, _ in QUESTIONS]
    unanswerable = {
        q: [h for h in hybrid_search(embedded, q, k=5) if is_relevant(h)] for q in UNANSWERABLE
    }
    print(f"\nanswerable with a relevant chunk: {sum(answerable)}/{len(answerable)}")
    assert all(answerable)
    assert not any(unanswerable.values()), unanswerable


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    tmp = tmp_path_factory.mktemp("chroma")
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(__import__("sys").executable).with_name("chroma")), "run",
               "--path", str(tmp / "db"), "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with serve(command, ready_url=f"{url}/api/v2/heartbeat", log=tmp / "chroma.log", timeout_s=60):
        yield url


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
def test_a_chroma_server_gives_the_same_answers_as_the_embedded_store(
    embedded, chroma_server, tmp_path
):
    served = build(tmp_path, chroma_url=chroma_server)
    assert served.count() == embedded.count()
    assert answers(served) == answers(embedded)


def test_keyword_search_sees_what_another_store_wrote_and_forgets_what_it_deleted(tmp_path):
    """Two handles on one collection (two processes, in effect) keep one keyword index each."""
    reader = VectorStore(tmp_path / "data", MiniLMEmbeddings(), "kb")
    writer = VectorStore(tmp_path / "data", MiniLMEmbeddings(), "kb")
    assert reader.keyword_search("rsyncable archives", 5) == []
    writer.replace_file(
        "docs", "gzip.md", "h1", ["gzip#0"], ["--rsyncable makes rsync-friendly archives"]
    )
    assert [h.id for h in reader.keyword_search("rsyncable archives", 5)] == ["gzip#0"]
    writer.delete_sources("docs", {"gzip.md"})
    assert reader.keyword_search("rsyncable archives", 5) == []
