"""``cortex route -``: exactly one numbered output line per input line, in order."""

from __future__ import annotations

import io
import json

import pytest

from cli.inputs import request_lines
from cli.route_cmd import route_lines
from lanes.calls.gateway import LaneGateway
from lanes.config.lane_table import build_lane_table
from lanes.config.settings import load_settings
from lanes.core.bounded_read import MB
from lanes.core.lane import Lane
from nodes.defaults import outside_graph
from nodes.plumbing.context import Context
from tests.fakes import ScriptedLanes, StubRouter

RULES = {"review": Lane.CODER, "policy": Lane.GOVERNANCE}


async def test_blank_lines_answer_in_place_and_every_line_is_numbered(capsys):
    gateway = LaneGateway(build_lane_table(load_settings()), build=ScriptedLanes().build)
    parts = outside_graph(Context(gateway=gateway, router=StubRouter(RULES)))
    stdin = b"review this diff\n\n   \t\ncheck the policy\r\n" + b"x" * (MB + 1) + b"\nreview"
    code = await route_lines(io.BytesIO(stdin), None, parts)
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["line"] for row in out] == [1, 2, 3, 4, 5, 6]
    assert out[0]["lanes"] == ["coder"] and out[3]["lanes"] == ["governance"]
    assert out[5]["lanes"] == ["coder"]
    assert out[1] == {"line": 2, "error": "empty request; give one request per line"}
    assert out[2]["error"].startswith("empty request")
    assert out[4] == {"line": 5, "error": "request longer than 1 MB; give at most 1 MB per line"}
    assert code == 1  # some lines failed; the rest were answered


async def test_a_batch_without_errors_exits_0(capsys):
    gateway = LaneGateway(build_lane_table(load_settings()), build=ScriptedLanes().build)
    parts = outside_graph(Context(gateway=gateway, router=StubRouter(RULES)))
    assert await route_lines(io.BytesIO(b"review a\nreview b\n"), None, parts) == 0
    assert [json.loads(x)["line"] for x in capsys.readouterr().out.splitlines()] == [1, 2]


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        (b"", []),
        (b"a\n", [(1, "a", False)]),
        (b"a\n\n", [(1, "a", False), (2, "", True)]),
        (b"\xffb\r\nc", [(1, "\ufffdb", False), (2, "c", False)]),
        (b"0123456789abc\nok\n", [(1, "", True), (2, "ok", False)]),
        (b"0123456789\n", [(1, "0123456789", False)]),  # exactly the limit
    ],
)
def test_request_lines_number_every_line_and_bound_each(stream, expected):
    lines = list(request_lines(io.BytesIO(stream), limit=10))
    assert [(n, text, error is not None) for n, text, error in lines] == expected
    if stream.startswith(b"0123456789abc"):
        assert lines[0].error == "request longer than 10 bytes; give at most 10 bytes per line"
