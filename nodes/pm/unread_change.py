"""A board change asked for in words the intent rules do not read.

"move all blocked tickets to todo" reached the orchestrator's model, which answered with
steps through screens it made up ("Navigate to the Tickets section..."), and nothing
changed. Such a request gets the list of changes the board takes by chat instead.
"""

from __future__ import annotations

import re

_VERB = (
    r"(?:move|mark|set|change|update|close|reopen|re-?open|assign|unassign|re-?assign|"
    r"delete|remove|archive|rename|re-?title|tag|label|link|merge|split|"
    r"block|unblock|start|finish|resolve|bump|push|reschedule|add|attach)"
)
_POLITE = (
    r"(?:(?:please|pls|kindly|ok|okay|now|also|and|then|can\s+you|could\s+you|would\s+you)[,\s]+)*"
)
_TICKETS = (
    r"\b[A-Za-z][A-Za-z0-9]{0,9}-\d{1,7}\b|"
    r"\b(?:all|every|each|the|my|our|these|those|open|blocked|done|remaining|stale|old|"
    r"overdue|other)\s+(?:\w+\s+)?(?:tickets|tasks|issues)\b|\b(?:tickets|tasks|issues)\s+"
    r"(?:in|of|from|for|owned|assigned|that|which|with)\b"
)
_CHANGE = re.compile(rf"^{_POLITE}{_VERB}\b(?P<rest>.*)$", re.IGNORECASE)
_TICKET_WORDS = re.compile(_TICKETS, re.IGNORECASE)
_CODE = re.compile(r"`|\bdef\b|\bfunction\b|=>|[{};]|\(\)")


def unread_board_change(text: str) -> bool:
    """Whether ``text`` asks, in one line, for a change to tickets that no rule read."""
    flat = " ".join(text.split())
    if "\n" in text.strip() or len(flat) > 200 or flat.endswith("?") or _CODE.search(flat):
        return False
    match = _CHANGE.match(flat)
    return match is not None and _TICKET_WORDS.search(match["rest"]) is not None
