"""A LangChain chat model over an in-process llama.cpp model.

Written here rather than taken from langchain-community's ``ChatLlamaCpp`` because
that class loads its own ``Llama`` per instance (no sharing across lanes), cannot
serve a GGUF without a chat template, and runs generation on the event loop's thread.
This one shares models through its gateway's registry (:mod:`lanes.backends.llama_registry`),
uses the GGUF's own chat template when it has one (a plain transcript otherwise),
constrains structured output with a checked JSON-schema grammar, and does all
llama.cpp work off the event loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from pydantic import ConfigDict, Field

from lanes.backends.llama_grammar import compile_grammar
from lanes.backends.llama_registry import LlamaRegistry, SharedLlama
from lanes.backends.structured_output import Schema, json_schema_of, with_parser
from lanes.backends.transcript import chat_messages, render_transcript
from prompts.transcript import STOP_SEQUENCES

# An instruction-tuned model needs little: more bends JSON keys and code out of shape.
CHAT_REPEAT_PENALTY = 1.05


class LlamaInProcessChat(BaseChatModel):
    """Chat over a GGUF file loaded once per gateway and shared by every lane using it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    registry: LlamaRegistry = Field(exclude=True)
    model_path: Path
    model_name: str
    n_ctx: int
    temperature: float = 0.2
    max_tokens: int = 256
    # Small base models loop ("coder", "coder", ...) without a little penalty.
    # (Models with a chat template use CHAT_REPEAT_PENALTY.)
    repeat_penalty: float = 1.1

    @property
    def _llm_type(self) -> str:
        return "llama_cpp_in_process"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name, "model_path": str(self.model_path)}

    def with_structured_output(
        self, schema: Schema, *, include_raw: bool = False, **kwargs: Any
    ) -> Runnable[LanguageModelInput, Any]:
        """Constrain decoding to ``schema`` with a llama.cpp grammar, then parse.

        ``method`` and other OpenAI-specific options are accepted and ignored: the
        grammar guarantees the structure whatever the model.
        """
        bound = self.bind(json_schema=json_schema_of(schema))
        return with_parser(bound, schema, include_raw=include_raw)

    def _completion_args(
        self,
        shared: SharedLlama,
        messages: Sequence[BaseMessage],
        stop: list[str] | None,
        kwargs: dict[str, Any],
    ) -> dict[str, Any]:
        schema = kwargs.get("json_schema")
        grammar = (
            compile_grammar(schema, shared.llama._model.vocab, model=self.model_name)
            if schema
            else None
        )
        common = {
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "grammar": grammar,
        }
        if shared.has_chat_template:
            # The model's own template (what create_chat_completion applies) and its own
            # end-of-turn token; an instruction model needs little repeat penalty.
            return {
                **common,
                "messages": chat_messages(messages, schema),
                "stop": stop or None,
                "repeat_penalty": CHAT_REPEAT_PENALTY,
            }
        return {
            **common,
            "prompt": render_transcript(messages, schema),
            "repeat_penalty": self.repeat_penalty,
            "stop": [*STOP_SEQUENCES, *(stop or [])],
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        shared = self.registry.get(self.model_path, self.n_ctx)
        args = self._completion_args(shared, messages, stop, kwargs)
        out: Any
        with shared.lock:
            if "messages" in args:
                out = shared.llama.create_chat_completion(**args)
            else:
                out = shared.llama.create_completion(**args)
        choice = out["choices"][0]
        usage = out["usage"]
        text = choice["message"]["content"] if "message" in choice else choice["text"]
        message = AIMessage(
            content=(text or "").strip(),
            usage_metadata=_usage(usage["prompt_tokens"], usage["completion_tokens"]),
            response_metadata={
                "model_name": self.model_name,
                "finish_reason": choice.get("finish_reason"),
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return await asyncio.to_thread(self._generate, messages, stop, None, **kwargs)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for chunk in self._chunks(messages, stop, threading.Event(), kwargs):
            if run_manager and chunk.text:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        # One worker thread runs the whole generation (and holds the model's lock);
        # chunks cross to the event loop through a queue.
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[ChatGenerationChunk | BaseException | None] = asyncio.Queue()
        cancelled = threading.Event()

        def pump() -> None:
            try:
                for chunk in self._chunks(messages, stop, cancelled, kwargs):
                    loop.call_soon_threadsafe(queue.put_nowait, chunk)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the loop below
                loop.call_soon_threadsafe(queue.put_nowait, exc)
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, None)

        worker = asyncio.ensure_future(asyncio.to_thread(pump))
        try:
            while (item := await queue.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                if run_manager and item.text:
                    await run_manager.on_llm_new_token(item.text, chunk=item)
                yield item
        finally:
            cancelled.set()
            await worker

    def _chunks(
        self,
        messages: Sequence[BaseMessage],
        stop: list[str] | None,
        cancelled: threading.Event,
        kwargs: dict[str, Any],
    ) -> Iterator[ChatGenerationChunk]:
        shared = self.registry.get(self.model_path, self.n_ctx)
        args = self._completion_args(shared, messages, stop, kwargs)
        prompt = args.get("prompt") or render_transcript(messages)
        prompt_tokens = len(shared.llama.tokenize(prompt.encode(), add_bos=True))
        generated: list[str] = []
        finish: str | None = None
        with shared.lock:
            chat = "messages" in args
            stream = cast(
                Iterator[Any],
                shared.llama.create_chat_completion(**args, stream=True)
                if chat
                else shared.llama.create_completion(**args, stream=True),
            )
            for part in stream:
                if cancelled.is_set():
                    break
                choice: Any = part["choices"][0]
                finish = choice.get("finish_reason") or finish
                text = (
                    ((choice.get("delta") or {}).get("content") or "") if chat else choice["text"]
                )
                if not text:
                    continue
                generated.append(text)
                yield ChatGenerationChunk(message=AIMessageChunk(content=text))
        # Stream parts are not tokens (stop-sequence hold-back merges some), so count.
        reply = "".join(generated).encode()
        completion_tokens = len(shared.llama.tokenize(reply, add_bos=False)) if reply else 0
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                usage_metadata=_usage(prompt_tokens, completion_tokens),
                response_metadata={"model_name": self.model_name, "finish_reason": finish},
                chunk_position="last",
            )
        )


def _usage(prompt_tokens: int, completion_tokens: int) -> UsageMetadata:
    return UsageMetadata(
        input_tokens=prompt_tokens,
        output_tokens=completion_tokens,
        total_tokens=prompt_tokens + completion_tokens,
    )
