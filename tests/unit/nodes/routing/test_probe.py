"""The probe: a linear read of the embedding, used only with the embedder it was fitted for."""

from __future__ import annotations

import numpy as np
from langchain_core.embeddings import FakeEmbeddings

from lanes.core.lane import Lane
from nodes.routing.probe import FLOOR, Probe, load_probe, probe_for, silent
from nodes.routing.semantic import embedder_name
from stores.embeddings import MiniLMEmbeddings


def _probe(embedder: str = "x") -> Probe:
    matrix = np.zeros((len(Lane), 3), dtype=np.float32)
    matrix[list(Lane).index(Lane.CODER)] = [50.0, 0.0, 0.0]
    return Probe(matrix, np.zeros(len(Lane), dtype=np.float32), embedder)


def test_the_reading_is_relative_to_the_best_lane_and_floored():
    read = _probe().read(np.asarray([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    coder = list(Lane).index(Lane.CODER)
    assert read[0, coder] == 0.0 and (np.delete(read[0], coder) == FLOOR).all()
    assert (read[1] == 0.0).all()  # nothing known: every lane alike, as a silent probe
    assert (silent(2) == 0.0).all() and silent(2).shape == (2, len(Lane))


def test_a_probe_fitted_for_another_embedder_is_not_used():
    embeddings = FakeEmbeddings(size=3)
    assert probe_for(embeddings, _probe("MiniLMEmbeddings:")) is None
    own = _probe(embedder_name(embeddings))
    assert probe_for(embeddings, own) is own
    assert probe_for(embeddings, None) is None


def test_the_packaged_probe_is_for_the_packaged_embeddings():
    probe = load_probe()
    assert probe.embedder == embedder_name(MiniLMEmbeddings())
    assert probe.matrix.shape == (len(Lane), 384)
    assert round(Probe.from_json(probe.to_json()).bias.sum(), 3) == round(probe.bias.sum(), 3)
