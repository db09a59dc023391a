"""Which lanes a request needs: one calibrated probability per lane, not one winner.

A softmax over lanes picks one lane by design; "what does our runbook say about paging?
make tickets for the gaps" needs two. Each lane here has its own logistic model
(one-vs-rest) over the request's signals: the fused router's probabilities for the
whole request and for each of its pieces, the probe's own one-vs-rest reading of the
whole request (:meth:`nodes.routing.probe.Probe.needs`), lane vocabulary and cues, scale
and structure. A request one of the fixed rules decides (:func:`ruled_lane`) never reaches
it. A lane is in the plan when its probability passes
its threshold; weights and thresholds are fitted on labelled requests by
:mod:`nodes.routing.offline.fit_needs` and live in ``prompts/data/router_needs.json``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from lanes.core.lane import Lane
from nodes.plumbing.lane_scores import LaneScores
from nodes.routing.signals import CUES
from nodes.routing.wording import Wording

# A plan with more lanes than this is a misreading of prose, not a plan.
MAX_LANES = 3
# A piece of an explicitly sequenced request this sure of its lane names a lane needed.
SEQUENCED_CONFIDENT = 0.5
# Most pieces counted for one lane: a third piece on it says little the second did not.
MAX_PIECES = 2

NEED_FEATURES = (
    *(f"whole:{lane.value}" for lane in Lane),
    *(f"piece_max:{lane.value}" for lane in Lane),
    *(f"pieces_best:{lane.value}" for lane in Lane),
    *(f"sequenced_best:{lane.value}" for lane in Lane),
    *(f"other_best:{lane.value}" for lane in Lane),
    *(f"keywords:{lane.value}" for lane in Lane),
    *(f"piece_keywords:{lane.value}" for lane in Lane),
    *(f"cue:{name}" for name in CUES),
    "scale:described",
    "scale:pasted",
    "code",
    "question",
    "pieces",
    *(f"primary:{lane.value}" for lane in Lane),
    *(f"cue_elsewhere:{lane.value}" for lane in Lane),
    *(f"piece_elsewhere:{lane.value}" for lane in Lane),
    *(f"keywords_elsewhere:{lane.value}" for lane in Lane),
    *(f"probe_needs:{lane.value}" for lane in Lane),
)
# The cue that says a lane's own work is asked for; "scale" is the reader's.
_OWN_CUE = {
    Lane.ORCHESTRATOR: "board",
    Lane.CODER: "code",
    Lane.SUPER_READER: "scale",
    Lane.FAST_RAG: "docs",
    Lane.GOVERNANCE: "verdict",
}


@dataclass(frozen=True)
class Rules:
    """What the board's and governance's fixed rules say of the request."""

    compliance: bool = False  # "does this comply?" over pasted material
    ticket_check: bool = False  # a stored ticket checked against the code, one task
    board: bool = False  # a board command ("close CORE-12"), one task
    notes: bool = False  # meeting notes to turn into tickets


@dataclass(frozen=True)
class NeedWeights:
    """Per lane: feature weights, a bias and the probability it must pass."""

    matrix: np.ndarray[Any, Any]  # (lanes, features)
    bias: np.ndarray[Any, Any]  # (lanes,)
    thresholds: np.ndarray[Any, Any]  # (lanes,)
    keep: float = 0.0  # the primary lane stays unless its own probability is below this

    def to_json(self) -> dict[str, Any]:
        """The weights file's shape."""
        return {
            "features": list(NEED_FEATURES),
            "weights": {
                lane.value: [round(float(w), 5) for w in self.matrix[i]]
                for i, lane in enumerate(Lane)
            },
            "bias": {lane.value: round(float(self.bias[i]), 5) for i, lane in enumerate(Lane)},
            "thresholds": {
                lane.value: round(float(self.thresholds[i]), 3) for i, lane in enumerate(Lane)
            },
            "keep": self.keep,
        }


@dataclass(frozen=True)
class Needs:
    """Each lane's probability, the lanes chosen, and how sure the whole set is."""

    probabilities: dict[Lane, float]
    lanes: list[Lane]  # most likely first
    confidence: float  # the probability of exactly this set


@functools.cache
def load_need_weights() -> NeedWeights:
    """The fitted weights packaged in ``prompts/data/router_needs.json``."""
    text = resources.files("prompts").joinpath("data/router_needs.json").read_text()
    data = json.loads(text)
    if tuple(data["features"]) != NEED_FEATURES:
        raise RuntimeError(
            "router_needs.json is stale: run python -m nodes.routing.offline.fit_needs"
        )
    return NeedWeights(
        matrix=np.asarray([data["weights"][lane.value] for lane in Lane], dtype=np.float64),
        bias=np.asarray([data["bias"][lane.value] for lane in Lane], dtype=np.float64),
        thresholds=np.asarray([data["thresholds"][lane.value] for lane in Lane]),
        keep=float(data["keep"]),
    )


def need_features(
    wording: Wording, whole: LaneScores, pieces: list[str], parts: list[LaneScores]
) -> np.ndarray[Any, Any]:
    """The feature row of a request: its ``wording``, the router's scores of it and its pieces.

    ``wording`` is :func:`nodes.routing.wording.read_wording` of the request; ``parts``
    are the router's scores of its ``pieces``.

    The real length is not a feature: in labelled sets combined work is wordier, and a
    model that learns "long means more lanes" adds lanes to chatty one-lane requests;
    a request too long for the fast lanes is routed on its length before this.
    """
    hits, cues, scale, shape = wording.hits, wording.cues, wording.scale, wording.shape
    # Explicit sequencing ("then", "after that", a list) with a piece confidently on a
    # lane: the old single-label router's strongest sign of combined work.
    # A piece sure of a lane the whole request is not on: a second need in its own words.
    elsewhere = {p.best for p in parts if p.confidence >= SEQUENCED_CONFIDENT}
    sequenced = elsewhere if wording.sequenced else set()
    piece_hits = wording.piece_hits
    # Without the probe (another embedder) its needs head is read as the fused
    # probabilities, the nearest thing the router has.
    probe_needs = whole.needs if whole.needs is not None else whole.scores
    # What speaks for a lane other than the primary one: a linear model per lane cannot
    # tell "a board word in a board request" from "a board word in a code review".
    elsewhere_of = {lane: float(lane is not whole.best) for lane in Lane}
    own_cue = {**cues, "scale": scale.described}
    row = [
        *(whole.scores[lane] for lane in Lane),
        *(max(p.scores[lane] for p in parts) for lane in Lane),
        *(min(MAX_PIECES, sum(p.best is lane for p in parts)) for lane in Lane),
        *(float(lane in sequenced) for lane in Lane),
        *(float(lane in elsewhere and lane is not whole.best) for lane in Lane),
        *(float(hits[lane]) for lane in Lane),
        *(float(max(h[lane] for h in piece_hits)) for lane in Lane),
        *(float(cues[name]) for name in CUES),
        scale.described,
        float(scale.pasted),
        shape["code"],
        shape["question"],
        float(min(len(pieces), MAX_PIECES + 2)),
        *(float(lane is whole.best) for lane in Lane),
        *(own_cue[_OWN_CUE[lane]] * elsewhere_of[lane] for lane in Lane),
        *(max(p.scores[lane] for p in parts) * elsewhere_of[lane] for lane in Lane),
        *(float(hits[lane]) * elsewhere_of[lane] for lane in Lane),
        *(probe_needs[lane] for lane in Lane),
    ]
    return np.asarray(row, dtype=np.float64)


def probabilities(weights: NeedWeights, features: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Each lane's probability of being needed, for each row (or one row)."""
    logits = features @ weights.matrix.T + weights.bias
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30))))


def ruled_lane(rules: Rules) -> Lane | None:
    """The one lane a fixed rule gives a request, if any; no other lane joins it.

    A stored ticket checked against the code is the coder's gap analysis; "does this
    comply?" over pasted material, asking nothing else, is governance's, even when the
    material is a postmortem with action items; meeting notes and a single board
    command are the board's.
    """
    if rules.ticket_check:
        return Lane.CODER
    if rules.compliance:
        return Lane.GOVERNANCE
    if rules.notes or rules.board:
        return Lane.ORCHESTRATOR
    return None


def chosen_lanes(
    probs: np.ndarray[Any, Any], first: int, thresholds: np.ndarray[Any, Any], keep: float
) -> list[int]:
    """Lane numbers chosen: the primary ``first``, then others past their thresholds.

    The primary is dropped only when another lane passes and the need model is sure the
    primary is not needed (below ``keep``): "pls creat a tiket ... asign to Tomasz"
    looks like code to the single-lane router, not to the need model.
    """
    others = [int(i) for i in np.argsort(-probs) if i != first and probs[i] >= thresholds[i]]
    if others and probs[first] < keep:
        return others[:MAX_LANES]
    return [first, *others[: MAX_LANES - 1]]


def choose(weights: NeedWeights, row: np.ndarray[Any, Any], primary: Lane) -> Needs:
    """``primary``, and every other lane whose probability passes its threshold.

    The primary lane is the single-lane router's best for the whole request, right on
    most one-lane requests; the need model adds the lanes combined work needs too.
    """
    lanes = list(Lane)
    probs = probabilities(weights, row)
    chosen = chosen_lanes(probs, lanes.index(primary), weights.thresholds, weights.keep)
    confidence = 1.0
    for i, p in enumerate(probs):
        confidence *= float(p) if i in chosen else 1.0 - float(p)
    return Needs(
        probabilities={lane: round(float(probs[i]), 4) for i, lane in enumerate(lanes)},
        lanes=[lanes[i] for i in chosen],
        confidence=round(confidence, 4),
    )
