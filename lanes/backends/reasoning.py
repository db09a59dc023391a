"""A thinking model's reasoning, kept out of answers and out of JSON parsers.

Servers with a reasoning parser (vLLM's ``--reasoning-parser``, llama.cpp's
``--reasoning-format``) put it in ``reasoning_content``, which never reaches a reply's
text. Without one, it arrives in the text as ``<think>...</think>``, or with only the
closing tag when the chat template opened the block itself: both are cut here.
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_CLOSE = re.compile(r"</think>", re.IGNORECASE)
_OPEN = re.compile(r"<think>", re.IGNORECASE)


def without_reasoning(text: str) -> str:
    """``text`` without its reasoning; unfinished reasoning (cut off) leaves nothing."""
    if "think>" not in text.lower():
        return text
    text = _BLOCK.sub("", text)
    closing = _CLOSE.search(text)
    if closing:  # the template opened the block: everything before its end is reasoning
        text = text[closing.end() :]
    opening = _OPEN.search(text)
    if opening:  # a block that never closed (the reply was cut while thinking)
        text = text[: opening.start()]
    return text.strip()
