"""cortex ingest on real files, into the real embedded Chroma, with real embeddings."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration.cli import CORTEX, cortex


def ingest(cwd: Path, *args: str, **env: str) -> dict:
    done = cortex("ingest", *args, "--json", cwd=cwd, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def chunk_count(cwd: Path, project: str, source: str | None = None) -> int:
    from stores.embeddings import MiniLMEmbeddings
    from stores.vectors import VectorStore

    store = VectorStore(cwd / ".cortex", MiniLMEmbeddings(), project)
    if source is None:
        return store.count()
    return len(store._collection.get(where={"source": source})["ids"])


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "node_modules" / "dep").mkdir(parents=True)
    (root / "src" / "billing.py").write_text(
        "class Invoice:\n    def total(self):\n        return sum(self.lines)\n\n\n"
        + "\n\n".join(f"def rule_{i}(amount):\n    return amount * {i}" for i in range(80))
    )
    (root / "docs" / "guide.md").write_text(
        "# Guide\n\nInvoices are due in 30 days.\n\n## Refunds\n\nRefunds take 5 days.\n"
    )
    (root / "docs" / "page.html").write_text(
        "<html><script>var secret=1;</script><p>Visible text only.</p></html>"
    )
    (root / "notes.log").write_text("ignored by .gitignore\n")
    (root / ".gitignore").write_text("*.log\n")
    (root / "node_modules" / "dep" / "index.js").write_text("module.exports = 1\n")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0binary")
    (root / "loop").symlink_to(root / "loop")
    (root / "outside").symlink_to(tmp_path)
    (root / "dangling").symlink_to(root / "missing.txt")
    (root / os.fsdecode(b"caf\xe9.md")).write_text("A Latin-1 file name.\n")
    return root


def test_ingest_respects_gitignore_and_skips_with_reasons(tree, tmp_path):
    report = ingest(tmp_path, str(tree), "--project", "p")
    assert report["files"] == 4  # billing.py, guide.md, page.html, .gitignore
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    assert skipped == {
        "dangling": "broken symlink",
        "logo.png": "binary file",
        "loop": "symlink loop",
        "outside": "symlink points outside the ingested path",
        "caf\ufffd.md": "its name is not valid UTF-8: rename the file to index it",
    }
    assert set(report) == {"files", "chunks", "skipped", "deep", "seconds"}
    assert report["chunks"] == chunk_count(tmp_path, "p")


def test_code_splits_on_definitions_and_html_keeps_only_text(tree, tmp_path):
    from stores.embeddings import MiniLMEmbeddings
    from stores.sections import split_heading
    from stores.vectors import VectorStore

    ingest(tmp_path, str(tree), "--project", "p")
    got = VectorStore(tmp_path / ".cortex", MiniLMEmbeddings(), "p")._collection.get(
        include=["documents", "metadatas"]
    )
    by_source: dict[str, list[str]] = {}
    for doc, meta in zip(got["documents"], got["metadatas"], strict=True):
        by_source.setdefault(meta["source"], []).append(doc)
    code = [split_heading(c) for c in by_source["src/billing.py"]]
    assert len(code) > 1 and all(head == "§ billing.py" for head, _ in code)
    assert all(body.lstrip().startswith(("class ", "def ")) for _, body in code)
    assert by_source["docs/page.html"] == ["§ page.html\nVisible text only."]
    assert sorted(by_source["docs/guide.md"]) == [
        "§ guide.md > Guide\nInvoices are due in 30 days.",
        "§ guide.md > Guide > Refunds\nRefunds take 5 days.",
    ]


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
def test_reingest_adds_nothing_change_replaces_prune_removes(tree, tmp_path):
    first = ingest(tmp_path, str(tree), "--project", "p")
    again = ingest(tmp_path, str(tree), "--project", "p")
    assert (again["files"], again["chunks"]) == (0, 0)
    assert chunk_count(tmp_path, "p") == first["chunks"]

    old_code = chunk_count(tmp_path, "p", "src/billing.py")
    (tree / "src" / "billing.py").write_text("def only():\n    return 1\n")
    changed = ingest(tmp_path, str(tree), "--project", "p")
    assert (changed["files"], changed["chunks"]) == (1, 1)
    assert chunk_count(tmp_path, "p", "src/billing.py") == 1  # old chunks replaced, not kept
    after_change = first["chunks"] - old_code + 1
    assert chunk_count(tmp_path, "p") == after_change

    (tree / "docs" / "page.html").unlink()
    ingest(tmp_path, str(tree), "--project", "p")
    assert chunk_count(tmp_path, "p") == after_change  # without --prune it stays
    ingest(tmp_path, str(tree), "--project", "p", "--prune")
    assert chunk_count(tmp_path, "p") == after_change - 1
    assert chunk_count(tmp_path, "p", "docs/page.html") == 0


@pytest.mark.slow  # make test-slow (CI)
def test_an_interrupted_ingest_resumes_to_the_same_result(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(150):
        (corpus / f"doc{i:03}.txt").write_text(
            f"Document {i}. " + f"Some prose about topic {i}. " * 30
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGOS_")}
    running = subprocess.Popen(
        [CORTEX, "ingest", str(corpus), "--project", "cut", "--json"], cwd=tmp_path, env=env
    )
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and running.poll() is None
        and not (tmp_path / ".cortex" / "chroma").exists()
    ):
        time.sleep(0.05)
    time.sleep(1.5)
    assert running.poll() is None, "the ingest finished before it could be interrupted"
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=10)
    partial = chunk_count(tmp_path, "cut")
    resumed = ingest(tmp_path, str(corpus), "--project", "cut")
    clean = ingest(tmp_path, str(corpus), "--project", "clean")
    assert 0 < resumed["files"] < 150 or partial == 0
    assert chunk_count(tmp_path, "cut") == chunk_count(tmp_path, "clean") == clean["chunks"]


def test_bad_input_is_a_clear_message_and_nothing_is_written(tree, tmp_path):
    missing = cortex("ingest", str(tmp_path / "nope"), "--project", "bad", cwd=tmp_path)
    assert missing.returncode == 1 and "no such file or directory" in missing.stderr
    binary = cortex("ingest", str(tree / "logo.png"), "--project", "bad", cwd=tmp_path)
    assert binary.returncode == 1 and "logo.png: binary file" in binary.stderr
    loop = cortex("ingest", str(tree / "loop"), "--project", "bad", cwd=tmp_path)
    assert loop.returncode == 1 and "symlink loop" in loop.stderr
    escaping = cortex(
        "ingest", str(tree / "docs" / ".." / ".."), "--project", "bad", cwd=tmp_path,
        ARGOS_INGEST_ROOTS=str(tree),
    )  # fmt: skip
    assert escaping.returncode == 1
    assert "outside ARGOS_INGEST_ROOTS" in escaping.stderr
    for done in (missing, binary, loop, escaping):
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert chunk_count(tmp_path, "bad") == 0


@pytest.mark.slow  # make test-slow (CI): kept out of make test's 12 minutes here
def test_a_deep_file_cut_off_half_way_is_redone_not_skipped(tmp_path):
    from stores.embeddings import MiniLMEmbeddings
    from stores.ingest import ingest_path
    from stores.vectors import VectorStore

    log = tmp_path / "big.log"
    log.write_text("".join(f"line {i}: event {i % 97} happened\n\n" for i in range(2500)))
    store = VectorStore(tmp_path / "data", MiniLMEmbeddings(), "deep")
    full = asyncio.run(ingest_path(log, store, deep_bytes=1 << 14))
    assert full.deep and full.chunks > 0
    ids = sorted(store.file_hashes(str(tmp_path), "big.log"))
    # Simulate a run killed after writing some batches: those carry the partial hash.
    store._collection.update(
        ids=ids[:5],
        metadatas=[
            {"source": "big.log", "root": str(tmp_path), "file_hash": "partial:x", "kind": "chunk"}
        ]
        * 5,
    )
    store.delete_ids(ids[5:])
    again = asyncio.run(ingest_path(log, store, deep_bytes=1 << 14))
    assert again.chunks == full.chunks  # redone, not skipped as unchanged
    assert len(store.file_hashes(str(tmp_path), "big.log")) == full.chunks
    assert not any(
        h.startswith("partial:") for h in store.file_hashes(str(tmp_path), "big.log").values()
    )
    assert (
        asyncio.run(ingest_path(log, store, deep_bytes=1 << 14)).chunks == 0
    )  # now complete: skipped


@pytest.mark.slow  # make test-slow (CI): a repository ingested deep on the embedded model
def test_a_repository_gets_an_overview_and_long_files_go_deep(tmp_path, embedded_gguf):
    repo = tmp_path / "widget"
    (repo / ".git").mkdir(parents=True)
    (repo / "README.md").write_text("# Widget\n\nWidget renders charts for the billing team.\n")
    (repo / "app.py").write_text("def render():\n    return 'chart'\n")
    # About 11,000 estimated tokens: more than the fast lanes' 8,192-token window.
    (repo / "history.txt").write_text(
        "".join(f"Release {i}: fixed chart bug {i}.\n" for i in range(1500))
    )
    # The overview is the embedded model's reading; a 2,048-token window keeps it short.
    reader = {"ARGOS_LANE_SUPER_READER_CONTEXT_WINDOW": "2048",
              "ARGOS_LANE_SUPER_READER_MAX_TOKENS": "128"}  # fmt: skip
    report = ingest(tmp_path, str(repo), "--project", "w", **reader)
    deep = {d["path"]: d for d in report["deep"]}
    assert set(deep) == {".", "history.txt"}
    assert deep["history.txt"]["reason"].endswith("over the fast lanes' 8,192")
    assert (deep["."]["lane"], deep["."]["summary"]) == ("super_reader", True)
    assert chunk_count(tmp_path, "w", ".") == 1  # the overview, stored like a chunk
    again = ingest(tmp_path, str(repo), "--project", "w", "--prune", **reader)
    assert (again["files"], again["chunks"]) == (0, 0)
    assert chunk_count(tmp_path, "w", ".") == 1  # --prune keeps the overview


def test_a_file_chunked_the_old_way_is_chunked_again_not_skipped(tmp_path):
    """An index made before chunks kept their heading paths is redone on the next ingest."""
    from stores.embeddings import MiniLMEmbeddings
    from stores.fingerprints import hash_file
    from stores.ingest import ingest_path
    from stores.vectors import VectorStore

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text("# Guide\n\n## Install\n\nRun make install.\n")
    store = VectorStore(tmp_path / "data", MiniLMEmbeddings(), "p")
    store.replace_file(  # as the earlier ingest wrote it: flat text, the bare file hash
        str(docs), "guide.md", hash_file(docs / "guide.md"), ["guide.md#0:old"], ["flat chunk"]
    )
    report = asyncio.run(ingest_path(docs, store))
    assert report.files == 1
    texts = store._collection.get(include=["documents"])["documents"]
    assert texts == ["§ guide.md > Guide > Install\nRun make install."]
    assert asyncio.run(ingest_path(docs, store)).files == 0  # and then it is up to date


def test_a_file_gone_between_the_walk_and_its_read_is_skipped_and_the_rest_ingested(
    tmp_path, monkeypatch
):
    import stores.ingest as ingest_module
    from stores.embeddings import MiniLMEmbeddings
    from stores.vectors import VectorStore
    from stores.walk import Found

    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.md", "b.md"):
        (folder / name).write_text(f"# {name}\n\nThe {name} notes say the export runs nightly.\n")
    gone = folder / "gone.md"  # listed by the walk, deleted before it is read

    def walk(root: Path):
        yield Found(root / "a.md", "a.md")
        yield Found(gone, "gone.md")
        yield Found(root / "b.md", "b.md")

    monkeypatch.setattr(ingest_module, "walk", walk)
    store = VectorStore(tmp_path / ".cortex", MiniLMEmbeddings(), "gone")
    report = asyncio.run(ingest_module.ingest_path(folder, store))
    assert report.files == 2 and store.count() >= 2
    assert report.skipped == [
        {
            "path": "gone.md",
            "reason": "gone before it was read (deleted or moved during the ingest)",
        }
    ]
