"""Fit the notes action model (:mod:`nodes.pm.notes.action_model`) on the blind notes' fit split.

``python -m tests.integration.notes_fit`` reads every fit note by the rules, takes the
clauses they read (tickets and context alike), and labels a clause work when most of the
words of one of the note's labelled action items are in it, not work when most of a
labelled non-action's are (clauses that match neither are left out). One logistic
regression (scikit-learn) over the clause's MiniLM vector and its TF-IDF words and word
pairs. The bar a ticket needs is chosen on out-of-fold readings (5 folds of notes): the
highest that costs at most one right owner per ``RIGHT_PER_LOST`` labelled actions.
Writes ``prompts/data/notes_action.json``; the report split is never read here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from nodes.plumbing.embedders import embedder_name
from nodes.plumbing.text_model import TextModel
from nodes.plumbing.text_model_fit import fit_text_model
from nodes.pm.notes.action_model import WEIGHTS
from nodes.pm.notes.reading import read_by_rules
from stores.embeddings import MiniLMEmbeddings
from tests.integration.notes_eval import TODAY, Figures, rows, score_note, words

STRENGTH = 10.0
FOLDS = 5
BARS = (0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3)
RIGHT_PER_LOST = 200  # right owners a veto may cost: one per this many labelled actions
MATCH = 0.6  # share of a label's words a clause must hold to carry its label
OUT = Path(__file__).resolve().parents[2] / "prompts" / WEIGHTS


def labelled(row: dict[str, Any], clause: str) -> int | None:
    """1 when ``clause`` holds most of an action item's words, 0 a non-action's, else None."""
    held = words(clause)
    action = max((_share(a["task"], held) for a in row["actions"]), default=0.0)
    chatter = max((_share(n, held) for n in row["non_actions"]), default=0.0)
    if action >= MATCH and action > chatter:
        return 1
    if chatter >= MATCH and chatter > action:
        return 0
    return None


def _share(label: str, held: set[str]) -> float:
    wanted = words(label)
    return len(wanted & held) / max(len(wanted), 1)


def fitted(texts: list[str], vectors: np.ndarray[Any, Any], labels: list[int]) -> TextModel:
    """The model over these clauses, with no bar yet."""
    return fit_text_model(texts, vectors, labels, STRENGTH)


def main() -> None:
    notes = rows("fit")
    embeddings = MiniLMEmbeddings()
    readings = [read_by_rules(row["note"], TODAY) for row in notes]
    clauses: list[tuple[int, str, int]] = []  # (note, clause, label)
    for n, (row, reading) in enumerate(zip(notes, readings, strict=True)):
        read = [item.source for item in reading.items] + [c for c, _ in reading.context]
        for clause in dict.fromkeys(read):
            label = labelled(row, clause)
            if label is not None:
                clauses.append((n, clause, label))
    texts = [c for _, c, _ in clauses]
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
    groups = np.asarray([n for n, _, _ in clauses])
    labels = [label for _, _, label in clauses]
    # Out of fold: each note's tickets judged by a model fitted without that note.
    chances: dict[int, np.ndarray[Any, Any]] = {}
    for train, held in GroupKFold(FOLDS).split(texts, labels, groups):
        model = fitted([texts[i] for i in train], vectors[train], [labels[i] for i in train])
        for n in sorted({int(groups[i]) for i in held}):
            sources = [item.source for item in readings[n].items]
            if sources:
                found = np.asarray(embeddings.embed_documents(sources), dtype=np.float32)
                chances[n] = model.probabilities(found, sources)
    results = []
    for bar in BARS:
        figures = Figures()
        for n, (row, reading) in enumerate(zip(notes, readings, strict=True)):
            kept = [i for i, p in zip(reading.items, chances.get(n, []), strict=False) if p >= bar]
            score_note(row, kept, figures)
        results.append((bar, figures.total("right"), figures.total("chatter"),
                        figures.total("unmatched"), figures.total("actions")))  # fmt: skip
        print(f"bar {bar:.2f}: right {results[-1][1]}, chatter {results[-1][2]}, "
              f"unmatched {results[-1][3]}")  # fmt: skip
    base_right, actions = results[0][1], results[0][4]
    bar = max(b for b, right, *_ in results if base_right - right <= actions / RIGHT_PER_LOST)
    final = fitted(texts, vectors, labels)
    model = TextModel(final.weights, final.bias, bar, embedder_name(embeddings), final.vocabulary)
    chosen = next(r for r in results if r[0] == bar)
    data = {
        **model.to_json(),
        "fitted_on": "tests/data/meeting_notes_blind, fit split (python -m tests.integration.notes_fit)",
        "clauses": {"work": sum(labels), "not_work": len(labels) - sum(labels)},
        "out_of_fold_fit": {"bar": bar, "right": chosen[1], "chatter": chosen[2],
                            "unmatched": chosen[3], "without_veto": list(results[0][1:4])},
    }  # fmt: skip
    OUT.write_text(json.dumps(data) + "\n")
    print(f"wrote {OUT}: bar {bar}, {len(labels)} clauses")


if __name__ == "__main__":
    main()
