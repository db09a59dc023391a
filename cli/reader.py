"""The super-reader graph as the reader deep ingest injects (see stores/deep_summary.py)."""

from __future__ import annotations

from graphs.super_reader import graph
from lanes.calls.gateway import LaneGateway
from lanes.core.lane import Lane
from nodes.lane_steps.reader_sections import material_budget
from nodes.plumbing.context import Context


class GraphReader:
    """Reads through the super-reader subgraph while holding its endpoint in burst mode."""

    def __init__(self, gateway: LaneGateway) -> None:
        """A reader whose calls go through ``gateway``."""
        self.gateway = gateway
        self.budget_tokens = material_budget(gateway.table)

    async def read(self, task: str, material: str) -> str:
        """The super-reader's answer to ``task`` over ``material``."""
        async with self.gateway.burst(Lane.SUPER_READER):
            out = await graph.ainvoke(
                {"task": task, "content": material}, context=Context(gateway=self.gateway)
            )
        (result,) = out["results"].values()
        return str(result["output"])
