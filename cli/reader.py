"""The super-reader graph as the reader deep ingest injects (see stores/deep_summary.py).

The graph is imported on the first read, not with the module: most ingests read no
file deep, and building LangGraph's graph machinery costs a ``cortex ingest`` about a
second of start-up.
"""

from __future__ import annotations

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
        from graphs.super_reader import graph  # noqa: PLC0415 - see the module's docstring

        async with self.gateway.burst(Lane.SUPER_READER):
            out = await graph.ainvoke(
                {"task": task, "content": material}, context=Context(gateway=self.gateway)
            )
        (result,) = out["results"].values()
        return str(result["output"])
