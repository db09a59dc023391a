from __future__ import annotations

import pytest
from langchain_openai import OpenAIEmbeddings

from lanes.config.settings import load_settings
from lanes.core.errors import ConfigError
from stores.embeddings import MiniLMEmbeddings, build_embeddings


def test_default_embeddings_are_the_embedded_minilm():
    assert isinstance(build_embeddings(load_settings().global_), MiniLMEmbeddings)


def test_an_embeddings_url_replaces_minilm(monkeypatch):
    monkeypatch.setenv("ARGOS_EMBEDDINGS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("ARGOS_EMBEDDINGS_MODEL", "bge-small")
    embeddings = build_embeddings(load_settings().global_)
    assert isinstance(embeddings, OpenAIEmbeddings)
    assert (embeddings.openai_api_base, embeddings.model) == ("http://127.0.0.1:9/v1", "bge-small")


def test_a_bad_embeddings_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("ARGOS_EMBEDDINGS_URL", "not a url")
    with pytest.raises(ConfigError, match="ARGOS_EMBEDDINGS_URL"):
        build_embeddings(load_settings().global_)
