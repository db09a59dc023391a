"""Turns in a conversation: who was asked, who said yes, who declined, who took it.

"Marco, can you look at the retry storm?" makes an item for Marco; his "yep, I'll dig into
it" confirms it (and what he adds to it is kept), "can't this week" leaves it unowned, and
"I'll take it" from someone else makes it theirs. "Can someone ...?" is asked of anyone:
the first speaker who takes it owns it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from nodes.pm.notes.due_dates import find_due
from nodes.pm.notes.rules import ActionItem
from nodes.pm.notes.titles import content_words, title_of

ANYONE = "*"
_LEAD = r"^(?:(?:honestly|well|um+|uh+|hmm+|oh|ah|so|haha|lol)[,.!\s]+)*"
DECLINE = re.compile(
    _LEAD + r"(?:no\b|nope|can'?t|cannot|not (?:this|me|it)\b|i can'?t|sorry|unfortunately|"
    r"(?:this|that|next) (?:week|month|time) no\b|not this (?:week|time)|um+,? not (?:this|me)|"
    r"i'?d (?:do|love to|like to)[^,.]{0,20},? but|"
    r"i'?d love to,? but|i would,? but|(?:i'?m|i am) (?:fully|too|already) (?:on|busy|booked))",
    re.I,
)
CONFIRM = re.compile(
    _LEAD + r"(?:yes|yep|yeah|yup|sure|ok|okay|will do|on it|can do|done deal|leave it with me|"
    r"i can\b|i'?ll\b|i will\b|👍)",
    re.I,
)
# "I'll take it", "leave it with me", "I'll have a look": the item just asked about.
CLAIM = re.compile(
    _LEAD + r"(?:(?:yeah|yes|sure|ok|okay),?\s+)?(?:i\s*(?:'ll|’ll|will|can|could)\s+(?:take|do|"
    r"own|handle|grab|pick up)\s+(?:it|that|this|this one|that one)\b|leave it with me|"
    r"that'?s me\b|i'?ll (?:have|take) a look\b|i'?ll look into it|"
    r"i can look (?:at|into) (?:it|that)|"
    r"on it\b|i got it|mine\b|put me down|count me in|i'?ll sort it|happy to (?:do|take|handle) "
    r"(?:it|that|this)|i'?m on it|owning it)",
    re.I,
)
# "Yes, I can book it Thursday": any verb, after someone declined the item.
_TAKES_IT = re.compile(
    _LEAD + r"(?:(?:yes|yeah|sure|ok|okay),?\s+)?i\s*(?:'ll|’ll|will|can|could)\s+\w+\s+"
    r"(?:it|that|this)\b",
    re.I,
)
# "I'll need Chloe to review it": another person's work, not more of the same item.
_OTHER_OWNER = re.compile(r"\bneeds?\s+[A-Z][\w'’-]+\s+to\b")
# "cowards 😂 fine I'll do it this weekend": a claim after a joke.
_LATE_CLAIM = re.compile(
    r"\bi(?:'ll|’ll| will)\s+(?:do|take|handle|own)\s+it\b|\b(?:i guess|so)\s+that'?s me\b", re.I
)
_REPLY_WORDS = re.compile(
    r"^(?:(?:yes|yep|yeah|yup|sure|ok|okay|will do|on it|can do|i can|i'?ll|i will|will|"
    r"leave it with me|take that|take it|do it|👍)[,.!\s]*)+",
    re.I,
)
# Words a reply adds that say nothing about the work ("I'll have a look this afternoon").
_VAGUE = {
    "have", "look", "do", "take", "check", "will", "after", "call", "afternoon", "morning",
    "today", "tomorrow", "week", "later", "asap", "soon", "think", "just", "anyway", "sure",
}  # fmt: skip


@dataclass
class Turns:
    """Who has been asked and not answered yet, and what the last answer settled."""

    pending: dict[str, int] = field(default_factory=dict)  # asked (lower case) -> item index
    asker: str | None = None  # who asked "can someone ...?"
    agreed: tuple[str, int] | None = None  # the speaker and line that just said yes
    declined: int | None = None  # the item its asked person declined
    pending_answered: int | None = None  # the item the last yes was about
    offered: int | None = None  # the item a "who wants ...?" put up for taking


def asked(turns: Turns, index: int, owner: str | None, speaker: str | None) -> None:
    """Remember that item ``index`` was asked of ``owner`` (or of anyone, by ``speaker``)."""
    if owner:
        turns.pending[owner.lower()] = index
    elif speaker:
        turns.pending[ANYONE], turns.asker = index, speaker.lower()


def answer(
    turns: Turns,
    speaker: str,
    line: int,
    text: str,
    items: list[ActionItem],
    context: list[tuple[str, str]],
    today: date,
) -> bool:
    """Whether ``text`` answers a question before it; the items are updated when it does."""
    said_by = speaker.lower()
    key = said_by if said_by in turns.pending else None
    if key is None and ANYONE in turns.pending and said_by != turns.asker:
        key = ANYONE if CLAIM.match(text) or CONFIRM.match(text) else None
    if key is not None:
        index = turns.pending.pop(key)
        if index < len(items) and _reply(text, index, speaker, items, context, turns, today):
            turns.agreed, turns.pending_answered = (said_by, line), index
            return True
    follows = turns.agreed == (said_by, line) and not _OTHER_OWNER.search(text)
    if follows and re.search(r"\b(?:it|that|this|them)\b", text, re.I):
        answered = turns.pending_answered
        if answered is not None and answered < len(items):  # "Yes. I'll get the checklist to them"
            items[answered] = _extend(items[answered], text, today)
        context.append((text, "agreed to the item above"))
        return True
    takes_declined = turns.declined is not None and _TAKES_IT.match(text)  # "I can book it Thu"
    if (CLAIM.match(text) or _LATE_CLAIM.search(text) or takes_declined) and (
        taken := _claimable(turns, items)
    ) is not None:
        items[taken] = replace(items[taken], owner=speaker)
        context.append((text, "took the item above"))
        turns.declined = turns.offered = None
        return True
    return False


def _reply(
    text: str,
    index: int,
    speaker: str,
    items: list[ActionItem],
    context: list[tuple[str, str]],
    turns: Turns,
    today: date,
) -> bool:
    """A no leaves the item unowned; a yes (from anyone asked) makes it the speaker's."""
    if DECLINE.match(text):
        items[index] = replace(items[index], owner=None)
        context.append((text, "declined"))
        turns.declined = index
        return True
    if not (CONFIRM.match(text) or CLAIM.match(text) or re.search(r"\b(?:it|that|this)\b", text)):
        return False
    items[index] = _extend(replace(items[index], owner=items[index].owner or speaker), text, today)
    context.append((text, "agreed to the item above"))
    return True


def _extend(item: ActionItem, text: str, today: date) -> ActionItem:
    """What an answer adds to the item: "sure, will flip the flag Monday"."""
    due, said = find_due(text, today)
    said = title_of(_REPLY_WORDS.sub("", said))
    if len(content_words(said) - content_words(item.title) - _VAGUE) >= 2:
        item = replace(item, title=f"{item.title}: {said[:1].lower()}{said[1:]}"[:200])
    return replace(item, due=item.due or due)


def _claimable(turns: Turns, items: list[ActionItem]) -> int | None:
    """The item an "I'll take it" takes: the one just declined or offered, or the last unowned."""
    for index in (turns.declined, turns.offered):
        if index is not None and index < len(items) and items[index].owner is None:
            return index
    if items and items[-1].owner is None:
        return len(items) - 1
    return None
