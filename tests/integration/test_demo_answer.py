"""``make demo``'s first question: the README's own words on fallback chains, quoted.

The demo ingests README.md as ``cortex ingest`` does with the embedded defaults (the
README is longer than the fast lane's window, so it is read as a stream, without the
heading paths that ordinary ingest adds) and asks fast_rag, which quotes on the
embedded model. The answer must be the README's paragraph, cited, not "not found".
"""

from __future__ import annotations

from pathlib import Path

from graphs.fast_rag import graph as fast_rag
from nodes.plumbing.context import Context
from stores.embeddings import MiniLMEmbeddings
from stores.ingest import ingest_path
from stores.vectors import VectorStore

README = Path(__file__).resolve().parents[2] / "README.md"
EMBEDDED_WINDOW = 4096  # the embedded model's context window, as the demo resolves it


async def test_the_demo_question_quotes_the_readme_on_fallback_chains(tmp_path):
    store = VectorStore(tmp_path / "data", MiniLMEmbeddings(), "cortex-docs")
    await ingest_path(README, store, fast_window_tokens=EMBEDDED_WINDOW)
    context = Context(open_store=lambda project: store, rag_answers="extract")
    out = await fast_rag.ainvoke(
        {"task": "What does the README say about fallback chains?", "project": "cortex-docs"},
        context=context,
    )
    (result,) = out["results"].values()
    assert "Each lane fails over to the lanes in" in result["output"]
    assert {c["source"] for c in out["citations"]} == {"README.md"}
