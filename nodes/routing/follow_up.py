"""A turn in a conversation: a short follow-up stays with what the thread was about.

"and rollback?", "shorter please", "do the same for PAY-12" have no lane of their own:
routed alone they land anywhere. A follow-up is routed with the turn before it:

- a request that starts a new topic ("unrelated: ...", "btw", "next one: ...") is routed
  on its own;
- a request that names a subject and that the router places confidently on a lane of
  its own ("is that GDPR compliant?" after a design question) goes there: the subject
  moves, the conversation comes along;
- a request that reads as a follow-up (a fragment, a back-reference, a correction, a
  refinement, thanks with a next step) stays with the previous turn's lanes;
- anything else is routed on its own.

The lanes then get a standalone request, the previous request with the follow-up (so
retrieval searches "billing rollback", not "rollback"), and the recent turns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage

from lanes.backends.transcript import message_text
from lanes.core.lane import Lane
from nodes.pm.intent import TICKET_ID, read_intent
from nodes.routing.decision import RouteDecision
from nodes.routing.planner import Plan, PlanStep
from stores.lexical import STOPWORDS

# Routed alone with at least this confidence (the probability of exactly the lanes it
# is routed to), a follow-up has a lane of its own; chosen on the fit split of
# tests/data/multiturn: 0.70 scored best there (0.84) but let "and who owns it?" after a
# plan (the issue's own example, 0.77 alone on fast_rag) leave its turn; 0.80 scores 0.78.
# The probe router later put that example at 0.87; a request with no subject of its own
# (``has_subject``) now never leaves its turn, and 0.80 still scores best (fit 0.875).
CONFIDENT_ALONE = 0.8
# Up to this many words, a request is a fragment of the conversation.
FRAGMENT_WORDS = 6
# A back-reference ("it", "those") binds a request to the thread up to this length.
REFERENCE_WORDS = 20
PREVIOUS_CHARS = 600  # of the previous request, in the standalone one
HISTORY_TURNS = 4  # messages of recent history handed to the lanes
HISTORY_CHARS = 2400
# Board intents that only read: asking one again with the follow-up changes nothing.
BOARD_QUESTIONS = frozenset({"blocked", "owner_work", "status", "roadmap", "list", "show"})
# Board commands that name tickets: "it" and "them" there are tickets.
BOARD_COMMANDS_ON_TICKETS = frozenset({"move", "assign", "delete", "close_many"})

_NEW_TOPIC = re.compile(
    r"\b(?:unrelated|different (?:topic|question|thing)|separate (?:thing|question|topic)|"
    r"switching (?:gears|topics?)|new (?:question|topic)|another (?:question|thing)|"
    r"next one|btw|by the way|changing (?:the )?subject)\b",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"^\W*(?:and|also|plus|or|but|so|then|what about|how about|same|ok|okay|k|thanks|"
    r"thank you|thx|ty|cool|great|nice|perfect|no|nope|not|sorry|oops|ah|actually|wait|"
    r"hmm|why|just|only)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b(?:it|its|it's|that|this|those|these|them|they|the same|above|previous|earlier|"
    r"first one|second one|last one|that one)\b",
    re.IGNORECASE,
)
_REFINE = re.compile(
    r"\b(?:shorter|longer|simpler|bullets?|numbered|as a table|in a table|more detail|"
    r"less detail|rephrase|tl;?dr|in one (?:line|sentence))\b",
    re.IGNORECASE,
)


# Words left once function words (the index's stop words), back-references and cues are
# gone: "and who owns it?" leaves "owns", which cannot move the conversation elsewhere.
_WORD = re.compile(r"[a-z0-9][a-z0-9_.'-]*")


_ONE = re.compile(r"\b(?:this ticket|that ticket|the ticket|it|this|that)\b", re.IGNORECASE)
_SEVERAL = re.compile(r"\b(?:all of them|them all|them|those|these)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PreviousTurn:
    """The turn before this one: its request, its answer, the lanes that served it."""

    request: str
    answer: str
    lanes: tuple[Lane, ...]


def previous_turn(
    messages: Sequence[AnyMessage], lanes: Sequence[str] | None
) -> PreviousTurn | None:
    """The previous turn of a thread whose last message is the new request, if any."""
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    if len(humans) < 2 or not lanes:
        return None
    before, current = humans[-2], humans[-1]
    answer = next(
        (message_text(m) for m in reversed(messages[before:current]) if isinstance(m, AIMessage)),
        "",
    )
    names = {lane.value for lane in Lane}
    known = tuple(Lane(name) for name in lanes if name in names)
    request = message_text(messages[before])
    return PreviousTurn(request, answer, known) if known and request.strip() else None


def starts_new_topic(text: str) -> bool:
    """Whether ``text`` says it is not about the previous turn."""
    return bool(_NEW_TOPIC.search(text))


def reads_as_follow_up(text: str) -> bool:
    """Whether ``text`` leans on the turn before it."""
    words = len(text.split())
    if words <= FRAGMENT_WORDS or _CUE.search(text) or _REFINE.search(text):
        return True
    return words <= REFERENCE_WORDS and bool(_REFERENCE.search(text))


def has_subject(text: str) -> bool:
    """Whether ``text`` names something of its own.

    Two words or more besides function words, back-references and cues: "is that GDPR
    compliant?" does, "and who owns it?" does not.
    """
    words = _WORD.findall(text.lower())
    content = [
        w
        for w in words
        if w not in STOPWORDS and not _REFERENCE.fullmatch(w) and not _CUE.fullmatch(w)
    ]
    return len(content) >= 2


def in_conversation(
    text: str, alone: RouteDecision, previous: PreviousTurn | None
) -> tuple[RouteDecision, bool]:
    """The decision for ``text`` given the previous turn; True when it follows that turn.

    ``alone`` is ``text`` routed on its own. A follow-up's plan is the previous turn's
    lanes, each given the standalone request.
    """
    if previous is None or starts_new_topic(text):
        return alone, False
    alone_lanes = set(alone.plan.lanes())
    own_lane = (
        has_subject(text)
        and alone.confidence >= CONFIDENT_ALONE
        and (alone.method == "rules" or alone_lanes != set(previous.lanes))
    )
    if own_lane:
        return alone, True  # the subject moves to another lane; the context comes along
    if not reads_as_follow_up(text):
        return alone, False
    request = standalone(text, previous)
    steps = [
        PlanStep(id=f"s{i + 1}", lane=lane, task=request) for i, lane in enumerate(previous.lanes)
    ]
    plan = Plan(steps=steps)
    return RouteDecision(plan, "follow_up", alone.confidence, alone.ms, alone.trace), True


def standalone(text: str, previous: PreviousTurn) -> str:
    """The follow-up as a request on its own.

    After a board command (the orchestrator's lane), the follow-up itself with "it" or
    "them" resolved to the ticket ids of the previous turn: that command is carried out,
    and must not be read again. For other lanes, the previous
    request, the start of its answer, then the follow-up: what a reader of the thread
    would take it to mean, and what retrieval should search for.
    """
    resolved = resolve_references(text.strip(), previous)
    if Lane.ORCHESTRATOR in previous.lanes and _changed_the_board(previous.request):
        return resolved
    earlier = _clip(previous.request.strip(), PREVIOUS_CHARS)
    answer = _clip(previous.answer.strip(), PREVIOUS_CHARS)
    said = f"\nEarlier answer: {answer}" if answer else ""
    return f"{earlier}{said}\nFollow-up: {resolved}"


def resolve_references(text: str, previous: PreviousTurn) -> str:
    """``text`` with "it"/"that" (one ticket) or "them"/"those" (several) as their ids."""
    if TICKET_ID.search(text):
        return text  # it names its tickets itself
    ids = list(dict.fromkeys(TICKET_ID.findall(f"{previous.request}\n{previous.answer}")))
    if len(ids) == 1:
        return _ONE.sub(ids[0], text, count=1)
    if len(ids) > 1:
        return _SEVERAL.sub(", ".join(ids), text, count=1)
    return text


def with_tickets_named(text: str, previous: PreviousTurn | None) -> str:
    """A board command's "it" or "them" as the previous turn's ticket ids.

    "assign it to Marta" after "add a ticket: ..." is about the ticket just made; read
    alone, the board cannot tell which ticket "it" is.
    """
    if previous is None:
        return text
    intent = read_intent(text, date.today())
    if intent is None or intent.kind not in BOARD_COMMANDS_ON_TICKETS:
        return text
    return resolve_references(text, previous)


def _changed_the_board(request: str) -> bool:
    """Whether ``request`` was a board command (done once), rather than a question."""
    intent = read_intent(request, date.today())
    return intent is not None and intent.kind not in BOARD_QUESTIONS


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def history(messages: Sequence[AnyMessage]) -> str:
    """The thread's recent turns before the current request, newest last, bounded."""
    lines = []
    for message in messages[:-1][-HISTORY_TURNS:]:
        if isinstance(message, HumanMessage | AIMessage) and message_text(message).strip():
            who = "User" if isinstance(message, HumanMessage) else "Assistant"
            lines.append(f"{who}: {message_text(message).strip()}")
    text = "\n".join(lines)
    return text if len(text) <= HISTORY_CHARS else "..." + text[-HISTORY_CHARS:]
