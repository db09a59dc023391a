"""Notes to action items by rules: each clause in its context, in order, as a reader would.

A clause is work when it asks for something not yet done: a person named as doing it
later, an obligation, a request, an arrow to a fix, an item under an action-items
heading, a row of an action table, or today's plan in a standup. Everything else is
context, kept with the reason so the answer can say what was not ticketed. Owners come
from the words of the note: a name or @mention, the speaker of "I'll ...", the person
the previous sentence names for "she will ...", the person asked "can you ...?" (unless
they decline), or nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from nodes.pm.notes.chatter import NEGATIVE, OBLIGED, REQUEST, WHO_DOES, why_not_work
from nodes.pm.notes.conversation import Turns, answer, asked
from nodes.pm.notes.cues import (
    ABOUT_BEFORE,
    ARROW,
    ASKING_VERB,
    ASKS_YOU,
    DONE_VERB,
    FROM_ASK,
    GIVEN,
    I_CAN,
    LEAD,
    LOWER_PERSON,
    NAMED_FIRST,
    NOBODY_DID,
    NOT_THE_SPEAKER,
    OWN_VERB,
    PROSE_CLAIM,
    SPEAKER_PLANS,
    STATUS_FIX,
    SUBJECT,
    TAKEN_ON,
    TEAM_FIRST,
    UNSURE,
    WHERE_IT_STANDS,
    WORK_CUE,
    person_future,
)
from nodes.pm.notes.due_dates import find_due
from nodes.pm.notes.layout import Layout, lay_out
from nodes.pm.notes.owner_phrases import NAME
from nodes.pm.notes.owners import Owner, find_owner, is_person
from nodes.pm.notes.patterns import IMPERATIVE, MARKER
from nodes.pm.notes.rules import ActionItem, tidy_title
from nodes.pm.notes.sentences import Clause
from nodes.pm.notes.titles import (
    about,
    content_words,
    resolve_pronoun,
    subject_of,
    title_of,
    topic_of_title,
)

NO_WORK = "no work asked"
_ARROW_TEAM = re.compile(rf"\s*[A-Za-z][\w ]{{0,15}}\((?P<o>{NAME})\)\s*(?P<rest>.*)$")
# What an arrow points at when it is only the owner: "-> Chuy", "→ Leila", "-> owner: Terry".
_ARROW_OWNER = re.compile(
    rf"\s*(?i:owner\s*:\s*)?@?(?P<o>{NAME})(?:\s*(?:\+|&|and)\s*{NAME})?"
    r"(?:\s*\([^()]{1,30}\))?(?:,\s*[\w ]{1,15})?\s*[.!]?\s*"
)
# A speaker's plan in the present tense, with when: "I pick up the beds on Wednesday".
_I_PLAN = re.compile(
    r"^(?:(?:ok|so|and|yes|yeah)[,\s]+)*i\s+(?!(?:am|was|did|have|had|think|know|guess|mean|feel|"
    r"agree|hope|don'?t|can'?t|need|want|wish|try)\b)[a-z]{3,}\b.*\b(?:today|tomorrow|tonight|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|this week|"
    r"this afternoon|first thing)\b",
    re.I,
)
_YOU_ASKED = re.compile(r"^(?:(?:ok|so|and|also)[,\s]+)*(?:can|could|would) you\b", re.I)
_TIME_STAMP = re.compile(r"^\d{1,2}:\d{2}\s+")
# Work given to a named person, even under a heading that is not action items.
_GIVEN_WORK = re.compile(rf"(?:^|[—–-]\s|[.;,]\s)(?:{NAME})\s+(?:to|will|is going to)\s+[a-z]")
_NOT_WORK_WORDS = {
    "now", "yet", "know", "think", "see", "hope", "guess", "believe", "remember", "understand",
    "agree", "like", "love", "want", "so", "too", "well",
}  # fmt: skip
TITLE = "the note's title"
_CONTEXT_WHY = {
    "title": TITLE,
    "greeting": "a greeting",
    "past": "done already",
    "blocker": "a blocker, not a task",
    "context": "under a heading that is not action items",
}


@dataclass
class Reading:
    """Action items found, and the clauses read as context with the reason."""

    items: list[ActionItem] = field(default_factory=list)
    context: list[tuple[str, str]] = field(default_factory=list)
    noted: int = 0  # items written as notes give them: an owner, a table row, an action list


@dataclass
class _State:
    layout: Layout
    people: frozenset[str]
    last_person: str | None = None
    topic: str | None = None
    turns: Turns = field(default_factory=Turns)
    previous: str = ""
    last_item: bool = False  # whether the clause before made an item
    question: str | None = None  # an open question just asked, for "I'll check"
    speakers: tuple[str | None, str | None] = (None, None)  # this turn's speaker, the one before


def read_by_rules(text: str, today: date) -> Reading:
    """The action items of ``text`` and what was read as context, by rules alone."""
    layout = lay_out(text)
    state = _State(layout, frozenset(p.lower() for p in layout.speakers))
    reading = Reading()
    for clause in layout.clauses:
        count = len(reading.items)
        if clause.speaker and clause.speaker != state.speakers[0]:
            state.speakers = (clause.speaker, state.speakers[0])
        _read_clause(clause, state, reading, today)
        state.previous, state.last_item = clause.text, len(reading.items) > count
        unsure = UNSURE.search(clause.text) and not state.last_item
        state.question = clause.text if unsure else None if state.last_item else state.question
    return reading


def _read_clause(clause: Clause, state: _State, reading: Reading, today: date) -> None:
    if clause.row is not None:
        if clause.row.done:
            reading.context.append((clause.text, "done or for information"))
        else:
            due, _ = find_due(f"by {clause.row.due}", today)
            row = clause.row
            title = f"{row.action} ({row.context})" if row.context else row.action
            item = ActionItem(tidy_title(title), row.owner, due, clause.text)
            _add(reading, state, item, noted=True)
        return
    text = LEAD.sub("", clause.text)
    if marked := MARKER.match(text):  # "AI: add cfg validation — jp", "TODO: ..."
        text, clause = text[marked.end() :], replace(clause, section="work")
    taken = clause.tense == "blocker" and TAKEN_ON.search(text)  # "— Bec said she'd do it"
    if stamp := _TIME_STAMP.match(text):  # "01:15 beam bent → aisle closed. SP to finish it"
        if _GIVEN_WORK.search(text, stamp.end()):
            text = text[stamp.end() :]
        elif not ARROW.search(text):  # "18:30 packet loss → T. Mokoena calling them back"
            _context(reading, state, clause.text, "a timeline entry")
            return
    if clause.section == "context" and not clause.tense and _GIVEN_WORK.search(text):
        clause = replace(clause, section="open")  # "CONTINUE: Y11 sessions. Ms. K to keep ..."
    if not taken and (why := _CONTEXT_WHY.get(clause.tense) or _CONTEXT_WHY.get(clause.section)):
        _context(reading, state, clause.text, why)
        return
    claim = PROSE_CLAIM.match(text)
    claimant = claim and (
        claim.group("o")  # "Jo offered to do it"
        or (claim.group("i") and (clause.speaker or state.layout.author))  # "I'll be the one to"
        or (claim.group("p") and state.last_person)  # "she will take care of it"
    )
    known = claimant and (is_person(claimant) or claimant.lower() in state.people)  # "Dev"
    if claimant and known and reading.items and reading.items[-1].owner is None:
        reading.items[-1] = replace(reading.items[-1], owner=claimant)
        reading.context.append((clause.text, "took the item above"))
        return
    if (given := _given_to(text, state)) and reading.items:
        reading.items[-1] = replace(reading.items[-1], owner=given)
        reading.context.append((clause.text, "gave the item above"))
        state.turns.pending[given.lower()] = len(reading.items) - 1
        return
    if clause.speaker and answer(
        state.turns, clause.speaker, clause.line, text, reading.items, reading.context, today
    ):
        return
    if (arrow := ARROW.search(text)) is not None:
        _arrow(clause, text, arrow, state, reading, today)
        return
    work_section = clause.section == "work"
    owner = find_owner(text, loose=work_section or state.layout.terse, people=state.people)
    if (who := WHO_DOES.search(text)) is not None and not NEGATIVE.search(text):
        task = re.sub(
            r"^(?:own|take|do|handle|pick up|drive|the)\s+", "", who.group("task").strip()
        )
        if re.fullmatch(r"(?:it|that|this|them|this one|that one)", task, re.I) and state.topic:
            task = state.topic  # "next up is the export timeout bug. Who can take it?"
        state.topic = task
        index = _add(
            reading, state, ActionItem(title_of(task), None, None, clause.text), noted=True
        )
        state.turns.offered = index if index >= 0 else None
        return
    if nobody_did := NOBODY_DID.match(text):  # "Nobody has looked at the extensions list yet"
        verb = re.sub(r"(?<=[a-z]{3})ed$", "", nobody_did.group("verb"))
        task = resolve_pronoun(f"{verb} {nobody_did.group('rest')}", state.topic)
        _add(reading, state, ActionItem(title_of(task), None, None, clause.text), noted=True)
        return
    if owner.name and text.startswith(f"{owner.name}:") and re.match(r"\W*\d", owner.rest):
        _context(reading, state, clause.text, "a status")  # "Volumes: 1,240 claims so far"
        return
    future = person_future(text) or bool(clause.speaker and SPEAKER_PLANS.match(text))
    future = future or bool(clause.speaker and _I_PLAN.match(text))  # "I pick up the beds Wed"
    put_to = bool(owner.name) and text.rstrip().endswith("?")  # "And Helen, the paperwork?"
    away = re.match(r"(?:be|leave|vacation|holiday|pto|sick|parental)\b", owner.rest, re.I)
    assigned = future or put_to or (owner.assigned and not away)
    if why := why_not_work(text, future=assigned or owner.nobody, work_section=work_section):
        _context(reading, state, clause.text, why)
        return
    if ABOUT_BEFORE.match(text) and state.last_item:
        _context(reading, state, clause.text, "more about the item above")
        return
    asks = WORK_CUE.search(text) or REQUEST.search(text) or owner.nobody
    if DONE_VERB.match(SUBJECT.sub("", owner.rest)) and not (future or asks):
        _context(reading, state, clause.text, "done or a status")
        return
    if work_section and text.rstrip().endswith("?") and not (owner.nobody or REQUEST.search(text)):
        _context(reading, state, clause.text, "an open question")
        return
    cue = (
        future
        or clause.tense == "next"
        or (owner.first_person and (I_CAN.match(text) or owner.assigned))  # "X — me, will do"
        or (owner.name and not _acronym(owner.name, state))
        or (owner.pronoun and owner.assigned)  # "The Chair asked him to ..."
        or owner.nobody
        or WORK_CUE.search(text)
        or REQUEST.search(text)
        or OBLIGED.search(text)
    )
    ordered = IMPERATIVE.match(owner.rest) and not OWN_VERB.match(owner.rest)
    if not (work_section or clause.tense == "next" or cue or ordered):
        _context(reading, state, clause.text, NO_WORK)
        return
    name = _owner_name(owner, clause, state)
    due, rest = find_due(FROM_ASK.sub("", owner.rest), today)
    due = due or (find_due(f"by {owner.due}", today)[0] if owner.due else None)
    title = about(title_of(resolve_pronoun(title_of(rest), state.topic)), state.previous)
    if (
        put_to
        and "(" not in title
        and len(content_words(title)) <= 2
        and re.match(r"(?i:the|our|a|an|this)\s", state.topic or "")
        and not content_words(title) & content_words(state.topic or "")
    ):
        title = f"{title} ({state.topic})"[:200]  # "reconcile with finance": the KR2 numbers
    if state.question and ASKING_VERB.match(title):  # "i'll check with product" about what?
        title = f"{title} ({tidy_title(state.question.rstrip('?'))})"[:200]
    if not content_words(title) - _NOT_WORK_WORDS:  # "she'll know", "I think so"
        if owner.nobody and state.last_item:  # "an owner is to be found": the item before
            reading.items[-1] = replace(reading.items[-1], owner=None)
        return
    before = reading.items[-1] if reading.items and state.last_item else None
    if (
        before is not None
        and before.owner is None
        and owner.first_person
        and clause.speaker
        and content_words(title) & content_words(before.title) - {"do", "get", "make"}
    ):  # "we still need flyers" / "Yeah I can do flyers": the same work, taken
        reading.items[-1] = replace(before, owner=name)
        reading.context.append((clause.text, "took the item above"))
        return
    noted = bool(name or owner.nobody or work_section or clause.tense == "next")
    index = _add(reading, state, ActionItem(title, name, due, clause.text), noted=noted)
    if index >= 0 and (put_to or REQUEST.search(text) and "?" in text):
        you = bool(clause.speaker and _YOU_ASKED.match(owner.rest))  # asked of the last speaker
        asked(state.turns, index, name if owner.name or you else None, clause.speaker)
    if name:
        state.last_person = name
    else:
        _remember_person(text, state)


def _acronym(name: str, state: _State) -> bool:
    """Whether ``name`` is an acronym ("AGM", "UAT") rather than a speaker's name."""
    name = name.lstrip("@")
    initials = re.fullmatch(r"(?:[A-Z]\.\s?)+", name)  # "J.K." is a person
    return name.isupper() and len(name) >= 3 and not initials and name.lower() not in state.people


def _given_to(text: str, state: _State) -> str | None:
    """Whom "Steve, that's yours" or "@Farah Haddad?" gives the item before to."""
    if (given := GIVEN.match(text)) is None:
        return None
    if given.group("o"):
        return given.group("o") if is_person(given.group("o")) else None
    name = given.group("o2")
    return (
        _full_name(name, state.layout.speakers)
        if name.lower() in state.people or any(p.split()[0] == name.lower() for p in state.people)
        else None
    )


def _owner_name(owner: Owner, clause: Clause, state: _State) -> str | None:
    if owner.nobody:
        return None
    name = (owner.name or "").lstrip("@")
    if name and not _acronym(name, state):  # "AGM: date set for ...": not a person
        return _full_name(name, state.layout.speakers)
    if owner.first_person:
        return clause.speaker or state.layout.author
    if owner.pronoun:  # "Amara: finished X, today she'll add Y": the speaker, if nobody else
        return state.last_person or clause.speaker
    if state.layout.addressee and (clause.section == "work" or ASKS_YOU.search(owner.rest)):
        return state.layout.addressee  # "Hello Michael, ... Could you refresh it?"
    if clause.speaker and _YOU_ASKED.match(owner.rest) and state.speakers[1]:
        return state.speakers[1]  # Miguel: "... need someone"; Funmi: "Can you ask Bernadette?"
    if clause.speaker and not NOT_THE_SPEAKER.match(owner.rest):
        return clause.speaker
    return None


def _full_name(name: str, speakers: set[str]) -> str:
    """Say "Anja" as "Anja Novak" when one speaker of the note has that first name."""
    full = [s for s in speakers if s.split()[0].lower() == name.lower() and s != name]
    return full[0] if len(full) == 1 and " " not in name else name


def _arrow(
    clause: Clause, text: str, arrow: re.Match[str], state: _State, reading: Reading, today: date
) -> None:
    """``problem -> fix (owner)``: the fix is the work, the problem its context."""
    problem = text[: arrow.start()].strip(" -—–:")
    if not problem and not ARROW.search(state.previous):
        problem = state.previous  # "p95 up 40%\n  -> bisect it @carla"
    fix = text[arrow.end() :]
    asked = [part for part in re.split(r",\s*", fix) if REQUEST.search(part) or "@" in part]
    if why_not_work(fix, future=False, work_section=False) and asked and not NEGATIVE.search(fix):
        fix = fix[fix.index(asked[0]) :]  # "carrier says fixed, pls confirm w/ customer @marie"
    if why := why_not_work(fix, future=False, work_section=False):
        _context(reading, state, clause.text, why)
        return
    if STATUS_FIX.match(fix) or DONE_VERB.match(fix):
        _context(reading, state, clause.text, "done or a status")
        return
    owner = find_owner(fix, loose=True, people=state.people)
    if owner.name is None and not owner.nobody and WHERE_IT_STANDS.search(fix):
        _context(reading, state, clause.text, "a status")  # "-> crew on site, ETA 21:00"
        return
    alone = _ARROW_OWNER.fullmatch(fix)  # "forklift 3 needs inspection -> Chuy"
    bracketed = _ARROW_TEAM.match(fix)  # "AC dripping -> maint (Olu) first thing"
    if alone and is_person(alone.group("o")):
        owner = Owner(alone.group("o"), "")
    elif bracketed and is_person(bracketed.group("o")):
        owner = Owner(bracketed.group("o"), bracketed.group("rest"))
    elif owner.name is None and (named := NAMED_FIRST.match(fix)) and is_person(named.group("o")):
        owner = replace(owner, name=named.group("o"), rest=named.group("rest"))  # "Gerda recount"
    elif owner.name is None and (team := TEAM_FIRST.match(owner.rest)):
        owner = replace(owner, name=team.group("o"), rest=team.group("rest"))
    due, rest = find_due(owner.rest, today)
    due = due or (find_due(f"by {owner.due}", today)[0] if owner.due else None)
    title = title_of(rest) or tidy_title(problem)  # "-> owner: Terry": the problem is the work
    if (
        len(content_words(title)) <= 6
        and problem
        and not content_words(title) & content_words(problem)
    ):
        title = f"{title} ({tidy_title(problem)})"[:200]
    name = None if owner.nobody else (owner.name or "").lstrip("@") or None
    _add(reading, state, ActionItem(title, name, due, clause.text), noted=True)


def _context(reading: Reading, state: _State, text: str, why: str) -> None:
    reading.context.append((text, why))
    if subject := subject_of(text):
        state.topic = subject
    _remember_person(text, state)


def _remember_person(text: str, state: _State) -> None:
    """The person a clause starts with, for a "she will ..." after it."""
    text = re.sub(r"^(?i:regarding|about|as for|concerning|on|re)\b[^,]{1,80},\s*", "", text)
    text = re.sub(r"^(?:our|the)\s+(?:[A-Za-z]+\s){0,2}?(?=[A-Z][a-z]+\s+[a-z])", "", text)
    if person := re.match(rf"^(?P<n>{NAME})\s+[a-z]", text):
        if is_person(person.group("n")):
            state.last_person = person.group("n")
    elif (person := LOWER_PERSON.match(text)) and is_person(person.group("n").title()):
        state.last_person = person.group("n")


def _add(reading: Reading, state: _State, item: ActionItem, *, noted: bool) -> int:
    """Add ``item``, or merge it into an earlier item about the same work; its index."""
    words = content_words(item.title)
    if not words:
        return -1
    for index, earlier in enumerate(reading.items):
        seen = content_words(earlier.title)
        same_owner = not item.owner or not earlier.owner or item.owner == earlier.owner
        if same_owner and words and seen and len(words & seen) / min(len(words), len(seen)) >= 0.6:
            owner = earlier.owner or item.owner
            # The owner's words name the work, unless they only repeat part of it.
            fuller = item.owner and not earlier.owner and not words < seen
            title = item.title if fuller else earlier.title
            reading.items[index] = replace(
                earlier, owner=owner, title=title, due=earlier.due or item.due
            )
            return index
    reading.items.append(item)
    reading.noted += noted
    state.topic = subject_of(item.title) or topic_of_title(item.title)
    return len(reading.items) - 1
