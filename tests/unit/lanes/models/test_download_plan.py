from __future__ import annotations

import json

import pytest

from lanes.core.errors import ConfigError
from lanes.models.download import check_disk, plan
from lanes.models.manifest import load_manifest


def test_the_packaged_manifest_has_every_lane_and_the_embeddings():
    entries = load_manifest()
    assert {e.lane for e in entries} == {
        "orchestrator", "coder", "super_reader", "fast_rag", "governance", "embeddings",
    }  # fmt: skip
    assert all(e.size_bytes > 0 for e in entries)


def test_the_specifications_switches_skip_models(tmp_path):
    env = {"ARGOS_DOWNLOAD_SUPER_READER": "false", "ARGOS_DOWNLOAD_VLLM": "no"}
    planned = {p.entry.lane: p for p in plan(load_manifest(), tmp_path, env=env)}
    assert planned["super_reader"].reason == "ARGOS_DOWNLOAD_SUPER_READER=false"
    assert planned["orchestrator"].reason == "ARGOS_DOWNLOAD_VLLM=no"
    assert planned["governance"].status == "missing"
    only = plan(load_manifest(), tmp_path, lanes=["governance"], env={})
    assert [p.entry.lane for p in only if p.status != "skipped"] == ["governance"]


def test_a_gguf_lands_as_a_file_and_a_weights_model_as_a_folder(tmp_path):
    planned = {p.entry.lane: p for p in plan(load_manifest(), tmp_path, env={})}
    assert planned["governance"].path.parent == tmp_path / "gguf"
    assert planned["governance"].path.name.endswith(".gguf")
    assert planned["orchestrator"].path == tmp_path / "vllm" / "qwen3-30b-thinking"


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not valid JSON"), ('{"models": [{"lane": "x"}]}', "models.0.kind"),
     ('{"models": [{"lane": "x", "kind": "tarball", "name": "n", "repo": "a/b", '
      '"files": ["f"], "size_bytes": 1}]}', "models.0.kind")],
)  # fmt: skip
def test_a_bad_manifest_names_the_variable_and_the_problem(tmp_path, text, message):
    path = tmp_path / "manifest.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_manifest(str(path))
    assert "ARGOS_MODELS_MANIFEST" in str(err.value) and message in str(err.value)


def test_the_disk_check_counts_only_what_is_missing(tmp_path):
    entry = {"lane": "governance", "kind": "gguf", "name": "g", "repo": "a/b",
             "files": ["g.gguf"], "size_bytes": 10**18}  # fmt: skip
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"models": [entry]}))
    planned = plan(load_manifest(str(path)), tmp_path, env={})
    with pytest.raises(Exception, match="need 1000000000.0 GB"):
        check_disk(planned, tmp_path)
    planned[0].status = "present"
    check_disk(planned, tmp_path)  # nothing to fetch: nothing to check
