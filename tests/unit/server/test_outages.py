"""An outage of Redis or the database is 503 with the setting to check, not a bare 500."""

from __future__ import annotations

import psycopg
import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from server.outages import QueueCheck, outage_handlers
from tests.integration.servers import free_port

made: list[str] = []


async def create_run(request: Request) -> JSONResponse:
    made.append(request.url.path)
    return JSONResponse({"run": "made"})


async def redis_down(request: Request) -> JSONResponse:
    raise RedisConnectionError("Error 111 connecting to 10.0.0.7:6379")


async def database_down(request: Request) -> JSONResponse:
    raise psycopg.OperationalError("connection to server at 10.0.0.8 failed: secret")


async def nul_text(request: Request) -> JSONResponse:
    raise psycopg.DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")


async def surrogate_wrapped(request: Request) -> JSONResponse:
    from sqlalchemy.exc import DBAPIError  # noqa: PLC0415 - the team server's engine's

    try:
        "\ud800".encode()
    except UnicodeEncodeError as exc:
        raise DBAPIError("INSERT ...", {}, exc) from exc
    raise AssertionError("unreachable")


async def refused(request: Request) -> JSONResponse:
    raise ConnectionRefusedError(111, "Connection refused")


def client(monkeypatch: pytest.MonkeyPatch, *, queued: bool) -> TestClient:
    monkeypatch.setenv("REDIS_BROKER_ENABLED", "true" if queued else "false")
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing there
    routes = [
        Route(path, create_run, methods=["POST", "GET"])
        for path in ("/runs", "/threads/t1/runs/wait", "/threads/t1/runs/stream",
                     "/runs/batch", "/threads/t1/runs/r1/cancel", "/store/items")
    ] + [Route("/r", redis_down), Route("/d", database_down), Route("/c", refused),
       Route("/nul", nul_text), Route("/surrogate", surrogate_wrapped)]  # fmt: skip
    app = Starlette(
        routes=routes, middleware=[Middleware(QueueCheck)], exception_handlers=outage_handlers()
    )
    return TestClient(app, raise_server_exceptions=False)


def test_a_run_is_refused_before_the_engine_records_it_while_redis_is_down(monkeypatch):
    made.clear()
    http = client(monkeypatch, queued=True)
    for path in ("/runs", "/threads/t1/runs/wait", "/threads/t1/runs/stream", "/runs/batch"):
        answer = http.post(path)
        assert answer.status_code == 503, path
        assert "was not created" in answer.json()["message"]
        assert "ARGOS_REDIS_URL" in answer.json()["message"]
    assert made == []
    # Cancelling, reading and the store do not need the queue.
    assert http.post("/threads/t1/runs/r1/cancel").status_code == 200
    assert http.get("/threads/t1/runs/wait").status_code == 200
    assert http.post("/store/items").status_code == 200


def test_without_the_redis_queue_nothing_is_checked(monkeypatch):
    made.clear()
    assert client(monkeypatch, queued=False).post("/runs").status_code == 200
    assert made == ["/runs"]


@pytest.mark.parametrize(
    ("path", "setting"),
    [("/r", "ARGOS_REDIS_URL"), ("/d", "ARGOS_DATABASE_URL"), ("/c", "ARGOS_DATABASE_URL")],
)
def test_an_outage_mid_request_is_503_naming_the_setting_and_nothing_internal(
    monkeypatch, path, setting
):
    answer = client(monkeypatch, queued=False).get(path)
    assert answer.status_code == 503 and answer.headers["retry-after"] == "5"
    body = answer.json()
    assert body["error"] == "service_unavailable" and setting in body["message"]
    assert "10.0.0" not in answer.text and "secret" not in answer.text


@pytest.mark.parametrize("path", ["/nul", "/surrogate"])
def test_text_the_database_refuses_is_the_clients_400_not_an_outage(monkeypatch, path):
    """A lone surrogate was "the database is unreachable" (503), a NUL a bare 500."""
    answer = client(monkeypatch, queued=False).get(path)
    assert answer.status_code == 400 and "retry-after" not in answer.headers
    assert "NUL" in answer.json()["message"] and "surrogate" in answer.json()["message"]
