"""Snippets written as files, for the analyzers that read files rather than stdin.

semgrep and ESLint each read every snippet of a request in one run: each snippet is
written to a temporary folder under a name whose extension picks the parser, and the
analyzer's report is mapped back to snippet numbers by file name.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nodes.code_review.snippets import Snippet

# The extension a snippet is written with: the analyzers pick their parser by it.
# JavaScript is written as TypeScript, which reads both (snippets say "js" for either),
# and as TSX when it holds JSX (a React component), which plain TypeScript cannot parse.
EXTENSIONS = {"python": "py", "javascript": "ts", "go": "go", "sql": "sql", "java": "java"}
_JSX = re.compile(r"</[A-Za-z]|/>")


def file_extension(snippet: Snippet) -> str:
    """The extension a parser reads ``snippet`` by: ``tsx`` for JavaScript with JSX."""
    extension = EXTENSIONS[snippet.language]
    return "tsx" if extension == "ts" and _JSX.search(snippet.code) else extension


@contextmanager
def written(
    snippets: list[tuple[int, Snippet]], prefix: str
) -> Iterator[tuple[str, dict[str, int]]]:
    """A temporary folder holding each (number, snippet) as a file, and file name -> number.

    The folder and its files are gone when the block ends.
    """
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        numbers: dict[str, int] = {}
        for number, snippet in snippets:
            name = f"snippet{number}.{file_extension(snippet)}"
            Path(folder, name).write_text(snippet.code, encoding="utf-8")
            numbers[name] = number
        yield folder, numbers
