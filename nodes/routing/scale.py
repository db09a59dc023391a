"""Scale as a routing signal: a request that says its input is very large.

"Go through all 40k lines of last month's gateway logs", "the entire monorepo", "this
300-page contract": the input is not pasted, so its real length says nothing, and only
the words say the super-reader is needed. The words count for less when short material
is pasted with them ("review this whole function"): the whole is then what is pasted.
Each figure is evidence for the fitted need model (:mod:`nodes.routing.needs`), never a
decision.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# "40k lines", "300-page", "2.5 GB", "18 months of": a number, an optional k/m, a unit.
_QUANTITY = re.compile(
    r"\b(\d[\d,]*(?:\.\d+)?)\s*(k|m|thousand|million)?\s*-?\s*"
    r"(lines?|pages?|files?|rows?|records?|messages?|commits?|e-?mails?|tickets?|entries|"
    r"chapters?|transcripts?|hours?|days?|weeks?|months?|years?|repos(?:itories)?|services?|"
    r"documents?|docs|pdfs?|kb|mb|gb|tb|loc)\b",
    re.IGNORECASE,
)
# The smallest amount of each unit that no fast lane reads in one call.
_LARGE = {
    "line": 2000, "page": 30, "file": 30, "row": 5000, "record": 5000, "message": 300,
    "commit": 200, "mail": 200, "ticket": 200, "entrie": 2000, "chapter": 5,
    "transcript": 5, "hour": 2, "day": 7, "week": 2, "month": 1, "year": 1, "repo": 3,
    "service": 10, "document": 20, "doc": 20, "pdf": 10, "kb": 200, "mb": 1, "gb": 1,
    "tb": 1, "loc": 2000,
}  # fmt: skip
_MULTIPLIER = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "million": 1_000_000}
# Durations count only as an amount of material ("three months of logs"), not as a
# deadline ("in two weeks").
_SPAN_OF = re.compile(r"^\s*(?:worth\s+)?of\b", re.IGNORECASE)
_TIME_UNITS = {"hour", "day", "week", "month", "year"}
_EXTENT = re.compile(
    r"\b(entire|whole|complete|full|every (?:single )?\w+|all (?:of )?(?:the |our |these |those )?"
    r"\w+ ?(?:logs?|files?|pages?|transcripts?|messages?|threads?|tickets?|repos?|docs|"
    r"documents?|chapters?|commits?|history|services?)|end[- ]to[- ]end|cover to cover|"
    r"monorepo|huge|massive|giant|enormous|gigantic|thousands of|hundreds of|tons of|"
    r"years? of|months? of|full history|git history|commit history|archive|dump)\b",
    re.IGNORECASE,
)
# At most this many extent words count: the third says little the second did not.
MAX_EXTENT = 3
# Material pasted with the request, shorter than this, is what "the whole" refers to.
SHORT_PASTE_CHARS = 3000
_PASTED = re.compile(r"```|^\s{2,}\S|^\S+[:=(\[{].*$|^\d{4}-\d\d-\d\d", re.MULTILINE)


@dataclass(frozen=True)
class Scale:
    """What a request says and shows of its input's size."""

    quantity: float  # a large amount named ("40k lines"): 1.0, else 0.0
    extent: float  # extent words ("entire", "every file"), capped
    pasted: bool  # the request carries material of its own
    log_chars: float  # log10 of the request's real length

    @property
    def described(self) -> float:
        """Evidence of a large input described, not pasted: discounted by a short paste."""
        words = self.quantity + self.extent / MAX_EXTENT
        short_paste = self.pasted and self.log_chars < math.log10(SHORT_PASTE_CHARS)
        return words / 2 if short_paste else words


def scale_of(text: str, length: int | None = None) -> Scale:
    """The :class:`Scale` of a request read as ``text``, ``length`` characters in all."""
    real = len(text) if length is None else length
    return Scale(
        quantity=1.0 if _names_large_amount(text) else 0.0,
        extent=float(min(MAX_EXTENT, len(_EXTENT.findall(text)))),
        pasted=len(_PASTED.findall(text)) >= 2,
        log_chars=math.log10(real + 1),
    )


def _names_large_amount(text: str) -> bool:
    for match in _QUANTITY.finditer(text):
        number, multiplier, unit = match.groups()
        try:
            amount = float(number.replace(",", "")) * _MULTIPLIER.get((multiplier or "").lower(), 1)
        except ValueError:
            continue
        key = _unit_key(unit)
        if key in _TIME_UNITS and not _SPAN_OF.match(text[match.end() :]):
            continue
        if amount >= _LARGE.get(key, math.inf):
            return True
    return False


def _unit_key(unit: str) -> str:
    unit = unit.lower().replace("-", "")
    if unit in {"email", "emails", "mail", "mails"}:
        return "mail"
    if unit.startswith("repo"):
        return "repo"
    return unit[:-1] if unit.endswith("s") else unit
