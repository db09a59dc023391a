"""Is an answer made of its sources? Checked in code, never by the model that wrote it.

A small model that has just read a page still writes facts that are not on it: a default
value, an option name, the example from its own prompt. An answer passes only when what
would make it wrong is in the sources it cites:

- every number (``22``, ``1.5``, ``3:00``);
- every identifier: a flag (``--max-time``), a dotted, slashed, snake or camel name, an
  upper-case name (``GIT_EDITOR``), anything in backticks; compared case-sensitively;
- every quoted string;
- most of its content words (``CONTENT_SHARE`` of their stems).

The first check that fails is named, with what was missing, for the trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nodes.lane_steps.answer_check import terms

CONTENT_SHARE = 0.75
_CITATION = re.compile(r"\[\d+\]")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?![\w])")
_QUOTED = re.compile(r"\"([^\"\n]{3,})\"|“([^”\n]{3,})”|`([^`\n]+)`")
_IDENTIFIER = re.compile(
    r"(?<![\w-])(?:--?[A-Za-z][\w-]*"  # a flag
    r"|[A-Za-z_][\w-]*(?:[./:][\w-]+)+"  # dotted, slashed or scoped
    r"|[A-Za-z]*_[\w]*"  # snake_case
    r"|[a-z]+[A-Z][A-Za-z0-9]*"  # camelCase
    r"|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*"  # PascalCase with an inner capital
    r"|[A-Z][A-Z0-9]{1,})"  # UPPER
)


@dataclass(frozen=True)
class Grounding:
    """Whether an answer is grounded, and if not, which check failed on what."""

    ok: bool
    check: str = ""  # numbers, identifiers, quotes, content words, or empty
    missing: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.ok:
            return "grounded in its sources"
        shown = ", ".join(self.missing[:5])
        return f"not grounded: {self.check} not in the cited sources ({shown})"


def grounded(answer: str, sources: Iterable[str]) -> Grounding:
    """Check ``answer`` (its citation markers are ignored) against the cited ``sources``."""
    text = _CITATION.sub(" ", answer).strip()
    evidence = "\n".join(sources)
    if not text:
        return Grounding(False, "empty", ())
    flat = " ".join(evidence.split())
    lowered = flat.lower()
    missing = [
        n for n in _NUMBER.findall(text) if not re.search(rf"(?<![\d]){re.escape(n)}(?!\d)", flat)
    ]
    if missing:
        return Grounding(False, "numbers", tuple(dict.fromkeys(missing)))
    quotes = [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)]
    missing = [q for q in quotes if " ".join(q.split()).lower() not in lowered]
    if missing:
        return Grounding(False, "quotes", tuple(dict.fromkeys(missing)))
    names = [n.rstrip(".-:/") for n in _IDENTIFIER.findall(text)]
    missing = [n for n in names if len(n) > 1 and n not in flat]
    if missing:
        return Grounding(False, "identifiers", tuple(dict.fromkeys(missing)))
    said, held = terms(text), terms(evidence)
    if said and len(said & held) / len(said) < CONTENT_SHARE:
        return Grounding(False, "content words", tuple(sorted(said - held)))
    return Grounding(True)
