"""Structured output on every backend: a JSON schema in, a parsed object out.

The schema helpers here serve every backend. On an OpenAI-compatible server the lane
also negotiates the dialect the server speaks: vLLM and OpenAI take ``response_format:
json_schema``; llama.cpp's server rejects it (HTTP 500 "Input should be 'text' or
'json_object'") and wants ``json_object`` with a ``schema``; some proxies take neither.
A lane tries them in that order, remembers per endpoint what worked
(:class:`DialectMemory`), and never counts a dialect mismatch against the breaker: the
server is healthy, it just speaks another dialect. In-process llama.cpp uses a grammar
instead (:mod:`lanes.backends.llama_grammar`).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, SystemMessage
from langchain_core.output_parsers import JsonOutputParser, PydanticOutputParser
from langchain_core.runnables import Runnable, RunnableLambda, RunnableMap, RunnablePassthrough
from pydantic import BaseModel

from lanes.backends.reasoning import without_reasoning
from prompts.transcript import JSON_INSTRUCTION

Schema = dict[str, Any] | type[BaseModel]

DIALECTS = ("json_schema", "json_object", "prompt")
# What a server says when it does not know a response_format.
_REJECTED = re.compile(r"response_format|json_schema|json_object|structured output", re.I)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


def json_schema_of(schema: Schema) -> dict[str, Any]:
    """The JSON schema for a Pydantic class, a JSON schema, or an OpenAI function schema."""
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return schema.model_json_schema()
    if isinstance(schema, dict):
        if "parameters" in schema and "name" in schema:
            return dict(schema["parameters"])
        return schema
    raise TypeError(f"structured output needs a Pydantic class or a JSON schema, not {schema!r}")


def schema_title(schema: Schema) -> str:
    """The schema's name, for error messages."""
    if isinstance(schema, type):
        return schema.__name__
    return str(schema.get("title") or schema.get("name") or "structured")


def titled(schema: Schema) -> Schema:
    """``schema`` with the top-level title and description OpenAI clients insist on.

    ``ChatOpenAI.with_structured_output`` rejects a JSON schema without a ``title``
    before sending anything; Pydantic classes always have one.
    """
    if isinstance(schema, type) or "parameters" in schema:
        return schema
    title = str(schema.get("title") or "Structured")
    description = schema.get("description") or f"The {title} object, as JSON."
    return {**schema, "title": title, "description": description}


def with_parser(
    bound: Runnable[Any, Any], schema: Schema, *, include_raw: bool
) -> Runnable[Any, Any]:
    """Parse ``bound``'s message into ``schema``, the way LangChain's own models do."""
    parser: Runnable[Any, Any] = (
        PydanticOutputParser(pydantic_object=schema)
        if isinstance(schema, type) and issubclass(schema, BaseModel)
        else JsonOutputParser()
    )
    if not include_raw:
        return bound | parser
    parsed = RunnablePassthrough.assign(
        parsed=itemgetter("raw") | parser, parsing_error=lambda _: None
    )
    no_parse = RunnablePassthrough.assign(parsed=lambda _: None)
    return RunnableMap(raw=bound) | parsed.with_fallbacks([no_parse], exception_key="parsing_error")


class DialectMemory:
    """The dialect that last worked at each endpoint (a gateway keeps one)."""

    def __init__(self) -> None:
        """Nothing known yet: every endpoint starts with ``json_schema``."""
        self._lock = threading.Lock()
        self._known: dict[str, str] = {}

    def dialects_for(self, endpoint: str) -> tuple[str, ...]:
        """The dialects to try at ``endpoint``: the one that worked first, if known."""
        with self._lock:
            known = self._known.get(endpoint)
        return (known,) + tuple(d for d in DIALECTS if d != known) if known else DIALECTS

    def remember(self, endpoint: str, dialect: str) -> None:
        """Use ``dialect`` first at ``endpoint`` from now on."""
        with self._lock:
            self._known[endpoint] = dialect


def is_dialect_rejection(exc: BaseException) -> bool:
    """Whether the server refused the response format rather than failed."""
    import openai  # noqa: PLC0415 - loaded with the server lanes that raise its errors

    status = getattr(exc, "status_code", None)
    if not isinstance(exc, openai.APIStatusError) or status not in (400, 415, 422, 500, 501):
        return False
    return bool(_REJECTED.search(f"{exc} {getattr(exc, 'body', '')}"))


def structured_runnable(
    model: BaseChatModel, schema: Schema, dialect: str
) -> Runnable[Sequence[BaseMessage], Any]:
    """``model`` asked for ``schema`` in ``dialect``; yields LangChain's include_raw dict."""
    if dialect == "json_schema":
        return model.with_structured_output(titled(schema), include_raw=True)
    extract = RunnableLambda(
        lambda message: message.model_copy(update={"content": json_text(message.content)})
    )
    if dialect == "json_object":
        response_format = {"type": "json_object", "schema": json_schema_of(schema)}
        bound = model.bind(response_format=response_format) | extract
        return with_parser(bound, schema, include_raw=True)
    instruction = JSON_INSTRUCTION.format(schema=json.dumps(json_schema_of(schema)))
    prompted: Runnable[Sequence[BaseMessage], list[BaseMessage]] = RunnableLambda(
        lambda messages: [SystemMessage(instruction), *messages]
    )
    return prompted | with_parser(model | extract, schema, include_raw=True)


def json_text(content: Any) -> str:
    """The JSON object in a reply that wraps it in reasoning, a code fence or prose."""
    text = without_reasoning(content if isinstance(content, str) else json.dumps(content))
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text
