"""The shapes action items take in notes, as patterns (read by :mod:`nodes.pm.notes.rules`)."""

from __future__ import annotations

import re

# Words that start a clause but are not people.
NOT_NAMES = {
    "we", "i", "you", "they", "he", "she", "it", "someone", "somebody", "everyone", "team",
    "the", "this", "that", "there", "also", "then", "and", "but", "still", "please", "action",
    "todo", "next", "follow", "decision", "decided", "note", "notes", "agenda", "meeting",
    "attendees", "date", "update", "status", "if", "when", "once", "after", "before", "so",
    "our", "my", "your", "all", "both", "nobody", "none", "maybe", "qa", "ops", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "assigned", "owner",
    "owners", "for", "i'll", "we'll", "thanks", "thank", "kudos", "congrats", "hi", "hey",
    "hello", "cheers", "best", "yes", "yep", "ok", "okay", "sure", "nice", "cool", "great",
    "yeah", "right", "well", "fine", "happy", "glad", "sorry", "honestly", "um", "uh",
    "oh", "mm", "mm-hmm", "hmm", "ah", "like", "legend", "perfect", "cowards", "separately",
    "meanwhile", "additionally", "finally", "unrelated", "regarding", "yay", "again",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
HONORIFIC = (
    r"(?:(?:Mr|Ms|Mrs|Mx|Dr|Prof|Cllr)\.?\s|(?:Sister|Nurse|Doctor|Professor|Sir|Dame|Herr|Frau|Mme|"
    r"Miss|Councillor|Ma'am|Coach|Chef|TL)\s)"
)
NAME = (
    rf"(?:{HONORIFIC}?(?:[A-Z]\.\s?)?[A-Z][^\W\d_]['’\w-]*(?:\s[A-Z][^\W\d_]*\.?)?"
    r"(?:\s(?:sir|ji|san|madam|ma'am))?"  # "Suresh sir", "Nakamura san"
    r"|[A-Z]\.(?:\s?[A-Z]\.){0,2})"  # "J.K.", "L."
)
OWNER_VERB = (
    r"will be the one to|will|'ll|’ll|'s going to|’s going to|shall|is going to|are going to|"
    r"is to|to|should|needs to|must|has to|"
    r"can|could you|owns|will own|is on|handles|will handle|is handling|takes|will take|"
    r"took|agreed to|volunteered to|offered to|promised to|undertook to|is in charge (?:of|for)|"
    r"said (?:she|he|they)(?:'d| would)|"
    r"said (?:she|he|they)(?:'ll| will)|"
    r"is responsible for|is responsible to|is tasked with|has been tasked with|"
    r"will be responsible for|is looking into|will look into|picks up|will pick up|is fixing|"
    r"is writing|is doing|is handling|is sorting|is organising|is organizing|is preparing|"
    r"drives|will drive|leads|will lead|takes the action to|has the action to|"
    r"will take the action to|has been asked to|was asked to|is asked to|"
    r"has (?:kindly )?(?:volunteered|offered|agreed) to|:|-|–|—"
)
# "Lee will ...", "Lee and Sam will ..." (the first named owns it), "Lee: ...".
OWNED = re.compile(
    rf"^(?:@)?(?P<owner>{NAME})(?:\s*(?:,|and|&|\+)\s*@?{NAME})*(?:\s+|\s*(?=[:\-–—'’]))"
    r"(?:(?:also|then|still|now|again|already|probably)\s+(?=will|to\b|should|can|is\b))?"
    rf"(?P<verb>{OWNER_VERB})\s+"
    r"(?P<rest>.+)$"
)
ASSIGNED_FIRST = re.compile(
    rf"^(?:assigned\s+to|owner|for)\s*[:\s]\s*@?(?P<owner>{NAME})\s*[:\-–—]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
AT = re.compile(r"@(?P<owner>[A-Za-z][\w.-]*)")
ASSIGNED = re.compile(
    rf"(?P<rest>.+?)[\s,(]+(?i:owner|assigned to|assignee|responsible|dri|who|->|→)[:\s]+"
    rf"(?P<owner>{NAME})\)?\.?$"
)
OWNERLESS = re.compile(
    r"^(?:we\s+(?:still\s+)?(?:need|have|must|should)(?:\s+to)?|we'll need(?:\s+to)?|"
    r"i(?:'ll|’ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to)|"
    r"still\s+need(?:\s+to)?|need(?:s)?\s+to|(?:action(?:\s+item)?|todo|to\s*do|follow[- ]up|"
    r"next\s+step)s?\s*[:-]|someone\s+(?:needs\s+to|should|must|has\s+to)|"
    r"(?:it\s+)?(?:would|'d)\s+be\s+good\s+to|let's|lets)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
CUE = re.compile(
    r"\b(?:will|'ll|’ll|going to|needs?|should|must|has to|have to|to ?do|action|follow[- ]?up|"
    r"please|owns?|take[s]? care|assigned|responsible|handles?|look(?:ing)? into|"
    r"investigate|by|due|let's|picks? up|volunteered|agreed|promised)\b",
    re.IGNORECASE,
)
# A clause that starts with one of these is an instruction: work to do, owner or not.
IMPERATIVE = re.compile(
    r"^(?:add|archive|arrange|ask|audit|automate|book|build|bump|call|cancel|check|clean up|"
    r"confirm|contact|create|decide|define|delete|deploy|design|document|draft|email|enable|"
    r"enforce|ensure|export|file|finalise|finalize|find|fix|follow up|gather|get|hire|"
    r"implement|investigate|invite|look into|look at|merge|migrate|move|order|organise|organize|"
    r"pick up|continue|finish|pair|ping|prep|prepare|catch up|work on|wire|bugfix|"
    r"plan|prepare|publish|reach out|refactor|release|remove|rename|renew|replace|reply|"
    r"review|rewrite|rotate|run|schedule|send|set up|share|ship|sign|start|test|track|"
    r"update|upgrade|validate|verify|write|demo|present|chase|sort out|debug|profile|tune|"
    r"triage|backfill|escalate|reconcile|collect|clarify|monitor|pull|put|post|print|hang|"
    r"clean|restock|refill|repair|install|buy|text|phone|brief|train|notify|remind|submit|"
    r"approve|return|swap|label|inspect|recount|count|print|chase up)\b",
    re.IGNORECASE,
)
MARKER = re.compile(
    r"^#?(?:actions?(?:\s+items?|\s+agreed|\s+required(?:\s*\([^)]{0,30}\))?)?|agreed actions|todo|"
    r"to\s*do|ai|follow[- ]ups?|next\s+steps?)(?:\s*[:-]\s*|(?<=#action)\s+)",
    re.I,
)
# "finished X yesterday, today she'll add Y": the work to do is the part after the cue.
LATER = re.compile(
    r"[,;]\s*(?:(?:today|next|now|then|tomorrow)\s*,?\s*)?(?:she|he|they|I|we)?\s*"
    r"(?:'ll|’ll|will|is going to|are going to)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# "-", "1.", "2)", "(3)", "a)", "(b)", "iv)", "c." (a lower-case letter only: "A. Smith" is a name).
BULLET = re.compile(
    r"^\s*(?:(?:[-*•·↳]|\(?\d+[.)](?=\s)|\(?(?:[a-zA-Z]|[ivx]{2,4})\)(?=\s)|[a-z]\.(?=\s)|"
    r"\[[ xX]?\])\s*)+"
)
HEADER = re.compile(
    r"^(?:attendees|present|date|agenda|notes|meeting notes|minutes|action items|actions|"
    r"decisions|next steps)\b[^:]*:\s*$|^(?:attendees|present|date)\s*:|"
    r"^[\w -]{0,30}\b(?:notes|minutes|stand-?up|retro|sync|agenda|action items|actions|"
    r"next steps|decisions|to-?dos?)$",
    re.IGNORECASE,
)
# What an owner verb says about the work, when the rest of the clause does not.
VERB_TITLE = {
    "is looking into": "Look into",
    "will look into": "Look into",
    "is fixing": "Fix",
    "is writing": "Write",
}
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z@])|\s*;\s*|\n+")
# ", Ana needs to ...", "and Ben will ...": a new owner starts a new clause.
NEXT_OWNER = re.compile(rf"(?:,|;)\s*(?:and\s+)?(?=@?(?P<owner>{NAME})\s*(?:{OWNER_VERB})\s)")
# "From today's standup: ...": a label before the notes themselves (not "Lee: ...",
# not "Assigned to Lee: ...").
LABEL = re.compile(
    r"^(?!(?:assigned|owner|action|todo|next\s+steps?)\b)"
    r"[A-Za-z][\w'’ -]{0,30}\s[\w'’-]+:\s+(?=\S)",
    re.IGNORECASE,
)

# -- the shape of a note (read by nodes.pm.notes.layout) --
# Labels before a colon that are not people speaking.
LABEL_WORDS = {
    "skipped", "yday", "yest", "ytd", "tmrw", "description", "locked", "confirmed", "pending",
    "parked", "agreed", "decided", "issues", "misc", "other", "reminders", "logistics", "staffing",
    "root cause", "decision", "decisions",
    "summary", "timeline", "blocker", "blockers",
    "yesterday", "today", "tomorrow", "next", "action", "actions", "todo", "note", "notes",
    "date", "present", "attendees", "severity", "tl;dr", "tldr", "general", "reminder",
    "fyi", "question", "update", "updates", "status", "impact", "agenda", "aob", "subject",
    "re", "ic", "scribe", "duration", "owner", "due", "what", "who", "why", "when", "how",
    "result", "outcome", "context", "problem", "fix", "cause", "detection", "resolution",
    "follow-up", "follow-ups", "followups", "next steps", "ps", "p.s", "edit", "done", "wip",
    "eta", "goal", "goals", "risk", "risks", "hi", "hello", "hey", "thanks", "cheers",
    "best", "regards", "link", "links", "customer", "customers", "q", "a", "from", "to",
    "cc", "sent", "recap", "background", "ask", "asks", "idea", "ideas", "nb", "warning",
    "important", "heads up", "kudos", "shoutout", "shoutouts", "blocked", "plan", "plans",
    "assigned to", "assigned", "owners", "priority", "env", "environment", "version",
    "release", "time", "location", "where", "facilitator", "chair", "host", "minutes",
    "mitigation", "trigger", "symptoms", "lessons learned", "what went well", "ai",
    "participants", "overall", "invited", "guests", "absent", "apologies", "attendance",
    "y", "t", "b", "y/t", "doing", "did", "impediment", "impediments", "wins",
    "learned", "liked", "lacked", "longed", "mad", "sad", "glad", "start", "stop", "continue",
}  # fmt: skip
_PERSON = (
    r"@?[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}|@[\w.-]+|(?:Speaker|Participant|Guest) \d{1,2}"
)
SPEAKER_COLON = re.compile(
    rf"^(?:\[?\d{{1,2}}:\d{{2}}(?::\d{{2}})?\]?\s*)?(?P<name>{_PERSON})(?:\s*\([^)]{{1,20}}\))?"
    r"(?:\s+again)?\s*:\s+"  # "Ana again: ...", a second turn in a written summary
    r"(?P<rest>.+)$"
)
# "[10:02] alex: ...", "00:01:05 Anja Novak: ...": a time stamp, then any name.
# WhatsApp: "[14/05/2024, 16:02] Mr Okonkwo: ...", "14/05/2024, 16:02 - Mr Okonkwo: ...".
SPEAKER_STAMPED = re.compile(
    r"^[\[(]?(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4},?\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[APap][Mm])?[\])]?"
    r"\s*(?:-\s+)?(?P<name>[^\W\d][\w.'’-]*(?:\s[^\W\d][\w.'’-]*){0,2})"
    r"\s*:\s+(?P<rest>.+)$"
)
SPEAKER_DASH = re.compile(
    r"^(?P<name>@?[A-Za-z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?)(?:\s*\([^)]{1,20}\))?(?:\s+again)?"
    r"\s+[-–—]\s+"
    r"(?P<rest>.+)$"
)
IRC = re.compile(r"^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*)?<(?P<name>[^>\s]+)>\s*(?P<rest>.*)$")
# A chat export's header over each message: "Dana Whitfield  10:14", "Kowalczyk, Anna   3:14",
# "zeph — Today at 19:02", "Speaker 1  0:00".
CHAT_HEADER = re.compile(
    r"^\[?(?P<name>[A-Za-z][\w.'’-]*(?:,?\s[A-Za-z0-9][\w.'’-]*){0,2})(?:\s*\([a-z/]{2,12}\))?"
    r"(?:\]\s+|\s{2,}|\s+[—–-]\s+)"
    r"(?:(?:today|yesterday)\s+at\s+)?\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[APap][Mm])?\]?\s*$",
    re.I,
)
REACTIONS = re.compile(r"^(?::[\w+-]+:\s*\d*\s*)+$")
NAME_LINE = re.compile(r"(?:@?[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}|@[\w.-]+):?")
STANDUP = re.compile(r"\b(?:stand-?up|daily|scrum|check-?in|huddle)\b", re.I)
TENSE_LABEL = re.compile(
    r"^[*_]*(?:(?P<label>yesterday|today|what did you (?:do|complete|get done|work on)"
    r"(?: yesterday| since (?:the )?last update)?\??|what will you (?:do|work on)(?: today)?\??|"
    r"what i did|what i'?ll do|what i will do|anything blocking(?: you| your progress)?\??|"
    r"done|doing|blocked|blockers?)[*_]*\s*[:\-–—]?|"
    r"(?P<short>y/t|y|t|b|yday|yest|ytd|tmrw|tomorrow|blockers?|did|next|plan|last week|next week|"
    r"this week|impediments?)[*_]*\s*[:\-–—]|(?P<emoji>✅|✔️?|☑️?|🔜|⏭️?|🔄|🚧|⛔))[*_]*\s*",
    re.I,
)
AUTHOR = re.compile(
    r"\(notes?:\s*(?P<name>[A-Z][\w'’-]*)\)|\bnotes?\s+(?:by|taken by)\s+(?P<name2>[A-Z][\w'’-]*)|"
    r"taken by me,\s*(?P<name3>[A-Z][\w'’-]*)|"
    r"\bscribe:\s*(?P<name4>[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?)",
    re.I,
)
SIGN_OFF = re.compile(
    r"^(?:best|cheers|thanks|thank you|regards|best regards|kind regards|br|thx|many thanks|"
    r"talk soon|ta|best wishes|warm regards|warmest regards|all the best|with thanks|sincerely|"
    r"yours sincerely|thanks again|thanks all|speak soon|warmly|thanks so much|cheers all|"
    r"thank you(?: all| everyone| team)?(?: and [\w ]{1,25})?|take care|"
    # the same in the languages teams also write in
    r"a presto|(?:cordiali )?saluti|grazie(?: mille)?|un saludo|saludos|gracias|abraços|abs|"
    r"obrigad[oa]|(?:viele |liebe |beste )?grüße|mit freundlichen grüßen|lg|mfg|cordialement|"
    r"bien à vous|merci|groetjes|met vriendelijke groet(?:en)?|hälsningar|mvh|pozdrawiam|"
    r"pozdrav|s pozdravem)[,!.]*$",
    re.I,
)
WORK_HEADING = re.compile(
    r"\b(?:actions?|follow[- ]?ups?|next steps?|to-?dos?|we will|we'll|tasks|owners|commitments|"
    r"in progress|doing|in review|wip|"
    r"assignments|ais|experiments?|action points|agreed actions)\b",
    re.I,
)
CONTEXT_HEADING = re.compile(
    r"\b(?:went well|didn.?t|did not|could be better|go well|badly|timeline|root cause|"
    r"summary|contributing|impact|ideas|decisions?|kudos|shout-?outs?|background|"
    r"what happened|tl;?dr|attendees|agenda|detection|lessons|present|wins?|"
    r"good|bad|puzzles|learned|appreciations?|start|stop|continue|keep doing|mad|sad|glad|"
    r"problems?|to improve|improve|liked|lacked|longed|votes|done|completed|shipped|closed|"
    r"decided|key moments|events|chronology|sequence of events)\b",
    re.I,
)
HEADING_WORDS = re.compile(
    r"(?:action items?|actions|follow[- ]?ups?|next steps|to-?dos?|timeline(?: \(utc\))?|"
    r"summary|root cause|contributing factors|impact|decisions|kudos|agenda|attendees|"
    r"what went well|what didn.?t go well|lessons learned|resolution|detection|start|stop|"
    r"continue|keep doing|mad|sad|glad|liked|lacked|learned|longed for|went well|"
    r"to improve|what could be better|could be better|ideas|problems|experiments|done|"
    r"in progress|in review|todo|doing|completed|learning|learnings|actions agreed|agreed actions)"
)
