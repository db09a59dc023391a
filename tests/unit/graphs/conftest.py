from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lanes import Lane
from tests.fakes import FakeStore, ScriptedLanes, StubRouter

RULES = {
    "roadmap": Lane.ORCHESTRATOR,
    "review": Lane.CODER,
    "ticket": Lane.CODER,
    "log": Lane.SUPER_READER,
    "docs": Lane.FAST_RAG,
    "policy": Lane.GOVERNANCE,
}


@pytest.fixture
def lanes(monkeypatch: pytest.MonkeyPatch) -> Callable[..., ScriptedLanes]:
    """Install scripted models for the lanes (the one factory seam) and a keyword router."""

    def install(
        scripts: dict[Lane, list[Any]],
        *,
        delay: float = 0.0,
        hits: list[Any] | None = None,
        planner: str = "always",
    ) -> ScriptedLanes:
        # The scripted orchestrator is in-process, where ARGOS_ROUTER_PLANNER=auto would
        # never plan; these tests exercise the planner's control flow.
        monkeypatch.setenv("ARGOS_ROUTER_PLANNER", planner)
        scripted = ScriptedLanes(scripts=scripts, delay=delay)
        monkeypatch.setattr("lanes.call.build_chat_model", scripted.build)
        monkeypatch.setattr("nodes.route.default_router", lambda: StubRouter(RULES))
        store = FakeStore(hits or [])
        monkeypatch.setattr("nodes.fast_rag.open_store", lambda project: store)
        monkeypatch.setattr("nodes.coder.open_store", lambda project: store)
        return scripted

    return install
