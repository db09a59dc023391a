"""Ticket titles from a note's own words: fillers off, "it" made the thing it stands for."""

from __future__ import annotations

import re

from nodes.pm.notes.patterns import IMPERATIVE
from nodes.pm.notes.rules import tidy_title

_STOP = {
    "a", "an", "the", "to", "for", "of", "on", "in", "and", "or", "with", "our", "their",
    "from", "at", "by", "it", "is", "be", "that", "this", "if", "we", "can", "them", "i",
    "will", "up", "into", "so", "also", "then", "us", "me", "my", "its",
}  # fmt: skip
_EMPTY = {
    "only", "thing", "left", "problem", "issue", "remaining", "last", "main", "one", "what's",
    "next", "up", "first", "item", "topic", "point", "high", "low", "other", "big", "second",
}  # fmt: skip
# "Why is the onboarding email so long?": what the question is about.
_ASKED_ABOUT = re.compile(
    r"^(?:why|how come|is|are|does|do|did|should|can)\s+"
    r"(?:is\s+|are\s+|does\s+|do\s+|did\s+|we\s+)?"
    r"(?P<s>(?:the|our|this|that|a|an)\s[^?,]+?)(?:\s+(?:so|too|still|by the way|really)\b|\?|$)"
    r"|.*?\b(?:whether|if)\s+(?P<w>(?:the|our)\s[\w -]+?)\s+(?:wants?|needs?|is|are|will|can|has)\b"
    r"|^who\s+(?:owns|is on|knows|runs|maintains)\s+(?P<o>(?:the|our)\s[^?]+?)"
    r"(?:\s+now|\s+since|\?|$)",
    re.I,
)
_REPORTED = re.compile(
    r"^(?:(?:[A-Z]\.\s?)?[A-Z]\S*(?:\s[A-Z]\S*)?|[Ii]t was(?: also)?)\s+(?:mentioned|said|noted|"
    r"reported|explained|thinks|pointed out|says|added|warned|confirmed)\s+(?:that\s+)?"
)
_LEADING = (
    r"^(?:(?:also|and|but|so|ok|okay|then|yeah|yes|yep|no|nope|well|oh|right|great|cool|nice|"
    r"perfect|first|next|[\w ]{0,20}:),?\s+)+"
)
_SOMEONE_DOES = re.compile(
    r"\b(?:someone|somebody|anyone)\s+(?:needs to|should|must|has to|to)\s+\w+\s+"
    r"(?P<o>(?:the|our|a|an)\s[^,.;?]{3,60})",
    re.I,
)
_SMALL_TALK = {
    "yes", "yeah", "yep", "ok", "okay", "sure", "fine", "me", "by", "thanks", "right", "great",
    "cool", "perfect", "no", "problem", "ha", "haha", "lol", "mm", "hmm", "um", "good",
}  # fmt: skip
_TIME = {"today", "tomorrow", "tonight", "tmrw", "week", "this", "next", "morning", "eod", "now"}
_FILLER = re.compile(
    r"^(?:yep|yes|sure|ok|okay|and|also|so|then|today|tomorrow|now|next|this week|"
    r"in the meantime|meanwhile|oh|btw|honestly|after that|later|"
    r"it was (?:also )?(?:mentioned|noted|said|raised|pointed out) that|"
    r"(?:he|she|they)(?:\s+will|'ll|’ll|\s+would|\s+(?:volunteered|offered|agreed|promised)\s+to)|"
    r"i said i(?:'?d|’d| would|'?ll|’ll| will)|"  # "I said I'd write the policy"
    r"can(?= (?:take|do|pick up|handle|own|cover|grab)\b)|"  # a speaker's "can take the batch"
    r"i'?m|im|i am|i'?ll|i’ll|i will|i can|i could|i shall|we will|we'?ll|we need to|we need|"
    r"we still need to|we still need|we should|we must|will|going to|gonna|can you|"
    r"could you|would you|can u|could u|please|pls|plz|still|can someone|could someone|"
    r"can anyone|"
    r"(?:someone|somebody|anyone|anybody) (?:still )?(?:needs to|should|must|has to)|"
    r"needs? to|let'?s|to|be|doing|on|"
    r"working on|hoping to|planning to|aiming to|trying to|"
    r"(?:will )?be the one to)(?=[\s,:]|$)[,:\s]*",
    re.I,
)
_CONDITION = re.compile(r",?\s+(?:and\s+)?if\s+(?:it|this|that|they)\b.*$|,?\s+once\s+.*$", re.I)
_COPULA = re.compile(
    r"\s(?:is|are|was|were|has|have|had|still|needs?|should|must|seems?|looks?|keeps?|expires?|"
    r"expired|broke|died|fails?|failed|crashed|shows?|returns?|stopped|started|arrived|came|"
    r"went|got|jumped|rose|dropped|fell|increased|decreased|spiked|doubled)\b"
)
# What may follow "fix it": the end, a preposition, a time; not "send them screenshots".
_AFTER_OBJECT = re.compile(
    r"\s*$|\s*[,.;?!]|\s+(?:on|in|to|for|with|up|out|by|before|after|when|once|at|into|over|"
    r"today|tomorrow|this|next|asap|first|again|too|as well|together|properly|tonight|later|"
    r"myself|yourself|himself|herself|ourselves|themselves|"
    r"soon|once)\b",
    re.I,
)
_LOOSE_PRONOUN = re.compile(
    r"\b(?:it|them|those|these|that)\b(?=\s*(?:$|[,.;]|\s(?:on|in|to|for|with|up|out|by|before|after|"
    r"when|once|today|tomorrow|though|too|again|later|first|asap)\b))"
)
# "do the French ones", "order a new one": an adjective standing in for a thing just named.
_ONES = re.compile(
    r"\b(?:a|an|the|another)\s+(?:(?!no\b|every\b|each\b|which\b|only\b)[a-z]+\s+)?"
    r"(?P<one>ones?)\b(?![-'’]|\s+(?:of|who|that|which|where|we|you|i)\b)",
    re.I,
)
# The thing a topic names: "the cookie consent texts from legal" -> "cookie consent texts".
_NAMED_THING = re.compile(
    r"(?i:the|our|your|their|this|these|those|that)\s+"
    r"(?P<thing>[a-z][\w-]*(?:\s+(?!(?i:from|into|to|for|on|in|at|with|by|of|before|after|"
    r"and|or|up|down|out|off|back|over|is|are|was|were|has|have|still|needs?|should)\b)"
    r"[a-z][\w-]*){0,3})\s*(?:$|[\s,(])"
)
_OBJECT_PRONOUN = re.compile(
    r"^(?P<verb>[a-z]+(?:\s+(?:up|on|into|at|with|over))?)\s+"
    r"(?P<p>it|them|those|these|that one|this one|that|this)\b",
    re.I,
)


def content_words(text: str) -> set[str]:
    """The words of ``text`` that say what the work is."""
    found = re.findall(r"[a-z0-9][a-z0-9.'/_-]*[a-z0-9]|[a-z0-9]", text.lower())
    return {w for w in found if w not in _STOP}


def title_of(text: str) -> str:
    """A ticket title from a clause: leading fillers and trailing conditions removed."""
    text = re.sub(r"^[^\w@#(\[]+", "", text).strip(" \t,;:-—–")
    for _ in range(6):
        shorter = _FILLER.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"\s*\(\s*\)", "", _CONDITION.sub("", text))
    text = re.sub(
        r"[,\s]+(?:then|though|anyway|btw|too|as well|but only|but)[.!?]*$", "", text, flags=re.I
    )
    return tidy_title(text.rstrip("?! "))


def resolve_pronoun(text: str, topic: str | None) -> str:
    """Say "fix it" as "fix the storybook build" when the note was just talking about it."""
    if not topic:
        return text
    thing = _NAMED_THING.match(topic)
    if (one := _ONES.search(text)) and thing and thing.group("thing").lower() != "one":
        # Named beside it, not for it: "the French ones" are other texts, not the same ones.
        return f"{text[: one.end('one')]} ({thing.group('thing')}){text[one.end('one') :]}"
    bare = re.sub(
        r"^(?:(?:i|he|she|they)(?:'ll|’ll| will| can)|will|please|to)\s+",
        "",
        text.strip(),
        flags=re.I,
    )
    if (match := _OBJECT_PRONOUN.match(bare)) and _AFTER_OBJECT.match(bare[match.end() :]):
        return f"{match.group('verb')} {topic}{bare[match.end() :]}"
    short = len(content_words(text) - _TIME) <= 3
    if short and (match := _LOOSE_PRONOUN.search(text)) and "," not in text[: match.start()]:
        return f"{text[: match.start()]}{topic}{text[match.end() :]}"
    return text


def about(text: str, previous: str) -> str:
    """Say "make that happen" with what "that" was: the clause before, in brackets."""
    said = content_words(text) - _TIME
    if len(said) > 3 or not content_words(previous) - _SMALL_TALK:
        return text  # said in full, or only "Fine by me" / "Okay" before it
    vague = re.search(
        r"\b(?i:it|them|that|this|those|these|the \w+ ones?)\b|^(?i:same|ditto)\b", text
    )
    bare = len(content_words(text) - _TIME) <= 1  # "finish", "go out"
    if not bare and (not vague or "," in text[: vague.start()]):  # "Face paints, order them"
        return text  # "make that happen", "look at it Monday", "do the French ones"
    return f"{text} ({tidy_title(previous.rstrip('.?!'))})"[:200]


def topic_of_title(title: str) -> str:
    """What an item is about: its title without the leading verb, up to a comma."""
    words = title.split(",")[0].split()
    if len(words) > 2 and IMPERATIVE.match(title):
        words = words[1:]
    topic = " ".join(words)
    return re.sub(r"\s+(?:this|next)\s+(?:week|sprint|month)$|\s+(?:today|tomorrow)$", "", topic)


def subject_of(text: str) -> str | None:
    """What a clause is about: the words before its verb ("the storybook build")."""
    text = re.sub(_LEADING, "", text.strip(), flags=re.I)
    text = _REPORTED.sub("", text)  # "Noor mentioned the vendor is late": the vendor
    if asked := _ASKED_ABOUT.match(text):
        return asked.group("s") or asked.group("w") or asked.group("o")
    match = _COPULA.search(text)
    if match is None and re.fullmatch(r"(?i:the|our|a|an)\s[\w /-]{3,60}[.?]?", text):
        return text.rstrip(".?")  # "the supplier audit for the Porto plant."
    if match is None:  # "Marco raised the flaky checkout test again": its object
        raised = re.match(
            r"^(?:[A-Z]\.\s?)?[A-Z]\S+\s+[a-z]+ed\s+(?P<o>(?:the|a|an|our)\s.+?)(?:\s+again)?[.!]?$",
            text,
        )
        return raised.group("o") if raised else None
    if asked := _SOMEONE_DOES.search(text):  # "so someone needs to take the rest of X": X
        return asked.group("o")
    subject = text[: match.start()].split(" that ")[-1].split(", ")[-1].strip(" ,")
    subject = re.sub(r"^(?:i (?:see|think|noticed|guess)(?: that)?)\s+", "", subject, flags=re.I)
    words = subject.split()
    if words and not content_words(subject) - _EMPTY:  # "the only thing left is X": X
        rest = re.split(r",|\s(?:but|and|so)\s", text[match.end() :])[0].strip(" .")
        return rest if 1 <= len(rest.split()) <= 7 else None
    lead = words[0].lower() if words else ""
    if len(words) <= 2 and re.fullmatch(r"(?:[A-Z][a-z]+\s?){1,2}", subject):
        return None  # "Devon has the files": a person, not what "it" stands for
    if lead in ("that's", "this", "that", "there", "it's", "there's", "what", "nobody", "everyone"):
        return None
    if not 1 <= len(words) <= 7 or lead in ("i", "we", "he", "she", "they", "it", "somebody"):
        return None
    return subject
