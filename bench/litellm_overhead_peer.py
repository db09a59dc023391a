"""The LiteLLM side of bench/overhead.py; runs in its own venv (LiteLLM pins openai 2.x).

A long-lived child: reads one command per line on stdin and answers one JSON line, so
the parent can interleave LiteLLM's rounds with its own cases.

- ``seq N``: N sequential ``Router.acompletion`` calls; answers their latencies in ms;
- ``load C N``: N calls, C at a time; answers ``{"per_s": ..., "failed": ...}``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import litellm
from litellm import Router

TEXTS = ("Plan the next sprint for the payments team", "Draft a roadmap for the mobile app")


async def main(base_url: str) -> None:
    litellm.suppress_debug_info = True
    router = Router(
        model_list=[
            {
                "model_name": "stub",
                "litellm_params": {"model": "openai/stub", "api_key": "x", "api_base": base_url},
            }
        ],
        num_retries=0,
    )

    turns = 0

    async def call() -> None:
        nonlocal turns
        turns += 1
        text = TEXTS[turns % len(TEXTS)]
        await router.acompletion(model="stub", messages=[{"role": "user", "content": text}])

    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        command, *args = line.split()
        if command == "seq":
            samples = []
            for _ in range(int(args[0])):
                started = time.perf_counter()
                await call()
                samples.append((time.perf_counter() - started) * 1000)
            print(json.dumps(samples), flush=True)
        elif command == "load":
            print(json.dumps(await load(call, int(args[0]), int(args[1]))), flush=True)


async def load(call, concurrency: int, total: int) -> dict[str, float]:
    """bench/overhead.py's load loop, restated: this peer's venv cannot import the project."""
    gate = asyncio.Semaphore(concurrency)
    failed = 0

    async def one() -> None:
        nonlocal failed
        async with gate:
            try:
                await call()
            except Exception:  # noqa: BLE001 - counted: a failed call is the measurement
                failed += 1

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(total)))
    return {"per_s": total / (time.perf_counter() - started), "failed": failed}


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
