"""Ingest benchmark: throughput against raw MiniLM, query latency, deep-ingest memory.

In one run:
  1. ingest of a generated corpus (chunks/s) against raw MiniLM embedding of the very
     same chunks (chunks/s); target: ingest at least 80% of raw;
  2. hybrid query latency p50/p95 on a 10,000-chunk collection;
  3. peak RSS of `cortex ingest` on 100 MB and 400 MB deep files; target: the same.

Prints a table and writes bench/results/ingest.json. The machine is shared and noisy:
read the ratios.

    make bench-ingest      # or: .venv/bin/python bench/ingest.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from lanes.telemetry.percentiles import percentile  # noqa: E402
from stores.documents import chunk_text  # noqa: E402
from stores.embeddings import MiniLMEmbeddings  # noqa: E402
from stores.ingest import ingest_path  # noqa: E402
from stores.retrieval import hybrid_search  # noqa: E402
from stores.vectors import VectorStore  # noqa: E402
from tests.integration.corpus import corpus  # noqa: E402
from tests.integration.test_deep_ingest import write_log  # noqa: E402


def throughput(tmp: Path, files: int) -> dict[str, float]:
    folder = tmp / "corpus"
    folder.mkdir()
    docs = corpus(files)
    for i in range(len(docs)):
        # Three services to a file: a few chunks each, as a docs folder has.
        (folder / f"doc{i:04}.md").write_text(
            "\n\n".join(str(d["text"]) for d in docs[i : i + 3]) * 2
        )
    chunks = [c for f in sorted(folder.iterdir()) for c in chunk_text(f.read_text(), ".md")]
    raw = MiniLMEmbeddings()
    raw.embed_documents(["warm up"])
    started = time.perf_counter()
    raw.embed_documents(chunks)
    raw_rate = len(chunks) / (time.perf_counter() - started)
    store = VectorStore(tmp / "data", MiniLMEmbeddings(), "bench")
    started = time.perf_counter()
    report = asyncio.run(ingest_path(folder, store))
    ingest_rate = report.chunks / (time.perf_counter() - started)
    return {
        "chunks": report.chunks,
        "raw_minilm_chunks_per_s": round(raw_rate, 1),
        "ingest_chunks_per_s": round(ingest_rate, 1),
        "ingest_over_raw": round(ingest_rate / raw_rate, 3),
    }


def query_latency(tmp: Path, size: int, queries: int) -> dict[str, float]:
    store = VectorStore(tmp / "q", MiniLMEmbeddings(), "bench")
    docs = corpus(size)
    for start in range(0, size, 500):
        part = docs[start : start + 500]
        store.upsert(
            [f"c{start + i}" for i in range(len(part))],
            [str(d["text"]) for d in part],
            [{"source": f"s{start + i}.md", "root": "r"} for i in range(len(part))],
        )
    questions = [
        f"Which port does {docs[i * 37 % size]['name']} listen on?" for i in range(queries)
    ]
    hybrid_search(store, questions[0])
    samples = []
    for question in questions:
        started = time.perf_counter()
        hybrid_search(store, question, k=5)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "chunks": store.count(),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95) or 0.0, 2),
    }


def deep_rss(tmp: Path, megabytes: int) -> dict[str, float]:
    log = tmp / f"deep{megabytes}.log"
    write_log(log, megabytes)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    cortex = str(Path(sys.executable).with_name("cortex"))
    probe = (
        "import json, resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True); "
        "print(json.dumps({'out': done.stdout, "
        "'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
    )
    started = time.perf_counter()
    command = [cortex, "ingest", str(log), "--project", f"d{megabytes}", "--json"]
    run = subprocess.run(
        [sys.executable, "-c", probe, *command],
        cwd=tmp, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    result = json.loads(run.stdout)
    log.unlink()
    return {
        "file_mb": megabytes,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(result["rss_kb"] / 1024, 1),
        "chunks": json.loads(result["out"])["chunks"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=300, help="files in the throughput corpus")
    parser.add_argument("--collection", type=int, default=10_000, help="chunks for query latency")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--deep", type=int, nargs="*", default=[100, 400], help="deep file sizes (MB)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        results = {
            "throughput": throughput(tmp, args.files),
            "query": query_latency(tmp, args.collection, args.queries),
            "deep": [deep_rss(tmp, mb) for mb in args.deep],
        }
    console = Console()
    t = results["throughput"]
    table = Table(title="Ingest benchmark")
    table.add_column("measure")
    table.add_column("value")
    table.add_row("raw MiniLM, same chunks", f"{t['raw_minilm_chunks_per_s']} chunks/s")
    table.add_row(
        "cortex ingest", f"{t['ingest_chunks_per_s']} chunks/s ({t['ingest_over_raw']:.0%} of raw)"
    )
    q = results["query"]
    table.add_row(
        f"hybrid query, {q['chunks']:,} chunks", f"p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms"
    )
    for d in results["deep"]:
        table.add_row(
            f"deep ingest {d['file_mb']} MB", f"peak RSS {d['peak_rss_mb']} MB, {d['seconds']} s"
        )
    console.print(table)
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
