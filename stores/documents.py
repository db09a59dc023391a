"""Turn a file into text (or say why not) and the text into chunks, by kind of file.

A chunk never spans two sections and starts with one heading line naming the file and
the section (``stores.sections.heading_line``). In prose, code blocks and tables stay
whole in one chunk unless a single block is longer than ``MAX_BLOCK_CHARS``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from langchain_text_splitters import Language, RecursiveCharacterTextSplitter

from stores.blocks import segments, split_block
from stores.sections import heading_line, sections

# Names how text is cut into chunks; stored with each file's hash, so that files indexed
# by an earlier way of chunking are chunked again on the next ingest, not kept as they were.
CHUNKING = "sections-1"
CHUNK_CHARS = 1000  # of a chunk's text, not counting its heading line
CHUNK_OVERLAP = 100
MAX_BLOCK_CHARS = 4000  # a longer code block or table is cut at line boundaries
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
PROSE_LANGUAGES = {Language.MARKDOWN, Language.RST, Language.LATEX}
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


def chunk_text(text: str, suffix: str, title: str = "") -> list[str]:
    """Non-empty chunks of ``text`` for a file with ``suffix``, section by section.

    Each chunk starts with the heading line for ``title`` (the file's name) and its
    section's path, e.g. ``§ curl.txt > OPTIONS``; there is none when both are empty.
    """
    splitter = splitter_for(suffix)
    language = LANGUAGES.get(suffix.lower())
    keep_blocks = language is None or language in PROSE_LANGUAGES  # code splits as code
    chunks = []
    for section in sections(text, suffix):
        head = heading_line(title, section.path)
        for body in _section_chunks(section.body, splitter, keep_blocks):
            chunks.append(f"{head}\n{body}" if head else body)
    return chunks


def _section_chunks(
    body: str, splitter: RecursiveCharacterTextSplitter, keep_blocks: bool
) -> list[str]:
    """One section's chunks: its prose split, its blocks whole, neighbours packed."""
    if not keep_blocks:
        return [c for c in splitter.split_text(body) if c.strip()]
    pieces: list[tuple[int, str]] = []  # (segment number, text)
    for number, segment in enumerate(segments(body)):
        if segment.whole:
            parts = split_block(segment.text, MAX_BLOCK_CHARS)
        else:
            parts = splitter.split_text(segment.text)
        pieces += [(number, part) for part in parts if part.strip()]
    return _packed(pieces)


def _packed(pieces: list[tuple[int, str]]) -> list[str]:
    """Pieces in order, neighbours from different segments sharing a chunk when they fit.

    Two pieces of one segment stay apart: the splitter already sized them, with overlap.
    """
    chunks: list[str] = []
    last = -1
    for number, piece in pieces:
        if chunks and number != last and len(chunks[-1]) + 2 + len(piece) <= CHUNK_CHARS:
            chunks[-1] += "\n\n" + piece
        else:
            chunks.append(piece)
        last = number
    return chunks


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
