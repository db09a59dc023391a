"""The server's lane routes, in-process (the real-server test is in tests/integration)."""

from __future__ import annotations

from starlette.testclient import TestClient

from server.app import app


def test_lanes_health_reports_every_endpoint_without_keys(monkeypatch):
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", "http://ops:pw-9f3@coder-box:8000/v1")
    monkeypatch.setenv("ARGOS_LANE_CODER_API_KEY", "sk-unit-secret")
    client = TestClient(app)
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
        response = TestClient(app).get(path)
        assert response.status_code == 503
        assert "ARGOS_LANE_CODER_MAX_PARALLEL" in response.json()["error"]
