from __future__ import annotations

import pytest

from cli.main import main
from lanes.calls.gateway import LaneGateway
from lanes.config.settings import load_settings
from lanes.core.errors import ConfigError
from lanes.core.lane import Lane


@pytest.mark.parametrize("url", ["localhost:6379", "http://cache:6379", "redis://"])
def test_a_bad_redis_url_names_the_variable_and_the_fix(monkeypatch, url):
    monkeypatch.setenv("ARGOS_REDIS_URL", url)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "ARGOS_REDIS_URL" in str(caught.value)
    assert "redis://localhost:6379/0" in str(caught.value)


def test_a_bad_redis_url_never_shows_its_password(monkeypatch, capsys):
    monkeypatch.setenv("ARGOS_REDIS_URL", "http://:s3cretpass@cache:6379")
    assert main(["lanes"]) == 2
    err = capsys.readouterr().err
    assert "ARGOS_REDIS_URL" in err and "s3cretpass" not in err


def test_without_redis_state_stays_in_process(monkeypatch):
    gateway = LaneGateway.from_settings(load_settings())
    assert gateway.shared is None
    assert gateway.shared_status() == {"backend": "local", "redis_url": None, "error": None}


def test_redis_settings_reach_the_link(monkeypatch):
    monkeypatch.setenv("ARGOS_REDIS_URL", "redis://:pw-123456@cache:6379/2")
    monkeypatch.setenv("ARGOS_REDIS_PREFIX", "team-a:")
    monkeypatch.setenv("ARGOS_REDIS_LEASE", "12")
    gateway = LaneGateway.from_settings(load_settings())
    assert gateway.shared is not None
    assert (gateway.shared.prefix, gateway.shared.lease_s) == ("team-a:", 12.0)
    assert gateway.shared.key("slots", "http://x/v1").startswith("team-a:slots:")
    assert "http://x" not in gateway.shared.key("slots", "http://x/v1")  # hashed, not stored
    # Nothing connects until a call needs it; the URL is shown with its password masked.
    assert gateway.shared_status()["redis_url"] == "redis://***@cache:6379/2"


def test_a_lease_too_short_to_renew_is_refused(monkeypatch):
    monkeypatch.setenv("ARGOS_REDIS_LEASE", "0.1")
    with pytest.raises(ConfigError, match="ARGOS_REDIS_LEASE"):
        load_settings()


def test_an_in_process_model_is_never_shared(monkeypatch):
    # Each process (each machine) runs its own copy: one's slots or failures say
    # nothing about another's, even at the same file path.
    monkeypatch.setenv("ARGOS_REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("ARGOS_LANE_CODER_URL", "http://127.0.0.1:9/v1")
    gateway = LaneGateway.from_settings(load_settings())
    assert gateway.endpoint(gateway.table[Lane.CODER]).shared is not None
    assert gateway.table[Lane.GOVERNANCE].in_process
    assert gateway.endpoint(gateway.table[Lane.GOVERNANCE]).shared is None
