from __future__ import annotations

from lanes.config.breaker_policy import BreakerPolicy
from lanes.endpoint.breaker import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(failures: int = 3, window: float = 60, cooldown: float = 30):
    clock = Clock()
    return CircuitBreaker(BreakerPolicy(failures, window, cooldown), clock), clock


def test_opens_after_n_failures_in_the_window():
    breaker, clock = make()
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED and breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN and not breaker.allow()


def test_failures_outside_the_window_do_not_count():
    breaker, clock = make()
    breaker.record_failure()
    breaker.record_failure()
    clock.now += 61
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED


def test_half_open_after_cooldown_lets_one_probe_through():
    breaker, clock = make()
    breaker.record_failure(open_now=True)
    assert breaker.reopens_at == clock.now + 30
    clock.now += 30
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow() is True
    assert breaker.allow() is False  # the probe is in flight


def test_probe_success_closes_and_probe_failure_reopens():
    breaker, clock = make()
    breaker.record_failure(open_now=True)
    clock.now += 30
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now += 30
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED and breaker.allow() and breaker.allow()


def test_retry_after_sets_the_cooldown():
    breaker, clock = make()
    breaker.record_failure(open_now=True, cooldown_s=7)
    clock.now += 6.9
    assert breaker.state is BreakerState.OPEN
    clock.now += 0.2
    assert breaker.state is BreakerState.HALF_OPEN
