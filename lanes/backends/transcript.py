"""Render chat messages as a plain transcript for base models without a chat template."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage

from lanes.core.errors import ShownToCaller
from prompts import transcript as t


class NonTextContent(ShownToCaller):
    """A message with parts no lane can read (images, files, audio)."""

    def __init__(self, kinds: Sequence[str]) -> None:
        self.kinds = list(kinds)
        super().__init__(
            f"the message has parts Cortex cannot read ({', '.join(map(repr, self.kinds))}): "
            "its lanes read text only; send the text itself (a file's: `cortex ingest` it)"
        )


def message_text(message: BaseMessage) -> str:
    """The text of a message, whether its content is a string or content blocks."""
    if isinstance(message.content, str):
        return message.content
    parts = []
    for block in message.content:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(str(block.get("text", "")))
    return "".join(parts)


def check_text_only(message: BaseMessage) -> None:
    """Refuse a message with non-text content blocks, which ``message_text`` would drop.

    Raises:
        NonTextContent: naming the blocks' types.

    """
    if isinstance(message.content, str):
        return
    kinds = [_kind(block) for block in message.content if _kind(block) != "text"]
    if kinds:
        raise NonTextContent(list(dict.fromkeys(kinds)))


def _kind(block: object) -> str:
    """A content block's type: ``text`` for a string."""
    if isinstance(block, str):
        return "text"
    return str(block.get("type")) if isinstance(block, dict) else type(block).__name__


def render_transcript(
    messages: Sequence[BaseMessage], json_schema: dict[str, Any] | None = None
) -> str:
    """Write ``messages`` as a transcript ending in the assistant's cue."""
    out: list[str] = []
    for message in messages:
        text = message_text(message).strip()
        if isinstance(message, SystemMessage):
            out.append(t.SYSTEM_BLOCK.format(content=text))
        elif isinstance(message, AIMessage):
            out.append(t.ASSISTANT_TURN.format(content=text))
        elif isinstance(message, ToolMessage):
            out.append(t.TOOL_TURN.format(content=text))
        else:
            out.append(t.USER_TURN.format(content=text))
    if json_schema is not None:
        out.append(t.JSON_INSTRUCTION.format(schema=json.dumps(json_schema, separators=(",", ":"))))
    out.append(t.REPLY_CUE)
    return "".join(out)


def chat_messages(
    messages: Sequence[BaseMessage], json_schema: dict[str, Any] | None = None
) -> list[dict[str, str]]:
    """``messages`` as OpenAI-style dicts for a model with its own chat template.

    With a schema, the JSON instruction joins the system prompt (the grammar enforces
    the shape; the instruction tells the model what the fields mean).
    """
    out: list[dict[str, str]] = []
    for message in messages:
        text = message_text(message).strip()
        if isinstance(message, SystemMessage):
            out.append({"role": "system", "content": text})
        elif isinstance(message, AIMessage):
            out.append({"role": "assistant", "content": text})
        elif isinstance(message, ToolMessage):
            out.append({"role": "user", "content": t.TOOL_TURN.format(content=text).strip()})
        else:
            out.append({"role": "user", "content": text})
    if json_schema is not None:
        instruction = t.JSON_INSTRUCTION.format(
            schema=json.dumps(json_schema, separators=(",", ":"))
        ).strip()
        if out and out[0]["role"] == "system":
            out[0] = {"role": "system", "content": f"{out[0]['content']}\n\n{instruction}"}
        else:
            out.insert(0, {"role": "system", "content": instruction})
    return out
