from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from lanes.backends.transcript import (
    NonTextContent,
    check_text_only,
    message_text,
    render_transcript,
)


def test_messages_become_a_labelled_transcript_ending_in_the_reply_cue():
    text = render_transcript(
        [
            SystemMessage("You review code."),
            HumanMessage("Is x = 1 fine?"),
            AIMessage("Yes."),
            ToolMessage("lint: ok", tool_call_id="t1"),
            HumanMessage([{"type": "text", "text": "And y?"}]),
        ]
    )
    assert text == (
        "You review code.\n\n"
        "User: Is x = 1 fine?\n"
        "Assistant: Yes.\n"
        "Tool result: lint: ok\n"
        "User: And y?\n"
        "Assistant:"
    )


def test_structured_requests_state_the_schema_before_the_cue():
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    text = render_transcript([HumanMessage("Is it ok?")], schema)
    assert '{"type":"object","properties":{"ok":{"type":"boolean"}}}' in text
    assert text.endswith("Assistant:")
    assert text.index("JSON schema") < text.index("Assistant:")


def test_text_parts_are_read_and_any_other_part_is_refused_by_type():
    text = HumanMessage(content=[{"type": "text", "text": "review "}, "this"])
    check_text_only(text)
    assert message_text(text) == "review this"
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}}
    mixed = HumanMessage(content=[{"type": "text", "text": "what is this?"}, image, image])
    with pytest.raises(NonTextContent, match=r"cannot read \('image_url'\)") as refused:
        check_text_only(mixed)
    assert isinstance(refused.value, ValueError) and refused.value.kinds == ["image_url"]
