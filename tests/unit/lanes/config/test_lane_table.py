from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lanes.config.lane_table import resolve_lane
from lanes.config.resolved_lane import ConfigSource
from lanes.core.backend import Backend
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane
from lanes.models.embedded import EMBEDDED_MODEL
from nodes.defaults import default_gateway

OTHERS = [lane for lane in Lane if lane is not Lane.CODER]


def test_nothing_set_every_lane_runs_the_embedded_model(table_from_env):
    table = table_from_env()
    for lane in Lane:
        r = table[lane]
        assert r.source is ConfigSource.EMBEDDED
        assert r.backend is Backend.LLAMA_CPP
        assert r.in_process and r.base_url is None
        assert r.model == EMBEDDED_MODEL
        assert r.model_path is not None and r.model_path.name.endswith(".gguf")
    assert table[Lane.ORCHESTRATOR].fallback_chain == ()
    assert table[Lane.CODER].fallback_chain == (Lane.ORCHESTRATOR,)
    # Every embedded lane shares one model file, so one Llama serves them all.
    assert len({table[lane].model_path for lane in Lane}) == 1


def test_lane_url_means_openai_over_http_and_the_rest_stay_embedded(table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_URL="http://127.0.0.1:9/v1")
    coder = table[Lane.CODER]
    assert (coder.backend, coder.base_url, coder.source) == (
        Backend.OPENAI,
        "http://127.0.0.1:9/v1",
        ConfigSource.LANE,
    )
    assert not coder.in_process
    assert all(table[lane].source is ConfigSource.EMBEDDED for lane in OTHERS)


def test_url_without_path_gets_v1(table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_URL="http://gpu-box:8000/")
    assert table[Lane.CODER].base_url == "http://gpu-box:8000/v1"


def test_unconfigured_lanes_use_the_default_lane_and_inherit_its_limits(table_from_env):
    table = table_from_env(
        ARGOS_LLM_DEFAULT_LANE="orchestrator",
        ARGOS_LANE_ORCHESTRATOR_URL="http://vllm:8000/v1",
        ARGOS_LANE_ORCHESTRATOR_MODEL="Qwen3-30B",
        ARGOS_LANE_ORCHESTRATOR_CONTEXT_WINDOW="262144",
        ARGOS_LANE_FAST_RAG_CONTEXT_WINDOW="32768",
    )
    coder = table[Lane.CODER]
    assert coder.source is ConfigSource.DEFAULT_LANE
    assert coder.source_lane is Lane.ORCHESTRATOR
    assert (coder.base_url, coder.model, coder.context_window) == (
        "http://vllm:8000/v1",
        "Qwen3-30B",
        262144,
    )
    # A lane's own value beats the inherited one.
    assert table[Lane.FAST_RAG].context_window == 32768


def test_another_default_lane_becomes_everyones_fallback(table_from_env):
    table = table_from_env(
        ARGOS_LLM_DEFAULT_LANE="coder", ARGOS_LANE_CODER_URL="http://coder:8000/v1"
    )
    assert table.default_lane is Lane.CODER
    assert table[Lane.GOVERNANCE].source_lane is Lane.CODER
    assert table[Lane.GOVERNANCE].fallback_chain == (Lane.CODER,)
    assert table[Lane.CODER].fallback_chain == ()


def test_default_lane_unconfigured_falls_through_to_global_then_embedded(table_from_env):
    table = table_from_env(ARGOS_LLM_BASE_URL="http://llm:8000/v1", ARGOS_LLM_MODEL="big")
    for lane in Lane:
        assert table[lane].source is ConfigSource.GLOBAL
        assert (table[lane].base_url, table[lane].model) == ("http://llm:8000/v1", "big")


def test_a_lane_can_name_its_own_model_on_an_inherited_endpoint(table_from_env):
    table = table_from_env(
        ARGOS_LLM_BASE_URL="http://vllm:8000/v1",
        ARGOS_LLM_MODEL="Qwen3-30B",
        ARGOS_LANE_CODER_MODEL="Qwen3-Coder-30B",
    )
    assert table[Lane.CODER].model == "Qwen3-Coder-30B"
    assert table[Lane.CODER].base_url == "http://vllm:8000/v1"
    assert table[Lane.FAST_RAG].model == "Qwen3-30B"


def test_a_model_name_with_no_endpoint_anywhere_is_an_error(table_from_env):
    with pytest.raises(ConfigError) as err:
        table_from_env(ARGOS_LANE_CODER_MODEL="Qwen3-Coder")
    assert err.value.variable == "ARGOS_LANE_CODER_MODEL"
    assert "ARGOS_LANE_CODER_URL" in str(err.value)


def test_model_path_alone_means_in_process(table_from_env, tmp_path: Path):
    gguf = tmp_path / "granite.gguf"
    gguf.write_bytes(b"GGUF")
    table = table_from_env(ARGOS_LANE_GOVERNANCE_MODEL_PATH=str(gguf))
    gov = table[Lane.GOVERNANCE]
    assert (gov.backend, gov.base_url, gov.model_path, gov.model) == (
        Backend.LLAMA_CPP,
        None,
        gguf,
        "granite",
    )
    assert gov.max_parallel == 1


def test_url_and_model_path_means_http_and_the_path_is_the_servers(table_from_env):
    table = table_from_env(
        ARGOS_LANE_SUPER_READER_URL="http://localhost:8080/v1",
        ARGOS_LANE_SUPER_READER_MODEL_PATH="/models/nemotron-4m.gguf",
        ARGOS_LANE_SUPER_READER_BACKEND="llama_cpp",
    )
    reader = table[Lane.SUPER_READER]
    assert reader.backend is Backend.LLAMA_CPP and not reader.in_process
    assert reader.model_path == Path("/models/nemotron-4m.gguf")


@pytest.mark.parametrize(
    ("alias", "backend"),
    [
        ("vllm", Backend.OPENAI),
        ("VLLM", Backend.OPENAI),
        ("tgi", Backend.OPENAI),
        ("openai", Backend.OPENAI),
        ("llama.cpp", Backend.LLAMA_CPP),
        ("llama-cpp", Backend.LLAMA_CPP),
    ],
)
def test_backend_aliases(table_from_env, alias, backend):
    table = table_from_env(ARGOS_LANE_CODER_URL="http://x:1/v1", ARGOS_LANE_CODER_BACKEND=alias)
    assert table[Lane.CODER].backend is backend


def test_no_port_number_guessing(table_from_env):
    # The seeds' old code called anything on :8080 llama.cpp; a URL is openai unless told.
    table = table_from_env(ARGOS_LANE_GOVERNANCE_URL="http://localhost:8080/v1")
    assert table[Lane.GOVERNANCE].backend is Backend.OPENAI


def test_knob_defaults(table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_URL="http://x:1/v1")
    coder = table[Lane.CODER]
    # vLLM batches hundreds of sequences: the default lets 64 users in at once.
    assert (coder.timeout_s, coder.max_parallel, coder.supports_tools) == (120.0, 256, True)
    assert coder.max_queue == 1024
    assert table[Lane.GOVERNANCE].temperature == 0.0
    assert table[Lane.FAST_RAG].temperature == 0.0  # answers repeat their sources
    assert table[Lane.ORCHESTRATOR].supports_tools is False  # the embedded model cannot


def test_lane_knobs_are_read(table_from_env):
    table = table_from_env(
        ARGOS_LANE_CODER_URL="http://x:1/v1",
        ARGOS_LANE_CODER_TIMEOUT="7.5",
        ARGOS_LANE_CODER_MAX_PARALLEL="16",
        ARGOS_LANE_CODER_TEMPERATURE="0.9",
        ARGOS_LANE_CODER_MAX_TOKENS="2000",
        ARGOS_LANE_CODER_SUPPORTS_TOOLS="false",
    )
    coder = table[Lane.CODER]
    assert (
        coder.timeout_s,
        coder.max_parallel,
        coder.temperature,
        coder.max_tokens,
        coder.supports_tools,
    ) == (7.5, 16, 0.9, 2000, False)


def test_dotenv_is_read_and_the_environment_wins(table_from_env):
    Path(".env").write_text(
        "ARGOS_LANE_CODER_URL=http://from-dotenv:1/v1\nARGOS_LANE_FAST_RAG_URL=http://rag:2/v1\n"
    )
    table = table_from_env(ARGOS_LANE_CODER_URL="http://from-env:1/v1")
    assert table[Lane.CODER].base_url == "http://from-env:1/v1"
    assert table[Lane.FAST_RAG].base_url == "http://rag:2/v1"


def test_api_key_is_never_shown(table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_URL="http://x:1/v1", ARGOS_LLM_API_KEY="sk-secret-1")
    coder = table[Lane.CODER]
    assert coder.api_key is not None and coder.api_key.get_secret_value() == "sk-secret-1"
    assert "sk-secret-1" not in repr(coder)
    assert "sk-secret-1" not in str(coder.to_dict())


def test_each_fallback_is_logged_once_with_lane_and_target(table_from_env, caplog):
    caplog.set_level(logging.INFO, logger="lanes")
    table_from_env(ARGOS_LANE_ORCHESTRATOR_URL="http://vllm:8000/v1")
    lines = [r.getMessage() for r in caplog.records if r.name == "lanes.config.lane_table"]
    assert len(lines) == 4  # every lane but the configured one
    coder = [line for line in lines if line.startswith("lane coder ")]
    assert len(coder) == 1 and "default lane orchestrator" in coder[0]
    caplog.clear()
    default_gateway()
    default_gateway()
    assert sum(r.name == "lanes.config.lane_table" for r in caplog.records) == 4


def test_resolve_lane_by_name_and_unknown_name(table_from_env):
    table = table_from_env()
    assert resolve_lane("fast-rag", table).lane is Lane.FAST_RAG
    with pytest.raises(ConfigError, match="orchestrator, coder, super_reader"):
        resolve_lane("reviewer", table)


def test_a_llama_cpp_server_gets_fewer_slots_and_in_process_one(table_from_env):
    table = table_from_env(
        ARGOS_LANE_CODER_URL="http://x:1/v1", ARGOS_LANE_CODER_BACKEND="llama_cpp"
    )
    assert table[Lane.CODER].max_parallel == 16
    assert table[Lane.GOVERNANCE].max_parallel == 1  # the embedded model, in-process
    assert table[Lane.GOVERNANCE].max_queue == 16
    # one slot taken in turns: a plan's second step waits out the first one's generation
    assert table[Lane.GOVERNANCE].queue_timeout_s == 600.0
    assert table[Lane.CODER].queue_timeout_s == 30.0


def test_lanes_on_one_server_share_its_limits(table_from_env):
    table = table_from_env(
        ARGOS_LLM_BASE_URL="http://box:8000/v1",
        ARGOS_LANE_FAST_RAG_MAX_PARALLEL="12",
        ARGOS_LANE_CODER_QUEUE_TIMEOUT="5",
    )
    assert {table[lane].max_parallel for lane in Lane} == {12}
    assert {table[lane].queue_timeout_s for lane in Lane} == {5.0}


def test_two_limits_for_one_server_name_both_variables(table_from_env):
    with pytest.raises(ConfigError) as err:
        table_from_env(
            ARGOS_LLM_BASE_URL="http://box:8000/v1",
            ARGOS_LANE_CODER_MAX_PARALLEL="8",
            ARGOS_LANE_GOVERNANCE_MAX_PARALLEL="32",
        )
    message = str(err.value)
    assert "ARGOS_LANE_CODER_MAX_PARALLEL" in message
    assert "ARGOS_LANE_GOVERNANCE_MAX_PARALLEL" in message
    assert "http://box:8000/v1" in message
