"""Who a clause gives its work to, as written: a name, an @mention, "nobody yet", or "I".

Only words written in the note can become an owner. "I" is resolved by the caller (the
speaker, or the note's author), as are "he"/"she"/"they" (the person named before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nodes.pm.notes.owner_phrases import (
    ACTION_OF,
    ACTION_ON,
    ADDRESSED,
    AGREED,
    AGREED_PRONOUN,
    APPOSED,
    ASKED_PRONOUN,
    ASKED_TO,
    AT,
    BY,
    COMMA_NAME_DOES,
    COULD_NAME,
    DASH_ME,
    DASH_NAME_VERB,
    DASH_TO,
    DOING,
    DUE_SEGMENT,
    FALLS_TO,
    FIRST_PERSON,
    FROM_TEAM,
    HANDLE_TO,
    KINDLY,
    MENTION_THEN_I,
    MIDDLE,
    NAME_DOES,
    NAME_PRONOUN,
    NEEDS_NAME,
    NOBODY,
    NOT_BEFORE_TO,
    NOT_HANDLES,
    NOT_WORK,
    ON_IT,
    OWNER_LABEL,
    PAIR_DOES,
    PAREN_LABEL,
    PLEASE,
    PRONOUN,
    PUT_TO,
    REPORTED_PROMISE,
    ROLE,
    ROLE_DOES,
    ROLE_WORDS,
    SAID_SHE_WOULD,
    TEAM,
    TEAM_PERSON,
    TOLD,
    TRAILING,
    TRAILING_COMMA,
    WANTED,
    YOU_SAID,
    YOU_TAKE,
    YOU_WILL,
)
from nodes.pm.notes.patterns import (
    ASSIGNED,
    ASSIGNED_FIRST,
    IMPERATIVE,
    LABEL_WORDS,
    LATER,
    NOT_NAMES,
    OWNED,
    VERB_TITLE,
)


@dataclass(frozen=True)
class Owner:
    """What a clause says about its owner, and the clause without those words."""

    name: str | None
    rest: str
    nobody: bool = False  # "owner TBD", "unassigned", "needs an owner"
    first_person: bool = False  # "I'll ...": the caller knows who "I" is
    pronoun: bool = False  # "She will ...": the person named before
    due: str = ""  # a due date written after the owner ("— Luis — by 3/15")
    assigned: bool = False  # said as a person's work ("X will", "X to", "asked X to"), not a tag


def find_owner(text: str, *, loose: bool = False, people: frozenset[str] = frozenset()) -> Owner:
    """The owner ``text`` names.

    ``loose`` also reads a bare lower-case handle after a dash or a comma (terse notes);
    ``people`` are the note's speakers, whose lower-case handles count as names.
    """
    due = ""
    for _ in range(2):
        if match := DUE_SEGMENT.search(text):
            due, text = match.group("seg"), text[: match.start()]
    owner = _find(text, loose=loose, people=people)
    return replace(owner, due=due) if due else owner


def _find(text: str, *, loose: bool, people: frozenset[str]) -> Owner:
    rest, count = NOBODY.subn("", text)
    nobody = count > 0
    rest = NAME_PRONOUN.sub(r"\g<o> ", rest)
    rest = re.sub(r"^(?:And|But|So|Also|Then|Plus)\s+(?=@?[A-Z])", "", rest)  # "And Yuki will"
    if me := DASH_ME.search(rest):
        more = me["more"] or me["then"]
        said = rest[: me.start()] + (f", {more}" if more else "")
        return Owner(None, said, nobody, first_person=True, assigned=True)
    if (match := OWNER_LABEL.search(rest)) and _is_owner(match.group("o"), loose=True):
        return Owner(match.group("o"), rest[: match.start()], nobody)
    if mention := MENTION_THEN_I.match(rest):  # "@ostrowski I'll look at the billing page"
        rest = rest[mention.end() :]
    if match := AT.search(rest):
        name, end = match.group("o"), match.end()
        after = re.match(r"\s([A-Z][\w'’-]+)", rest[end:])
        if after and f"{name} {after.group(1)}".lower() in people:  # "@Farah Haddad"
            name, end = f"{name} {after.group(1)}", end + after.end()
        rest = (rest[: match.start()] + rest[end:]).strip(" ,:-—–")
        rest = re.sub(r"^(?:please|pls|can you|could you|also)\s+", "", rest, flags=re.I)
        return Owner(name, rest, nobody)
    for pattern in (*TRAILING, SAID_SHE_WOULD):
        match = pattern.search(rest)
        if match and _is_owner(match.group("o"), loose=loose, people=people):
            return Owner(match.group("o"), rest[: match.start()], nobody)
    if (
        (match := DASH_TO.search(rest))
        and _is_owner(match.group("o"), loose=True, people=people)
        and match.group("verb") not in ("be", "have", "do")
    ):  # "briefing card for every volunteer - joel to make"
        return Owner(match.group("o"), rest[: match.start()], nobody, assigned=True)
    if (
        (match := TRAILING_COMMA.search(rest))
        and _is_owner(match.group("o"), loose=loose, people=people)
        and (match["pls"] or "?" in rest or IMPERATIVE.match(rest) or loose)
        and not _a_word(match.group("o"), people)
    ):  # "check the logs, Bob", not "the same garage again, Fairway Motors."
        return Owner(match.group("o"), rest[: match.start()], nobody)
    if (
        (match := TOLD.match(rest))
        and _is_owner(match.group("o"))
        and IMPERATIVE.match(match.group("rest"))
    ):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (
        (match := FROM_TEAM.match(rest))
        and _is_owner(match.group("o"))
        and _work_verb(match.group("rest").split()[0])
    ):  # "Ms. Choi from our lab will re-run it", not "Results from the survey will be out"
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    for pattern in (ACTION_OF, APPOSED, ASKED_TO, ACTION_ON, FALLS_TO, PAREN_LABEL):
        match = pattern.search(rest)
        name = match and (match["o"] or match.groupdict().get("p"))
        if match and name and _is_owner(name):
            return Owner(name, match.group("rest"), nobody, assigned=True)
    if (match := YOU_TAKE.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := YOU_WILL.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := YOU_SAID.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := KINDLY.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := PLEASE.search(rest)) and _is_owner(match.group("o")):
        name = match["inner"] or match["o"]  # "KP (Dawit) pls clean the grease trap"
        return Owner(name, match.group("rest"), nobody, assigned=True)
    if (match := PUT_TO.match(rest)) and _speaks(match.group("o"), people):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := NEEDS_NAME.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := COULD_NAME.match(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := ADDRESSED.search(rest)) and _is_owner(
        match.group("o"), loose=loose, people=people
    ):
        wanted = WANTED.search(rest[: match.start()])
        said = match.group("rest")
        if wanted and re.match(r"^\w+\s+(?:it|that|this|one)\b", said):
            said = re.sub(r"\b(?:it|that|this|one)\b", wanted.group("obj"), said, count=1)
        return Owner(match.group("o"), said, nobody, assigned=True)
    if match := AGREED_PRONOUN.match(rest) or ASKED_PRONOUN.search(rest):
        return Owner(None, match.group("rest"), nobody, pronoun=True, assigned=True)
    if (match := AGREED.match(rest)) and _is_owner(match.group("o")):
        verb, _, tail = match.group("rest").partition(" ")
        verb = (
            verb
            if re.search(r"\b(?:would|will|should|shall)\s+\S+$", rest[: -len(match.group("rest"))])
            else re.sub(r"(?<=[^s])e?s$", "", verb)
        )
        return Owner(match.group("o"), f"{verb} {tail}", nobody, assigned=True)
    if (match := OWNED.match(rest)) and _is_owner(match.group("owner")):
        verbal = match.group("verb") not in (":", "-", "–", "—")  # "Weather: rain till 11": a label
        if not verbal and (inner := _find(_owned_rest(match), loose=loose, people=people)).assigned:
            return inner  # "Reception: Gemma & Tolu to rework the rota"
        return Owner(match.group("owner"), _owned_rest(match), nobody, assigned=verbal)
    for pattern in (ASSIGNED_FIRST, ASSIGNED):
        if (match := pattern.match(rest)) and _is_owner(match.group("owner")):
            return Owner(match.group("owner"), match.group("rest"), nobody, assigned=True)
    if (
        (match := PAIR_DOES.match(rest))
        and _is_owner(match.group("o"))
        and _verb(match.group("verb"))
    ):  # "Kemal + Bea draft the inbox rota", "Inbox rota: Kemal + Bea draft it"
        said = match.group("rest")
        if match["label"] and re.search(r"\b(?:it|them|this|that)\b", said):
            said = f"{match['label']}: {said}"
        return Owner(match.group("o"), said, nobody, assigned=True)
    if (match := DOING.search(rest)) and (doer := _doer(match)):
        before = rest[: match.start()].strip(" ,;—–-")
        said = f"{match.group('verb')}{match.group('tail')}"
        return Owner(doer, f"{before}, {said}" if before else said, nobody, assigned=True)
    if loose and (match := NAME_DOES.match(rest)) and _is_owner(match.group("o")):
        verb = re.sub(r"ing$", "", match.group("verb"))
        if (
            IMPERATIVE.match(match.group("verb"))
            or IMPERATIVE.match(verb)
            or IMPERATIVE.match(f"{verb}e")
        ):  # "TN fixing the drain", "RJ borrow the tent"
            return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := DASH_NAME_VERB.search(rest)) and _is_owner(match.group("o")):
        if IMPERATIVE.match(match.group("verb")):  # "log missing 3/28 — Lina fix"
            return Owner(match.group("o"), rest[: match.start()], nobody, assigned=True)
    if loose and (match := COMMA_NAME_DOES.search(rest)) and _is_owner(match.group("o")):
        if IMPERATIVE.match(match.group("rest")):  # "shrink way up, Tariq pull reports"
            return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := ON_IT.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), rest[: match.start()], nobody, assigned=True)
    if loose and (match := HANDLE_TO.match(rest)) and match.group("o") not in NOT_BEFORE_TO:
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := REPORTED_PROMISE.search(rest)) and _is_owner(match.group("o")):
        before = rest[: match.start()].strip(" ,;—–-")
        said = match.group("rest")
        if before and match["which"]:  # "the gauges recalibrated, which Dietz said he'd handle"
            said = f"{said.rstrip(' .;')} ({before})"
        elif before and not re.fullmatch(r"[A-Z]{2,5}|\w+:?", before):  # not "AOB"
            said = f"{before}, {said}"
        return Owner(match.group("o"), said, nobody, assigned=True)
    if (match := MIDDLE.search(rest)) and _is_owner(match.group("o")):
        before = rest[: match.start()].strip(" ,")
        if match["which"]:  # "agreed to get one more bid, which Greg offered to arrange"
            said = f"{match.group('rest')} ({before})" if before else match.group("rest")
        else:
            said = f"{before}, {match.group('rest')}" if before else match.group("rest")
        name, bracketed = match.group("o"), match["inner"]
        if bracketed and name.lower() in ROLE_WORDS and _is_owner(bracketed):
            name = bracketed  # "Treasurer (Paul) to confirm": Paul
        return Owner(name, said, nobody, assigned=True)
    if (match := TEAM_PERSON.search(rest)) and _is_owner(match.group("o")):
        said = match.group("rest").strip(" ,.") or rest[: match.start()]  # "... (Gareth) owns"
        return Owner(match.group("o"), said, nobody, assigned=True)
    if match := ROLE_DOES.search(rest):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := BY.search(rest)) and _is_owner(match.group("o")):
        return Owner(
            match.group("o"), rest[: match.start()] + rest[match.end() :], nobody, assigned=True
        )
    if FIRST_PERSON.match(rest):
        return Owner(None, rest, nobody, first_person=True)
    return Owner(None, rest, nobody, pronoun=bool(PRONOUN.match(rest)))


def _doer(match: re.Match[str]) -> str | None:
    """Who :data:`DOING` says is at work.

    "Mihail is sending", "Frankie's handling the ...", and a bare "Jerzy sending one" only
    after a comma or dash and with a verb of work.
    """
    name, be, verb = match.group("o"), match["be"], match.group("verb")
    if re.search(r"['’]s$", name) or (be and be.strip() not in ("is", "are")):
        if not re.match(
            r"\s+(?:the|a|an|this|that|it|them|our|their|his|her|up|out|on)\b", match.group("tail")
        ):
            return None  # "Nadia's onboarding docs", not "Frankie's handling the publisher"
        name, be = re.sub(r"['’]s$", "", name), "'s"
    if verb in NOT_WORK or re.match(r"I\b|I['’]", name):
        return None
    if not _is_owner(name) or not (be or (_verb(match.group("verb")) and match["start"] is None)):
        return None
    return name


def _a_word(word: str, people: frozenset[str]) -> bool:
    """A lower-case word that reads as a word, not a handle: "laminated", not "mk" or "jo.k".

    Handles are short, or carry a dot, a digit or an underscore, or a speaker uses them.
    """
    return (
        word.islower()
        and len(word) > 4
        and not re.search(r"[._\d]", word)
        and word not in people
        and not any(word == person.split()[0] for person in people)
    )


def _verb(word: str) -> bool:
    """Whether ``word`` is a verb of work, as an imperative or its ``-ing`` form."""
    stem = re.sub(r"ing$", "", word)
    return any(
        IMPERATIVE.match(form)
        for form in (word, stem, f"{stem}e", re.sub(r"(.)\1$", r"\1", stem))
        if form
    )


def _work_verb(word: str) -> bool:
    """A verb of work, again ("re-run", "redo") or of taking work on ("handle", "take")."""
    word = word.lower()
    again = re.sub(r"^re-?(?=[a-z]{3})", "", word)
    return _verb(word) or _verb(again) or word in ("handle", "take", "own", "lead", "drive")


def _owned_rest(match: re.Match[str]) -> str:
    rest = match.group("rest")
    lead = VERB_TITLE.get(match.group("verb").lower())
    rest = f"{lead} {rest}" if lead else rest
    later = LATER.search(rest)
    return later.group("rest") if later else rest


def _is_owner(word: str, *, loose: bool = False, people: frozenset[str] = frozenset()) -> bool:
    """A name, or (``loose``, or one of the note's speakers) a lower-case handle."""
    if " " in word.strip() and word.isupper():
        return False  # "IN PROGRESS": a heading, not a person
    if re.fullmatch(ROLE, word, re.I) or re.fullmatch(TEAM, word):
        return True
    first = word.split()[0].lower()
    single = " " not in word.strip()
    if first.strip(".") in NOT_NAMES or first in NOT_HANDLES or (single and first in LABEL_WORDS):
        return False
    if not re.fullmatch(r"[^\W\d_][\w.'’-]*", first) or re.search(r"\d", word):
        return False
    return word[:1].isupper() or loose or word.lower() in people


def _speaks(name: str, people: frozenset[str]) -> bool:
    """Whether ``name`` is one of the note's speakers (or a speaker's first name)."""
    name = name.lower()
    return any(name in (person, person.split()[0]) for person in people)


def is_person(word: str) -> bool:
    """Whether ``word`` can be a person's name (capitalised, not a common word)."""
    return _is_owner(word)
