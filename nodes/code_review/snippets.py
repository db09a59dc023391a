"""The code a review request carries, and the language it is in.

Fenced blocks (```python ...```) say their language; unfenced code is what follows the
request's first line that looks like code. The language is the fence's, or guessed from
keywords each language has and the others do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CODE_CHARS = 200_000  # more is not a snippet; the analyzers read only this much
_FENCE = re.compile(r"```[ \t]*([\w+#-]*)[^\n]*\n(.*?)```", re.DOTALL)
# A line that starts code, not prose that starts with the same word ("Let me check",
# "Update the docs", "Import the data", "Private beta is live").
_CODE_LINE = re.compile(
    r"^\s*(def \w|class \w+\s*[(:{]|import\s+[\w.]+(?:\s*,\s*[\w.]+)*(?:\s+as\s+\w+)?\s*;?\s*$|"
    r"import\s+(?:\{|\*|\w+\s+from\b|\w+\s*,|\"|')|from \S+ import |async def |"
    r"@[\w.]+(?:\(.*\))?\s*\n\s*(?:@|def |class |async def )|func |"
    r"package [\w.]+;?\s*$|(?:const|let|var) [\w{\[]+\s*[=:;,]|"
    r"function\s*\w*\s*\(|export (?:default|const|function|class|async|\{)|module\.exports|"
    r"SELECT\s.+\bFROM\b|SELECT\s*$|SELECT\s+(?:DISTINCT\s+)?[\w.*\"]+\s*(?:,|AS\b|FROM\b|$)|"
    r"INSERT\s+INTO\b|UPDATE\s+[\w.\"]+\s+SET\b|GRANT\s+\w+(?:\s*,\s*\w+)*\s+ON\b|"
    r"DELETE\s+FROM\b|CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|INDEX|VIEW|FUNCTION|UNIQUE|ROLE|"
    r"USER|SCHEMA|TYPE|EXTENSION|TRIGGER|PROCEDURE|SEQUENCE|DATABASE|MATERIALIZED)\b|"
    r"ALTER\s+TABLE\b|WITH\s+\w+\s+AS\s*\(|if \(|for \(|return\b(?:[^\n]*;|\s*\S*)\s*$|#include|"
    r"(?:public|private|protected)\s+(?:[\w<>\[\],]+\s+){0,3}\w+\s*\(|"
    r"(?:public|private|protected)\s+(?:(?:abstract|final|static)\s+)*(?:class|interface|enum|record)\s+\w)",
    re.IGNORECASE | re.MULTILINE,
)
# "... review this code: def add(a, b): ..." -- code on the same line as the request.
_INLINE = re.compile(
    r"\b(?:code|snippet|function|query)\s*:\s*(?=def |class |function |func |SELECT |UPDATE )",
    re.IGNORECASE,
)
_CODE_CHARS = re.compile(r"[(){}\[\];=<>`\"#]|^\s*(?://|--|/\*|\*)")
_TRAILING_ASK = re.compile(
    r"\?\s*$|\b(?:thanks|thx|pls|please|lgtm|thoughts|any issues|anything wrong|ideas)\b", re.I
)
_ALIASES = {
    "py": "python", "python3": "python", "js": "javascript", "node": "javascript",
    "ts": "javascript", "typescript": "javascript", "golang": "go", "postgresql": "sql",
    "postgres": "sql", "mysql": "sql", "sqlite": "sql", "plpgsql": "sql",
}  # fmt: skip
_GUESSES = (
    (
        "java",
        re.compile(
            r"^import java\.|^package [\w.]+;|@Override\b|\bSystem\.out\.|"
            r"^\s*(public|private|protected)\s+(static\s+)?(final\s+)?[\w<>\[\], ?]+\s+\w+\s*\(",
            re.MULTILINE,
        ),
    ),
    ("go", re.compile(r"^package \w+\s*$|\bfunc \w*\(|:= |\bif err != nil", re.MULTILINE)),
    ("python", re.compile(r"^\s*(def |class \w+.*:|import \w|from \S+ import)|:\s*$", re.M)),
    (
        "javascript",
        re.compile(r"\bfunction\b|=>|\bconst \w+ =|\blet \w+|require\(|\bawait\b.*;", re.M),
    ),
    ("sql", re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|WITH)\b", re.I | re.M)),
)


@dataclass(frozen=True)
class Snippet:
    """One piece of code and its language ("" when it cannot be told).

    The language is kept by its canonical name whatever it was given as ("ts",
    "TypeScript" and "node" are all ``javascript``): the analyzers know only those.
    """

    code: str
    language: str

    def __post_init__(self) -> None:
        tag = self.language.lower()
        object.__setattr__(self, "language", _ALIASES.get(tag, tag))


def snippets(text: str) -> list[Snippet]:
    """The code blocks in ``text``: fenced ones, or the unfenced code after the prose."""
    fenced = [
        Snippet(code[:MAX_CODE_CHARS], _language(tag, code)) for tag, code in _FENCE.findall(text)
    ]
    if fenced:
        return [s for s in fenced if s.code.strip()]
    inline = _INLINE.search(text)
    start = _CODE_LINE.search(text)
    if inline is not None and (start is None or inline.end() < start.start()):
        code = text[inline.end() :][:MAX_CODE_CHARS]
    elif start is not None:
        code = text[text.rfind("\n", 0, start.start()) + 1 :][:MAX_CODE_CHARS]
    else:
        return []
    code = _without_trailing_ask(code)
    return [Snippet(code, _language("", code))]


def without_code(text: str) -> str:
    """``text`` without the code it carries: what the person wrote around it."""
    for snippet in snippets(text):
        text = text.replace(snippet.code, " ")
    return text


def _without_trailing_ask(code: str) -> str:
    """Unfenced code without the question typed after it ("any issues with the above?").

    Only prose lines are cut: no code punctuation, and a question mark or an asking word.
    """
    lines = code.rstrip().split("\n")
    while len(lines) > 1 and (
        not lines[-1].strip()
        or (not _CODE_CHARS.search(lines[-1]) and _TRAILING_ASK.search(lines[-1]))
    ):
        lines.pop()
    return "\n".join(lines) + "\n"


def _language(tag: str, code: str) -> str:
    tag = tag.lower()
    if tag:
        return _ALIASES.get(tag, tag)
    for language, pattern in _GUESSES:
        if pattern.search(code):
            return language
    return ""
