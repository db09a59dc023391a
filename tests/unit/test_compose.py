"""compose/: the deployment files parse and wire every lane to the intended backend."""

from __future__ import annotations

from pathlib import Path

import yaml

from lanes import Backend, Lane

COMPOSE = Path(__file__).resolve().parents[2] / "compose"


def test_two_backends_with_memory_limits_health_checks_and_mounted_models():
    services = yaml.safe_load((COMPOSE / "docker-compose.yml").read_text())["services"]
    assert set(services) == {"inference-vllm", "inference-llamacpp"}
    for service in services.values():
        assert service["deploy"]["resources"]["limits"]["memory"] in ("48g", "64g")
        assert service["healthcheck"]["test"]
        assert any(v.endswith(":/models:ro") for v in service["volumes"])


def test_the_example_env_puts_each_lane_on_its_backend(monkeypatch, table_from_env):
    env = {}
    for line in (COMPOSE / "cortex.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    table = table_from_env(**env)
    for lane in (Lane.ORCHESTRATOR, Lane.CODER, Lane.FAST_RAG):
        assert (table[lane].backend, table[lane].base_url) == (
            Backend.OPENAI,
            "http://localhost:8000/v1",
        )
    for lane in (Lane.SUPER_READER, Lane.GOVERNANCE):
        assert (table[lane].backend, table[lane].base_url) == (
            Backend.LLAMA_CPP,
            "http://localhost:8080/v1",
        )
    assert table[Lane.SUPER_READER].context_window == 1048576
