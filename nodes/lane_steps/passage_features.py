"""What a candidate passage shows about answering a question: the ranker's inputs.

Each feature is cheap and says one thing; :mod:`nodes.lane_steps.extractive` weighs them
with weights fitted on real manuals (``prompts/data/passage_weights.json``).

- ``cover``: the question's content words the passage holds, each weighted by how rare it
  is among the candidates (a word every passage has says nothing).
- ``cosine``: MiniLM similarity of the passage to the question.
- ``kind``: the passage holds the kind of thing the question asks for: an option for
  "which option / how do I", a number for "which version / exit status", an upper-case
  variable for "which variable", a path for "which file", a CamelCase keyword for
  "which setting".
- ``length``: longer passages hold more, and say less precisely where.
- ``cover_x_cosine``: both at once.
- ``chunk_cosine``: how similar the whole chunk was to the question at retrieval.
- ``lead_cover``: the question's words in the passage's first words (a man page's option
  line, a list item's term), weighted as in ``cover``: a definition names its subject first.
- ``heading_cover``: the question's words in the chunk's heading path (``§ xargs.txt >
  EXIT STATUS``), weighted as in ``cover``: where a passage sits says what it is about.
- ``other_document``: the question names the subject of one of the retrieved documents
  (``wget``, from ``wget.txt``) and this passage is from another one (``httpie-docs.md``):
  a question about wget's redirects is not answered by httpie's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from nodes.lane_steps.answer_check import name_words, terms
from stores.sections import HEADING_MARK, PATH_SEPARATOR

NAMES = ("cover", "cosine", "kind", "length", "cover_x_cosine", "chunk_cosine", "heading_cover",
         "lead_cover", "other_document")  # fmt: skip
LEAD_CHARS = 60  # a passage's first words: where a definition names its subject
# Words a question about documents uses for the documents themselves, not for the fact.
ABOUT_DOCS = frozenset(terms("doc docs documentation manual page readme says mentions"))

_ASKS = {
    "option": re.compile(
        r"option|flag|switch|argument|how (do|can|to)|\bway to\b|tell \w+ to|"
        r"make \w+ (only|stop|keep|continue)"
    ),
    "number": re.compile(
        r"version|release|exit (code|status)|status|how many|number|level|code|port|since when"
    ),
    "variable": re.compile(r"variable|\benv\b|environment"),
    "path": re.compile(r"\bfile\b|path|directory|where"),
    "setting": re.compile(r"setting|config|directive|keyword"),
}
_HOLDS = {
    "option": re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*"),
    "number": re.compile(r"\b\d+(\.\d+)*\b"),
    "variable": re.compile(r"\b[A-Z][A-Z0-9_]{2,}\b"),
    "path": re.compile(r"(?<!\w)[~.]?/\w"),
    "setting": re.compile(r"\b[A-Z][a-z]+[A-Z]\w+\b"),
}


def asked_kinds(question: str) -> list[str]:
    """The kinds of answer the question's wording asks for."""
    low = question.lower()
    return [kind for kind, cue in _ASKS.items() if cue.search(low)]


def features(
    question: str,
    texts: Sequence[str],
    cosines: Sequence[float],
    chunk_cosines: Sequence[float],
    headings: Sequence[str],
) -> list[list[float]]:
    """One row of :data:`NAMES` per candidate text, given where each sits."""
    asked = terms(question) - ABOUT_DOCS
    held = [terms(text) & asked for text in texts]
    frequency = Counter(w for words in held for w in words)
    weight = {w: math.log(1 + len(texts) / (1 + frequency[w])) for w in asked}
    total = sum(weight.values()) or 1.0
    kinds = asked_kinds(question)
    subjects = [subject(heading) for heading in headings]
    named = {s for s in subjects if s and _names(question, s)}
    rows = []
    places = zip(texts, held, cosines, chunk_cosines, headings, subjects, strict=True)
    for text, words, cosine, chunk_cosine, heading, about in places:
        cover = sum(weight[w] for w in words) / total
        kind = any(_HOLDS[k].search(text) for k in kinds)
        length = math.log(1 + len(text) / 100)
        placed = sum(weight[w] for w in terms(heading) & asked) / total
        lead = sum(weight[w] for w in terms(text[:LEAD_CHARS]) & asked) / total
        other = bool(named) and about not in named
        rows.append(
            [cover, cosine, float(kind), length, cover * cosine, chunk_cosine, placed, lead,
             float(other)]
        )  # fmt: skip
    return rows


def _names(question: str, word: str) -> bool:
    """Whether ``question`` names ``word`` as a word of its own (``wget``, not ``wgetrc``)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", question.lower()) is not None


def subject(heading: str) -> str:
    """What a chunk's document is about, from its heading line: the file name's first word.

    ``§ curl.txt > OPTIONS`` -> ``curl``, ``§ black-CHANGES.md > 24.3.0`` -> ``black``,
    ``§ ssh_config.txt`` -> ``ssh``; "" for a chunk with no heading line.
    """
    name = heading.removeprefix(HEADING_MARK).split(PATH_SEPARATOR, 1)[0].strip()
    words = name_words(name)
    return words[0] if words else ""
