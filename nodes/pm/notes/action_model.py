"""Does a note's clause ask for work? A linear model over MiniLM and words, as a veto.

The rules read every shape of note; what they get wrong most is chatter they ticket
("great work on the demo everyone", "Zoe's out Friday"). This model was fitted on the
clauses of blind notes labelled as action items or as not work (the fit split of
``tests/data/meeting_notes_blind``, by ``python -m tests.integration.notes_fit``): one
logistic regression over the clause's MiniLM vector and its words and word pairs
(a :class:`nodes.plumbing.text_model.TextModel`). A ticket whose clause it finds less likely to
be work than the fitted bar is read as context instead, with that reason shown. It
never adds a ticket: owners and titles stay the rules' and the note's.

The weights belong to one embedding model: with another (``ARGOS_EMBEDDINGS_URL``) the
veto is not used.
"""

from __future__ import annotations

import asyncio
import functools
import json
from importlib import resources

import numpy as np
from langchain_core.embeddings import Embeddings

from nodes.plumbing.text_model import TextModel
from nodes.pm.notes.reading import Reading

WEIGHTS = "data/notes_action.json"
NOT_WORK = "reads as chatter, not work (the notes model)"


@functools.cache
def load_action_model() -> TextModel:
    """The fitted model packaged in ``prompts/data/notes_action.json``."""
    text = resources.files("prompts").joinpath(WEIGHTS).read_text()
    return TextModel.from_json(json.loads(text))


async def without_chatter(
    reading: Reading, embeddings: Embeddings | None, model: TextModel | None = None
) -> Reading:
    """``reading`` with the tickets the model finds are not work moved to its context.

    Nothing changes without embeddings, or with embeddings of another model than the one
    the weights were fitted for.
    """
    model = model or load_action_model()
    if embeddings is None or not reading.items or not model.reads(embeddings):
        return reading
    sources = [item.source for item in reading.items]
    vectors = await asyncio.to_thread(embeddings.embed_documents, sources)
    chances = model.probabilities(np.asarray(vectors), sources)
    kept = [item for item, p in zip(reading.items, chances, strict=True) if p >= model.bar]
    dropped = [item.source for item, p in zip(reading.items, chances, strict=True) if p < model.bar]
    reading.items = kept
    reading.context.extend((source, NOT_WORK) for source in dict.fromkeys(dropped))
    return reading
