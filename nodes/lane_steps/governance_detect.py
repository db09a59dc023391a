"""Deterministic detectors for common controls: findings no model has to see.

A rule in the policy file may carry ``detect`` and ``unless`` regular expressions (see
:mod:`lanes.config.policy_rules`): each sentence or line of the material that matches a
``detect`` pattern and no ``unless`` pattern is a finding of that rule, quoting the
sentence; a rule with ``context`` patterns applies only to material that matches one of
them somewhere. The packaged rules carry detectors for card data in logs, personal data kept
without end, secrets in documents, copyleft code in closed products, pre-ticked consent,
standing admin access, shared privileged logins, service accounts with full admin rights,
unencrypted transfers and unaudited privileged actions; a team's file can add its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from lanes.config.policy_rules import PolicyRule
from nodes.lane_steps.governance_verdict import Finding

MAX_QUOTE = 200
_PIECES = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(`])|\n+")


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def pieces(material: str) -> list[str]:
    """The material's sentences and lines, each a candidate quote."""
    return [p.strip() for p in _PIECES.split(material) if p.strip()]


def detected(rules: Sequence[PolicyRule], material: str) -> list[Finding]:
    """One finding per rule whose detector matches a sentence or line of ``material``."""
    found = []
    candidates = pieces(material)
    for rule in rules:
        if not rule.detect:
            continue
        if rule.context and not any(p.search(material) for p in _compiled(rule.context)):
            continue
        detect, unless = _compiled(rule.detect), _compiled(rule.unless)
        for piece in candidates:
            match = next((m for p in detect if (m := p.search(piece))), None)
            if match is None or any(p.search(piece) for p in unless):
                continue
            found.append(Finding(severity=rule.severity, rule=rule.id, quote=_quote(piece, match)))
            break
    return found


def _quote(piece: str, match: re.Match[str]) -> str:
    """The piece, or the part of it around the match when it is too long to quote."""
    if len(piece) <= MAX_QUOTE:
        return piece
    start = max(0, min(match.start(), len(piece) - MAX_QUOTE))
    return piece[start : start + MAX_QUOTE]
