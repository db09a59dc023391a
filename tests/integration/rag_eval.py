"""fast_rag on real documents nobody here wrote (``tests/data/rag_real``), scored per shape.

``python -m tests.integration.rag_eval [fit|report|all]`` ingests the documents into a
folder of its own (once), asks the fast-RAG subgraph every question of the split as the
server would (the process's default lanes), and prints, per shape: answerable questions
answered with their fact and their source cited, and unanswerable ones refused.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphs.fast_rag import graph as fast_rag
from nodes.plumbing.context import Context
from prompts.fast_rag import NOT_FOUND
from stores.embeddings import MiniLMEmbeddings
from stores.ingest import ingest_path
from stores.vectors import VectorStore
from tests.integration.eval_args import eval_parser

SET = Path(__file__).resolve().parents[1] / "data" / "rag_real"
PROJECT = "rag-real"


@dataclass(frozen=True)
class Outcome:
    """One question's result: right or not, and what was answered."""

    row: dict[str, Any]
    right: bool
    answer: str
    cited: tuple[str, ...]


def questions(split: str) -> list[dict[str, Any]]:
    """The set's questions of ``split`` (``all`` for every one), from every question file."""
    files = sorted(SET.glob("questions*.jsonl"))
    rows = [
        {**json.loads(line), "set": f.stem} for f in files for line in f.read_text().splitlines()
    ]
    return [r for r in rows if split == "all" or r["split"] == split]


async def knowledge_base(folder: Path) -> VectorStore:
    """The documents, ingested into ``folder`` the first time."""
    store = VectorStore(folder, MiniLMEmbeddings(), PROJECT)
    if store.count() == 0:
        await ingest_path(SET / "docs", store)
    return store


def judged(row: dict[str, Any], answer: str, cited: list[str]) -> bool:
    """Right: the fact and its source for an answerable question; "not found" otherwise."""
    refused = answer.startswith(NOT_FOUND[:-1])
    if not row["answerable"]:
        return refused
    return not refused and row["fact"] in answer and row["source"] in cited


async def evaluate(store: VectorStore, rows: list[dict[str, Any]], **context: Any) -> list[Outcome]:
    """Ask every question of ``rows`` through the fast-RAG subgraph."""
    run_context = Context(open_store=lambda project: store, **context)
    outcomes = []
    for row in rows:
        out = await fast_rag.ainvoke({"task": row["question"], "project": PROJECT},
                                     context=run_context)  # fmt: skip
        (result,) = out["results"].values()
        cited = [c["source"].rsplit("/", 1)[-1] for c in out.get("citations", [])]
        outcomes.append(
            Outcome(row, judged(row, result["output"], cited), result["output"], tuple(cited))
        )
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    """A table per shape and per question file, then answerable right and unanswerable
    refused overall."""
    by_shape: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        by_shape[o.row["shape"]].append(o.right)
    by_set: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        by_set[f"{o.row['set']} ({'answerable' if o.row['answerable'] else 'refused'})"].append(
            o.right
        )
    lines = [f"{'shape':<18} right / asked"]
    lines += [f"{shape:<18} {sum(v):>3} / {len(v)}" for shape, v in sorted(by_shape.items())]
    lines += [f"{name:<34} {sum(v):>3} / {len(v)}" for name, v in sorted(by_set.items())]
    answerable = [o.right for o in outcomes if o.row["answerable"]]
    refused = [o.right for o in outcomes if not o.row["answerable"]]
    lines.append(f"answered with fact and source: {sum(answerable)}/{len(answerable)} "
                 f"({sum(answerable) / max(len(answerable), 1):.0%}); unanswerable refused: "
                 f"{sum(refused)}/{len(refused)} ({sum(refused) / max(len(refused), 1):.0%})")  # fmt: skip
    return "\n".join(lines)


async def main(split: str) -> None:
    folder = Path(tempfile.gettempdir()) / "cortex-rag-real"
    store = await knowledge_base(folder)
    outcomes = await evaluate(store, questions(split))
    for o in outcomes if split == "fit" else []:  # the report split's misses stay unread
        if not o.right:
            print(f"MISS {o.row['id']} [{o.row['shape']}] {o.row['question'][:80]!r}\n"
                  f"     fact={o.row['fact']!r} src={o.row['source']} cited={list(o.cited)}\n"
                  f"     -> {o.answer[:160]!r}")  # fmt: skip
    print(report(outcomes))


if __name__ == "__main__":
    asyncio.run(main(eval_parser(__doc__).parse_args().split))
