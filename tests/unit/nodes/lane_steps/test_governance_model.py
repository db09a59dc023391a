"""The compliance model: a finding with a quote and the nearest rule, only where it fires."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
from langchain_core.embeddings import Embeddings

from lanes.config.policy_rules import PolicyRule, packaged_policies
from nodes.lane_steps.governance_checks import check_verdict
from nodes.lane_steps.governance_detect import detected
from nodes.lane_steps.governance_model import (
    ComplianceModel,
    load_compliance_model,
    model_finding,
    with_model_finding,
)
from nodes.lane_steps.governance_verdict import Finding, Verdict
from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.text_model import TextModel
from nodes.plumbing.words import Vocabulary
from stores.embeddings import MiniLMEmbeddings

TOPICS = ("card", "password", "consent")


class TopicEmbeddings(Embeddings):
    """A vector that counts three topic words: enough to say which rule a sentence is like."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(text.lower().count(t)) + 0.01 for t in TOPICS] for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


EMBEDDINGS = TopicEmbeddings()
RULES = (
    PolicyRule(id="PCI-9", text="Never log a card number.", severity="high"),
    PolicyRule(id="SEC-9", text="No password in a document.", severity="medium"),
)
MATERIAL = "Checkout notes.\nWe log the card number in plaintext for support.\nShip Friday."


def _model(embedder: str, bar: float = 0.5) -> ComplianceModel:
    # The word "plaintext" says a control is broken; nothing else counts.
    words = Vocabulary(["plaintext"], np.ones(1, dtype=np.float32))
    weights = np.asarray([0.0, 0.0, 0.0, 40.0], dtype=np.float32)
    model = TextModel(weights, -5.0, bar, embedder, words)
    return ComplianceModel(document=model, sentence=model)


def test_it_quotes_the_sentence_that_shows_it_and_cites_the_rule_most_like_it():
    found = model_finding(RULES, MATERIAL, EMBEDDINGS, _model(embedder_name(EMBEDDINGS)))
    assert found == Finding(
        severity="high", rule="PCI-9", quote="We log the card number in plaintext for support."
    )
    verdict, _ = check_verdict(Verdict(status="pass", findings=[found]), RULES, MATERIAL)
    assert verdict.status == "fail"  # a verdict from a finding with a quote, as any other


def test_a_few_words_are_not_a_document_it_reads():
    model = _model(embedder_name(EMBEDDINGS))
    for short in ("plaintext", "Approved: plaintext card.", "x"):
        assert model_finding(RULES, short, EMBEDDINGS, model) is None
    four = "Card numbers: plaintext, always."
    assert model_finding(RULES, four, EMBEDDINGS, model) is None
    assert model_finding(RULES, four + " Really.", EMBEDDINGS, model) is not None


def test_the_evidence_a_detector_caught_names_the_rule_when_the_rule_text_cannot():
    # Neither rule's text says "card"; the fitted example does, for an active rule only.
    rules = (
        PolicyRule(id="SEC-9", text="Guard credentials.", severity="medium"),
        PolicyRule(id="PCI-9", text="Protect payment data.", severity="high"),
    )  # the texts tie; without the examples the first would be cited
    examples = (("GONE-1", "card card card number"), ("PCI-9", "the card number was logged"))
    model = dataclasses.replace(_model(embedder_name(EMBEDDINGS)), examples=examples)
    found = model_finding(rules, MATERIAL, EMBEDDINGS, model)
    assert found is not None and found.rule == "PCI-9" and found.severity == "high"
    again = ComplianceModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again.examples == examples


def test_below_the_bar_without_embeddings_or_with_another_embedder_there_is_no_finding():
    name = embedder_name(EMBEDDINGS)
    assert (
        model_finding(RULES, "We log the card number for support.", EMBEDDINGS, _model(name))
        is None
    )
    assert model_finding(RULES, MATERIAL, None, _model(name)) is None
    assert model_finding(RULES, MATERIAL, EMBEDDINGS, _model("MiniLMEmbeddings:")) is None
    assert model_finding(RULES, "   ", EMBEDDINGS, _model(name)) is None
    assert model_finding((), MATERIAL, EMBEDDINGS, _model(name)) is None


def test_a_serious_detector_finding_stands_alone_and_a_low_one_lets_the_model_read():
    model = _model(embedder_name(EMBEDDINGS))
    serious = [Finding(severity="medium", rule="SEC-9", quote="Ship Friday.")]
    assert with_model_finding(RULES, MATERIAL, serious, EMBEDDINGS, model) == serious
    low = [Finding(severity="low", rule="SEC-9", quote="Ship Friday.")]
    both = with_model_finding(RULES, MATERIAL, low, EMBEDDINGS, model)
    assert [f.rule for f in both] == ["PCI-9", "SEC-9"]


def test_the_weights_survive_the_file():
    model = _model("TopicEmbeddings:")
    again = ComplianceModel.from_json(json.loads(json.dumps(model.to_json())))
    assert np.allclose(again.document.weights, model.document.weights)
    assert again.sentence.vocabulary.words == ["plaintext"] and again.document.bar == 0.5


def test_the_packaged_model_reads_a_violation_no_detector_matches_and_passes_masked_cards():
    rules = packaged_policies()
    embeddings = MiniLMEmbeddings()
    model = load_compliance_model()
    assert model.document.reads(embeddings) and 0.0 < model.document.bar < 1.0
    broken = (
        "Support onboarding, day 1: every new agent gets the shared admin login for the "
        "billing console on a sticky note; nobody reviews who still has it, and we never "
        "rotate it because the vendor charges per seat."
    )
    fixed = (
        "Checkout service: we mask card numbers to the last four digits before logging; "
        "CVV is never stored."
    )  # the model is weakest on compliant text about the same topic: see the README
    for text in (broken, fixed):
        assert not [f for f in detected(rules, text) if f.severity != "low"], text
    read = model_finding(rules, broken, embeddings, model)
    assert read is not None and read.quote in broken
    assert model_finding(rules, fixed, embeddings, model) is None
