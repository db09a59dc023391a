"""Text that every encoder accepts, and text fit to store and show.

Bytes that were not UTF-8 are shown as U+FFFD (:func:`valid_unicode`); text a person
will read later on a terminal or a web page also loses control characters and the
invisible bidirectional overrides (:func:`plain_text`).

Invalid UTF-8 from a terminal or a file system arrives in Python as lone surrogates
U+DC80..U+DCFF (``surrogateescape``), and a JSON request body may carry any lone
surrogate (U+D800 and up); tokenizers, databases and ``print`` reject them. Each is
shown as U+FFFD, as any text viewer shows them.
"""

from __future__ import annotations

import re

# Lone surrogates that ``surrogateescape`` cannot turn back into a byte.
_NOT_ESCAPED_BYTES = re.compile("[\ud800-\udc7f\udd00-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD."""
    text = _NOT_ESCAPED_BYTES.sub("\ufffd", text)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# Control characters other than tab, newline and carriage return (C0, DEL and C1: a
# terminal runs ESC sequences), and the bidirectional embeddings, overrides and isolates
# that make text display in another order than it reads ("Trojan Source").
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain_text(text: str) -> str:
    """``text`` as valid Unicode without control characters or bidirectional overrides."""
    return _INVISIBLE.sub("", valid_unicode(text))
