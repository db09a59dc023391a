"""The terminal's approval question: the words a resume value takes, in any case.

``approve``/``approved`` and ``reject``/``rejected`` (any case, spaces around ignored),
or ``y``/``n``, the terminal's shorthand. Anything else, an empty answer included, asks
again: nothing approves by default.
"""

from __future__ import annotations

from rich.prompt import InvalidResponse, PromptBase

from nodes.plumbing.review_decision import InvalidDecision, parse_decision

_SHORTHAND = {"y": "approve", "n": "reject"}


class ReviewPrompt(PromptBase[bool]):
    """Ask until the answer is an explicit approval (True) or rejection (False)."""

    response_type = bool
    choices = ["approve", "reject"]
    validate_error_message = "[prompt.invalid]Answer approve or reject (or y or n)"

    def process_response(self, value: str) -> bool:
        """True for an approval, False for a rejection; anything else is asked again."""
        word = value.strip().lower()
        try:
            return bool(parse_decision(_SHORTHAND.get(word, word))["approved"])
        except InvalidDecision:
            raise InvalidResponse(self.validate_error_message) from None
