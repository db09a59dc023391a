"""The probe: a linear read of the embedding, used only with the embedder it was fitted for."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from langchain_core.embeddings import FakeEmbeddings
from sklearn.feature_extraction.text import TfidfVectorizer

from lanes.config.settings import GlobalSettings
from lanes.core.lane import Lane
from nodes.defaults import default_router
from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.words import Vocabulary
from nodes.routing.offline.needs_head import Combined, with_needs_head
from nodes.routing.probe import FLOOR, Probe, load_probe, probe_for, silent
from stores.embeddings import MiniLMEmbeddings, build_routing_embeddings

SET = Path(__file__).resolve().parents[3] / "data" / "routing_set.jsonl"


def _probe(embedder: str = "x") -> Probe:
    # Three embedding dimensions, then one word: "ticket".
    matrix = np.zeros((len(Lane), 4), dtype=np.float32)
    matrix[list(Lane).index(Lane.CODER)] = [50.0, 0.0, 0.0, 0.0]
    matrix[list(Lane).index(Lane.ORCHESTRATOR)] = [0.0, 0.0, 0.0, 50.0]
    words = Vocabulary(["ticket"], np.ones(1, dtype=np.float32))
    return Probe(matrix, np.zeros(len(Lane), dtype=np.float32), embedder, words)


def test_the_reading_is_relative_to_the_best_lane_and_floored():
    vectors = np.asarray([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    read = _probe().read(vectors, ["x", "nothing known", "a Ticket please"])
    coder, board = list(Lane).index(Lane.CODER), list(Lane).index(Lane.ORCHESTRATOR)
    assert read[0, coder] == 0.0 and (np.delete(read[0], coder) == FLOOR).all()
    assert (read[1] == 0.0).all()  # nothing known: every lane alike, as a silent probe
    assert read[2, board] == 0.0 and read[2].argmax() == board  # the word decides
    assert (silent(2) == 0.0).all() and silent(2).shape == (2, len(Lane))


def test_the_words_are_read_as_scikit_learn_reads_them():
    texts = [json.loads(line)["text"] for line in SET.read_text().splitlines()[:400]]
    fitted = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(texts[:300])
    ours = Vocabulary.from_fitted(fitted)
    unseen = [*texts[300:], "", "Ünïcode wörds, x y z and émoji 🎉", "a" * 5000]
    expected = fitted.transform(unseen).toarray()
    assert np.allclose(ours.transform(unseen), expected, atol=1e-5)


def test_a_probe_fitted_for_another_embedder_is_not_used():
    embeddings = FakeEmbeddings(size=3)
    assert probe_for(embeddings, _probe("MiniLMEmbeddings:")) is None
    own = _probe(embedder_name(embeddings))
    assert probe_for(embeddings, own) is own
    assert probe_for(embeddings, None) is None


def test_the_packaged_probe_is_for_what_routing_embeds_with():
    probe = load_probe()
    routing = build_routing_embeddings(GlobalSettings(embeddings_url=None))
    assert probe.embedder == embedder_name(routing) != embedder_name(MiniLMEmbeddings())
    assert probe.matrix.shape == (len(Lane), 384 + len(probe.vocabulary.words))
    assert round(Probe.from_json(probe.to_json()).bias.sum(), 3) == round(probe.bias.sum(), 3)


def _with_head(probe: Probe) -> Probe:
    # The needs head: the first dimension means coder, the word "ticket" the board;
    # each lane is read on its own, so both can be likely at once.
    needs = np.zeros((len(Lane), 4), dtype=np.float32)
    needs[list(Lane).index(Lane.CODER)] = [20.0, 0.0, 0.0, 0.0]
    needs[list(Lane).index(Lane.ORCHESTRATOR)] = [0.0, 0.0, 0.0, 20.0]
    bias = np.full(len(Lane), -10.0, dtype=np.float32)
    return replace(probe, needs_matrix=needs, needs_bias=bias)


def test_the_needs_head_reads_each_lane_on_its_own():
    probe = _with_head(_probe())
    vectors = np.asarray([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    read = probe.needs(probe.inputs(vectors, ["fix it", "fix it and file a ticket", "hi"]))
    assert read is not None
    coder, board = list(Lane).index(Lane.CODER), list(Lane).index(Lane.ORCHESTRATOR)
    assert read[0, coder] > 0.99 and read[0, board] < 0.01
    assert read[1, coder] > 0.99 and read[1, board] > 0.99  # two lanes at once
    assert (read[2] < 0.01).all()  # nothing known: no lane needed
    assert _probe().needs(probe.inputs(vectors, ["a", "b", "c"])) is None  # no head, no needs


def test_the_needs_head_survives_the_weights_file():
    probe = _with_head(_probe())
    again = Probe.from_json(json.loads(json.dumps(probe.to_json())))
    assert again.needs_matrix is not None and again.needs_bias is not None
    assert np.allclose(again.needs_matrix, probe.needs_matrix)
    assert np.allclose(again.needs_bias, probe.needs_bias)
    assert Probe.from_json(_probe().to_json()).needs_matrix is None


def test_a_needs_head_is_fitted_on_combined_work():
    probe = _probe()
    coder, board = list(Lane).index(Lane.CODER), list(Lane).index(Lane.ORCHESTRATOR)
    texts = ["fix", "ticket", "fix ticket", "hello"] * 6
    vectors = np.asarray([[1.0, 0, 0], [0, 1.0, 0], [1.0, 0, 0], [0, 0, 1.0]] * 6)
    targets = np.zeros((len(texts), len(Lane)), dtype=int)
    for i, text in enumerate(texts):
        targets[i, coder] = "fix" in text
        targets[i, board] = "ticket" in text
    combined = Combined(texts, vectors, targets)
    fitted = with_needs_head(probe, combined, np.arange(len(texts)), 100.0)
    read = fitted.needs(fitted.inputs(vectors[:4], texts[:4]))
    assert read is not None
    assert ((read >= 0.5) == targets[:4]).all()
    # A lane no row needs gets a constant, not a failed fit.
    assert (
        fitted.needs_bias is not None and fitted.needs_bias[list(Lane).index(Lane.FAST_RAG)] < -20
    )


def test_the_packaged_probe_reads_the_needs_of_combined_work():
    probe = load_probe()
    assert probe.needs_matrix is not None and probe.needs_matrix.shape == probe.matrix.shape
    router = default_router()
    docs_then_board, review = router.score_many(
        [
            "what does our on-call runbook say about escalation? file tickets for the gaps",
            "review this function for bugs: def f(x=[]): x.append(1)",
        ]
    )
    assert docs_then_board.needs is not None and review.needs is not None
    assert docs_then_board.needs[Lane.FAST_RAG] > 0.5 < docs_then_board.needs[Lane.ORCHESTRATOR]
    assert review.needs[Lane.CODER] > 0.5
    assert max(p for lane, p in review.needs.items() if lane is not Lane.CODER) < 0.5
