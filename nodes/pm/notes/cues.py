"""The signs of work in a clause, as patterns, read by :mod:`nodes.pm.notes.reading`.

A person doing something later, an obligation, a claim ("Jo offered to take this on"),
a status ("-> done"), a reply ("I'll take it") and who a clause is not about.
"""

from __future__ import annotations

import re

from nodes.pm.notes.owner_phrases import NAME
from nodes.pm.notes.owners import is_person

PRONOUNS = {"i", "we", "he", "she", "they", "you"}

ARROW = re.compile(r"\s*(?:->|=>|→|⇒)\s*")

PERSON_FUTURE = re.compile(
    rf"(?:^|[\s,;(])(?P<who>(?i:i|we|he|she|they|you)|@[\w.-]+|{NAME})"
    r"(?:\s+(?:also|still|then|now|kindly|happily|just))?(?:'ll|’ll|'d|’d|"
    r"(?:'m|’m|'re|’re|'s|’s)\s+(?:going|planning|hoping|aiming|trying)\s+to|"  # "I'm planning to"
    r"\s+(?:will|would|shall|"
    r"(?:is|are|am|'m|’m)\s+(?:going|planning|hoping|aiming|trying)\s+to|going\s+to|plan\s+to|"
    r"(?:am|'m|’m|is)\s+(?:mostly|also|still|just)\s+on|"
    r"is\s+to|are\s+to|needs?\s+to|has\s+to|have\s+to|"
    r"must|should|agreed\s+to|volunteered\s+to|offered\s+to|promised\s+to|"
    r"is\s+on\s+it|to|(?:am|'m|’m|is)\s+(?:doing|on|taking|working|looking)))\s+"
    r"(?!be\b|stay\b|remain\b|but\b|not\b|if\b|and\b|rather\b|like\b|love\b|prefer\b|"
    r"suggest\b)",
)

WORK_CUE = re.compile(
    r"\b(?:to do|still needs?|needs? to|should be|must be|has to be|have to be|need to be|"
    r"is to be|are to be|"
    r"asked (?:that|for)|are needed|is needed|todo|to-do|take care|starting on|"
    r"let'?s (?!try|see|not|go with|keep|stick|park|leave|wait|start|begin|wrap|move on|discuss)|"
    r"(?:someone|somebody|anyone)\s+(?:must|should|needs? to|has to|could)|"
    r"working on|doing|look(?:ing)? into|writing|on it)\b",
    re.I,
)

LEAD = re.compile(
    r"^(?:the following (?:was|were) agreed|it was agreed|agreed|also small thing|small thing|"
    r"also)\s*[:,]\s*",
    re.I,
)


# "I said I'd write the policy", "Ollie said he'll bring it": a promise, not reported talk.
_SAID_OWN = re.compile(r"\b(?:said|says|promised|confirmed)\s+(?:that\s+)?(?:I|he|she)$", re.I)


def person_future(text: str) -> bool:
    """Whether a person (not "Thanks" or "Kafka will be used") is said to do something later."""
    for match in PERSON_FUTURE.finditer(text):
        subject = re.sub(r"^(?:And|But|So|Then|Also|Now|Plus)\s+", "", match.group("who"))
        if " " in subject and subject.split()[-1].lower() in PRONOUNS:
            return True  # "And I'll update the deck", "For SSRF I'll open a ticket"
        before = text[: match.start("who")]
        if re.search(
            r"\b(?:from|by|with|of|for|to|about|thinks?|suggest(?:s|ed)?|said|says|thank)\s*$",
            before,
            re.I,
        ) and not _SAID_OWN.search(text[: match.end("who")]):
            continue  # "the proposal from Tariq to replace the queue", "rohan thinks we should"
        if subject.lower() in PRONOUNS or subject.startswith("@") or is_person(subject):
            return True
    return False


# "@carlos freed space + restarted": a past-tense verb first is a report, not a task.
DONE_VERB = re.compile(
    r"^(?!(?:need|feed|seed|speed|embed|proceed|succeed|exceed)\b)[a-z]+ed\b", re.I
)

ASKING_VERB = re.compile(r"^(?:check|ask|find out|confirm|clarify|verify|figure out)\b", re.I)

UNSURE = re.compile(r"\?\s*$|\b(?:don'?t know|not sure|unclear)\s+(?:if|whether)\b", re.I)

I_CAN = re.compile(
    r"^\W*(?:(?:yes|yeah|ok|sure|and|also|so)[,\s]+)*i\s+can\s+(?!but\b|not\b)\w", re.I
)

# Said by a speaker, with the subject left out: "will verify on staging", "picking up LED-77".
SPEAKER_PLANS = re.compile(
    r"^[^\w\s]*\s*(?:(?:also|and|then|now|ok|sure|yes|yep)[,\s]+)?"  # "👍 can take the PT batch"
    r"(?:will|'ll|gonna|going to|planning to|picking up|working on|"
    r"can (?:take|do|pick up|handle|own|cover|grab)|"
    r"let me|"
    r"should|need to|have to|must|covering|handling|chasing|preparing|drafting|reviewing|"
    r"starting(?: on)?|continuing(?: with)?|finishing|looking (?:at|into))\s+\w",
    re.I,
)

# "Maria said she can do it", "Jo offered to take this on": the item before is theirs.
PROSE_CLAIM = re.compile(
    rf"^(?:(?P<o>{NAME})|(?P<p>[Ss]he|[Hh]e|[Tt]hey)|(?P<i>I))\s*"
    r"(?:said\s+(?:she|he|they)(?:'d|'ll|\s+would|\s+can|\s+could|\s+will)|"
    r"offered|volunteered|agreed|will|'ll|’ll|can|would|is happy)\s+"
    r"(?:to\s+|be the one to\s+)?"
    r"(?:do|take|handle|own|pick up|look at|cover|attend to|take care of|sort out|sort|"
    r"look after|deal with)\s+"
    r"(?:it|this|that|this one|that one)(?:\s+on)?\b[^,;]{0,60}"
    r"(?:,\s*(?:since|as|because|(?:he|she|they)(?:'s|’s|'d|’d)?)\s.{0,80})?$"
)  # "Dev will do that, he wrote the EKF tuning": a reason after the comma

# "forwarding below, can you reconcile this": the work starts at the ask.
FROM_ASK = re.compile(r"^.{0,60}?,\s*(?=(?:can|could|would) you\s)", re.I)

ASKS_YOU = re.compile(r"\b(?:(?:could|can|would) you|please)\b", re.I)

# "It needs to go back to them this week": more about the item before, not another one.
ABOUT_BEFORE = re.compile(r"^(?:it|this|that)\s+(?:needs to|has to|must|should)\b", re.I)

# "Steve, that's yours", "@Farah Haddad?", "bort?": the item before is put to them.
GIVEN = re.compile(
    rf"^(?:(?P<o>{NAME}),\s+(?:that'?s|this is|that one'?s)\s+(?:yours|for you|on you)|"
    r"@?(?P<o2>[\w.'’-]+(?:\s[A-Z][\w'’-]+)?)\?)\W*$"
)

# "Audit fieldwork will begin on 7 April": a first word that is a verb, then the clause's own.
OWN_VERB = re.compile(r"^\w+\s+\w+\s+(?:will|is|are|was|were|has|have)\b", re.I)

NOBODY_DID = re.compile(
    r"^(?:nobody|no one|no-one)\s+(?:has|have)\s+(?P<verb>[a-z]+ed)\s+(?P<rest>.+?)(?:\s+yet)?"
    r"(?:[,;].*)?[.!]?$",
    re.I,
)

TAKEN_ON = re.compile(
    r"\b(?:said (?:she|he|they)(?:'d|’d| would| will)|will do it|is on it|offered)\b"
)

# An arrow's fix that only says where things stand: "-> done", "-> still testing".
STATUS_FIX = re.compile(
    r"^(?:done|fixed|resolved|closed|ordered|replaced|postponed|deferred|merged|shipped|"
    r"still \w+|in progress|ongoing|on hold|monitoring|testing|no change|same as|known)\b|"
    r"^\s*(?:ok|okay|fine|all good|recovered|stable|restored|back up|back to normal)[.!\s]*$|"
    r"^\s*(?:[\w-]+\s){1,2}(?:closed|stopped|taped off|cordoned off|shut|halted|paused)\b",
    re.I,
)

WHERE_IT_STANDS = re.compile(
    r"\b(?:eta|on site|waiting (?:on|for)|pending|in transit|scheduled for|underway)\b", re.I
)

NAMED_FIRST = re.compile(rf"^(?P<o>{NAME})\s+(?P<rest>[a-z]\w+.*)$")
# "-> dba team, need RCA", "-> crew C": a team after the arrow is the owner.
TEAM_FIRST = re.compile(
    r"^\s*(?P<o>(?:[A-Za-z][\w-]*\s)?(?:team|crew|desk|squad)(?:\s[A-Z0-9]\b)?)(?:[,:]\s*|\s+-+\s*|$)"
    r"(?P<rest>.*)$",
    re.I,
)

SUBJECT = re.compile(r"^(?:i|we|he|she|they)\s+", re.I)

LOWER_PERSON = re.compile(
    r"^(?P<n>[a-z]{2,15})\s+(?:still\s+|also\s+)?(?:thinks|said|says|mentioned|will|wants|asked|"
    r"suggested|agreed|offered|volunteered|is going to)\b"
)

NOT_THE_SPEAKER = re.compile(
    r"^\W*(?:(?:and|also|so|ok|oh|then|but)\s+)*(?:we (?:need|should|must|have to|still)|let'?s|"
    r"someone|somebody|anyone|nobody|"
    r"who|(?:can|could|would) (?:someone|somebody|anyone|we|you|u|ya))\b",
    re.I,
)
