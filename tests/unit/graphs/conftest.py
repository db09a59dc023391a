from __future__ import annotations

from typing import Any

import pytest

from lanes.calls.gateway import LaneGateway
from lanes.config.lane_table import build_lane_table
from lanes.config.settings import load_settings
from lanes.core.lane import Lane
from nodes.plumbing.context import Context
from tests.fakes import FakeStore, ScriptedLanes, StubRouter

RULES = {
    "roadmap": Lane.ORCHESTRATOR,
    "review": Lane.CODER,
    "ticket": Lane.CODER,
    "log": Lane.SUPER_READER,
    "docs": Lane.FAST_RAG,
    "policy": Lane.GOVERNANCE,
}


class LaneInstaller:
    """``lanes({...})`` scripts the lanes; ``lanes.context`` is the run context to pass."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.context: Context | None = None

    def __call__(
        self,
        scripts: dict[Lane, list[Any]],
        *,
        delay: float = 0.0,
        hits: list[Any] | None = None,
        planner: str = "always",
    ) -> ScriptedLanes:
        """A gateway over the environment's lanes with scripted models, in ``context``."""
        # The scripted orchestrator is in-process, where ARGOS_ROUTER_PLANNER=auto would
        # never plan; these tests exercise the planner's control flow.
        self.monkeypatch.setenv("ARGOS_ROUTER_PLANNER", planner)
        scripted = ScriptedLanes(scripts=scripts, delay=delay)
        store = FakeStore(hits or [])
        gateway = LaneGateway(build_lane_table(load_settings()), build=scripted.build)
        scripted.gateway = gateway
        # The scripted models write the answers here; extractive answers and the compliance
        # model have their own tests.
        self.context = Context(
            gateway=gateway, router=StubRouter(RULES), open_store=lambda project: store,
            rag_answers="generate",
            model_findings="count", compliance_model=False,
        )  # fmt: skip
        return scripted


@pytest.fixture
def lanes(monkeypatch: pytest.MonkeyPatch) -> LaneInstaller:
    """Scripted models for the lanes, a keyword router and a fixed knowledge base."""
    return LaneInstaller(monkeypatch)
