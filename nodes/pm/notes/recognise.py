"""Whether a text is notes to turn into tickets, rather than a request to the assistant."""

from __future__ import annotations

import re
from datetime import date

from nodes.pm.notes.reading import read_by_rules
from nodes.pm.notes.rules import clauses, rule_reading

NOTES_HEADER = re.compile(
    r"\b(?:meeting notes|action items|minutes|notes from|stand-?up|retro(?:spective)?|"
    r"post-?mortem|incident review|follow-?ups|next steps|recap|hand-?off|hand-?over|1:1|"
    r"sync notes|triage|shift log|on-?call)\b",
    re.I,
)
# A short text that opens by asking the assistant (optionally @-addressing it first) is a
# request, whatever owners it names: "@assistant refactor X and make a ticket for QA,
# assign to @priya".
_ASKS_ASSISTANT = re.compile(
    r"^\s*(?:(?:hey|hi|hello|yo)\b[\s,]*)?(?:@[\w.-]+[\s,:]+)?(?:pls|please|can you|could you|"
    r"would you|will you|i need you to|refactor|review|check|explain|go through|read|find|"
    r"summari[sz]e|compare|look|tell|pull|list|translate|work out|figure out|scan|audit|"
    r"assess|analy[sz]e|write|draft|fix|patch|rewrite|is|are|does|do|what|which|who|where|"
    r"when|why|how)\b",
    re.I,
)
# ... or that @-addresses the assistant by a name people give bots, whatever follows:
# "@assistant every file in services/ - find the SQL built by concatenation".
_TO_ASSISTANT = re.compile(
    r"^\s*@(?:assistant|bot|cortex|argos|ai|copilot|gpt|llm|helper)\b(?![.-]\w)", re.I
)
# ... or, anywhere, ask someone to do something or ask a question.
_ASKS_ANYWHERE = re.compile(r"\b(?:can|could|would|will) you\b|\bplease\b|\bpls\b|\?", re.I)
# Texts shorter than this many lines are a request when they ask.
_SHORT_LINES = 3
# A first line that names a meeting: "Leadership sync, Oct 3", "Weekly check-in".
MEETING_TITLE = re.compile(
    r"\b(?:sync|check-?in|meeting|huddle|catch-?up|review|planning|debrief|minutes|notes)\b", re.I
)


def looks_like_notes(text: str, today: date) -> bool:
    """Whether ``text`` is notes with action items rather than a request.

    Notes give work to people: two items written as notes write them (an owner, a table
    row, an action list, a standup's plan), one of them with a named owner; a notes
    header and one item; or nothing but work with named owners. Instructions alone
    ("Ship it. Check the policy.") are a request to the assistant, not notes.
    """
    lines = sum(bool(line.strip()) for line in text.splitlines())
    asks = _ASKS_ASSISTANT.match(text) or _TO_ASSISTANT.match(text) or _ASKS_ANYWHERE.search(text)
    if lines < _SHORT_LINES and asks:
        return False
    reading = read_by_rules(text, today)
    owned = sum(item.owner is not None for item in reading.items)
    if (reading.noted >= 2 and owned >= 1) or owned >= 2:
        return True
    if NOTES_HEADER.search(text[:300]) and reading.items:
        return True
    first = next((line for line in text.splitlines() if line.strip()), "")
    titled = (
        len(text.splitlines()) >= 3 and len(first.split()) <= 10 and MEETING_TITLE.search(first)
    )
    if titled and owned >= 1 and not first.rstrip().endswith("?"):
        return True
    # One assignment said on its own ("Noor will fix the login timeout by Friday"):
    # every clause is work with a named owner, and nothing is asked.
    found = clauses(text)
    items = [item for item in (rule_reading(c, today) for c in found) if item]
    return bool(items) and len(items) == len(found) == owned and "?" not in text
