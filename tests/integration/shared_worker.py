"""A worker process for the shared-state tests: its own gateway, settings from ARGOS_*.

``python -m tests.integration.shared_worker ACTION [N]`` builds a gateway, prints
``ready``, waits for a line on stdin, then:

- ``fail N``: asks the coder N times without fallback; prints each error's type;
- ``call``: asks the coder once in a graph (the lane fallback retry policy); prints the
  lanes its trace went through;
- ``calls N``: asks the coder N times in a graph, two at a time; prints how many answered
  (the metrics tests read what the workers counted);
- ``hold``: asks the coder once and never returns (the coder hangs): holds a slot;
- ``burst N``: holds the coder's endpoint in burst mode for N seconds.

Each result is one JSON line on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys

from langchain_core.messages import HumanMessage

from lanes.calls.call_lane import call_lane
from lanes.calls.gateway import LaneGateway
from lanes.config.settings import load_settings
from lanes.core.errors import LaneError
from lanes.core.lane import Lane
from nodes.plumbing.context import Context
from tests.integration.one_call import one_call

ASK = [HumanMessage("Say hello.")]


async def main(action: str, times: int) -> None:
    gateway = LaneGateway.from_settings(load_settings())
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    if action == "fail":
        errors = []
        for _ in range(times):
            try:
                await call_lane(gateway, Lane.CODER, ASK, fallback=False)
                errors.append(None)
            except LaneError as exc:
                errors.append(type(exc).__name__)
        print(json.dumps({"errors": errors}), flush=True)
    elif action == "call":
        out = await one_call.ainvoke({}, context=Context(gateway=gateway))
        print(json.dumps({"lanes": [(e["lane"], e["error"]) for e in out["trace"]]}), flush=True)
    elif action == "calls":
        context = Context(gateway=gateway)
        runs = [one_call.ainvoke({}, context=context) for _ in range(times)]
        done = [
            *await asyncio.gather(*runs[: times // 2]),
            *await asyncio.gather(*runs[times // 2 :]),
        ]
        print(json.dumps({"answered": sum(1 for out in done if out["text"])}), flush=True)
    elif action == "burst":
        async with gateway.burst(Lane.CODER):
            print(json.dumps({"burst": "held"}), flush=True)
            await asyncio.sleep(times)
    elif action == "hold":
        print(json.dumps({"holding": True}), flush=True)
        await call_lane(gateway, Lane.CODER, ASK, fallback=False)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1))
