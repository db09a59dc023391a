"""Cheap text signals for routing: lane vocabulary (kept as data) and structure.

Each signal is a number per request; :mod:`nodes.routing.fusion` weighs them with weights
fitted on labelled requests, so a pattern here says "this is evidence", never "this
decides".
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from lanes.core.lane import Lane

# Counts are capped: the third compliance word says little the second did not.
MAX_HITS = 3
_CODE = re.compile(
    r"```|`[^`\n]+\(|`[^`\n]*[=;{}][^`\n]*`|^\s*(def|class|fn|func|function|public|private|import|from)\s|"
    r"=>|\breturn\b.*[;)]?$|[a-z_]+\([^)]*\)\s*[:{]|;\s*$|^[+-]\s+\S|Traceback \(most recent|"
    r"\bat [\w.$]+\.(java|kt|py|js|go):\d+|\w+Error:|\w+Exception\b|[A-Za-z_]\w*\[\w*\]\s*=",
    re.MULTILINE,
)
_QUESTION = re.compile(
    r"^\s*(who|what|what's|whats|when|where|which|why|how|is|are|do|does|did|can|could|"
    r"should|would|will)\b|\?\s*$",
    re.IGNORECASE,
)

STRUCTURE = ("code", "question")


@functools.cache
def lane_patterns() -> dict[Lane, list[re.Pattern[str]]]:
    """The lane vocabulary in ``prompts/data/router_signals.json``, compiled."""
    text = resources.files("prompts").joinpath("data/router_signals.json").read_text()
    data = json.loads(text)
    return {
        lane: [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in data[lane]] for lane in Lane
    }


@functools.cache
def cue_patterns() -> dict[str, list[re.Pattern[str]]]:
    """The need model's cues in ``router_signals.json``: documents, board, code, verdict."""
    text = resources.files("prompts").joinpath("data/router_signals.json").read_text()
    cues = json.loads(text)["cues"]
    return {
        name: [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns]
        for name, patterns in cues.items()
    }


CUES = ("docs", "board", "code", "verdict")


# One decision reads a request's words twice (the router's features, then the need
# model's): the second read is a look-up. Read-only mappings, since they are shared.
_REMEMBERED = 256


@functools.lru_cache(maxsize=_REMEMBERED)
def cue_hits(text: str) -> Mapping[str, int]:
    """How many of each cue's patterns ``text`` matches (capped)."""
    patterns = cue_patterns()
    return MappingProxyType(
        {name: min(MAX_HITS, sum(1 for p in patterns[name] if p.search(text))) for name in CUES}
    )


@functools.lru_cache(maxsize=_REMEMBERED)
def keyword_hits(text: str) -> Mapping[Lane, int]:
    """How many of each lane's patterns ``text`` matches (capped)."""
    return MappingProxyType(
        {
            lane: min(MAX_HITS, sum(1 for p in patterns if p.search(text)))
            for lane, patterns in lane_patterns().items()
        }
    )


def structure(text: str) -> dict[str, float]:
    """Whether ``text`` carries code, and whether it asks a question.

    Code: a fence, a definition, a call, a stack trace or a diff line.
    """
    return {
        "code": 1.0 if _CODE.search(text) else 0.0,
        "question": 1.0 if _QUESTION.search(text) else 0.0,
    }
