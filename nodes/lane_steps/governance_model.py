"""A fitted reading of the material as evidence, for the controls no detector catches.

The detectors (:mod:`nodes.lane_steps.governance_detect`) are sure where they fire, but
a violation said in other words passes them. This model reads the whole material the
way the blind compliance cases taught it: one :class:`nodes.plumbing.text_model.TextModel`
over the material's MiniLM vector and words gives the probability that it breaks a
control, and its bar is set so that on held-out compliant cases it fires on at most one
in ten. When it fires, a second one, fitted on the sentences the cases quote as
evidence, picks the sentence that shows the problem; the finding quotes it and cites the
active policy rule that sentence is most like, with that rule's severity: most like the
rule's own text and examples, or like the evidence of a fit case a detector of that rule
caught. So the verdict still follows from a finding with a quote, and a team's own rules
can be cited.

Fitted by ``python -m tests.integration.compliance_fit`` on the fit split of
``tests/data/compliance``. The weights belong to one embedding model: with another
(``ARGOS_EMBEDDINGS_URL``) the model is not used.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from lanes.config.policy_rules import PolicyRule
from nodes.lane_steps.governance_detect import MAX_QUOTE, pieces
from nodes.lane_steps.governance_verdict import Finding
from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.text_model import TextModel

WEIGHTS = "data/compliance_model.json"
DOCUMENT_CHARS = 2000  # what the material's vector reads; its words are read in full
MAX_PIECES = 64  # sentences and lines a quote is chosen from
# Fewer words than this, the model reads noise: on "x" it cited a high PRIV-2 finding (a
# blind HTTP sweep). Measured on sentences of the compliance cases, alone: of 2-4 words
# it fired on 42% of violating evidence and 54% of clean sentences; of 5-7, 58% and 34%.
MIN_WORDS = 5


@dataclass(frozen=True)
class ComplianceModel:
    """Whether the material breaks a control, and which of its sentences shows it."""

    document: TextModel
    sentence: TextModel
    examples: tuple[tuple[str, str], ...] = ()  # (rule id, evidence a detector of it caught)

    def to_json(self) -> dict[str, Any]:
        """The weights file's shape."""
        return {
            "document": self.document.to_json(),
            "sentence": self.sentence.to_json(),
            "examples": [{"rule": rule, "text": text} for rule, text in self.examples],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ComplianceModel:
        """The model a weights file holds."""
        examples = tuple((str(e["rule"]), str(e["text"])) for e in data.get("examples", []))
        return cls(
            TextModel.from_json(data["document"]), TextModel.from_json(data["sentence"]), examples
        )


@functools.cache
def load_compliance_model() -> ComplianceModel:
    """The fitted model packaged in ``prompts/data/compliance_model.json``."""
    text = resources.files("prompts").joinpath(WEIGHTS).read_text()
    return ComplianceModel.from_json(json.loads(text))


def model_finding(
    rules: Sequence[PolicyRule],
    material: str,
    embeddings: Embeddings | None,
    model: ComplianceModel | None = None,
) -> Finding | None:
    """A finding when the model reads ``material`` as breaking a control, else None.

    Blocking (embeddings): call it off the event loop.
    """
    if len(material.split()) < MIN_WORDS:
        return None
    model = model or load_compliance_model()
    candidates = pieces(material)[:MAX_PIECES]
    if embeddings is None or not rules or not candidates or not model.document.reads(embeddings):
        return None
    whole = np.asarray(embeddings.embed_documents([material[:DOCUMENT_CHARS]]))
    if float(model.document.probabilities(whole, [material])[0]) < model.document.bar:
        return None
    by_id = {rule.id: rule for rule in rules}
    likenesses = [(rule.id, " ".join([rule.text, *rule.examples])) for rule in rules]
    likenesses += [(rule, text) for rule, text in model.examples if rule in by_id]
    said = np.asarray(embeddings.embed_documents(candidates), dtype=np.float32)
    known = _likeness_vectors(embeddings, tuple(text for _, text in likenesses))
    best = int(np.argmax(model.sentence.probabilities(said, candidates)))
    nearest = int(np.argmax(_unit(known) @ _unit(said[best : best + 1])[0]))
    rule = by_id[likenesses[nearest][0]]
    return Finding(severity=rule.severity, rule=rule.id, quote=candidates[best][:MAX_QUOTE])


_LIKENESSES: dict[tuple[str, tuple[str, ...]], np.ndarray[Any, Any]] = {}
_KEPT = 8  # sets of rule texts and examples kept embedded: one per policy file in use


def _likeness_vectors(embeddings: Embeddings, texts: tuple[str, ...]) -> np.ndarray[Any, Any]:
    """The vectors of the rules' texts and examples, embedded once per process and set."""
    key = (embedder_name(embeddings), texts)
    if key not in _LIKENESSES:
        if len(_LIKENESSES) >= _KEPT:
            _LIKENESSES.clear()
        _LIKENESSES[key] = np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32)
    return _LIKENESSES[key]


def _unit(rows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.asarray(rows / np.where(norms == 0, 1.0, norms))


def with_model_finding(
    rules: Sequence[PolicyRule],
    material: str,
    found: list[Finding],
    embeddings: Embeddings | None,
    model: ComplianceModel | None = None,
) -> list[Finding]:
    """The detectors' ``found``, and the model's finding when they found nothing serious.

    Blocking (embeddings): call it off the event loop.
    """
    if any(finding.severity != "low" for finding in found):
        return found
    extra = model_finding(rules, material, embeddings, model)
    return found if extra is None else [extra, *found]
