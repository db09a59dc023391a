"""How chat messages are written out for a base model that has no chat template.

A *base* model continues text (models with a template use their own). A plain transcript
with speaker labels is a format it has seen often and follows; it stops at the next
speaker label.
"""

SYSTEM_BLOCK = "{content}\n\n"
USER_TURN = "User: {content}\n"
ASSISTANT_TURN = "Assistant: {content}\n"
TOOL_TURN = "Tool result: {content}\n"
REPLY_CUE = "Assistant:"
STOP_SEQUENCES = ("\nUser:", "\nAssistant:", "\nTool result:")

JSON_INSTRUCTION = (
    "Reply with one JSON object and nothing else. It must follow this JSON schema:\n{schema}\n\n"
)
