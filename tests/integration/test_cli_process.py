"""The ``cortex`` console script as a user runs it (the issue's "done when" checks)."""

from __future__ import annotations

import json

from tests.integration.cli import cortex


def test_lanes_json_with_only_a_coder_url():
    done = cortex("lanes", "--json", ARGOS_LANE_CODER_URL="http://127.0.0.1:9/v1")
    assert done.returncode == 0, done.stderr
    rows = {row["lane"]: row for row in json.loads(done.stdout)}
    assert rows["coder"]["backend"] == "openai"
    assert {rows[n]["backend"] for n in rows if n != "coder"} == {"llama_cpp"}
    assert {rows[n]["model"] for n in rows if n != "coder"} == {
        "qwen2.5-coder-0.5b-instruct-q4_k_m"
    }


def test_unknown_default_lane_exits_non_zero_with_one_line():
    done = cortex("lanes", ARGOS_LLM_DEFAULT_LANE="nope")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "ARGOS_LLM_DEFAULT_LANE" in line and "'nope'" in line


def test_a_missing_model_file_exits_non_zero_with_one_line():
    done = cortex("ping", ARGOS_LANE_CODER_MODEL_PATH="/models/missing.gguf")
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert "ARGOS_LANE_CODER_MODEL_PATH='/models/missing.gguf'" in line
