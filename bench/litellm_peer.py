"""The LiteLLM side of bench/failover.py; runs in its own venv (LiteLLM pins openai 2.x).

Prints one JSON object: per-call latencies in ms for the Router with a dead primary and
a fallback, and for the Router on the healthy endpoint alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import litellm
from litellm import Router

MESSAGES = [{"role": "user", "content": "Say hello."}]


async def timed(calls: int, call) -> list[float]:
    for _ in range(2):
        await call()
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def main(dead: str, ok: str, calls: int) -> dict[str, list[float]]:
    litellm.suppress_debug_info = True
    params = {"model": "openai/fault", "api_key": "x"}
    router = Router(
        model_list=[
            {"model_name": "primary", "litellm_params": {**params, "api_base": dead}},
            {"model_name": "fallback", "litellm_params": {**params, "api_base": ok}},
        ],
        fallbacks=[{"primary": ["fallback"]}],
        num_retries=0,
        allowed_fails=1_000_000,  # like our case b: the dead primary is never cooled down
    )
    return {
        "d_litellm_primary_refuses": await timed(
            calls, lambda: router.acompletion(model="primary", messages=MESSAGES)
        ),
        "e_litellm_healthy": await timed(
            calls, lambda: router.acompletion(model="fallback", messages=MESSAGES)
        ),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--dead", required=True)
    parser.add_argument("--ok", required=True)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.dead, args.ok, args.calls))))
