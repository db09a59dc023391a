"""Bad settings stop start-up with one message naming the variable, the value and the fix."""

from __future__ import annotations

import pytest

from lanes.core.errors import ConfigError


@pytest.mark.parametrize(
    ("env", "variable", "hint"),
    [
        ({"ARGOS_LLM_DEFAULT_LANE": "nope"}, "ARGOS_LLM_DEFAULT_LANE", "orchestrator, coder"),
        ({"ARGOS_DATA_DIR": " "}, "ARGOS_DATA_DIR", "name a folder"),
        ({"ARGOS_MODELS_DIR": "  "}, "ARGOS_MODELS_DIR", "name a folder"),
        ({"ARGOS_LANE_CODER_URL": "localhost:8000"}, "ARGOS_LANE_CODER_URL", "http(s) URL"),
        ({"ARGOS_LANE_CODER_URL": "http://"}, "ARGOS_LANE_CODER_URL", "http(s) URL"),
        ({"ARGOS_LANE_CODER_URL": "http://h:99999/v1"}, "ARGOS_LANE_CODER_URL", "http(s) URL"),
        ({"ARGOS_LLM_BASE_URL": "ftp://x/v1"}, "ARGOS_LLM_BASE_URL", "http(s) URL"),
        ({"ARGOS_LANE_CODER_URL": "http://\udcff/"}, "ARGOS_LANE_CODER_URL", "http(s) URL"),
        (
            {"ARGOS_LANE_CODER_URL": "http://x:1/v1", "ARGOS_LANE_CODER_BACKEND": "ollama"},
            "ARGOS_LANE_CODER_BACKEND",
            "openai (aliases: vllm",
        ),
        (
            {"ARGOS_LANE_GOVERNANCE_MODEL_PATH": "/nowhere/granite.gguf"},
            "ARGOS_LANE_GOVERNANCE_MODEL_PATH",
            "no such file",
        ),
        (
            {"ARGOS_LLM_MODEL_PATH": "/nowhere/x.gguf"},
            "ARGOS_LLM_MODEL_PATH",
            "no such file",
        ),
        ({"ARGOS_LLM_MODEL_PATH": "/tmp"}, "ARGOS_LLM_MODEL_PATH", "a folder, not a file"),
        (
            {"ARGOS_LANE_FAST_RAG_BACKEND": "vllm", "ARGOS_LANE_FAST_RAG_MODEL_PATH": "/m.gguf"},
            "ARGOS_LANE_FAST_RAG_BACKEND",
            "needs a URL",
        ),
        (
            {"ARGOS_LANE_CODER_CONTEXT_WINDOW": "lots"},
            "ARGOS_LANE_CODER_CONTEXT_WINDOW",
            "integer",
        ),
        (
            {"ARGOS_LANE_CODER_CONTEXT_WINDOW": "-1"},
            "ARGOS_LANE_CODER_CONTEXT_WINDOW",
            "greater than or equal to 512",
        ),
        (
            {"ARGOS_LANE_CODER_CONTEXT_WINDOW": "2000000000"},
            "ARGOS_LANE_CODER_CONTEXT_WINDOW",
            "less than or equal to 10485760",
        ),
        (
            {"ARGOS_LANE_CODER_URL": "http://h:8000/v1", "ARGOS_LANE_CODER_MAX_TOKENS": "9000"},
            "ARGOS_LANE_CODER_MAX_TOKENS",
            "below the lane's context window (8192)",
        ),
        ({"ARGOS_LANE_CODER_TIMEOUT": "1e9"}, "ARGOS_LANE_CODER_TIMEOUT", "less than"),
        ({"ARGOS_LANE_CODER_MAX_PARALLEL": "1000000"}, "ARGOS_LANE_CODER_MAX_PARALLEL", "less"),
        ({"ARGOS_DEEP_SUMMARY_SECTIONS": "100000"}, "ARGOS_DEEP_SUMMARY_SECTIONS", "less than"),
        ({"ARGOS_LANE_CODER_TEMPERATURE": "5"}, "ARGOS_LANE_CODER_TEMPERATURE", "less than"),
        (
            {"ARGOS_LANE_GOVERNANCE_FALLBACK": "coder,reviewer"},
            "ARGOS_LANE_GOVERNANCE_FALLBACK",
            "super_reader",
        ),
    ],
)
def test_bad_values_name_variable_value_and_fix(table_from_env, env, variable, hint):
    with pytest.raises(ConfigError) as err:
        table_from_env(**env)
    message = str(err.value)
    assert err.value.variable == variable
    assert message.startswith(f"{variable}=")
    assert repr(env[variable]) in message
    assert hint in message
    assert "\n" not in message


def test_default_lane_is_case_and_dash_insensitive(table_from_env):
    assert table_from_env(ARGOS_LLM_DEFAULT_LANE="Fast-RAG").default_lane.value == "fast_rag"


def test_a_model_path_that_is_not_a_gguf_file_is_refused_at_start_up(table_from_env, tmp_path):
    csv = tmp_path / "tickets.csv"
    csv.write_text("id,title\nCORE-1,x\n")
    with pytest.raises(ConfigError, match="not a GGUF model file") as err:
        table_from_env(ARGOS_LANE_CODER_MODEL_PATH=str(csv))
    assert err.value.variable == "ARGOS_LANE_CODER_MODEL_PATH"
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF" + bytes(16))
    assert table_from_env(ARGOS_LANE_CODER_MODEL_PATH=str(gguf))
