"""Turn a file into text (or say why not) and the text into chunks, by kind of file."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from langchain_text_splitters import Language, RecursiveCharacterTextSplitter

CHUNK_CHARS = 1000
CHUNK_OVERLAP = 100
SNIFF_BYTES = 8192

# Code splits on its own boundaries (classes, functions), prose on headings/paragraphs.
LANGUAGES = {
    ".py": Language.PYTHON, ".js": Language.JS, ".jsx": Language.JS, ".ts": Language.TS,
    ".tsx": Language.TS, ".go": Language.GO, ".rs": Language.RUST, ".java": Language.JAVA,
    ".kt": Language.KOTLIN, ".scala": Language.SCALA, ".c": Language.C, ".h": Language.C,
    ".cc": Language.CPP, ".cpp": Language.CPP, ".hpp": Language.CPP, ".cs": Language.CSHARP,
    ".rb": Language.RUBY, ".php": Language.PHP, ".swift": Language.SWIFT,
    ".lua": Language.LUA, ".md": Language.MARKDOWN, ".markdown": Language.MARKDOWN,
    ".rst": Language.RST, ".tex": Language.LATEX, ".sol": Language.SOL,
}  # fmt: skip
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class NotText(Exception):
    """The file cannot be ingested as text; the message says why."""


def read_text(path: Path) -> str:
    """The file's text (HTML reduced to its visible text).

    Raises:
        NotText: binary, not UTF-8, or unreadable.

    """
    try:
        data = path.read_bytes()
    except PermissionError:
        raise NotText("unreadable: permission denied") from None
    except OSError as exc:
        raise NotText(f"unreadable: {exc.strerror}") from None
    if b"\0" in data[:SNIFF_BYTES]:
        raise NotText("binary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotText("binary file (not UTF-8 text)") from None
    return html_text(text) if path.suffix.lower() in HTML_SUFFIXES else text


def splitter_for(suffix: str) -> RecursiveCharacterTextSplitter:
    """The splitter for a file kind: language-aware for code and markup, plain otherwise."""
    language = LANGUAGES.get(suffix.lower())
    if language is None:
        return RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP)
    return RecursiveCharacterTextSplitter.from_language(
        language, chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP
    )


def chunk_text(text: str, suffix: str) -> list[str]:
    """Non-empty chunks of ``text`` for a file with ``suffix``."""
    return [c for c in splitter_for(suffix).split_text(text) if c.strip()]


class _TextOnly(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML document."""
    parser = _TextOnly()
    parser.feed(html)
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
