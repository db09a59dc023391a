"""The embedded MiniLM ONNX embeddings, as the router and retrieval will use them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stores.embeddings import MINILM_DIMENSIONS, MiniLMEmbeddings

DOCS = [
    "To reset your password, open Settings, choose Security and click 'Forgot password'.",
    "The cafeteria on the second floor serves lunch from noon until two.",
    "Quarterly revenue grew by four percent compared with last year.",
    "Our office dog is called Biscuit and likes tennis balls.",
    "The deployment pipeline runs unit tests before building the container image.",
]


def _rank(embeddings: MiniLMEmbeddings, query: str) -> list[int]:
    docs = np.array(embeddings.embed_documents(DOCS))
    scores = docs @ np.array(embeddings.embed_query(query))
    return list(np.argsort(-scores))


def test_relevant_sentences_rank_above_unrelated_ones():
    e = MiniLMEmbeddings()
    assert _rank(e, "How do I change my login password?")[0] == 0
    assert _rank(e, "When can I get food at work?")[0] == 1
    assert _rank(e, "Do we run tests in CI before shipping images?")[0] == 4


def test_vectors_are_unit_length_and_independent_of_batching():
    texts = [DOCS[i % len(DOCS)] * (1 + i % 3) for i in range(11)]
    batched = np.array(MiniLMEmbeddings(batch_size=4).embed_documents(texts))
    alone = np.array([MiniLMEmbeddings().embed_query(t) for t in texts])
    assert batched.shape == (11, MINILM_DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    # Sorting by length for batching must not reorder or change the results.
    np.testing.assert_allclose(batched, alone, atol=1e-4)


def test_async_embedding_matches_sync():
    e = MiniLMEmbeddings()
    sync = e.embed_query(DOCS[0])
    assert np.allclose(asyncio.run(e.aembed_query(DOCS[0])), sync, atol=1e-6)
    assert e.embed_documents([]) == []


def test_a_request_and_its_pieces_come_from_one_pass():
    model = MiniLMEmbeddings()
    text = "what does our on-call doc say about escalation? make tickets for the gaps"
    pieces = ["what does our on-call doc say about escalation?", "make tickets for the gaps"]
    spans = [(text.find(p), text.find(p) + len(p)) for p in pieces]
    whole, parts = model.embed_with_spans(text, spans)
    apart = np.asarray(model.embed_documents([text, *pieces]))
    assert float(whole @ apart[0]) > 0.9999  # the whole is the usual embedding
    for vector, own in zip(parts, apart[1:], strict=True):
        assert vector is not None and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
        assert float(vector @ own) > 0.75  # close to the piece embedded on its own
    assert float(parts[0] @ apart[1]) > float(parts[0] @ apart[2])


def test_a_piece_past_what_the_model_reads_has_no_vector():
    model = MiniLMEmbeddings()
    text = "word " * 400 + "the last piece"
    start = text.find("the last piece")
    _, (late,) = model.embed_with_spans(text, [(start, len(text))])
    assert late is None


def test_routing_embeds_a_request_with_pieces_once_or_apart():
    from nodes.routing.semantic import SemanticRouter

    class Apart:
        def __init__(self) -> None:
            self.model = MiniLMEmbeddings()
            self.calls: list[list[str]] = []

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            self.calls.append(texts)
            return self.model.embed_documents(texts)

    text = "review auth.py. then file tickets for what you find"
    pieces = ["review auth.py.", "then file tickets for what you find"]
    together = SemanticRouter(MiniLMEmbeddings(), {}).embed_request(text, pieces)
    plain = Apart()
    apart = SemanticRouter(plain, {}).embed_request(text, pieces)  # type: ignore[arg-type]
    assert together.shape == apart.shape == (3, MINILM_DIMENSIONS)
    assert plain.calls == [[text, *pieces]]  # no spans: embedded apart, in one batch
    assert float(together[0] @ apart[0]) > 0.9999
    missing = SemanticRouter(MiniLMEmbeddings(), {}).embed_request(text, ["not in the text"])
    assert missing.shape == (2, MINILM_DIMENSIONS)


def test_int8_arithmetic_is_built_once_ranks_alike_and_stays_close(tmp_path):
    int8 = MiniLMEmbeddings(int8_in=tmp_path / "models")
    assert _rank(int8, "How do I change my login password?")[0] == 0
    assert _rank(int8, "Do we run tests in CI before shipping images?")[0] == 4
    (built,) = (tmp_path / "models").glob("minilm-int8-arithmetic-*.onnx")
    stamp = built.stat().st_mtime_ns
    again = MiniLMEmbeddings(int8_in=tmp_path / "models")
    fast, exact = (
        np.array(again.embed_documents(DOCS)),
        np.array(MiniLMEmbeddings().embed_documents(DOCS)),
    )
    assert built.stat().st_mtime_ns == stamp  # the second process reads it, builds nothing
    assert [p.name for p in (tmp_path / "models").iterdir()] == [built.name]  # no leftovers
    assert np.min(np.sum(fast * exact, axis=1)) > 0.97


def test_a_damaged_int8_copy_is_built_again_not_an_internal_error(tmp_path):
    MiniLMEmbeddings(int8_in=tmp_path / "models").embed_query("warm")
    (built,) = (tmp_path / "models").glob("minilm-int8-arithmetic-*.onnx")
    whole = built.stat().st_size
    with built.open("r+b") as damaged:  # a disk or a copy cut it short
        damaged.truncate(whole // 20)
    vectors = MiniLMEmbeddings(int8_in=tmp_path / "models").embed_documents(DOCS[:1])
    assert len(vectors[0]) == MINILM_DIMENSIONS
    assert built.stat().st_size == whole


def test_int8_arithmetic_without_a_writable_folder_is_built_for_the_process(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")  # mkdir under it fails for root too
    vectors = MiniLMEmbeddings(int8_in=blocked / "models").embed_documents(DOCS[:1])
    assert len(vectors[0]) == MINILM_DIMENSIONS
    assert blocked.read_text() == "not a folder"


@pytest.mark.slow  # make test-slow (CI): three processes build the model, about 18 s
def test_processes_building_the_int8_model_at_once_all_get_one_whole_file(tmp_path):
    script = (
        "import sys; from pathlib import Path; from stores.embeddings import MiniLMEmbeddings;"
        "print(len(MiniLMEmbeddings(int8_in=Path(sys.argv[1])).embed_query('hello')))"
    )
    repo = Path(__file__).resolve().parents[2]
    for round_ in range(2):
        folder = tmp_path / f"round{round_}"
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(folder)],
                cwd=repo,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        outputs = [w.communicate(timeout=120) for w in workers]
        assert [
            (w.returncode, out.strip()) for w, (out, _) in zip(workers, outputs, strict=True)
        ] == [(0, str(MINILM_DIMENSIONS))] * 3, [err[-500:] for _, err in outputs]
        assert len(list(folder.iterdir())) == 1  # one model, no half-written leftovers
        assert not any("pre-processing" in err for _, err in outputs)  # the quantizer's advice
