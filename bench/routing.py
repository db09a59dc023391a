"""Routing benchmark: warm routing time without the planner, against raw MiniLM.

In one run, interleaved request by request so machine noise falls evenly:
  a. raw ONNX: one embedding of the request by the packaged MiniLM file as it ships
     (float arithmetic; what a semantic router over that file pays at least);
  b. raw ONNX: the same with routing's int8-arithmetic MiniLM (stores/minilm_int8.py);
  c. the fused router's scores alone (embedding, similarities, signals, softmax);
  d. a whole `decide()` (cleaning, length rule, splitting, scoring, plan), planner off.
Target: (d) median <= 5 ms warm on this 2-core machine. Requests are the labelled
set's report split. Prints a table and writes bench/results/routing.json.

    make bench-routing      # or: .venv/bin/python bench/routing.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("ARGOS_ROUTER_PLANNER", "never")

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from lanes.telemetry.percentiles import percentile  # noqa: E402
from nodes.defaults import default_router, outside_graph  # noqa: E402
from nodes.plumbing.context import Context  # noqa: E402
from nodes.routing.decision import decide  # noqa: E402
from nodes.routing.offline.evaluation import read_labelled  # noqa: E402
from stores.embeddings import MiniLMEmbeddings  # noqa: E402

ROUNDS = 5
RAW = "a. raw ONNX, packaged MiniLM"
WHOLE = "d. decide(), planner off"
TARGET_MS = 5.0


def _ms(samples: list[float], q: float) -> float:
    return round(percentile(samples, q * 100) or 0.0, 2)


async def main() -> None:
    texts = [r.text for r in read_labelled(REPO / "tests/data/routing_set.jsonl", "report")]
    router = default_router()
    parts = outside_graph(Context(router=router))
    packaged = MiniLMEmbeddings()
    packaged.embed_documents([texts[0]])
    await decide(texts[0], parts)  # warm: model loaded, index cached
    cases: dict[str, list[float]] = {RAW: [], "b. raw ONNX, int8 MiniLM": [],
                                     "c. fused scores": [], WHOLE: []}  # fmt: skip
    for _ in range(ROUNDS):
        for text in texts:
            started = time.perf_counter()
            packaged.embed_documents([text])
            cases[RAW].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            router.semantic.embed([text])
            cases["b. raw ONNX, int8 MiniLM"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            router.score_many([text])
            cases["c. fused scores"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await decide(text, parts)
            cases[WHOLE].append((time.perf_counter() - started) * 1000)
    floor = statistics.median(cases[RAW])
    results = {
        name: {
            "p50_ms": round(statistics.median(s), 2),
            "p95_ms": _ms(s, 0.95),
            "ratio_to_raw": round(statistics.median(s) / floor, 2),
            "n": len(s),
        }
        for name, s in cases.items()
    }
    whole = results[WHOLE]["p50_ms"]
    report = {"cases": results, "target_ms": TARGET_MS, "met": whole <= TARGET_MS}
    view = Table(title=f"Warm routing, {len(texts)} requests x {ROUNDS} rounds, interleaved")
    for column in ("case", "p50 ms", "p95 ms", "x packaged ONNX"):
        view.add_column(column)
    for name, r in results.items():
        view.add_row(name, f"{r['p50_ms']:.2f}", f"{r['p95_ms']:.2f}", f"{r['ratio_to_raw']:.2f}")
    Console().print(view)
    verdict = "met" if report["met"] else "NOT met"
    print(f"target: decide() p50 <= {TARGET_MS} ms: {whole} ms, {verdict}")
    out = REPO / "bench" / "results" / "routing.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
