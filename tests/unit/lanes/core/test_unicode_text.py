"""Text every encoder accepts."""

from __future__ import annotations

import json
import os

from lanes.core.unicode_text import valid_unicode


def test_file_system_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    name = os.fsdecode(b"r\xe9sum\xe9.md")  # Latin-1 bytes, as a file system gives them
    shown = valid_unicode(name)
    assert shown == "r\ufffdsum\ufffd.md"
    shown.encode("utf-8")  # would raise UnicodeEncodeError with a lone surrogate


def test_a_lone_surrogate_from_json_becomes_a_replacement_character() -> None:
    text = json.loads('"plan \\ud800 now"')
    assert valid_unicode(text) == "plan \ufffd now"


def test_valid_text_is_unchanged() -> None:
    assert valid_unicode("Zoë’s naïve café 日本") == "Zoë’s naïve café 日本"


def test_plain_text_drops_terminal_escapes_and_bidi_overrides_but_keeps_lines():
    from lanes.core.unicode_text import plain_text

    text = "ctl \x00\x01\x1b[31mred\u202e evil\x9b\n\tnext line, עברית and 日本"
    assert plain_text(text) == "ctl [31mred evil\n\tnext line, עברית and 日本"
