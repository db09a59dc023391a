"""`cortex models download` against a mock of the Hub on loopback (HF_ENDPOINT), offline."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.cli import cortex
from tests.integration.mock_hub import REPOS, TOKEN
from tests.integration.servers import free_port, serve

REPO = Path(__file__).resolve().parents[2]
GOOD = [
    {"lane": "orchestrator", "kind": "vllm", "name": "tiny-vllm", "repo": "org/tiny-vllm",
     "files": ["*.json", "*.safetensors"], "size_bytes": 500_100},
    {"lane": "super_reader", "kind": "gguf", "name": "tiny-gguf", "repo": "org/tiny-gguf",
     "files": ["tiny.Q4_K_M.gguf"], "size_bytes": 400_004},
    {"lane": "embeddings", "kind": "embeddings", "name": "tiny-embed", "repo": "org/tiny-embed",
     "files": ["*.json", "*.safetensors"], "size_bytes": 50_003},
]  # fmt: skip


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "tests.integration.mock_hub:app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("hub") / "hub.log"
    with serve(command, ready_url=f"{url}/_stats", log=log, cwd=REPO, timeout_s=30):
        yield url


def stats(hub: str) -> dict[str, int]:
    return httpx.get(f"{hub}/_stats").json()


def models(tmp_path: Path, hub: str, entries: list[dict], *args: str, **env: str):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"models": entries}))
    done = cortex(
        "models", *args, "--models-dir", str(tmp_path / "models"), cwd=tmp_path,
        ARGOS_MODELS_MANIFEST=str(manifest), HF_ENDPOINT=hub, HF_HUB_OFFLINE="0",
        HF_HOME=str(tmp_path / "hf-home"), **env,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


def summary(done) -> dict[str, dict]:
    return {row["repo"]: row for row in json.loads(done.stdout)}


def test_a_full_download_then_a_second_run_that_fetches_nothing(tmp_path, hub):
    first = models(tmp_path, hub, GOOD, "download", "--json")
    assert first.returncode == 0, first.stderr
    assert {r["status"] for r in summary(first).values()} == {"downloaded"}
    base = tmp_path / "models"
    for name in ("config.json", "model-00001-of-00002.safetensors"):
        assert (base / "vllm/tiny-vllm" / name).read_bytes() == REPOS["org/tiny-vllm"][name]
    assert not (base / "vllm/tiny-vllm/README.md").exists()  # not in the manifest's patterns
    gguf = base / "gguf/tiny.Q4_K_M.gguf"
    assert (
        hashlib.sha256(gguf.read_bytes()).digest()
        == hashlib.sha256(REPOS["org/tiny-gguf"]["tiny.Q4_K_M.gguf"]).digest()
    )
    before = stats(hub)
    second = models(tmp_path, hub, GOOD, "download", "--json")
    assert second.returncode == 0
    assert {r["status"] for r in summary(second).values()} == {"present"}
    assert stats(hub) == before  # not one request
    listed = summary(models(tmp_path, hub, GOOD, "list", "--json"))
    assert (
        listed["org/tiny-gguf"]["path"] == str(gguf)
        and listed["org/tiny-gguf"]["status"] == "present"
    )


@pytest.mark.parametrize(
    ("flag", "kind"), [("--skip-vllm", "vllm"), ("--skip-gguf", "gguf"),
                       ("--skip-embeddings", "embeddings")],
)  # fmt: skip
def test_each_skip_flag_leaves_its_kind_out(tmp_path, hub, flag, kind):
    done = models(tmp_path, hub, GOOD, "download", flag, "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["kind"]: r for r in json.loads(done.stdout)}
    assert rows[kind]["status"] == "skipped"
    assert {r["status"] for k, r in rows.items() if k != kind} == {"downloaded"}
    folder = {"vllm": "vllm/tiny-vllm", "gguf": "gguf", "embeddings": "embeddings/tiny-embed"}
    assert not (tmp_path / "models" / folder[kind]).exists()


def test_the_dry_run_lists_only_what_would_be_fetched_with_sizes(tmp_path, hub):
    done = models(tmp_path, hub, GOOD, "download", "--dry-run", "--skip-vllm", "--json")
    rows = json.loads(done.stdout)
    assert [(r["kind"], r["size_bytes"]) for r in rows] == [
        ("gguf", 400_004),
        ("embeddings", 50_003),
    ]
    assert not (tmp_path / "models").exists()


def test_a_download_cut_half_way_resumes_from_what_arrived(tmp_path, hub):
    entry = {"lane": "governance", "kind": "gguf", "name": "dropper", "repo": "org/dropper",
             "files": ["big.Q4_K_M.gguf"], "size_bytes": 24_000_004}  # fmt: skip
    ranges = stats(hub).get("ranges", 0)
    done = models(tmp_path, hub, [entry], "download", "--json")
    assert done.returncode == 0, done.stderr
    assert summary(done)["org/dropper"]["status"] == "downloaded"
    assert stats(hub)["ranges"] > ranges  # the second attempt asked for the rest only
    got = (tmp_path / "models/gguf/big.Q4_K_M.gguf").read_bytes()
    assert got == REPOS["org/dropper"]["big.Q4_K_M.gguf"]


def test_a_hash_mismatch_fails_that_model_and_removes_the_file(tmp_path, hub):
    entry = {"lane": "governance", "kind": "gguf", "name": "bad", "repo": "org/bad-hash",
             "files": ["bad.Q4_K_M.gguf"], "size_bytes": 10_004}  # fmt: skip
    done = models(tmp_path, hub, [entry, GOOD[1]], "download", "--json")
    assert done.returncode == 1
    rows = summary(done)
    assert rows["org/bad-hash"]["status"] == "failed"
    assert "sha256 mismatch" in rows["org/bad-hash"]["reason"]
    assert rows["org/tiny-gguf"]["status"] == "downloaded"  # the others still land
    assert not (tmp_path / "models/gguf/bad.Q4_K_M.gguf").exists()


def test_a_gated_repository_needs_hf_token_which_never_shows(tmp_path, hub):
    entry = {"lane": "governance", "kind": "gguf", "name": "gated", "repo": "org/gated",
             "files": ["gated.Q4_K_M.gguf"], "size_bytes": 10_004}  # fmt: skip
    refused = models(tmp_path, hub, [entry], "download", "--json")
    assert refused.returncode == 1
    reason = summary(refused)["org/gated"]["reason"]
    assert "gated or private: set HF_TOKEN" in reason
    table = models(tmp_path, hub, [entry], "download")
    assert "HF_TOKEN" in table.stdout and table.returncode == 1
    allowed = models(tmp_path, hub, [entry], "download", "--json", HF_TOKEN=TOKEN)
    assert allowed.returncode == 0 and summary(allowed)["org/gated"]["status"] == "downloaded"
    assert TOKEN not in allowed.stdout + allowed.stderr


def test_too_little_disk_space_stops_before_any_download(tmp_path, hub):
    huge = {**GOOD[1], "size_bytes": 10**18}
    before = stats(hub)
    done = models(tmp_path, hub, [huge], "download")
    assert done.returncode != 0
    assert "need 1000000000.0 GB" in done.stderr and "free" in done.stderr
    assert stats(hub) == before
