"""What in a note is not work, and why.

Finished work, status, decisions, announcements, thanks, jokes and open questions. Each
check says why, so the answer can tell a person what was read as context and not
ticketed.
"""

from __future__ import annotations

import re

NEGATIVE = re.compile(
    r"\b(?:no action|nothing (?:for us |new |to do)|nothing to do|no update|not needed|no need|"
    r"let'?s not|no decision|no blockers?|blockers?:?\s*(?:none|-)|won'?t do|not supported|"
    r"nothing new|all good|no changes?|did not respond|didn't respond|^should be done|not it|"
    r"not decided(?! yet who| who)|undecided|revisit (?:next|later|in)|stays open|remains open|"
    r"open question|"
    r"not now|won'?t ?fix|we'?ll see|i'?d (?:do|love to|like to|help)[^,.]{0,20},? but|"
    r"skipped (?:today'?s )?(?:standup|stand-up)|nothing to report|"
    r"nothing much|let'?s (?:start|begin|get started|kick off|wrap up|leave)|"
    r"^same as (?:yesterday|before|last time|last week)\b|^(?:ditto|same)[.!]?$|"
    r"^eta\b[\s:]*\w{0,12}\W*$|come back to (?:that|this|it)|(?:that|this|it) can wait|"
    r"not doing (?:that|this|it)\b|"
    r"(?:figure|sort|work) out who\b|"
    r"(?:reply(?:-all)?|let me know|shout|tell me)\s+if\s+i\s+(?:missed|forgot|got)\b|"
    r"nothing needs doing|parked|"
    r"nobody volunteered|no (?:one )?volunteers?|no one volunteered|"
    r"backlog(?=\s*(?:,|$|\.))|not (?:this|next) (?:quarter|sprint|"
    r"release)|has not posted|hasn'?t posted|did not post|handing over|"
    r"handed over|catch(?:ing)? up on (?:e-?mails?|slack|messages|mail)|"
    r"we'?ll leave (?:it|that)|please find|"
    r"find (?:attached|below)|see (?:below|attached)|"
    r"dup(?:licate)? of|not our problem|not ours|out of scope|not for us|accepted risk|"
    r"not me|leave it open|leave it for now|park(?:ed)? it|can you (?:hear|see) me|"
    r"^(?:good )?morning(?: all| everyone| team)?|^hello|^hi all|^hey all)\b",
    re.I,
)
BLOCKED = re.compile(
    r"^(?:(?:i'?m|i am|we'?re|we are|still)\s+)*(?:still\s+)?(?:blocked|waiting|stuck)\s+"
    r"(?:on|for|by)\b",
    re.I,
)
THANKS = re.compile(
    r"\b(?:thanks?|thank you|thanked|kudos|congrats|congratulations|shout-?out|well done|"
    r"great job|lol|haha|owes? (?:me|us)|happy (?:holidays|new year|birthday|diwali|"
    r"sankranti|eid|thanksgiving|friday)|merry christmas)\b|🎉|🙌|🙏|👏|😂|🍰|🎂",
    re.I,
)
DECISION = re.compile(
    r"\b(?:decided|decision|we agreed|was agreed|were agreed|agreed to (?:drop|keep|go|use|"
    r"move|not|stay)|going with|approved|rejected|postponed|was considered|will be used)\b",
    re.I,
)
ANNOUNCEMENT = re.compile(
    r"^(?:also\s+)?(?:reminder|fyi|heads[- ]up|psa|note|out|ooo|off|pto|sick)\b|"
    r"\b(?:i'?ll|i will|i'?m|i am) (?:be )?(?:off|out|away|on leave|ooo)\b|"
    r"\b(?:pto|out sick|ooo|birthday|"
    r"on leave|vacation|moved to|is out|in interviews)\b",
    re.I,
)
DONE = re.compile(
    r"\b(?:finished|merged|shipped|deployed|released|completed|wrapped up|cleaned up|cleared|"
    r"killed|fixed|resolved|restored|reviewed|did|was|were|went|got|had|passed|confirmed|"
    r"accepted|identified|reported|summari[sz]ed|issued|sent|raised|mentioned|noted|said|"
    r"asked about|asked (?:if|whether)|paired|landed|rolled back|already|pointed out|"
    r"explained|informed|highlighted|argued|thinks|suggested|proposed|went through|"
    r"(?:is|are)\s+(?:done|up|in|live|green|"
    r"broken|down|ready|fine|stuck|slow|out|outdated|still))\b|✔|✅",
    re.I,
)
# Labels that introduce context: a root cause, a summary, a decision.
CONTEXT_LEAD = re.compile(
    r"^(?:root cause|summary|impact|timeline|what went (?:well|good|wrong|badly)|tl;?dr|decision|"
    r"severity|participants|invited|attendance|apologies|absent|guests|chair|open|protokoll|"
    r"notes by|minutes by|lead|scribe|facilitator|incident commander|reporter|author|"
    r"open questions?|questions?|parking lot|"
    r"attendees|present|date|agenda|status|update|context|background|detection|"
    r"resolution|trigger|symptoms?|good|bad|notes?|ideas?|problems?|keep doing|went well|"
    r"to improve|mad|sad|glad|start|stop|continue|liked|lacked|kudos|wins?|overall)\b\s*[:\-–—]"
    r"|^tl;?dr\b|^(?:notes|minutes) (?:by|taken by)\b",
    re.I,
)
REQUEST = re.compile(
    r"\b(?:can|could|would|will) (?:you|someone|somebody|anyone)\b|\bplease\b|\bpls\b|\bplz\b|"
    r"\bany volunteers\b|\bany takers\b|\banyone\?|\b(?:can|could) (?:u|ya)\b|"
    r"\bunowned\b|\bunassigned\b|needs? (?:an )?owner|\bvolunteer|"
    r"(?-i:\b(?:[Cc]ould|[Cc]an|[Ww]ould) [A-Z][a-z]+ [a-z]+)",
    re.I,
)
# "who wants to write the PIR?": work asked for, nobody's yet.
WHO_DOES = re.compile(
    r"\bwho(?:'s| is)?\s+(?:wants to|wants|can|will|could|is going to|is up for|up for|doing|does|"
    r"taking|handling|writing|running|leading|driving)\s+(?P<task>[^?]+)\?",
    re.I,
)


# "is to be confirmed with the underwriters", "should be replaced", "needs repair": work still
# to do, said in the passive, whatever past-tense words sit beside it.
OBLIGED = re.compile(
    r"\b(?:(?:is|are)\s+(?:still\s+)?to\s+be|(?:needs?|has|have)\s+to\s+be|should\s+be)"
    r"\s+(?!done\b|ok\b|fine\b)\w+(?:ed|en|t)\b|\bneeds?\s+(?:repair|replacing|fixing|updating|sorting)\b",
    re.I,
)


_MARKED_DONE = re.compile(r"\s[—–-]\s*done\b|\(done\b|\bdone\s*✅", re.I)
_ASKED_WHETHER = re.compile(
    r"\b(?:asked|wondered|queried|raised the question of)\s+(?:whether|if)\b", re.I
)
_FROM_NOW_ON = re.compile(
    r"^(?:from now on|going forward|effective (?:now|immediately|today)|"
    r"from (?:monday|tuesday|wednesday|thursday|friday|next week|today|tomorrow)\b)",
    re.I,
)
_NAMES_DOER = re.compile(r"\s+(?:that\s+)?[A-Z][a-z]+\s+(?:will\s+)?[a-z]+s?\b")


def why_not_work(text: str, *, future: bool, work_section: bool) -> str | None:
    """Why ``text`` is context rather than work, or None when it may be work.

    ``future`` says a person is named as doing something later ("Marco will ...",
    "I'll ..."): that outweighs past-tense words and decisions in the same clause.
    Under an action-items heading only thanks, refusals and done markers count.
    """
    if NEGATIVE.search(text) or re.fullmatch(r"\W*(?:nothing|none|n/?a|nope|-+|—)\W*", text, re.I):
        return "nothing to do"
    if _MARKED_DONE.search(text):
        return "already done"  # "Supplier contacted — done 03/05"
    future = future or bool(OBLIGED.search(text))
    if BLOCKED.match(text):
        return "a blocker, not a task"
    agreed = re.search(r"\b(?:we|team|everyone|all)\s+(?:agreed|decided)\b", text, re.I)
    if agreed and not (future and _NAMES_DOER.match(text, agreed.end())):
        return "a decision"  # but "we agreed that Karim looks for a new one" is Karim's
    if THANKS.search(text) and not future:
        return "thanks or a joke"
    if work_section:
        return "already done" if re.search(r"\bdone\b|✔|✅|\(merged\)", text, re.I) else None
    if CONTEXT_LEAD.match(text):
        return "context"
    if re.match(r"^\d{1,2}:\d{2}\b(?!\s*:)", text):  # "18:20 — @josh.t linked it to ..."
        return "a timeline entry"
    asked = text.rstrip().endswith("?") and not text.rstrip().endswith("??")
    if asked and not REQUEST.search(text) and not future:
        return "an open question"
    if _ASKED_WHETHER.search(text) and not future:
        return "an open question"  # "Gabriel asked whether the ingress needs bumping too"
    if _FROM_NOW_ON.match(text) and not future:
        return "an announcement"
    if DECISION.search(text) and not future:
        return "a decision"
    if ANNOUNCEMENT.search(text) and not future:
        return "an announcement"
    if DONE.search(text) and not future:
        return "done or a status"
    return None
