"""The probe: a linear read of the embedding, used only with the embedder it was fitted for."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from langchain_core.embeddings import FakeEmbeddings
from sklearn.feature_extraction.text import TfidfVectorizer

from lanes.core.lane import Lane
from nodes.routing.probe import FLOOR, Probe, load_probe, probe_for, silent
from nodes.routing.semantic import embedder_name
from nodes.routing.words import Vocabulary
from stores.embeddings import MiniLMEmbeddings

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
    ours = Vocabulary(list(fitted.get_feature_names_out()), fitted.idf_.astype(np.float32))
    unseen = [*texts[300:], "", "Ünïcode wörds, x y z and émoji 🎉", "a" * 5000]
    expected = fitted.transform(unseen).toarray()
    assert np.allclose(ours.transform(unseen), expected, atol=1e-5)


def test_a_probe_fitted_for_another_embedder_is_not_used():
    embeddings = FakeEmbeddings(size=3)
    assert probe_for(embeddings, _probe("MiniLMEmbeddings:")) is None
    own = _probe(embedder_name(embeddings))
    assert probe_for(embeddings, own) is own
    assert probe_for(embeddings, None) is None


def test_the_packaged_probe_is_for_the_packaged_embeddings():
    probe = load_probe()
    assert probe.embedder == embedder_name(MiniLMEmbeddings())
    assert probe.matrix.shape == (len(Lane), 384 + len(probe.vocabulary.words))
    assert round(Probe.from_json(probe.to_json()).bias.sum(), 3) == round(probe.bias.sum(), 3)
