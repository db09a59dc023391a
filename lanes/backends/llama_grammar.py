"""JSON schema to a llama.cpp grammar, checked before llama.cpp ever samples with it.

llama.cpp does not raise on a grammar it cannot parse: its sampler comes back NULL and
the next sampling call dereferences it (SIGSEGV), taking the process, and a LangGraph
server, with it. llama-cpp-python's converter also escapes ``const`` strings wrongly
(a double quote or backslash in one gives an unparseable grammar). So every grammar is
parsed once here against the model's vocabulary, and a failure is an
:class:`~lanes.core.errors.InvalidSchema`, never a crash.
"""

from __future__ import annotations

import functools
import json
import threading
from typing import Any

from lanes.core.errors import InvalidSchema

_lock = threading.Lock()


def compile_grammar(schema: dict[str, Any], vocab: Any, *, model: str = "?") -> Any:
    """A ``LlamaGrammar`` for ``schema``, known to parse against ``vocab``.

    Raises:
        InvalidSchema: the schema cannot be converted, or its grammar does not parse.

    """
    text = json.dumps(schema, sort_keys=True)
    with _lock:  # the cache is not thread-safe on first fill, and checks are cheap
        return _compile(text, vocab, model)


@functools.lru_cache(maxsize=128)
def _compile(schema_json: str, vocab: Any, model: str) -> Any:
    # Imported here: loading llama.cpp's shared library is heavy; only a grammar needs it.
    import llama_cpp
    from llama_cpp.llama_grammar import LlamaGrammar, json_schema_to_gbnf

    title = json.loads(schema_json).get("title", "the schema")
    try:
        gbnf = json_schema_to_gbnf(schema_json)
    except Exception as exc:  # noqa: BLE001 - the converter raises assorted types
        raise InvalidSchema(
            f"{title} cannot be turned into a grammar: {type(exc).__name__}: {exc}",
            model=model,
        ) from exc
    sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode("utf-8"), b"root")
    if not sampler:
        raise InvalidSchema(
            f"the grammar for {title} does not parse (llama.cpp rejected it); "
            "a string constant in the schema is the usual cause",
            model=model,
        )
    llama_cpp.llama_sampler_free(sampler)
    return LlamaGrammar.from_string(gbnf, verbose=False)
