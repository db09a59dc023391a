"""How notes write who owns a piece of work, as patterns; :mod:`owners` reads them.

Names, roles and "nobody yet", and the phrases around them: "X to ...", "asked X to",
"— X", "(X)", "Laszlo, please ...", "it was agreed that X would ...".
"""

from __future__ import annotations

import re

from nodes.pm.notes.due_dates import WHEN
from nodes.pm.notes.patterns import (
    HONORIFIC,
)

NAME = (
    rf"(?:{HONORIFIC}?(?:[A-Z]\.\s?)?[A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]*)?"
    rf"|{HONORIFIC}[A-Z]\b\.?"  # "Dr. S"
    r"|[A-Z]\.(?:\s?[A-Z]\.){0,2})"  # "J.K.", "L."
)
# "Kemal + Bea", "Hiroshi and Amara": work shared by two; the first named owns the ticket.
AND_NAME = rf"(?:\s*(?:\+|&|/)\s*|\s+and\s+){NAME}"
# A team or a group written as the owner: "(whole team)", "— vendor management", "(Front desk)".
TEAM = (
    r"(?:(?:the|our|each|every|whole|all)\s+)?(?:[A-Za-z]+\s+){1,2}"
    r"(?:team|desk|crew|staff|squad|committee|department|dept|management|supervisors?)"
)
HANDLE = r"[a-z][\w.-]{1,20}"
# A role written instead of a name: "the PM", "our procurement lead", "the QA lead".
ROLE = (
    r"(?i:the|our)\s+(?:(?:[A-Z]{2,4}|[a-z]+(?:-[a-z]+)?)\s+)?(?:PM|PO|EM|CTO|CEO|CFO|COO|CISO|DBA|lead|manager|"
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
    r"(?:but\s+)?(?:no ?one|nobody) (?:was|has been) (?:named|assigned)(?: for (?:this|it|that))?|"
    r"(?:but\s+)?(?:no ?one|nobody) said yes|"
    r"needs? (?:a )?volunteers?)(?:\b|(?<=\?))[?)]*|"
    r"[\s—–-]*\?{3,}|[\s—–-]*\banyone\?|\?{2,}\s*who\??\s*$",
    re.I,
)
# "— Luis — by 3/15", "— Kate, this week": a due date after the owner, peeled off first.
DUE_SEGMENT = re.compile(
    rf"(?:\s+[—–-]+\s*|,\s*|\s+(?=b4\s))(?P<seg>(?:(?:by|before|b4|due|until)\s+)?(?:the\s+)?(?:{WHEN})"
    r"(?:\s+(?:eod|am|pm|morning|after deploy))?)[\s.]*$",
    re.I,
)
MENTION_THEN_I = re.compile(r"^@[\w.-]+[:,]?\s+(?=i\b|i'|i’)", re.I)
AT = re.compile(r"@(?P<o>[A-Za-z][\w.-]*[\w])(?!['’]s\b)")
# "marta to timebox standup": a lower-case name before "to" under an action heading.
HANDLE_TO = re.compile(
    r"^(?P<o>[a-z][\w.-]{1,15})\s+"
    r"(?:to|will|'ll|’ll|said (?:she|he|they)\s*(?:'d|’d|would|will|'ll|’ll))\s+(?P<rest>.+)$"
)
NOT_BEFORE_TO = {
    "need", "needs", "want", "wants", "going", "have", "has", "had", "how", "what", "where",
    "plan", "plans", "try", "due", "ready", "able", "back", "added", "moved", "agreed",
    "decided", "next", "up", "set", "go", "time", "nothing", "something", "everyone", "who",
    "reply", "talk", "switch", "move", "add", "write", "ask", "push", "get", "make", "is",
    "we", "they", "you", "i", "it", "this", "that", "someone", "nobody", "also", "and",
    "kudos", "thanks", "shoutout", "props", "congrats", "welcome", "out", "off",
}  # fmt: skip
TRAILING = (
    re.compile(
        rf"\s*\((?:owner:\s*)?@?(?P<o>{NAME}|{HANDLE}|{TEAM})(?:\s*(?:\+|&|and|/)\s*{NAME})?"
        rf"(?:,\s*(?=(?i:when|once|after|before|by|this|next|asap|eod|today|tomorrow|{WHEN}))"
        r"[^()]{1,40})?"  # "(Jonah, this week)", "(Ellie, when we brief the caterer)"
        r"(?:\s+(?:will do(?: it)?|to do(?: it)?|owns(?: it)?|is on it)(?:\s[^()]{1,30})?)?\)"
        r"(?:\s*\([^()]{3,}\))?"
        r"(?:\s+(?:(?:by|before|due)\s+[\w/ .]{1,20}|today|tomorrow|tonight|tmrw|asap|eod|eow))?"
        r"[\s.!]*$"
    ),
    re.compile(rf"\s*\[(?P<o>{NAME}|{ROLE}|[A-Z][a-z]+)\][\s.!]*$"),  # "... by 17 Feb. [Dr Huang]"
    re.compile(
        rf"\s+[—–-]+\s*@?(?P<o>{NAME}|{ROLE}|{TEAM}|{HANDLE})(?:{AND_NAME})?"
        r"(?:\s+(?:before|after|when|once)\s+[\w .]{1,30})?"  # "— mk before leaving"
        r"(?:\s+(?:is on it|owns it|will do it|to own it|volunteered|offered|agreed|"
        r"is taking it|took it))?"
        r"(?:\s+(?:and|&)\s+(?:his|her|their|the)\s+team)?(?:\s+(?:also|too|as well))?"
        r"(?:,\s*[\w .]{1,40})?"
        r"(?:\s+(?:pls|please|plz|thx|thanks))?[\s.!]*$"
    ),
)
# "AOB - Kofi said he'll book the minibus MOT", "which Engineer Dietz said he'd handle":
# a promise reported in the minutes.
REPORTED_PROMISE = re.compile(
    rf"(?:^|[,;:]\s*|\s[—–-]\s*|\b(?P<which>which)\s+|\b(?:and|but|so)\s+)(?P<o>{NAME})\s+"
    r"(?:also\s+)?(?:said|says|promised|confirmed)\s+(?:that\s+)?(?:he|she|they)\s*"
    r"(?:'ll|’ll|'d|’d|will|would|can)\s+(?!but\b|not\b)(?:also\s+)?(?P<rest>.+)$"
)
# "Onboarding docs refresh — Petra said she'll do it before the 8th": Petra's.
SAID_SHE_WOULD = re.compile(
    rf"\s+[—–-]+\s*@?(?P<o>{NAME}|{HANDLE})\s+(?:said|says|offered|promised)\s+"
    r"(?:(?:she|he|they)\s*(?:'ll|’ll|'d|’d|will|would)|to)\s+(?:do|take|own|handle|sort)\b.*$"
)
TRAILING_COMMA = re.compile(
    rf",\s*@?(?P<o>{HANDLE}|{NAME})(?P<pls>\s+(?:pls|please|plz|thx|thanks))?[\s!.?]*$"
)
# "— owner: tim": an owner said as such, in any case.
OWNER_LABEL = re.compile(
    r"[\s,(—–-]+(?i:owner|assignee|dri|who|responsible)\s*[:=]\s*@?"
    r"(?P<o>[\w.'’-]+(?:\s[A-Z][\w'’-]+|\s(?:team|desk|group|squad|ops))?)\)?"
    r"(?:\s*\([^()]{1,40}\))?\s*$"
)
ADDRESSED = re.compile(
    rf"(?:^|,\s*|\.\s+)(?:(?:ok|so|and|also|then)\s+)*@?(?P<o>{NAME}|{HANDLE})"
    r"(?:\s*\([^()]{1,12}\))?(?:,|\s+[–—-])?\s+"
    r"(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+)?(?P<rest>.+)$"
)
# "Ron, you said you'd get the training dates": Ron's, as he said.
YOU_SAID = re.compile(
    rf"(?:^|,\s*|\.\s+)(?:(?:and|also|so)\s+)*@?(?P<o>{NAME}),\s+you\s+(?:said|promised|offered)\s+"
    r"(?:you'?d|you would|you were going to|to)\s+(?P<rest>.+)$"
)
# "And Helen, the customs paperwork?": a question put to one of the speakers.
PUT_TO = re.compile(
    rf"^(?:(?:and|so|ok|also)\s+)?(?P<o>{NAME}|{HANDLE}),\s+"
    r"(?!(?:can|could|would|will|have|has|had|did|do|does|is|are|was|were|where|what|how|when|"
    r"why|any|you)\b)"
    r"(?P<rest>[^?]{3,})\?$",
    re.I,
)
# "I'll need Chloe to review it": Chloe's.
NEEDS_NAME = re.compile(rf"\b(?i:needs?)\s+(?P<o>{NAME})\s+to\s+(?P<rest>.+)$")
# "Ms. Tanaka has asked Mr. Lindqvist to reconcile ...", "action on Joanna for the training",
# "updating the poster falls to the ward manager": the person asked.
ASKED_TO = re.compile(
    rf"\b(?:asked|told|requested|reminded)\s+(?P<o>{NAME}|{ROLE})\s+to\s+(?P<rest>.+)$"
)
# "The Chair asked him to circulate the manuals": the person named before.
ASKED_PRONOUN = re.compile(
    r"\b(?:asked|told|requested|reminded)\s+(?:him|her|them)\s+to\s+(?P<rest>.+)$"
)
ACTION_ON = re.compile(
    rf"^(?i:action(?:\s+is)?\s+on)\s+(?P<o>{NAME}|{ROLE})\s*(?:(?i:for|to)\b|[:–—-])?\s*(?P<rest>.+)$"
)
FALLS_TO = re.compile(rf"^(?P<rest>.+?)\s+(?:falls|goes)\s+to\s+(?P<o>{NAME}|{ROLE})\W*$")
# "Rafael's action: open the tickets", "Legal review — Juliana's action: ping Dr. Mendes".
ACTION_OF = re.compile(
    rf"(?:^|[—–-]\s*)(?P<o>{NAME})['’]s\s+(?i:action|task|todo)s?\s*:\s*(?P<rest>.+)$"
)
# "Paul, order a new one": an instruction to Paul.
TOLD = re.compile(
    rf"^(?:(?i:ok|okay|so|and|right|please|pls|also)[,\s]+)*(?P<o>{NAME}),\s+(?P<rest>[a-z].+)$"
)  # "Paul, order a new one", "Please also, Marco, send the guidance"
# "Laszlo, please confirm the SAP roles": Laszlo's.
# "kindly Sir Ramil (IT) check if these are under warranty": Sir Ramil's.
KINDLY = re.compile(
    rf"\b(?i:kindly|please)\s+(?P<o>{NAME})(?:\s*\([^()]{{1,20}}\))?\s+(?P<rest>[a-z].+)$"
)
PLEASE = re.compile(
    rf"(?:^|[:,]\s*|\s[—–-]\s*)@?(?P<o>{NAME})(?:\s*\((?P<inner>{NAME})\))?\s*[,—–-]?\s+"
    r"(?:[^,]{3,30},\s+)?"  # "Hugo, before you go, please hand over the runbook"
    r"(?:please|pls|kindly)\s+(?P<rest>.+)$"
)
# "Fine — Priya, you'll send Dr. Feld the records": Priya's.
YOU_WILL = re.compile(
    rf"(?:^|[:,]\s*|\s[—–-]\s*)(?P<o>{NAME}),\s+you\s*(?:'ll|’ll|will|can|should|need to|"
    r"have to|are going to)\s+(?P<rest>.+)$"
)
# "Okay, Sanjay, you take that — get the new bands from HR": Sanjay's.
YOU_TAKE = re.compile(
    rf"(?:^|[:,]\s*|\s[—–-]\s*)(?P<o>{NAME}),\s+you\s+(?:take|do|own|handle|grab|get)\s+"
    r"(?:that|this|it)(?:\s+one)?\s*(?:[—–:-]+|,)\s*(?P<rest>\w.+)$"
)
# "Mihail is sending them back", "Frankie's handling the publisher side", "Jerzy sending one
# Mon", "Hiroshi and Amara are thawing 3 vials": work under way, said of a person.
DOING = re.compile(
    rf"(?:(?P<start>^)|[,;]\s*|\b(?:and|but|so)\s+|\s[—–-]\s*)(?P<o>{NAME})(?:{AND_NAME})?"
    r"(?P<be>\s+(?:is|are)|['’]s)?\s+(?:(?:already|still|now|currently)\s+)?"
    r"(?P<verb>[a-z]{2,}ing)\b(?P<tail>.*)$"
)
# "-ing" words that say where a person is, not what work they do.
NOT_WORK = frozenset(
    """
    going being nothing something thing leaving coming joining feeling moving staying
    returning travelling traveling visiting waiting hoping thinking wondering saying asking
    morning evening
    """.split()
)
# "Kemal + Bea draft the inbox rota": two people and the work.
PAIR_DOES = re.compile(
    rf"(?:^|(?P<label>^[^:]{{3,40}}):\s+)(?P<o>{NAME}){AND_NAME}\s+(?P<rest>(?P<verb>[a-z]+)\b.*)$"
)
# "Allergen briefing card for every volunteer - joel to make": joel's.
DASH_TO = re.compile(
    rf"\s+[—–-]+\s*@?(?P<o>{NAME}|{HANDLE})\s+(?:to|will|'ll|’ll)\s+(?P<verb>[a-z]+)"
    r"(?:\s+(?:it|this|that|one|them))?(?:,\s*[a-z][\w ]{1,20})?[\s.!]*$"  # "..., laminate"
)
# "Our design lead, Ines, will share the wireframes": Ines.
APPOSED = re.compile(
    rf"^(?:(?i:our|the)\s[\w ]{{2,30}},\s*(?P<o>{NAME}),|(?:(?i:our|the)\s)?[\w ]{{2,30}}?\s*"
    rf"\((?P<p>{NAME})\))\s*"
    r"(?:will|is going to|to)\s+(?P<rest>.+)$"
)
# "Ms. Choi from our analytical team will re-run the assay", "Sean from legal to review it":
# the person, not the team they are from.
FROM_TEAM = re.compile(
    rf"^(?:(?i:then|also|and|meanwhile)[,\s]+)*(?P<o>{NAME})\s+(?i:from|of|in|at)\s+"
    r"(?:(?i:our|the|their|your)\s+)?[\w&.'’ -]{1,30}?\s*,?\s+"
    r"(?:will|is going to|is to|to)\s+(?P<rest>[a-z].+)$"
)
# "3rd shift (Sipho): confirm fibre restore": the name in brackets before the colon.
PAREN_LABEL = re.compile(rf"^[\w .'-]{{1,25}}\((?P<o>{NAME})\)\s*:\s*(?P<rest>.+)$")
# "Could Sandra give them read access?"
COULD_NAME = re.compile(
    rf"^(?i:could|can|would|will)\s+(?P<o>{NAME}|the [a-z ]{{1,20}}?team|{ROLE})\s+"
    r"(?:(?:please|pls|kindly)\s+)?(?P<rest>[a-z].+)$"
)
# "marketing wants a blog post, nina can you draft it?": what "it" is.
WANTED = re.compile(r"\b(?:wants?|needs?|asked for|requested|asks)\s+(?P<obj>[^,]+?)\s*$", re.I)
MIDDLE = re.compile(
    rf"(?:^|[,;:]\s*|\s[—–-]\s*|\b(?:and|but|so)\s+|(?P<which>\b(?:for )?which\s+))(?P<o>{NAME})"
    r"(?:\s*\((?P<inner>[^()]{1,25})\))?\s+"  # "Beatriz (banquets) agreed to send ..."
    r"(?:to|will|'ll|’ll|(?:has |have )?(?:agreed|offered|volunteered|promised) to)\s+(?P<rest>.+)$"
)
# "– CS team lead (Aoife) to pull the list", "Retail ops (Gareth) owns": the bracketed person.
TEAM_PERSON = re.compile(
    rf"(?:^|[–—-]\s+|[:;,]\s+)[A-Za-z][\w .&/-]{{1,30}}?\s*\((?P<o>{NAME})\)\s+"
    r"(?:to|will|'ll|owns(?: it)?)\b\s*(?P<rest>.*)$"
)
# A role or a department written before or after a person's name: "Treasurer (Paul)",
# "Mr. Tanaka (Maintenance)": the person is the other one.
ROLE_WORDS = frozenset(
    """
    treasurer chair chairperson secretary president coordinator manager lead admin reception
    finance maintenance legal hr it ops facilities security marketing sales support
    engineering design qa procurement accounts payroll compliance logistics operations
    """.split()
)
# Terse notes: "TN fixing wash station drain this wk", "RJ borrow market tent, sat".
NAME_DOES = re.compile(rf"^(?P<o>{NAME})\s+(?P<rest>(?P<verb>[a-z]+)\s.+)$")
# "sterilizer log missing 3/28 — Lina fix": the person and the verb after a dash.
DASH_NAME_VERB = re.compile(rf"\s+[—–-]+\s*(?P<o>{NAME})\s+(?P<verb>[a-z]+)[\s.!]*$")
# Terse notes: "produce shrink way up, Tariq pull reports", "light out – Dana put in a ticket".
COMMA_NAME_DOES = re.compile(rf"(?:,|\s[–—-])\s+(?P<o>{NAME})\s+(?P<rest>[a-z].+)$")
# "guest cancelled, Marguerite on it": hers.
ON_IT = re.compile(rf"[,;]?\s+(?P<o>{NAME})\s+(?:is\s+)?on it\b.*$")
# "Jorge he will fix the roof": the name, said twice.
NAME_PRONOUN = re.compile(rf"^(?P<o>{NAME})\s+(?:he|she|they)\s+(?=will\b|'ll|’ll|is going to\b)")
# "AV for speeches — me, will book": the writer's.
DASH_ME = re.compile(
    r"\s+[—–-]+\s*(?:me\b[,.]?\s*(?:(?:i'?ll|will)\s+(?P<more>.+))?|"
    r"(?:i'?ll|i will|i can)\s+(?P<then>.+))$",  # "— I will raise this with the provider"
    re.I,
)
BY = re.compile(
    rf"\b(?:(?:(?:is|are)\s+to\s+be|will\s+be|should\s+be|to\s+be|that\s+[\w ]{{1,40}}\sbe)\s+\w+|"
    rf"(?:is|are)\s+(?:taken|\w+ed))"
    rf"(?:\s+(?:out|up|over))?\s+by\s+"
    rf"(?:(?:the|our)\s[\w ]{{1,25}}?,\s*)?(?P<o>{NAME}|{ROLE})\b"
)
# "the team lead will get a quote", "which the PM agreed to request": a role owns it.
ROLE_DOES = re.compile(
    rf"(?:^|\bwhich\s+|\b(?:and|but|so)\s+)(?P<o>{ROLE})\s+(?:will|'ll|agreed to|offered to|"
    r"is going to|needs to|has to|should|shall|must|is to)\s+(?P<rest>.+)$",
    re.I,
)
# "Is agreed that Bob prepares the demo": Bob's.
AGREED = re.compile(
    r"^(?i:(?:(?:it\s+)?(?:is|was|has been)|we|the (?:group|committee|team|board))\s+(?:also\s+)?"
    r"(?:agreed|decided)(?:\s+that)?)\s+"
    rf"(?P<o>{NAME})\s+(?:(?:would|will|should|shall)\s+)?(?P<rest>.+)$"
)
# "It was also agreed that she would set up a call": the person named before.
AGREED_PRONOUN = re.compile(
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
NOT_HANDLES = {
    "tbd", "none", "asap", "eod", "eow", "today", "tomorrow", "tmrw", "later", "done", "wip",
    "soon", "now", "pls", "please", "fri", "mon", "tue", "wed", "thu", "thurs", "sat", "sun",
    "ok", "etc", "too", "also", "maybe", "prod", "staging", "dev", "qa", "fyi", "all",
}  # fmt: skip
