"""Check a prompt fits a lane's context window before sending it, not after a 400."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import BaseMessage

from lanes.backends.llama_registry import LlamaRegistry
from lanes.backends.model_file import local_model_file
from lanes.backends.transcript import message_text, render_transcript
from lanes.config.resolved_lane import ResolvedLane
from lanes.core.errors import ContextOverflow

# Over HTTP we cannot run the server's tokenizer; this documented estimate (about four
# characters per token for English and code, plus a few tokens of chat framing per
# message) errs on the side of routing early.
CHARS_PER_TOKEN = 4
TOKENS_PER_MESSAGE = 4


def prompt_tokens(
    resolved: ResolvedLane, messages: Sequence[BaseMessage], models: LlamaRegistry | None = None
) -> int:
    """The prompt's tokens: the model's own tokenizer in-process, an estimate over HTTP.

    Without ``models`` (nothing loaded to count with) the estimate stands in.
    """
    if resolved.in_process and resolved.model_path is not None and models is not None:
        llama = models.get(local_model_file(resolved), resolved.context_window).llama
        return len(llama.tokenize(render_transcript(messages).encode(), add_bos=True))
    chars = sum(len(message_text(m)) for m in messages)
    return chars // CHARS_PER_TOKEN + TOKENS_PER_MESSAGE * len(messages)


def check_fits(
    resolved: ResolvedLane,
    messages: Sequence[BaseMessage],
    models: LlamaRegistry | None = None,
    where: dict[str, Any] | None = None,
) -> int:
    """Raise ``ContextOverflow`` unless prompt plus ``max_tokens`` fit; returns the count."""
    tokens = prompt_tokens(resolved, messages, models)
    if tokens + resolved.max_tokens > resolved.context_window:
        raise ContextOverflow(
            f"{tokens} prompt tokens + {resolved.max_tokens} for the answer exceed the "
            f"context window of {resolved.context_window}",
            **(where or {}),
        )
    return tokens
