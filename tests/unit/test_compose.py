"""compose/: the stack's files parse, and hold together with the product and the manifest.

There is no Docker engine here: `docker compose -f ... config` would be the better
check of the merged files; these tests parse the YAML and check what the product
relies on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from lanes.core.backend import Backend
from lanes.core.lane import Lane
from lanes.models.manifest import load_manifest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose"
INFERENCE = ("vllm", "llamacpp-reader", "llamacpp-rag", "llamacpp-governance")
OPERATIONS = ("prometheus", "grafana")
DASHBOARD = COMPOSE / "grafana" / "dashboards" / "cortex-lanes.json"


RESET = object()  # compose's `!reset` tag: the override removes the base file's value


class ComposeLoader(yaml.SafeLoader):
    """YAML as compose reads it: ``!reset`` is a value, not an unknown tag."""


ComposeLoader.add_constructor("!reset", lambda loader, node: RESET)


def document(name: str = "docker-compose.yml") -> dict[str, Any]:
    return yaml.load((COMPOSE / name).read_text(), Loader=ComposeLoader)  # noqa: S506


def services(name: str = "docker-compose.yml") -> dict[str, Any]:
    return document(name)["services"]


def example_env() -> dict[str, str]:
    env = {}
    for line in (COMPOSE / "cortex.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    return env


def merged(override: str = "docker-compose.strix.yml") -> dict[str, Any]:
    """The base file with an override laid over it, as compose merges maps."""

    def merge(a: Any, b: Any) -> Any:
        if isinstance(a, dict) and isinstance(b, dict):
            both = {k: merge(a.get(k), b[k]) if k in a else b[k] for k in b} | {
                k: v for k, v in a.items() if k not in b
            }
            return {k: v for k, v in both.items() if v is not RESET}
        return b

    return merge(services(), services(override))


def gigabytes(value: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([gm])", value).groups()
    return float(number) / (1024 if unit == "m" else 1)


def test_the_whole_stack_is_there_and_every_service_has_a_health_check():
    base = services()
    assert set(base) == {"langgraph-api", "postgres", "redis", "chroma", *INFERENCE, *OPERATIONS}
    for name, service in base.items():
        assert service["healthcheck"]["test"], name
    for name in INFERENCE:
        assert any(v.endswith(":/models:ro") for v in base[name]["volumes"]), name


def test_the_server_waits_only_for_what_it_cannot_run_without():
    api = services()["langgraph-api"]
    assert set(api["depends_on"]) == {"postgres", "redis"}  # a model server down: fallback
    assert all(d["condition"] == "service_healthy" for d in api["depends_on"].values())


def test_the_open_engine_is_the_default_and_the_licensed_image_an_override():
    api = services()["langgraph-api"]
    assert api["command"][:2] == ["cortex", "serve"] and "--workers" in api["command"]
    assert {"ARGOS_DATABASE_URL", "ARGOS_REDIS_URL"} <= set(api["environment"])
    assert "LANGGRAPH_CLOUD_LICENSE_KEY" not in str(api)
    platform = merged("docker-compose.platform.yml")["langgraph-api"]
    assert "command" not in platform  # the licensed image's own entry point
    assert {"DATABASE_URI", "REDIS_URI", "LANGGRAPH_CLOUD_LICENSE_KEY"} <= set(
        platform["environment"]
    )
    # Both point at the same database: one board whichever server runs.
    same = urlsplit(platform["environment"]["DATABASE_URI"])
    ours = urlsplit(platform["environment"]["ARGOS_DATABASE_URL"])
    assert (same.hostname, same.path) == (ours.hostname, ours.path)
    dockerfile = (COMPOSE / "Dockerfile").read_text()
    assert "aegra-api==0.11.0" in dockerfile and '"cortex", "serve"' in dockerfile


@pytest.mark.parametrize(
    "name", ["docker-compose.yml", "docker-compose.strix.yml", "docker-compose.platform.yml"]
)
def test_every_image_is_pinned(name):
    for service_name, service in services(name).items():
        image = service.get("image")
        if image is None:
            continue
        image = re.sub(r"\$\{\w+:-([^}]+)\}", r"\1", image)  # the default of ${VAR:-image}
        _, _, tag = image.rpartition(":")
        assert tag and "/" not in tag, f"{service_name}: {image} has no tag"
        assert tag != "latest" and re.search(r"\d", tag), f"{service_name}: {image} floats"


def test_llama_cpp_flags_are_valid_for_the_pinned_build():
    for name in ("llamacpp-reader", "llamacpp-rag", "llamacpp-governance"):
        command = services()[name]["command"]
        # Since mid-2025 (b9014 here) --flash-attn takes a value: a bare one swallowed
        # the next flag (--host=0.0.0.0) as its value and the server exited.
        assert "--flash-attn" not in command, name
        flash = [c for c in command if c.startswith("--flash-attn")]
        assert flash and all(c.split("=", 1)[1] in ("on", "off", "auto") for c in flash), name
        assert all(c.startswith("--") for c in command), f"{name}: a bare value in {command}"
        image = services()[name]["image"]
        assert int(re.search(r"-b(\d+)$", image).group(1)) >= 6400, image


def test_model_servers_are_reachable_only_by_the_server_and_only_with_the_key():
    doc = document()
    assert doc["networks"]["models"]["internal"] is True
    base = services()
    api_env = base["langgraph-api"]["environment"]
    for name in INFERENCE:
        assert base[name]["networks"] == ["models"], name  # from x-model-server
        assert "ports" not in base[name], f"{name} is published"
        key = [c for c in base[name]["command"] if c.startswith("--api-key=")]
        assert key == ["--api-key=${MODEL_API_KEY:?set MODEL_API_KEY}"], name
    assert "models" in base["langgraph-api"]["networks"]
    for lane in Lane:
        assert api_env[f"{lane.env_prefix}API_KEY"] == "${MODEL_API_KEY:?set MODEL_API_KEY}"


def test_no_secret_has_a_default_and_nothing_but_the_api_chroma_and_grafana_is_published():
    for name in ("docker-compose.yml", "docker-compose.platform.yml"):
        text = (COMPOSE / name).read_text()
        for variable in re.findall(r"\$\{(\w*(?:PASSWORD|KEY|TOKEN)\w*)([:?-][^}]*)\}", text):
            assert variable[1].startswith(":?"), f"{name}: {variable[0]} has a default"
    published = {n: s["ports"] for n, s in services().items() if "ports" in s}
    assert set(published) == {"langgraph-api", "chroma", "grafana"}
    assert all(p.startswith("127.0.0.1:") for p in published["chroma"] + published["grafana"])


def test_chroma_is_reachable_from_the_host_where_ingest_runs():
    (port,) = services()["chroma"]["ports"]
    host_port = port.split(":")[1]
    assert f"http://localhost:{host_port}" in (COMPOSE / "cortex.env.example").read_text()


def test_vllm_reserves_the_gpu_on_nvidia_and_the_strix_override_does_not():
    devices = services()["vllm"]["deploy"]["resources"]["reservations"]["devices"]
    assert devices == [{"driver": "nvidia", "count": "all", "capabilities": ["gpu"]}]
    strix = merged()["vllm"]["deploy"]["resources"]["reservations"]
    assert "devices" not in strix and strix["memory"] == "44g"


def test_the_thinking_model_keeps_its_reasoning_out_of_answers():
    # Qwen3 thinking on vLLM: without a reasoning parser its <think> text is the reply.
    for stack in (services(), merged()):
        command = stack["vllm"]["command"]
        assert "thinking" in " ".join(command) and "--reasoning-parser=qwen3" in command


def test_the_strix_override_stays_within_128_gb_with_the_specified_partition():
    stack = merged()
    limits = {n: gigabytes(s["deploy"]["resources"]["limits"]["memory"]) for n, s in stack.items()}
    assert set(limits) == set(stack)  # every service is bounded on the shared memory
    assert limits["vllm"] == 48
    assert sum(limits[n] for n in INFERENCE if n.startswith("llamacpp")) <= 64
    assert sum(limits.values()) <= 128
    for name in INFERENCE:
        assert {"/dev/kfd", "/dev/dri"} <= set(stack[name]["devices"]), name


def _served(service: dict[str, Any]) -> tuple[set[str], int]:
    """The model names a backend answers to, and the port it listens on inside."""
    command = service["command"]
    if "--served-model-name" in command:
        at = command.index("--served-model-name") + 1
        names = {c for c in command[at:] if not c.startswith("--")}
        return names, 8000
    alias = next(c.split("=", 1)[1] for c in command if c.startswith("--alias="))
    port = int(next(c.split("=", 1)[1] for c in command if c.startswith("--port=")))
    return {alias}, port


def test_every_lane_url_names_a_service_that_serves_its_model():
    env, base = example_env(), services()
    for lane in Lane:
        url = urlsplit(env[f"{lane.env_prefix}URL"])
        assert url.hostname in base, f"{lane}: {url.hostname} is not a service"
        names, port = _served(base[url.hostname])
        assert url.port == port, lane
        assert env[f"{lane.env_prefix}MODEL"] in names, f"{lane}: no server serves that name"


def test_the_example_env_resolves_each_lane_to_its_backend(table_from_env):
    table = table_from_env(**example_env())
    for lane in (Lane.ORCHESTRATOR, Lane.CODER):
        assert table[lane].backend is Backend.OPENAI
    for lane in (Lane.SUPER_READER, Lane.FAST_RAG, Lane.GOVERNANCE):
        assert table[lane].backend is Backend.LLAMA_CPP
    assert table[Lane.SUPER_READER].context_window == 1048576


def test_the_files_compose_mounts_are_the_ones_the_manifest_downloads():
    manifest = {m.lane: m for m in load_manifest()}
    commands = " ".join(" ".join(s["command"]) for s in services().values() if "command" in s)
    for lane in ("super_reader", "fast_rag", "governance"):
        (gguf,) = manifest[lane].files
        assert f"/models/gguf/{gguf}" in commands, lane
    assert f"/models/vllm/{manifest['orchestrator'].name}" in commands


@pytest.mark.parametrize("name", ["docker-compose.yml", "docker-compose.strix.yml",
                                  "docker-compose.platform.yml", "cortex.env.example"])  # fmt: skip
def test_every_argos_variable_used_is_documented(name):
    documented = (ROOT / "README.md").read_text() + (ROOT / "docs/quick-reference.md").read_text()
    used = set(re.findall(r"ARGOS_[A-Z_]+", (COMPOSE / name).read_text()))
    for variable in used:
        lane = next((lane for lane in Lane if variable.startswith(lane.env_prefix)), None)
        if lane is None:
            assert variable in documented, f"{variable} is not documented"
            continue
        setting = variable[len(lane.env_prefix) :]
        assert f"<LANE>_{setting}" in documented or f"`_{setting}`" in documented, (
            f"{variable}: the lane setting {setting} is not documented"
        )


def test_workers_share_lane_state_through_the_servers_own_redis():
    api = services()["langgraph-api"]
    shared = urlsplit(api["environment"]["ARGOS_REDIS_URL"])
    assert shared.scheme == "redis" and shared.hostname in services()
    assert shared.hostname in api["depends_on"]


def test_every_cortex_command_in_the_docs_is_a_valid_invocation():
    import shlex

    from cli.main import build_parser

    parser = build_parser()
    for doc in (ROOT / "docs").glob("*.md"):
        for line in doc.read_text().splitlines():
            line = line.split("  #", 1)[0].strip()
            if not line.startswith("cortex "):
                continue
            try:
                parser.parse_args(shlex.split(line)[1:])
            except SystemExit:
                pytest.fail(f"{doc.name}: {line!r} is not a valid cortex command")


def test_docs_commands_that_need_a_deployment_say_so():
    for doc in (ROOT / "docs").glob("*.md"):
        for line in doc.read_text().splitlines():
            if line.startswith(("docker ", "curl ")):
                assert "needs a real deployment" in line, f"{doc.name}: {line!r}"


def test_prometheus_scrapes_the_servers_metrics_route_with_a_key_kept_out_of_git():
    config = yaml.safe_load((COMPOSE / "prometheus" / "prometheus.yml").read_text())
    (job,) = config["scrape_configs"]
    assert job["metrics_path"] == "/lanes/metrics"
    assert job["authorization"]["credentials_file"] == "/etc/prometheus/metrics.key"
    api = services()["langgraph-api"]
    port = api["command"][api["command"].index("--port") + 1]
    assert job["static_configs"][0]["targets"] == [f"langgraph-api:{port}"]
    mounts = services()["prometheus"]["volumes"]
    assert "./prometheus/metrics.key:/etc/prometheus/metrics.key:ro" in mounts
    assert "compose/prometheus/metrics.key" in (ROOT / ".gitignore").read_text().splitlines()


def test_grafana_is_provisioned_with_the_dashboard_and_its_data_source():
    grafana = services()["grafana"]
    for mount in grafana["volumes"]:
        source = mount.split(":")[0]
        if source.startswith("./"):
            assert (COMPOSE / source).exists(), mount
    sources = yaml.safe_load(
        (COMPOSE / "grafana/provisioning/datasources/prometheus.yml").read_text()
    )["datasources"]
    (prometheus,) = sources
    assert prometheus["url"] == "http://prometheus:9090"
    dashboard = json.loads(DASHBOARD.read_text())
    used = {p["datasource"]["uid"] for p in dashboard["panels"]}
    assert used == {prometheus["uid"]}
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == "/var/lib/grafana/dashboards/" + DASHBOARD.name


def test_the_dashboard_has_the_panels_on_call_needs():
    panels = json.loads(DASHBOARD.read_text())["panels"]
    exprs = " ".join(t["expr"] for p in panels for t in p["targets"])
    for needed in (
        "cortex_lane_calls_total",  # calls and errors per lane
        "cortex_lane_latency_seconds_bucket",  # latency percentiles
        "cortex_lane_fallbacks_total",
        "cortex_endpoint_breaker_state",
        "cortex_endpoint_queued",  # queue depth
        "cortex_routing_decisions_total",  # routing mix
    ):
        assert needed in exprs, needed
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
