"""Deep ingest of a generated 120 MB log: routed to the super-reader, memory bounded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stores.embeddings import MiniLMEmbeddings
from stores.retrieval import hybrid_search
from stores.vectors import VectorStore
from tests.integration.cli import CORTEX

# Peak RSS of the whole `cortex ingest` process (Python, onnxruntime, Chroma, and the
# in-process model that writes the summary) stays under this, and does not grow with
# the file: a 120 MB file peaks within GROWTH of a 12 MB one. Measured: about 1,060 MB.
BOUND_MB = 1500
GROWTH_MB = 64


def write_log(path: Path, megabytes: int) -> None:
    paragraphs = [
        "\n".join(
            f"2026-11-{1 + i % 28:02d} {('INFO', 'WARN', 'ERROR')[(i + j) % 3]} svc{i % 5}: "
            f"request {i}-{j} finished with status {200 + (i * j) % 300}"
            for j in range(8)
        )
        for i in range(40)
    ]
    block = "\n\n".join(paragraphs) + "\n\n"
    with path.open("w") as handle:
        for _ in range(megabytes * (1 << 20) // len(block) + 1):
            handle.write(block)


# The summary is written by the embedded model on the super-reader lane; a 2,048-token
# window (with 128 tokens to answer) keeps its sampled reading to seconds. Memory is
# bounded the same way whatever the window: both runs use it.
READER = {
    "ARGOS_DEEP_INGEST_MB": "10",
    "ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW": "2048",
    "ARGOS_LANE_SUPER_READER_MAX_TOKENS": "128",
}


def peak_rss_mb(cwd: Path, *args: str) -> tuple[dict, float]:
    """Run cortex in a child and return its JSON output and its peak RSS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    env.update(READER)
    probe = (
        "import json, resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stderr.write(done.stderr); "
        "print(json.dumps({'out': done.stdout, 'rc': done.returncode, "
        "'rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, CORTEX, *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    result = json.loads(run.stdout)
    assert result["rc"] == 0, run.stderr
    return json.loads(result["out"]), result["rss_kb"] / 1024


@pytest.fixture(scope="module")
def small(
    tmp_path_factory: pytest.TempPathFactory, embedded_gguf: Path
) -> tuple[Path, dict, float]:
    """A 12 MB log ingested deep once (folder, report, peak RSS), for both tests."""
    folder = tmp_path_factory.mktemp("deep")
    write_log(folder / "service.log", 12)
    report, peak = peak_rss_mb(folder, "ingest", "service.log", "--project", "o", "--json")
    return folder, report, peak


@pytest.mark.slow  # make test-slow (CI): writing and ingesting 120 MB takes most of a minute
def test_a_120mb_file_goes_deep_in_bounded_memory(tmp_path, small):
    _, _, small_mb = small
    write_log(tmp_path / "big.log", 120)
    big, big_mb = peak_rss_mb(tmp_path, "ingest", "big.log", "--project", "b", "--json")
    print(f"\npeak RSS: 12 MB file {small_mb:.0f} MB, 120 MB file {big_mb:.0f} MB")
    (deep,) = big["deep"]
    assert (deep["path"], deep["lane"], deep["summary"]) == ("big.log", "super_reader", True)
    assert deep["chunks"] == big["chunks"] > 1
    assert big_mb <= BOUND_MB
    assert big_mb <= small_mb + GROWTH_MB


@pytest.mark.slow  # make test-slow (CI): the 12 MB deep ingest it reads takes about 30 s
def test_the_summary_answers_overview_questions(small):
    folder, report, _ = small
    (deep,) = report["deep"]
    assert (deep["path"], deep["summary"]) == ("service.log", True)
    store = VectorStore(folder / ".cortex", MiniLMEmbeddings(), "o")
    summaries = store._collection.get(where={"kind": "summary"}, include=["documents"])
    (summary,) = summaries["documents"]
    assert summary.startswith("Summary of service.log:")
    top = hybrid_search(store, "Give me an overview summary of service.log", k=3)
    assert any(hit.id.startswith("service.log#summary:") for hit in top)
