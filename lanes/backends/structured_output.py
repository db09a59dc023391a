"""Structured output shared by the backends: a JSON schema in, a parsed object out."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from langchain_core.output_parsers import JsonOutputParser, PydanticOutputParser
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from pydantic import BaseModel

Schema = dict[str, Any] | type[BaseModel]


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
