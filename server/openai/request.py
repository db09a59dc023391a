"""A chat-completion request, checked: what Cortex honours, refuses, and ignores.

Unknown fields are ignored, as OpenAI does (clients send many). ``temperature`` and
``max_tokens`` (or ``max_completion_tokens``) are honoured for the answer's text;
``n`` above 1, tools, and non-text content are refused with 400 naming the field.
``project`` (an extra field, e.g. the SDK's ``extra_body``) names the knowledge base and
board; without it, a member's first project, or ``default``.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from server.openai.errors import OpenAIError

ROLES = {"system": SystemMessage, "developer": SystemMessage, "user": HumanMessage,
         "assistant": AIMessage}  # fmt: skip


class Message(BaseModel):
    """One message of the conversation."""

    model_config = ConfigDict(extra="ignore")
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    """The fields Cortex reads; the rest are ignored."""

    model_config = ConfigDict(extra="ignore")
    model: str
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    temperature: float | None = Field(None, ge=0, le=2)
    max_tokens: int | None = Field(None, ge=1, le=32768)
    max_completion_tokens: int | None = Field(None, ge=1, le=32768)
    n: int | None = Field(None, ge=1)
    tools: list[Any] | None = None
    functions: list[Any] | None = None
    stream_options: dict[str, Any] | None = None
    project: str | None = None

    def sampling(self) -> dict[str, Any] | None:
        """The client's temperature and token limit, for the answer's text."""
        chosen = {
            "temperature": self.temperature,
            "max_tokens": self.max_completion_tokens or self.max_tokens,
        }
        chosen = {k: v for k, v in chosen.items() if v is not None}
        return chosen or None

    def conversation(self) -> list[BaseMessage]:
        """The messages as LangChain messages, text only."""
        converted: list[BaseMessage] = []
        for index, message in enumerate(self.messages):
            kind = ROLES.get(message.role)
            if kind is None:
                raise OpenAIError(
                    400,
                    f"messages[{index}].role {message.role!r} is not supported: use system, "
                    "user or assistant (Cortex runs no client tools)",
                    param=f"messages[{index}].role",
                )
            converted.append(kind(_text(message.content, index)))
        if not isinstance(converted[-1], HumanMessage) or not converted[-1].content:
            raise OpenAIError(
                400, "the last message must be the user's, with text", param="messages"
            )
        return converted


def parse(body: object) -> ChatRequest:
    """The request, or 400 naming the first field that is wrong."""
    if not isinstance(body, dict):
        raise OpenAIError(400, "the request body must be a JSON object")
    try:
        request = ChatRequest.model_validate(body)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "body"
        raise OpenAIError(400, f"{where}: {problem['msg']}", param=where) from None
    if request.tools or request.functions:
        raise OpenAIError(
            400,
            "tools are not supported: Cortex's lanes run their own tools; send messages only",
            param="tools",
        )
    if request.n not in (None, 1):
        raise OpenAIError(400, "n must be 1: Cortex gives one answer per turn", param="n")
    return request


def _text(content: str | list[dict[str, Any]] | None, index: int) -> str:
    if content is None or isinstance(content, str):
        return content or ""
    parts = []
    for part in content:
        if part.get("type") != "text" or not isinstance(part.get("text"), str):
            raise OpenAIError(
                400,
                f"messages[{index}].content: only text parts are supported, not "
                f"{part.get('type')!r}",
                param=f"messages[{index}].content",
            )
        parts.append(part["text"])
    return "\n".join(parts)
