"""The server's lane routes, in-process (the real-server test is in tests/integration)."""

from __future__ import annotations

from starlette.testclient import TestClient

from server.app import app as server_app


async def app(scope, receive, send):
    """The server's app as the engine calls it: the caller authenticated, on loopback."""
    await server_app({**scope, "user": {"identity": "root", "role": "admin"}}, receive, send)


async def member_app(scope, receive, send):
    await server_app({**scope, "user": {"identity": "ann", "role": "member"}}, receive, send)


def test_lanes_health_reports_every_endpoint_without_keys(monkeypatch):
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", "http://ops:pw-9f3@coder-box:8000/v1")
    monkeypatch.setenv("ARGOS_LANE_CODER_API_KEY", "sk-unit-secret")
    client = TestClient(app, client=("127.0.0.1", 50000))
    health = client.get("/lanes/health")
    assert health.status_code == 200
    endpoints = {tuple(e["lanes"]): e for e in health.json()["endpoints"]}
    coder = endpoints[("coder",)]
    assert coder["endpoint"] == "http://***@coder-box:8000/v1"
    assert (coder["breaker"], coder["in_flight"], coder["queued"], coder["calls"]) == (
        "closed",
        0,
        0,
        0,
    )
    assert coder["max_parallel"] == 256 and coder["last_error"] is None
    text = health.text + client.get("/lanes").text
    assert "sk-unit-secret" not in text and "pw-9f3" not in text


def test_an_invalid_setting_is_a_503_that_names_it(monkeypatch):
    monkeypatch.setenv("ARGOS_LANE_CODER_MAX_PARALLEL", "lots")
    for path in ("/lanes", "/lanes/health"):
        response = TestClient(app, client=("127.0.0.1", 50000)).get(path)
        assert response.status_code == 503
        assert "ARGOS_LANE_CODER_MAX_PARALLEL" in response.json()["error"]


def test_a_member_sees_lanes_and_breakers_but_no_endpoints_or_errors(monkeypatch):
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", "http://coder-box:8000/v1")
    client = TestClient(member_app, client=("127.0.0.1", 50000))
    lanes = client.get("/lanes").json()["lanes"]
    assert {row["lane"] for row in lanes} >= {"coder", "fast_rag"}
    assert all("base_url" not in row and "model_path" not in row for row in lanes)
    health = client.get("/lanes/health").json()
    assert "shared" not in health
    assert all(set(row) == {"lanes", "breaker", "reopens_in_s", "in_flight", "queued"}
               for row in health["endpoints"])  # fmt: skip
    assert "coder-box" not in str(lanes) + str(health)


def test_without_keys_only_loopback_clients_are_answered_and_health_stays_open():
    remote = TestClient(app, client=("10.1.2.3", 50000))
    refused = remote.get("/lanes")
    assert refused.status_code == 403 and "cortex keys create" in refused.json()["message"]
    assert remote.get("/ok").status_code == 404  # not refused: the engine's route, absent here
