"""``ChatOpenAI`` for llama.cpp's OpenAI-compatible server.

llama.cpp's server (and llama-cpp-python's) ignores ``response_format`` of type
``json_schema``; it constrains output only for ``{"type": "json_object", "schema": ...}``.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import LanguageModelInput
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI

from lanes.backends.structured_output import Schema, json_schema_of, with_parser


class LlamaServerChatOpenAI(ChatOpenAI):
    """ChatOpenAI whose structured output speaks llama.cpp's ``json_object`` dialect."""

    def with_structured_output(  # type: ignore[override]
        self, schema: Schema, *, include_raw: bool = False, **kwargs: Any
    ) -> Runnable[LanguageModelInput, Any]:
        """Ask the server for JSON constrained to ``schema``, then parse it."""
        response_format = {"type": "json_object", "schema": json_schema_of(schema)}
        return with_parser(
            self.bind(response_format=response_format), schema, include_raw=include_raw
        )
