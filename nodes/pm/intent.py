"""What a project-management request asks for, read from its words (no model needed).

Ticket operations have fixed shapes ("move CORE-12 to done", "assign the CSV export to
Lee", "what is blocked?"); reading them with rules is exact, instant and works on the
smallest model. Anything else that is project management (notes, plans) goes to the
notes reader or to the orchestrator's own answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from nodes.pm.notes.material import asks_about_material
from nodes.pm.notes.recognise import looks_like_notes
from stores.board import STATUS_ALIASES

Kind = Literal[
    "notes", "move", "assign", "delete", "close_many", "close_all", "due", "rename",
    "blocked", "owner_work",
    "status", "roadmap", "add_epic", "add_ticket", "list", "show",
]  # fmt: skip
_ID = r"[A-Za-z][A-Za-z0-9]{0,9}-\d{1,7}"
_STATUS_WORDS = STATUS_ALIASES
_STATUS = "|".join(sorted((re.escape(w) for w in _STATUS_WORDS), key=len, reverse=True))
_NAME = r"[A-Z][a-zA-Z'’-]+(?:\s[A-Z][a-zA-Z'’-]+)?"

_MOVE = re.compile(
    rf"\b(?:move|mark|set|put|change)\s+(?P<id>{_ID})\s+(?:to|as|in|into|status\s+to)\s+"
    rf"(?P<status>{_STATUS})\b|\b(?P<id2>{_ID})\s+is\s+(?:now\s+)?(?P<status2>{_STATUS})\b|"
    rf"\b(?P<verb>close|finish|resolve|reopen|start|block)\s+(?P<id3>{_ID})\b|"
    rf"\b(?:update|set|change)\s+(?:the\s+)?status\s+(?:of|on|for)\s+(?:ticket\s+)?"
    rf"(?P<id4>{_ID})\s+to\s+(?P<status3>{_STATUS})\b",
    re.IGNORECASE,
)
_CLOSE_MANY = re.compile(
    rf"\b(?:close|finish|resolve)\s+(?P<ids>{_ID}(?:\s*(?:,|and)\s*{_ID})+)", re.I
)
# "close all tickets", "close all of Lee's open tickets", "mark every ticket in EPIC-2 as
# done": the open tickets that match, closed after approval (answered by the model before).
_SET = r"(?i:tickets?|tasks?|issues?)"
_CLOSE_ALL = re.compile(
    r"\b(?i:(?P<verb>close|finish|resolve|complete)(?:\s+out)?|mark)\s+(?i:all|every|each)"
    rf"(?:\s+of)?\s+(?i:the\s+|our\s+)?(?:(?P<owner>{_NAME})['’]s\s+)?"
    rf"(?i:(?:open|remaining|outstanding|current|other)\s+)?{_SET}\b(?P<rest>.*)$"
)
_SET_EPIC = re.compile(
    r"\b(?:in|under|of|for|from)\s+(?:the\s+)?(?:epic\s+)?(?P<epic>epic-\d{1,7})\b", re.I
)
_SET_OWNER = re.compile(
    rf"\b(?i:of|owned\s+by|assigned\s+to|for|from)\s+(?P<owner>{_NAME})(?![\w-])"
)
_FILLER = {"please", "pls", "now", "too", "then", "thanks", "thank", "you", "for", "me", "today"}
_MARKED_DONE = re.compile(
    r"\b(?:as\s+)?(?:done|closed|complete|completed|finished|resolved)\b", re.I
)
# A ticket's due date or title changed: "set the due date of CORE-2 to Friday", "CORE-2 is
# due next week", "rename CORE-2 to Export as CSV". The first was shown, not changed.
_DUE = re.compile(
    rf"\b(?:set|change|move|push|update|make)\s+(?:the\s+)?(?:due(?:\s+date)?|deadline)\s+"
    rf"(?:of|on|for)\s+(?:ticket\s+)?(?P<id>{_ID})\s+(?:to|for|as)\s+(?P<when>.+?)[.!]?$|"
    rf"\b(?:set|change|move|push|update|make)\s+(?P<id2>{_ID})['’]s\s+(?:due(?:\s+date)?|"
    rf"deadline)\s+(?:to|for|as)\s+(?P<when2>.+?)[.!]?$|"
    rf"^(?:(?:ok|okay|so|and|also|now)[,\s]+)?(?P<id3>{_ID})\s+is\s+(?:now\s+)?due\s+"
    rf"(?:on\s+|by\s+)?(?P<when3>[^?]+?)[.!]?$",
    re.IGNORECASE,
)
_RENAME = re.compile(
    rf"\b(?:rename|retitle)\s+(?:ticket\s+)?(?P<id>{_ID})\s+(?:to|as)\s*:?\s+(?P<title>.+)$|"
    rf"\b(?:set|change|update)\s+(?:the\s+)?(?:title|name)\s+(?:of|on|for)\s+(?:ticket\s+)?"
    rf"(?P<id2>{_ID})\s+to\s*:?\s+(?P<title2>.+)$",
    re.IGNORECASE,
)
_ASSIGN = re.compile(
    rf"\b(?:assign|give|hand(?:\s+over)?|re-?assign|re-?own)\s+(?P<ref>.+?)\s+to\s+(?P<owner>{_NAME})\s*[.!]?$"
)
_DELETE = re.compile(rf"\b(?:delete|remove|drop)\s+(?:ticket\s+)?(?P<id>{_ID})\b", re.I)
_BLOCKED = re.compile(r"\b(?:what|which|anything|show|list)\b.*\bblocked\b|^blocked\b", re.I)
_OWNER_WORK = re.compile(
    rf"\bwhat\s+(?:is|'s)\s+(?P<owner>{_NAME})\s+(?:working\s+on|doing|on|assigned)|"
    rf"\b(?P<owner2>{_NAME})'s\s+(?:tickets|work|tasks)\b"
)
_STATUS_SUMMARY = re.compile(
    r"\b(?:status|summary|overview|state)\b.*\b(?:project|board|tickets|sprint|work)\b|"
    r"^\s*(?:project\s+)?status\??\s*$|\bhow\s+(?:are\s+we|is\s+the\s+project)\s+doing\b",
    re.IGNORECASE,
)
# A question about named tickets' state: "is RACE-3 done yet?", "what is the status of
# RACE-1?", "who owns CORE-2?", "tell me about CORE-4". Answered from the board.
_IDS = rf"{_ID}(?:\s*(?:,|and|&)\s*{_ID})*"
_SHOW = re.compile(
    rf"\b(?:is|are|was|were)\s+{_IDS}\s+(?:(?:still|already|now|really)\s+)?(?:{_STATUS}|"
    r"assigned|owned|finished|closed|completed?|resolved|started|open|yet|on\s+track|"
    r"due|late|overdue|stuck)\b|"
    r"\b(?:status|state|progress|owner|assignee|due\s+date|details?)\s+(?:of|on|for)\s+"
    rf"(?:tickets?\s+)?{_IDS}|{_ID}['’]s\s+(?:status|state|owner|assignee|due|progress)\b|"
    rf"\bwho\s+(?:owns|has|is\s+on|is\s+(?:working\s+on|assigned(?:\s+to)?))\s+{_IDS}|"
    rf"\bwhere\s+(?:is|are)\s+{_IDS}\b|\bwhat['’]?s?\s+(?:is\s+)?(?:up|going\s+on|happening)"
    rf"\s+with\s+{_IDS}|\bwhen\s+(?:is|are)\s+{_IDS}\s+due\b|"
    rf"^\s*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:show(?:\s+me)?|tell\s+me\s+about|"
    rf"look\s+up|details\s+(?:of|on|for))\s+(?:tickets?\s+)?{_IDS}\s*[.?!]?\s*$",
    re.IGNORECASE,
)
_ROADMAP = re.compile(r"\b(?:draft|build|create|make|plan|write|prepare)\b.*\broadmap\b", re.I)
_ADD_EPIC = re.compile(r"\b(?:add|create|new)\s+(?:an\s+)?epic\b\s*[:\-–]?\s*(?P<title>.+)$", re.I)
_ADD_TICKET = re.compile(
    r"\b(?:add|create|open|file|new)\s+(?:a\s+)?(?:ticket|task|issue)\b\s*[:\-–]?\s*(?P<title>.+)$",
    re.IGNORECASE,
)
# A board change the request talks about rather than asks for: negated just before its
# verb ("don't close CORE-3", "no need to open a ticket"), or asked about ("how do I move
# CORE-1 to done?", "what happens if I delete CORE-4?", "whether 'add a ticket: x' ...").
# "Don't forget to close CORE-3" still asks for it.
_NEGATED = re.compile(
    r"\b(?:don['’]?t|do\s+not|never|no\s+need\s+to|not)\s+(?!(?:forget|hesitate)\b)"
    r"(?:\w+\s+){0,2}$",
    re.I,
)
# Where the clause that holds a change starts: after a sentence, or a ", then".
_CLAUSE_START = re.compile(r"[.!?;]\s|,\s*(?:and\s+)?then\b", re.I)
_SOMEONE = r"(?:we|i|you|they|he|she|anyone|anybody|someone|somebody|everyone|it)"
_ASKED_ABOUT = re.compile(
    r"\bhow\s+(?:do|can|would|should|to)\b|\bwhat\s+(?:happens|would\s+happen)\s+(?:if|when)\b|"
    r"\bwhether\b|\bis\s+there\s+a\s+way\s+to\b|\bis\s+it\s+possible\s+to\b|"
    # Advice or the past asked about: "should we close CORE-2?", "did anyone close
    # CORE-1?", "why did we move it", "who should assign ...", "do we need to delete".
    rf"\b(?:should|shall|ought)\s+{_SOMEONE}\b|\b(?:did|does|has|have|had)\s+{_SOMEONE}\b|"
    rf"\bdo\s+{_SOMEONE}\s+(?:need|have|want)\s+to\b|"
    r"\b(?:why|who|when)\s+(?:did|does|do|should|shall|would|will|has|have|was|is|can)\b|"
    r"\bwould\s+it\s+(?:make\s+sense|be\s+(?:ok|okay|fine|wise|better))\b",
    re.I,
)
# Code in a change's clause, before its words: a definition, a signature's end, an arrow.
_CODE = re.compile(
    r"\b(?:def|function|func|fn|class)\s+\w*\s*\(|\w\([^()]*\)\s*(?:->\s*[\w\[\]., ]+)?\s*[:{]\s*$|"
    r"=>|[{;]\s*$",
)
# How to ask for a change that was only talked about ("should we close CORE-2?").
_COMMAND = {
    "move": "move {id} to {status}",
    "close_many": "close {id}",
    "delete": "delete {id}",
    "assign": "assign {id} to {owner}",
}
# What a ticket's title does not keep: "add a ticket for flaky tests?" -> "flaky tests".
_TITLE_LEAD = re.compile(r"^(?:[:\-–]\s*)*(?:(?:for|about|to\s+track)\s+)?", re.I)
_TITLE_END = " .:;,!?-–\"'’“”"
_LIST = re.compile(r"\b(?:list|show)\s+(?:me\s+)?(?:the\s+|all\s+|our\s+|open\s+)*tickets\b", re.I)
TICKET_ID = re.compile(r"\b[A-Z][A-Z0-9]{0,9}-[1-9]\d{0,6}\b")
# "Check CORE-12 against the code": a ticket id with words asking for a comparison (the
# coder's gap analysis, not a board operation). Ids are upper-case: "utf-8" is not one.
TICKET_CHECK = re.compile(
    r"\b[A-Z][A-Z0-9]{1,9}-[1-9]\d{0,6}\b.*\b(?i:against|versus|vs|compared?|implemented|"
    r"implementation|criteria|covered|meets?|in\s+the\s+code)\b|"
    r"\b(?i:check|verify|compare|audit)\b.*\b[A-Z][A-Z0-9]{1,9}-[1-9]\d{0,6}\b"
)
# Ids of documents, not tickets: "check PRD-33 against the retention policy" is a review
# of a spec (governance), not a ticket's gap analysis.
DOCUMENT_ID = re.compile(r"\b(?:PRD|RFC|SPEC|ADR|DOC|DPIA|POL|POLICY)-[1-9]\d{0,6}\b")


def checks_ticket(text: str) -> bool:
    """Whether ``text`` asks to check a ticket (not a document) against something."""
    if not TICKET_CHECK.search(text):
        return False
    return bool(TICKET_ID.search(DOCUMENT_ID.sub(" ", text)))


_VERB_STATUS = {"close": "done", "finish": "done", "resolve": "done", "reopen": "todo",
                "start": "in_progress", "block": "blocked"}  # fmt: skip


@dataclass(frozen=True)
class Intent:
    """One project-management request, as read."""

    kind: Kind
    ticket: str | None = None  # an id, or the words naming a ticket
    status: str | None = None
    owner: str | None = None
    title: str | None = None
    detail: str | None = None  # an epic's goal
    ids: list[str] = field(default_factory=list)
    # Where a board change's words start in the request (spaces collapsed).
    at: int | None = field(default=None, compare=False, repr=False)


NOTES_LINES = 3  # a pasted note of this many lines is read as notes before any one command


def read_intent(text: str, today: date) -> Intent | None:
    """The request's project-management intent, or None when it is not one.

    A board change that the request negates or asks about is not one: the orchestrator
    answers the question, and the board stays as it is.
    """
    intent = _read(text, today)
    if intent is None or intent.at is None:
        return intent
    flat = " ".join(text.split())
    if _in_code(flat[: intent.at]):
        return None  # code that calls a board operation, pasted to be reviewed or judged
    before = _CLAUSE_START.split(flat[: intent.at])[-1]
    if _NEGATED.search(before):
        return _shown(intent, suggest=False)
    if _ASKED_ABOUT.search(before):
        return _shown(intent, suggest=True)
    return intent


def _in_code(before: str) -> bool:
    """Whether a change's words follow an open code span or fence, or code in their clause.

    "Does this comply? def close_ticket(): close CORE-6" pastes code; its "close CORE-6"
    closed the ticket (a blind HTTP sweep).
    """
    if before.count("```") % 2 or before.count("`") % 2:
        return True
    return _CODE.search(_CLAUSE_START.split(before)[-1]) is not None


def _shown(change: Intent, *, suggest: bool) -> Intent | None:
    """A change talked about, not asked for: its tickets shown as they are, or nothing.

    ``suggest``: the answer also says how to ask for the change (``detail``).
    """
    named = change.ticket if change.ticket and _only_id(change.ticket) else None
    ids = change.ids or ([named.upper()] if named else [])
    if not ids:
        return None
    command = _COMMAND.get(change.kind, "") if suggest else ""
    detail = command.format(id=ids[0], status=change.status, owner=change.owner) or None
    return Intent("show", ids=ids, detail=detail)


def _only_id(reference: str) -> bool:
    return re.fullmatch(_ID, reference.strip()) is not None


def _read(text: str, today: date) -> Intent | None:
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    flat = " ".join(text.split())
    lines = sum(bool(line.strip()) for line in text.splitlines())
    if lines >= NOTES_LINES and looks_like_notes(text, today) and not asks_about_material(text):
        return Intent("notes")  # notes that happen to say "open a ticket" or "move X"
    if intent := _close_all(flat):
        return intent
    if match := _CLOSE_MANY.search(flat):
        ids = [i.upper() for i in re.findall(_ID, match.group("ids"))]
        return Intent("close_many", ids=ids, status="done", at=match.start())
    if match := _MOVE.search(flat):
        ticket = (match["id"] or match["id2"] or match["id3"] or match["id4"]).upper()
        word = match["status"] or match["status2"] or match["status3"]
        status = _STATUS_WORDS[word.lower()] if word else _VERB_STATUS[match.group("verb").lower()]
        return Intent("move", ticket=ticket, status=status, at=match.start())
    if match := _DELETE.search(flat):
        return Intent("delete", ticket=match.group("id").upper(), at=match.start())
    if match := _DUE.search(flat):
        ticket = (match["id"] or match["id2"] or match["id3"]).upper()
        when = (match["when"] or match["when2"] or match["when3"]).strip()
        return Intent("due", ticket=ticket, detail=when, at=match.start())
    if match := _RENAME.search(flat):
        ticket = (match["id"] or match["id2"]).upper()
        title = _title(match["title"] or match["title2"])
        return Intent("rename", ticket=ticket, title=title, at=match.start())
    if match := _ASSIGN.search(flat):
        reference = re.sub(
            r"^(?:the\s+)?(?:ticket\s+|task\s+)?", "", match.group("ref"), flags=re.I
        )
        return Intent(
            "assign", ticket=reference.strip(), owner=match.group("owner"), at=match.start()
        )
    if match := _ADD_EPIC.search(flat):
        title, _, goal = match.group("title").partition(" - ")
        return Intent(
            "add_epic", title=_title(title), detail=goal.strip() or None, at=match.start()
        )
    if match := _ADD_TICKET.search(flat):
        return Intent("add_ticket", title=_title(match.group("title")), at=match.start())
    if looks_like_notes(text, today) and not asks_about_material(text):
        return Intent("notes")
    if match := _SHOW.search(flat):
        return Intent("show", ids=list(dict.fromkeys(i.upper() for i in re.findall(_ID, match[0]))))
    if _ROADMAP.search(flat):
        return Intent("roadmap", detail=flat)
    if match := _OWNER_WORK.search(flat):
        return Intent("owner_work", owner=match.group("owner") or match.group("owner2"))
    if _BLOCKED.search(flat):
        return Intent("blocked")
    if _STATUS_SUMMARY.search(flat):
        return Intent("status")
    if _LIST.search(flat):
        return Intent("list")
    return None


def _close_all(flat: str) -> Intent | None:
    """Closing a set, "close all (of Lee's) tickets (in EPIC-2)": its owner and epic.

    The epic is kept in ``ticket``; words that choose tickets some other way, in
    ``detail`` ("from last sprint"), so that nothing is closed.
    """
    match = _CLOSE_ALL.search(flat)
    if match is None or (match["verb"] is None and not _MARKED_DONE.search(match["rest"])):
        return None
    epic = _SET_EPIC.search(match["rest"])
    rest = _SET_EPIC.sub(" ", match["rest"])
    found = _SET_OWNER.search(rest)
    owner = match["owner"] or (found["owner"] if found else None)
    rest = _MARKED_DONE.sub(" ", _SET_OWNER.sub(" ", rest))
    # Words left over select tickets some other way ("from last sprint"): none is closed.
    unread = " ".join(w for w in re.findall(r"[\w'’-]+", rest) if w.lower() not in _FILLER)
    return Intent(
        "close_all",
        owner=owner,
        ticket=epic["epic"].upper() if epic else None,
        status="done",
        detail=unread or None,
        at=match.start(),
    )


def _title(words: str) -> str | None:
    """A title from the words after "add a ticket": no lead-in, no end punctuation."""
    title = _TITLE_LEAD.sub("", words.strip(_TITLE_END)).strip(_TITLE_END)
    return title if re.search(r"\w", title) else None
