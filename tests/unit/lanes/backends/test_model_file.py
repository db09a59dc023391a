"""An in-process lane's model file is made ready by whoever loads it first."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage

from lanes.backends import model_file
from lanes.calls.precheck import prompt_tokens
from lanes.core.lane import Lane


@pytest.fixture
def assembled(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record assembly of the embedded model instead of joining 491 MB."""
    calls: list[Path] = []

    def ensure(path: Path) -> Path:
        calls.append(path)
        return path

    monkeypatch.setattr(model_file, "ensure_embedded_model", ensure)
    return calls


def test_the_embedded_model_is_assembled_before_its_file_is_used(table_from_env, assembled):
    resolved = table_from_env()[Lane.FAST_RAG]
    assert model_file.local_model_file(resolved) == resolved.model_path
    assert assembled == [resolved.model_path]


def test_a_model_file_of_the_teams_own_is_used_as_it_is(table_from_env, assembled, tmp_path):
    gguf = tmp_path / "team.gguf"
    gguf.write_bytes(b"GGUF")
    resolved = table_from_env(ARGOS_LLM_MODEL_PATH=str(gguf))[Lane.FAST_RAG]
    assert model_file.local_model_file(resolved) == gguf
    assert assembled == []


def test_counting_a_prompt_on_a_fresh_machine_assembles_the_model_first(table_from_env, assembled):
    # Before, the pre-call token count loaded the embedded path as it stood and failed
    # with "Model path does not exist" when nothing had assembled the model yet.
    resolved = table_from_env()[Lane.FAST_RAG]

    class Counting:
        def get(self, path: Path, n_ctx: int):
            assert assembled == [path]  # assembled before it is loaded

            class Shared:
                class llama:  # noqa: N801 - stands in for llama_cpp.Llama
                    @staticmethod
                    def tokenize(data: bytes, add_bos: bool) -> list[int]:
                        return list(range(7))

            return Shared

    assert prompt_tokens(resolved, [HumanMessage("hello")], Counting()) == 7  # type: ignore[arg-type]
