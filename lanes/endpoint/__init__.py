"""One endpoint's state: breaker, concurrency limit, burst lock, lease, its Redis side, health.

What a gateway keeps per server or model file, in this process and shared through Redis.
Choosing a lane or calling a model belongs in ``lanes.calls``.
"""
