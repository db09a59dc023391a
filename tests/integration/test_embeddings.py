"""The embedded MiniLM ONNX embeddings, as the router and retrieval will use them."""

from __future__ import annotations

import asyncio

import numpy as np

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
