"""Who a clause gives its work to, as written: a name, an @mention, "nobody yet", or "I".

Only words written in the note can become an owner. "I" is resolved by the caller (the
speaker, or the note's author), as are "he"/"she"/"they" (the person named before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nodes.pm.notes.due_dates import WHEN
from nodes.pm.notes.patterns import (
    ASSIGNED,
    ASSIGNED_FIRST,
    HONORIFIC,
    IMPERATIVE,
    LABEL_WORDS,
    LATER,
    NOT_NAMES,
    OWNED,
    VERB_TITLE,
)

NAME = (
    rf"(?:{HONORIFIC}?(?:[A-Z]\.\s?)?[A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]*)?"
    r"|[A-Z]\.(?:\s?[A-Z]\.){0,2})"  # "J.K.", "L."
)
HANDLE = r"[a-z][\w.-]{1,20}"
# A role written instead of a name: "the PM", "our procurement lead", "the QA lead".
ROLE = (
    r"(?i:the|our)\s+(?:(?:[A-Z]{2,4}|[a-z]+)\s+)?(?:PM|PO|EM|CTO|CEO|CFO|COO|CISO|DBA|lead|manager|"
    r"owner|director|head|chair|architect|admin|coordinator|secretariat|officer|[Tt]reasurer|"
    r"specialist|engineer|analyst|designer|copywriter|developer|accountant|controller|"
    r"[Ss]ecretary|[Cc]hair(?:person)?)(?:\s+of\s+[a-z]+)?"  # "the head of science"
)
NOBODY = re.compile(
    r"[\s,;(—–-]*\b(?:owner\s*(?:tbd|tba|unknown|needed|\?+)|unassigned|unowned(?: for now)?|"
    r"no owner(?: yet)?|no (?:\w+ )?owner (?:was |has been )?(?:identified|named|found|agreed)|"
    r"(?:owner\s+)?not yet (?:assigned|allocated)|needs? (?:an )?owner|"
    r"(?:we )?(?:still )?needs? (?:someone|somebody)(?: to own it)?|"
    r"nobody yet|any volunteers|an owner is to be found|owner is to be found|tbd|whoever|"
    r"up for grabs|good first issue|any takers|not defined(?: yet)?|to be decided|"
    r"no takers(?: yet)?|not decided who|nobody has picked (?:that|it|this) up(?: yet)?|"
    r"(?:someone|somebody) from (?:the )?[\w ]{1,20}? (?:has to|needs to|should|must)|"
    r"not decided (?:yet )?who (?:will do|does|owns) it|nobody assigned|not assigned|"
    r"needs? (?:a )?volunteers?)(?:\b|(?<=\?))[?)]*|"
    r"[\s—–-]*\?{3,}|[\s—–-]*\banyone\?|\?{2,}\s*who\??\s*$",
    re.I,
)
# "— Luis — by 3/15", "— Kate, this week": a due date after the owner, peeled off first.
_DUE_SEGMENT = re.compile(
    rf"(?:\s+[—–-]+\s*|,\s*|\s+(?=b4\s))(?P<seg>(?:(?:by|before|b4|due|until)\s+)?(?:the\s+)?(?:{WHEN})"
    r"(?:\s+(?:eod|am|pm|morning|after deploy))?)[\s.]*$",
    re.I,
)
_MENTION_THEN_I = re.compile(r"^@[\w.-]+[:,]?\s+(?=i\b|i'|i’)", re.I)
_AT = re.compile(r"@(?P<o>[A-Za-z][\w.-]*[\w])(?!['’]s\b)")
# "marta to timebox standup": a lower-case name before "to" under an action heading.
_HANDLE_TO = re.compile(
    r"^(?P<o>[a-z][\w.-]{1,15})\s+"
    r"(?:to|will|'ll|’ll|said (?:she|he|they)\s*(?:'d|’d|would|will|'ll|’ll))\s+(?P<rest>.+)$"
)
_NOT_BEFORE_TO = {
    "need", "needs", "want", "wants", "going", "have", "has", "had", "how", "what", "where",
    "plan", "plans", "try", "due", "ready", "able", "back", "added", "moved", "agreed",
    "decided", "next", "up", "set", "go", "time", "nothing", "something", "everyone", "who",
    "reply", "talk", "switch", "move", "add", "write", "ask", "push", "get", "make", "is",
    "we", "they", "you", "i", "it", "this", "that", "someone", "nobody", "also", "and",
    "kudos", "thanks", "shoutout", "props", "congrats", "welcome", "out", "off",
}  # fmt: skip
_TRAILING = (
    re.compile(
        rf"\s*\((?:owner:\s*)?@?(?P<o>{NAME}|{HANDLE})(?:\s*(?:\+|&|and|/)\s*{NAME})?\)"
        r"(?:\s*\([^()]{3,}\))?"
        r"(?:\s+(?:(?:by|before|due)\s+[\w/ .]{1,20}|today|tomorrow|tonight|tmrw|asap|eod|eow))?"
        r"[\s.!]*$"
    ),
    re.compile(rf"\s*\[(?P<o>{NAME}|{ROLE}|[A-Z][a-z]+)\][\s.!]*$"),  # "... by 17 Feb. [Dr Huang]"
    re.compile(
        rf"\s+[—–-]+\s*@?(?P<o>{NAME}|{ROLE}|{HANDLE})"
        r"(?:\s+(?:is on it|owns it|will do it|to own it|volunteered|offered|agreed|"
        r"is taking it|took it))?"
        r"(?:\s+(?:and|&)\s+(?:his|her|their|the)\s+team)?(?:,\s*[\w .]{1,40})?"
        r"(?:\s+(?:pls|please|plz|thx|thanks))?[\s.!]*$"
    ),
)
# "Onboarding docs refresh — Petra said she'll do it before the 8th": Petra's.
_SAID_SHE_WOULD = re.compile(
    rf"\s+[—–-]+\s*@?(?P<o>{NAME}|{HANDLE})\s+(?:said|says|offered|promised)\s+"
    r"(?:(?:she|he|they)\s*(?:'ll|’ll|'d|’d|will|would)|to)\s+(?:do|take|own|handle|sort)\b.*$"
)
_TRAILING_COMMA = re.compile(
    rf",\s*@?(?P<o>{HANDLE}|{NAME})(?P<pls>\s+(?:pls|please|plz|thx|thanks))?[\s!.?]*$"
)
# "— owner: tim": an owner said as such, in any case.
_OWNER_LABEL = re.compile(
    r"[\s,(—–-]+(?i:owner|assignee|dri|who|responsible)\s*[:=]\s*@?"
    r"(?P<o>[\w.'’-]+(?:\s[A-Z][\w'’-]+|\s(?:team|desk|group|squad|ops))?)\)?"
    r"(?:\s*\([^()]{1,40}\))?\s*$"
)
_ADDRESSED = re.compile(
    rf"(?:^|,\s*|\.\s+)(?:(?:ok|so|and|also|then)\s+)*@?(?P<o>{NAME}|{HANDLE})"
    r"(?:\s*\([^()]{1,12}\))?(?:,|\s+[–—-])?\s+"
    r"(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+)?(?P<rest>.+)$"
)
# "Ron, you said you'd get the training dates": Ron's, as he said.
_YOU_SAID = re.compile(
    rf"(?:^|,\s*|\.\s+)(?:(?:and|also|so)\s+)*@?(?P<o>{NAME}),\s+you\s+(?:said|promised|offered)\s+"
    r"(?:you'?d|you would|you were going to|to)\s+(?P<rest>.+)$"
)
# "And Helen, the customs paperwork?": a question put to one of the speakers.
_PUT_TO = re.compile(
    rf"^(?:(?:and|so|ok|also)\s+)?(?P<o>{NAME}|{HANDLE}),\s+"
    r"(?!(?:can|could|would|will|have|has|had|did|do|does|is|are|was|were|where|what|how|when|"
    r"why|any|you)\b)"
    r"(?P<rest>[^?]{3,})\?$",
    re.I,
)
# "I'll need Chloe to review it": Chloe's.
_NEEDS_NAME = re.compile(rf"\b(?i:needs?)\s+(?P<o>{NAME})\s+to\s+(?P<rest>.+)$")
# "Ms. Tanaka has asked Mr. Lindqvist to reconcile ...", "action on Joanna for the training",
# "updating the poster falls to the ward manager": the person asked.
_ASKED_TO = re.compile(
    rf"\b(?:asked|told|requested|reminded)\s+(?P<o>{NAME}|{ROLE})\s+to\s+(?P<rest>.+)$"
)
# "The Chair asked him to circulate the manuals": the person named before.
_ASKED_PRONOUN = re.compile(
    r"\b(?:asked|told|requested|reminded)\s+(?:him|her|them)\s+to\s+(?P<rest>.+)$"
)
_ACTION_ON = re.compile(
    rf"^(?i:action(?:\s+is)?\s+on)\s+(?P<o>{NAME}|{ROLE})\s*(?:(?i:for|to)\b|[:–—-])?\s*(?P<rest>.+)$"
)
_FALLS_TO = re.compile(rf"^(?P<rest>.+?)\s+(?:falls|goes)\s+to\s+(?P<o>{NAME}|{ROLE})\W*$")
# "Rafael's action: open the tickets", "Legal review — Juliana's action: ping Dr. Mendes".
_ACTION_OF = re.compile(
    rf"(?:^|[—–-]\s*)(?P<o>{NAME})['’]s\s+(?i:action|task|todo)s?\s*:\s*(?P<rest>.+)$"
)
# "Paul, order a new one": an instruction to Paul.
_TOLD = re.compile(
    rf"^(?:(?i:ok|okay|so|and|right|please|pls|also)[,\s]+)*(?P<o>{NAME}),\s+(?P<rest>[a-z].+)$"
)  # "Paul, order a new one", "Please also, Marco, send the guidance"
# "Laszlo, please confirm the SAP roles": Laszlo's.
# "kindly Sir Ramil (IT) check if these are under warranty": Sir Ramil's.
_KINDLY = re.compile(
    rf"\b(?i:kindly|please)\s+(?P<o>{NAME})(?:\s*\([^()]{{1,20}}\))?\s+(?P<rest>[a-z].+)$"
)
_PLEASE = re.compile(
    rf"(?:^|[:,]\s*)@?(?P<o>{NAME})\s*[,—–-]?\s+(?:please|pls|kindly)\s+(?P<rest>.+)$"
)
# "Our design lead, Ines, will share the wireframes": Ines.
_APPOSED = re.compile(
    rf"^(?:(?i:our|the)\s[\w ]{{2,30}},\s*(?P<o>{NAME}),|(?:(?i:our|the)\s)?[\w ]{{2,30}}?\s*"
    rf"\((?P<p>{NAME})\))\s*"
    r"(?:will|is going to|to)\s+(?P<rest>.+)$"
)
# "3rd shift (Sipho): confirm fibre restore": the name in brackets before the colon.
_PAREN_LABEL = re.compile(rf"^[\w .'-]{{1,25}}\((?P<o>{NAME})\)\s*:\s*(?P<rest>.+)$")
# "Could Sandra give them read access?"
_COULD_NAME = re.compile(rf"^(?i:could|can|would|will)\s+(?P<o>{NAME})\s+(?P<rest>[a-z].+)$")
# "marketing wants a blog post, nina can you draft it?": what "it" is.
_WANTED = re.compile(r"\b(?:wants?|needs?|asked for|requested|asks)\s+(?P<obj>[^,]+?)\s*$", re.I)
_MIDDLE = re.compile(
    rf"(?:^|[,;:]\s*|\s[—–-]\s*|(?P<which>\b(?:for )?which\s+))(?P<o>{NAME})\s+"
    r"(?:to|will|'ll|’ll|(?:has |have )?(?:agreed|offered|volunteered|promised) to)\s+(?P<rest>.+)$"
)
# Terse notes: "produce shrink way up, Tariq pull reports", "light out – Dana put in a ticket".
_COMMA_NAME_DOES = re.compile(rf"(?:,|\s[–—-])\s+(?P<o>{NAME})\s+(?P<rest>[a-z].+)$")
# "guest cancelled, Marguerite on it": hers.
_ON_IT = re.compile(rf"[,;]?\s+(?P<o>{NAME})\s+(?:is\s+)?on it\b.*$")
# "Jorge he will fix the roof": the name, said twice.
_NAME_PRONOUN = re.compile(rf"^(?P<o>{NAME})\s+(?:he|she|they)\s+(?=will\b|'ll|’ll|is going to\b)")
# "AV for speeches — me, will book": the writer's.
_DASH_ME = re.compile(r"\s+[—–-]+\s*me\b[,.]?\s*(?:(?:i'?ll|will)\s+(?P<more>.+))?$", re.I)
_BY = re.compile(
    rf"\b(?:(?:(?:is|are)\s+to\s+be|will\s+be|should\s+be|to\s+be|that\s+[\w ]{{1,40}}\sbe)\s+\w+|"
    rf"(?:is|are)\s+(?:taken|\w+ed))"
    rf"(?:\s+(?:out|up|over))?\s+by\s+"
    rf"(?:(?:the|our)\s[\w ]{{1,25}}?,\s*)?(?P<o>{NAME}|{ROLE})\b"
)
# "the team lead will get a quote", "which the PM agreed to request": a role owns it.
_ROLE_DOES = re.compile(
    rf"(?:^|\bwhich\s+|\b(?:and|but|so)\s+)(?P<o>{ROLE})\s+(?:will|'ll|agreed to|offered to|"
    r"is going to|needs to|has to|should|shall|must|is to)\s+(?P<rest>.+)$",
    re.I,
)
# "Is agreed that Bob prepares the demo": Bob's.
_AGREED = re.compile(
    r"^(?i:(?:(?:it\s+)?(?:is|was|has been)|we|the (?:group|committee|team|board))\s+(?:also\s+)?"
    r"(?:agreed|decided)(?:\s+that)?)\s+"
    rf"(?P<o>{NAME})\s+(?:(?:would|will|should|shall)\s+)?(?P<rest>.+)$"
)
# "It was also agreed that she would set up a call": the person named before.
_AGREED_PRONOUN = re.compile(
    r"^(?i:(?:it\s+)?(?:is|was|has been)\s+(?:also\s+)?(?:agreed|decided)\s+that\s+"
    r"(?:he|she|they)\s+(?:would|will|should|shall)\s+)(?P<rest>.+)$"
)
FIRST_PERSON = re.compile(
    r"^(?:(?:yep|yes|yeah|yup|um|uh|er|hm+|oh|sure|ok|okay|and|also|so|then|today|tomorrow|great|"
    r"thanks|thx|cool|nice|"
    r"perfect|fine|right|alright|honestly|well)[,.!\s–—-]+)*"
    r"(?:I\s*(?:'ll|’ll|will|can|could|am|'m|’m|shall)\b|i'll\b|im\b|i'm\b|I\b)",
    re.I,
)
PRONOUN = re.compile(
    r"^(?:(?:and|in the meantime|meanwhile|also|then|so)[,\s]+)*(?:he|she|they)\b", re.I
)
_NOT_HANDLES = {
    "tbd", "none", "asap", "eod", "eow", "today", "tomorrow", "tmrw", "later", "done", "wip",
    "soon", "now", "pls", "please", "fri", "mon", "tue", "wed", "thu", "thurs", "sat", "sun",
    "ok", "etc", "too", "also", "maybe", "prod", "staging", "dev", "qa", "fyi", "all",
}  # fmt: skip


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
        if match := _DUE_SEGMENT.search(text):
            due, text = match.group("seg"), text[: match.start()]
    owner = _find(text, loose=loose, people=people)
    return replace(owner, due=due) if due else owner


def _find(text: str, *, loose: bool, people: frozenset[str]) -> Owner:
    rest, count = NOBODY.subn("", text)
    nobody = count > 0
    rest = _NAME_PRONOUN.sub(r"\g<o> ", rest)
    if me := _DASH_ME.search(rest):
        said = rest[: me.start()] + (f", {me['more']}" if me["more"] else "")
        return Owner(None, said, nobody, first_person=True, assigned=True)
    if (match := _OWNER_LABEL.search(rest)) and _is_owner(match.group("o"), loose=True):
        return Owner(match.group("o"), rest[: match.start()], nobody)
    if mention := _MENTION_THEN_I.match(rest):  # "@ostrowski I'll look at the billing page"
        rest = rest[mention.end() :]
    if match := _AT.search(rest):
        name, end = match.group("o"), match.end()
        after = re.match(r"\s([A-Z][\w'’-]+)", rest[end:])
        if after and f"{name} {after.group(1)}".lower() in people:  # "@Farah Haddad"
            name, end = f"{name} {after.group(1)}", end + after.end()
        rest = (rest[: match.start()] + rest[end:]).strip(" ,:-—–")
        rest = re.sub(r"^(?:please|pls|can you|could you|also)\s+", "", rest, flags=re.I)
        return Owner(name, rest, nobody)
    for pattern in (*_TRAILING, _SAID_SHE_WOULD):
        match = pattern.search(rest)
        if match and _is_owner(match.group("o"), loose=loose, people=people):
            return Owner(match.group("o"), rest[: match.start()], nobody)
    if (
        (match := _TRAILING_COMMA.search(rest))
        and _is_owner(match.group("o"), loose=loose, people=people)
        and (match["pls"] or "?" in rest or IMPERATIVE.match(rest) or loose)
    ):  # "check the logs, Bob", not "the same garage again, Fairway Motors."
        return Owner(match.group("o"), rest[: match.start()], nobody)
    if (
        (match := _TOLD.match(rest))
        and _is_owner(match.group("o"))
        and IMPERATIVE.match(match.group("rest"))
    ):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    for pattern in (_ACTION_OF, _APPOSED, _ASKED_TO, _ACTION_ON, _FALLS_TO, _PAREN_LABEL):
        match = pattern.search(rest)
        name = match and (match["o"] or match.groupdict().get("p"))
        if match and name and _is_owner(name):
            return Owner(name, match.group("rest"), nobody, assigned=True)
    if (match := _YOU_SAID.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _KINDLY.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _PLEASE.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _PUT_TO.match(rest)) and _speaks(match.group("o"), people):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _NEEDS_NAME.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _COULD_NAME.match(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _ADDRESSED.search(rest)) and _is_owner(
        match.group("o"), loose=loose, people=people
    ):
        wanted = _WANTED.search(rest[: match.start()])
        said = match.group("rest")
        if wanted and re.match(r"^\w+\s+(?:it|that|this|one)\b", said):
            said = re.sub(r"\b(?:it|that|this|one)\b", wanted.group("obj"), said, count=1)
        return Owner(match.group("o"), said, nobody, assigned=True)
    if match := _AGREED_PRONOUN.match(rest) or _ASKED_PRONOUN.search(rest):
        return Owner(None, match.group("rest"), nobody, pronoun=True, assigned=True)
    if (match := _AGREED.match(rest)) and _is_owner(match.group("o")):
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
    if loose and (match := _COMMA_NAME_DOES.search(rest)) and _is_owner(match.group("o")):
        if IMPERATIVE.match(match.group("rest")):  # "shrink way up, Tariq pull reports"
            return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _ON_IT.search(rest)) and _is_owner(match.group("o")):
        return Owner(match.group("o"), rest[: match.start()], nobody, assigned=True)
    if loose and (match := _HANDLE_TO.match(rest)) and match.group("o") not in _NOT_BEFORE_TO:
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _MIDDLE.search(rest)) and _is_owner(match.group("o")):
        before = "" if match["which"] else f"{rest[: match.start()]}, "  # "for which X agreed to"
        return Owner(match.group("o"), f"{before}{match.group('rest')}", nobody, assigned=True)
    if match := _ROLE_DOES.search(rest):
        return Owner(match.group("o"), match.group("rest"), nobody, assigned=True)
    if (match := _BY.search(rest)) and _is_owner(match.group("o")):
        return Owner(
            match.group("o"), rest[: match.start()] + rest[match.end() :], nobody, assigned=True
        )
    if FIRST_PERSON.match(rest):
        return Owner(None, rest, nobody, first_person=True)
    return Owner(None, rest, nobody, pronoun=bool(PRONOUN.match(rest)))


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
    if re.fullmatch(ROLE, word, re.I):
        return True
    first = word.split()[0].lower()
    single = " " not in word.strip()
    if first.strip(".") in NOT_NAMES or first in _NOT_HANDLES or (single and first in LABEL_WORDS):
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
