"""The notes model's veto: tickets it finds are not work become context, never new tickets."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import date

import numpy as np
from langchain_core.embeddings import FakeEmbeddings

from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.text_model import TextModel
from nodes.plumbing.words import Vocabulary
from nodes.pm.notes.action_model import NOT_WORK, load_action_model, without_chatter
from nodes.pm.notes.reading import Reading, read_by_rules
from nodes.pm.notes.rules import ActionItem
from stores.embeddings import MiniLMEmbeddings

EMBEDDINGS = FakeEmbeddings(size=3)


def _model(embedder: str, chatter: str = "thanks") -> TextModel:
    # The word ``chatter`` says chatter; everything else is work.
    words = Vocabulary([chatter], np.ones(1, dtype=np.float32))
    weights = np.asarray([0.0, 0.0, 0.0, -40.0], dtype=np.float32)
    return TextModel(weights, 5.0, 0.5, embedder, words)


def _reading() -> Reading:
    items = [
        ActionItem("Update the runbook", "Priya", None, "Priya to update the runbook"),
        ActionItem("Thanks everyone", None, None, "thanks everyone for the demo"),
    ]
    return Reading(items=items, context=[("Notes from Monday", "the note's title")])


def test_a_ticket_the_model_finds_is_not_work_becomes_context_with_the_reason():
    model = _model(embedder_name(EMBEDDINGS))
    reading = asyncio.run(without_chatter(_reading(), EMBEDDINGS, model))
    assert [item.owner for item in reading.items] == ["Priya"]
    assert ("thanks everyone for the demo", NOT_WORK) in reading.context
    assert ("Notes from Monday", "the note's title") in reading.context  # kept


def test_without_embeddings_or_with_another_embedder_nothing_changes():
    for embeddings, model in ((None, _model("x")), (EMBEDDINGS, _model("another:model"))):
        reading = asyncio.run(without_chatter(_reading(), embeddings, model))
        assert len(reading.items) == 2 and len(reading.context) == 1


def test_the_weights_survive_the_file():
    model = _model("MiniLMEmbeddings:")
    again = TextModel.from_json(json.loads(json.dumps(model.to_json())))
    assert np.allclose(again.weights, model.weights) and again.bar == model.bar
    assert again.vocabulary.words == ["thanks"]


def test_the_packaged_model_tells_work_from_thanks_on_minilm():
    model = load_action_model()
    embeddings = MiniLMEmbeddings()
    assert model.embedder == embedder_name(embeddings)
    texts = [
        "Marta to send the revised budget to finance by Friday",
        "Thanks everyone, great sprint!",
        "Yesterday I finished the CSV export and merged it",
    ]
    work, thanks, done = model.probabilities(np.asarray(embeddings.embed_documents(texts)), texts)
    assert work > 0.5 > max(thanks, done)
    assert 0.0 <= model.bar < 0.5  # a veto for what is clearly not work, nothing more


def test_the_notes_reader_applies_the_veto_through_its_dependencies(monkeypatch):
    from nodes.defaults import outside_graph
    from nodes.pm.notes import action_model
    from nodes.pm.notes.reader import read_notes

    monkeypatch.setattr(
        action_model, "load_action_model", lambda: _model(embedder_name(EMBEDDINGS), "holiday")
    )
    note = (
        "Weekly sync\n\n- Marta to send the revised budget to finance by Friday\n"
        "- Leo will be on holiday next week"
    )
    today = date(2026, 11, 23)
    by_rules = read_by_rules(note, today)
    assert {item.owner for item in by_rules.items} == {"Marta", "Leo"}  # the rules ticket both
    parts = replace(outside_graph(), default_embeddings=lambda: EMBEDDINGS)
    reading, _ = asyncio.run(read_notes(note, parts, today))
    assert [item.owner for item in reading.items] == ["Marta"]
    assert any(why == NOT_WORK and "holiday" in clause for clause, why in reading.context)
    # Without embeddings (a test's scripted parts) the rules' reading stands.
    alone, _ = asyncio.run(read_notes(note, replace(parts, default_embeddings=None), today))
    assert len(alone.items) == 2
