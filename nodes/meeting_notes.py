"""Meeting notes or chat to action items: who does what, by when.

Two readers agree on each clause of the notes:

- rules: the shapes action items take ("Noor will fix X by Friday", "Tomasz owns X",
  "we still need X", "Action: Lee - X", "@kim please X");
- the orchestrator's model, under a grammar, one verdict per numbered clause (so an
  item phrased in a way no rule knows is still found).

The model's owner and task are kept only when grounded in the clause (the owner is a
name written there, the task shares most of its words); otherwise the rule's reading
stands. A clause with no sign of work to do (no modal, no request, no owner verb) is
never an action item, whatever the model says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from nodes.due_dates import find_due

MAX_CLAUSES = 24
# Words that start a clause but are not people.
_NOT_NAMES = {
    "we", "i", "you", "they", "he", "she", "it", "someone", "somebody", "everyone", "team",
    "the", "this", "that", "there", "also", "then", "and", "but", "still", "please", "action",
    "todo", "next", "follow", "decision", "decided", "note", "notes", "agenda", "meeting",
    "attendees", "date", "update", "status", "if", "when", "once", "after", "before", "so",
    "our", "my", "your", "all", "both", "nobody", "none", "maybe", "qa", "ops", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "assigned", "owner",
    "owners", "for", "i'll", "we'll",
}  # fmt: skip
_NAME = r"[A-Z][a-zA-Z'’-]+(?:\s[A-Z][a-zA-Z'’-]+)?"
_OWNER_VERB = (
    r"will|'ll|’ll|'s going to|’s going to|shall|is going to|are going to|is to|to|should|"
    r"needs to|must|has to|"
    r"can|could you|owns|will own|is on|handles|will handle|is handling|takes|will take|"
    r"took|agreed to|volunteered to|offered to|promised to|said (?:she|he|they)(?:'d| would)|"
    r"is responsible for|is looking into|will look into|picks up|will pick up|is fixing|"
    r"is writing|drives|will drive|leads|will lead|:|-|–|—"
)
# "Lee will ...", "Lee and Sam will ..." (the first named owns it), "Lee: ...".
_OWNED = re.compile(
    rf"^(?:@)?(?P<owner>{_NAME})(?:\s*(?:,|and|&)\s*@?{_NAME})*\s*(?P<verb>{_OWNER_VERB})\s+"
    r"(?P<rest>.+)$"
)
_ASSIGNED_FIRST = re.compile(
    rf"^(?:assigned\s+to|owner|for)\s*[:\s]\s*@?(?P<owner>{_NAME})\s*[:\-–—]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_AT = re.compile(r"@(?P<owner>[A-Za-z][\w.-]*)")
_ASSIGNED = re.compile(
    rf"(?P<rest>.+?)[\s,(]+(?:owner|assigned to|assignee|->|→)[:\s]+(?P<owner>{_NAME})\)?\.?$"
)
_OWNERLESS = re.compile(
    r"^(?:we\s+(?:still\s+)?(?:need|have|must|should)(?:\s+to)?|we'll need(?:\s+to)?|"
    r"i(?:'ll|’ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to)|"
    r"still\s+need(?:\s+to)?|need(?:s)?\s+to|(?:action(?:\s+item)?|todo|to\s*do|follow[- ]up|"
    r"next\s+step)s?\s*[:-]|someone\s+(?:needs\s+to|should|must|has\s+to)|"
    r"(?:it\s+)?(?:would|'d)\s+be\s+good\s+to|let's|lets)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"\b(?:will|'ll|’ll|going to|needs?|should|must|has to|have to|to ?do|action|follow[- ]?up|"
    r"please|owns?|take[s]? care|assigned|responsible|handles?|look(?:ing)? into|"
    r"investigate|by|due|let's|picks? up|volunteered|agreed|promised)\b",
    re.IGNORECASE,
)
# A clause that starts with one of these is an instruction: work to do, owner or not.
_IMPERATIVE = re.compile(
    r"^(?:add|archive|arrange|ask|audit|automate|book|build|bump|call|cancel|check|clean up|"
    r"confirm|contact|create|decide|define|delete|deploy|design|document|draft|email|enable|"
    r"enforce|ensure|export|file|finalise|finalize|find|fix|follow up|gather|get|hire|"
    r"implement|investigate|invite|look into|merge|migrate|move|order|organise|organize|"
    r"plan|prepare|publish|reach out|refactor|release|remove|rename|renew|replace|reply|"
    r"review|rewrite|rotate|run|schedule|send|set up|share|ship|sign|start|test|track|"
    r"update|upgrade|validate|verify|write)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?:action(?:\s+items?)?|todo|to\s*do|ai|follow[- ]up|next\s+steps?)\s*[:-]\s*", re.I
)
# "finished X yesterday, today she'll add Y": the work to do is the part after the cue.
_LATER = re.compile(
    r"[,;]\s*(?:(?:today|next|now|then|tomorrow)\s*,?\s*)?(?:she|he|they|I|we)?\s*"
    r"(?:'ll|’ll|will|is going to|are going to)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:(?:[-*•·]|\d+[.)](?=\s)|\[[ xX]?\])\s*)+")
_HEADER = re.compile(
    r"^(?:attendees|present|date|agenda|notes|meeting notes|minutes|action items|actions|"
    r"decisions|next steps)\b[^:]*:\s*$|^(?:attendees|present|date)\s*:|"
    r"^[\w -]{0,30}\b(?:notes|minutes|stand-?up|retro|sync|agenda|action items|actions|"
    r"next steps|decisions|to-?dos?)$",
    re.IGNORECASE,
)
# What an owner verb says about the work, when the rest of the clause does not.
_VERB_TITLE = {
    "is looking into": "Look into",
    "will look into": "Look into",
    "is fixing": "Fix",
    "is writing": "Write",
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z@])|\s*;\s*|\n+")


@dataclass(frozen=True)
class ActionItem:
    """One piece of work found in the notes."""

    title: str
    owner: str | None
    due: date | None
    source: str  # the clause it came from


def clauses(text: str) -> list[str]:
    """The notes cut into clauses: lines, sentences and ``;``-separated parts."""
    found = []
    for line in text.splitlines() or [text]:
        line = _BULLET.sub("", line).strip()
        if not line or _HEADER.match(line):
            continue
        for part in _SENTENCE.split(line):
            part = part.strip(" \t.,")
            if len(part) >= 4:
                found.append(part)
    return found[:MAX_CLAUSES]


def rule_reading(clause: str, today: date) -> ActionItem | None:
    """The clause as an action item by the rules, or None when no rule sees one."""
    due, rest = find_due(clause, today)
    owner = None
    marked = _MARKER.match(rest)
    if marked:
        rest = rest[marked.end() :]
    if match := _OWNED.match(rest):
        candidate = match.group("owner")
        if _is_name(candidate):
            owner, rest = candidate, match.group("rest")
            lead = _VERB_TITLE.get(match.group("verb").lower())
            rest = f"{lead} {rest}" if lead else rest
            if later := _LATER.search(rest):
                rest = later.group("rest")
    if owner is None and (match := _ASSIGNED_FIRST.match(rest)) and _is_name(match.group("owner")):
        owner, rest = match.group("owner"), match.group("rest")
    if owner is None and (match := _ASSIGNED.match(rest)) and _is_name(match.group("owner")):
        owner, rest = match.group("owner"), match.group("rest")
    if owner is None and (match := _AT.search(rest)):
        owner = match.group("owner").capitalize()
        rest = (rest[: match.start()] + rest[match.end() :]).strip(" ,:")
        rest = re.sub(r"^(?:please|pls|can you|could you)\s+", "", rest, flags=re.I)
    if owner is None:
        match = _OWNERLESS.match(rest)
        if match is not None:
            rest = match.group("rest")
        elif not (marked or _IMPERATIVE.match(rest)):
            return None
    title = tidy_title(rest)
    return ActionItem(title, owner, due, clause) if title else None


def tidy_title(text: str) -> str:
    """A ticket title from the words of an action: no filler, capitalised."""
    text = re.sub(r"^(?:to|also|then|please|going to|be)\s+", "", text.strip(), flags=re.I)
    if not re.match(r"^(?:look into|fix|write)\b", text, re.I):
        text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = text.strip(" \t.,;:-–—")
    return (text[:1].upper() + text[1:])[:200] if len(text) >= 3 else ""


def has_cue(clause: str) -> bool:
    """Whether the clause shows any sign of work to do."""
    return bool(_CUE.search(clause) or _AT.search(clause))


def merge(
    clause: str, rule: ActionItem | None, verdict: dict[str, Any] | None, today: date
) -> ActionItem | None:
    """The rules' reading and the model's verdict on one clause, made one action item."""
    if verdict is None or verdict.get("action") is not True:
        return rule
    if rule is None and not has_cue(clause):
        return None  # the model sees work where the clause shows none: not trusted
    due, _ = find_due(clause, today)
    owner = rule.owner if rule else None
    said = str(verdict.get("owner") or "").strip().lstrip("@")
    if owner is None and said and _grounded_name(said, clause):
        owner = said
    title = rule.title if rule else ""
    task = tidy_title(str(verdict.get("task") or ""))
    if not title and task and _grounded_words(task, clause):
        title = task
    if not title:
        _, rest = find_due(clause, today)
        title = tidy_title(rest)
    return ActionItem(title, owner, due, clause) if title else None


def _is_name(word: str) -> bool:
    return word.split()[0].lower() not in _NOT_NAMES


def _grounded_name(name: str, clause: str) -> bool:
    first = name.split()[0]
    return _is_name(first) and re.search(rf"\b{re.escape(first)}\b", clause) is not None


def _grounded_words(task: str, clause: str) -> bool:
    words = set(re.findall(r"[a-z0-9]+", task.lower()))
    seen = set(re.findall(r"[a-z0-9]+", clause.lower()))
    return bool(words) and len(words & seen) / len(words) >= 0.6


def looks_like_notes(text: str, today: date) -> bool:
    """Whether ``text`` is notes with action items rather than a request.

    Notes give work to people: two items, one of them with a named owner, or a notes
    header and one item. Instructions alone ("Ship it. Check the policy.") are a
    request to the assistant, not notes.
    """
    header = re.search(
        r"\b(?:meeting notes|action items|minutes|notes from|stand-?up notes)\b", text, re.I
    )
    items = [item for item in (rule_reading(c, today) for c in clauses(text)) if item]
    owned = sum(item.owner is not None for item in items)
    noted = sum(
        item.owner is not None or bool(_OWNERLESS.match(item.source) or _MARKER.match(item.source))
        for item in items
    )
    return (noted >= 2 and owned >= 1) or (header is not None and len(items) >= 1)
