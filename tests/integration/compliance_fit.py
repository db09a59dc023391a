"""Fit the compliance model (:mod:`nodes.lane_steps.governance_model`) on the fit split.

``python -m tests.integration.compliance_fit`` reads the fit split of every
``tests/data/compliance/cases*.jsonl`` file (the report split is never read here):

- the **document** model: logistic regression over a case's MiniLM vector and its words,
  a case with a verdict other than ``pass`` the positive class. Its strength is the one of
  ``STRENGTHS`` with the best out-of-fold AUC (5 folds); its bar is the score that at most
  ``FALSE_ALARMS`` of the compliant cases reach out of fold. The bar is not chosen on
  verdicts right: the detectors were written on this split and already get it nearly
  all right, so any addition looks like a loss here.
- the **sentence** model: the same over sentences and lines, those holding most of a
  failing case's quoted evidence the positive class, every one of a compliant case the
  negative; the others of a failing case are left out (they may show it too).

The **examples** a quote's rule is chosen by: the evidence of each failing case a
detector of a medium or high rule caught, with that rule's id.

Writes ``prompts/data/compliance_model.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from lanes.config.policy_rules import packaged_policies
from nodes.lane_steps.governance_detect import MAX_QUOTE, detected, pieces
from nodes.lane_steps.governance_model import DOCUMENT_CHARS, WEIGHTS, ComplianceModel
from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.text_model_fit import fit_text_model
from stores.embeddings import MiniLMEmbeddings
from tests.integration.review_eval import rows

STRENGTHS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)
FOLDS = 5
FALSE_ALARMS = 0.1  # share of compliant cases the document model may fire on
SENTENCE_STRENGTH = 1.0
EVIDENCE = 0.6  # share of the evidence's (or the sentence's) words a sentence must share
OUT = Path(__file__).resolve().parents[2] / "prompts" / WEIGHTS
_WORD = re.compile(r"[a-z0-9]+")


def evidence_share(sentence: str, evidence: str) -> float:
    """How much of the shorter of the two the other holds, in words."""
    a, b = set(_WORD.findall(sentence.lower())), set(_WORD.findall(evidence.lower()))
    return len(a & b) / max(1, min(len(a), len(b)))


def sentences(cases: list[dict[str, Any]]) -> tuple[list[str], list[int]]:
    """Sentences labelled 1 (a failing case's evidence) or 0 (any of a compliant case)."""
    texts, labels = [], []
    for case in cases:
        for piece in pieces(case["text"]):
            if case["verdict"] == "pass":
                texts.append(piece)
                labels.append(0)
            elif case["verdict"] == "fail" and case.get("evidence"):
                if evidence_share(piece, case["evidence"]) >= EVIDENCE:
                    texts.append(piece)
                    labels.append(1)
    return texts, labels


def caught(cases: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    """(rule id, evidence) of each failing case a detector of a serious rule caught."""
    rules = packaged_policies()
    found = []
    for case in cases:
        if case["verdict"] != "fail" or not case.get("evidence"):
            continue
        serious = [f for f in detected(rules, case["text"]) if f.severity != "low"]
        if serious:
            found.append((serious[0].rule, case["evidence"][:MAX_QUOTE]))
    return tuple(found)


def main() -> None:
    embeddings = MiniLMEmbeddings()
    embedder = embedder_name(embeddings)
    cases = rows("compliance/cases*.jsonl", "fit")
    texts = [case["text"] for case in cases]
    labels = [int(case["verdict"] != "pass") for case in cases]
    vectors = np.asarray(embeddings.embed_documents([t[:DOCUMENT_CHARS] for t in texts]))
    judged = [i for i, case in enumerate(cases) if case["verdict"] != "needs_review"]
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(texts, labels))
    results = []
    for strength in STRENGTHS:
        held_out = np.zeros(len(cases))
        for train, held in folds:
            model = fit_text_model([texts[i] for i in train], vectors[train],
                                   [labels[i] for i in train], strength, balanced=True)  # fmt: skip
            held_out[held] = model.probabilities(vectors[held], [texts[i] for i in held])
        auc = roc_auc_score([labels[i] for i in judged], held_out[judged])
        print(f"document model C={strength}: out-of-fold AUC (fail vs pass) {auc:.3f}")
        results.append((auc, strength, held_out))
    auc, strength, held_out = max(results, key=lambda r: r[0])
    compliant = held_out[[i for i, case in enumerate(cases) if case["verdict"] == "pass"]]
    bar = round(float(np.quantile(compliant, 1.0 - FALSE_ALARMS)), 4)
    document = fit_text_model(texts, vectors, labels, strength, balanced=True, embedder=embedder)
    said, quoted = sentences(cases)
    sentence = fit_text_model(said, np.asarray(embeddings.embed_documents(said)), quoted,
                              SENTENCE_STRENGTH, balanced=True, embedder=embedder)  # fmt: skip
    model = ComplianceModel(replace(document, bar=bar), sentence, caught(cases))
    data = {
        **model.to_json(),
        "fitted_on": "tests/data/compliance, fit split (python -m tests.integration.compliance_fit)",
        "cases": len(cases),
        "sentences": {"evidence": sum(quoted), "compliant": len(quoted) - sum(quoted)},
        "document_strength": strength,
        "out_of_fold_auc": round(auc, 4),
        "false_alarms": FALSE_ALARMS,
    }
    OUT.write_text(json.dumps(data) + "\n")
    print(f"wrote {OUT}: C={strength}, bar {bar}, {len(said)} sentences")


if __name__ == "__main__":
    main()
