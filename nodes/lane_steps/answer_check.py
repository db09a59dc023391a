"""Does a source hold the answer, or only the topic? A lexical check on the question.

A page about the Berlin office is retrieved for "What is the dress code at the Berlin
office?", and a small model reads "Berlin office" and answers. The question's *focus*
is what it asks about beyond the page's topic ("dress code"); when no focus term
appears in the sources, they do not state the answer. No threshold to tune: one focus
term present is enough, and a question with no focus left is the model's to judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
# Question words, auxiliaries, pronouns, articles, prepositions and verbs that ask
# rather than name: they carry no fact a source would have to state.
STOPWORDS = frozenset(
    """
    a an the and or of to in on at by for from with about into over under as per via
    what what's whats which who whom whose when where why how is are was were be been
    being do does did done have has had having can could should would will shall may
    might must i we you they he she it its our your their my me us them this that
    these those there here any some all each every no not one much many long often
    get gets got use used uses need needs tell say says said know find give let please
    if then than so too also just only very more most less least else
    """.split()
)
_SUFFIXES = ("ings", "ing", "ers", "er", "ies", "es", "ed", "s")


def stem(word: str) -> str:
    """A crude stem (owns/owned -> own, listens -> listen), cut to 6 letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


def terms(text: str) -> set[str]:
    """The stems of ``text``'s content words."""
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS}


def name_words(source: str) -> list[str]:
    """A file's name as lower-case words, extension and folders left out.

    ``docs/ssh_config.txt`` -> ``["ssh", "config"]``, ``black-CHANGES.md`` ->
    ``["black", "changes"]``: what the file says it is about.
    """
    base = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return [word for word in re.split(r"[-_.\s]+", base.lower()) if word]


def topic_terms(source: str, text: str) -> set[str]:
    """What a source is about: its file name and a leading heading."""
    heading = text.lstrip().splitlines()[0] if text.lstrip().startswith("#") else ""
    return terms(" ".join([*name_words(source), heading]))


def focus_covered(question: str, sources: Iterable[tuple[str, str]]) -> bool:
    """Whether a source on the question's topic mentions what the question asks about.

    Sources about another topic do not count when one about the question's topic is
    there: "week" in the vacation page does not answer the on-call page's question.
    """
    asked = terms(question)
    pool = [(topic_terms(name, text), terms(text)) for name, text in sources]
    on_topic = [(topic, body) for topic, body in pool if topic & asked] or pool
    for topic, body in on_topic:
        focus = asked - topic
        if not focus or focus & body:
            return True
    return False


# A name a question asks about (not :mod:`grounding`'s identifiers, which are read
# strictly from an answer): an option (``--shuffle``), a dotted or underscored
# name (``core.autocrlf``, ``GIT_SSH_COMMAND``, ``5.0.0``), a CamelCase keyword
# (``MaxSessions``) or a long upper-case name. Plain hyphenated words ("non-default")
# and paths (a user's own example) are not: sources need not repeat them.
_ASKED_NAME = re.compile(r"-{0,2}[A-Za-z0-9][A-Za-z0-9_.\-/]*[A-Za-z0-9]")
_NOT_NAMES = frozenset({"e.g", "i.e", "etc", "readme", "changelog", "license"})


def asked_names(question: str) -> list[str]:
    """The names a question asks about that any source answering it must contain."""
    found = []
    for token in _ASKED_NAME.findall(question):
        token = token.rstrip(".")
        if "/" in token or token.lower() in _NOT_NAMES:
            continue
        if (
            token.startswith("-")
            or "_" in token
            or re.search(r"\w\.\w", token)
            or re.search(r"[a-z][A-Z]", token)
            or (token.isupper() and len(token) >= 5)
        ):
            found.append(token.lower())
    return list(dict.fromkeys(found))


def missing_asked_names(question: str, source_text: str) -> list[str]:
    """The question's asked names that ``source_text`` does not contain (any case).

    A question that sets out its context first ("alembic upgrade --sql breaks on my
    migration. What do I need to pass?") asks in its last sentence: only that sentence's
    names must be there, the context's are the user's own (their files, their flags).
    An option is written as a user types it: with its value (``-j8``, ``--jobs=8``) or
    bundled with others (``-tf``); a manual names it bare (``-j``, ``--jobs``, ``-t``).
    """
    held = source_text.lower()
    asking = asking_sentence(question)
    return [name for name in asked_names(asking) if not _held(name, held)]


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")


def asking_sentence(question: str) -> str:
    """The sentence that asks: the last one, after any context the user set out first."""
    return _SENTENCE_END.split(question.strip())[-1]


_OPTION_VALUE = re.compile(r"^(-[a-z])\d+$|^(--[a-z][\w-]*)=.*$", re.IGNORECASE)
_BUNDLE = re.compile(r"^-[a-z]{2,3}$", re.IGNORECASE)


def _held(name: str, held: str) -> bool:
    if name in held:
        return True
    if bare := _OPTION_VALUE.match(name):
        return _option_in(bare.group(1) or bare.group(2), held)
    if _BUNDLE.match(name):  # -tf: every one of its letters is an option of the manual
        return all(_option_in(f"-{letter}", held) for letter in name[1:])
    return False


def _option_in(option: str, held: str) -> bool:
    """Whether ``held`` names ``option`` as an option of its own (``-j``, not ``-json``)."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", held) is not None


# "How many levels deep ...?", "the default maximum number of redirects": the thing
# counted must be in the passage, with a number. A passage about wait times answers
# neither.
_COUNTED = re.compile(
    r"\b(?:how many|(?:what|which) is the (?:default )?(?:maximum |minimum |max |min )?number of)"
    r"\s+(?:\w+\s+)??([a-z]{4,})\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|once|twice)\b",
    re.IGNORECASE,
)
_NOT_COUNTED = frozenset({"times", "ways", "things", "people", "other", "more", "them", "those"})
# "Which option keeps ...?", "what setting ...": only a passage naming an option,
# a setting or a variable (``--force-confold``, ``BatchMode``, ``GZIP``, ``key=value``,
# ``snake_case``, ```code```) can answer it.
_OPTION_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:option|flag|switch|setting|parameter|argument|directive|"
    r"environment variable|env var|variable|keyword)s?\b",
    re.IGNORECASE,
)
_OPTION_HELD = re.compile(
    r"(?:^|[\s(\[,])--?\w|\w=|`[^`\n]+`|\b[A-Z][A-Z0-9_]{2,}\b|\b[A-Z][a-z]+[A-Z]\w*|\b[a-z]+_\w+"
)


def unanswered_shape(question: str, passage: str) -> str | None:
    """What the question's asking sentence wants that ``passage`` cannot be, or None.

    A count ("how many X") needs X and a number in the passage; a question for an
    option, a setting or a variable needs a passage that names one.
    """
    asking = asking_sentence(question)
    held = passage.lower()
    if (counted := _COUNTED.search(asking)) and counted.group(1).lower() not in _NOT_COUNTED:
        thing = counted.group(1).lower()
        if not _near_word(thing, held) or not _NUMBER.search(passage):
            return f"asks how many {thing}; the passage does not count them"
    if _OPTION_ASKED.search(asking) and not _OPTION_HELD.search(passage):
        return "asks for an option or setting; the passage names none"
    return None


def _near_word(word: str, held: str) -> bool:
    """Whether ``held`` has ``word``, its stem, or a word one typo away ("comands")."""
    if stem(word)[:5] in held:
        return True
    return any(
        SequenceMatcher(None, word, other).ratio() >= 0.85
        for other in set(_WORD.findall(held))
        if abs(len(other) - len(word)) <= 2
    )
