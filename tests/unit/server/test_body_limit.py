"""Request bodies over the limit get 413 and one line, declared or streamed."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from server.body_limit import BodyLimit


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"bytes": len(await request.body())})


def client(limit: int) -> TestClient:
    app = Starlette(routes=[Route("/in", echo, methods=["POST"])],
                    middleware=[Middleware(BodyLimit, limit=limit)])  # fmt: skip
    return TestClient(app)


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read():
    answer = client(1000).post("/in", content=b"x" * 1001)
    assert answer.status_code == 413
    assert answer.json()["error"].startswith("request body is larger than")


def test_a_streamed_body_is_cut_off_at_the_limit():
    def chunks():
        for _ in range(50):
            yield b"x" * 100

    answer = client(1000).post("/in", content=chunks())  # no Content-Length: chunked
    assert answer.status_code == 413


def test_bodies_within_the_limit_pass():
    assert client(1000).post("/in", content=b"x" * 1000).json() == {"bytes": 1000}
    assert client(1000).get("/in").status_code == 405
