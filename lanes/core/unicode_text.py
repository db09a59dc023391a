"""Text that every encoder accepts: bytes that were not UTF-8 shown as U+FFFD.

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
