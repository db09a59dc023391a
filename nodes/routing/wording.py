"""What a request's words say to the need model, read without the router's scores.

None of it needs the embedding, so routing reads it on the event loop while the router
embeds the request on a thread (ONNX Runtime lets go of the GIL while it computes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lanes.core.lane import Lane
from nodes.routing.clauses import split_tasks
from nodes.routing.request_view import bounded_view
from nodes.routing.scale import Scale, scale_of
from nodes.routing.signals import cue_hits, keyword_hits, structure


@dataclass(frozen=True)
class Wording:
    """A request's vocabulary, cues, sequencing, scale and structure, and its pieces'."""

    hits: Mapping[Lane, int]
    cues: Mapping[str, int]
    sequenced: bool  # explicit sequencing: "then", "after that", a list
    piece_hits: list[Mapping[Lane, int]]
    scale: Scale
    shape: Mapping[str, float]


def read_wording(request: str, pieces: list[str]) -> Wording:
    """The words of ``request`` (in the bounded view routing sees) and of its ``pieces``."""
    view = bounded_view(request)
    hits = keyword_hits(view)
    return Wording(
        hits=hits,
        cues=cue_hits(view),
        sequenced=len(split_tasks(view)) > 1,
        piece_hits=[keyword_hits(piece) for piece in pieces] or [hits],
        # The real length, not the view's: a request that says how big it is.
        scale=scale_of(view, length=len(request)),
        shape=structure(view),
    )
