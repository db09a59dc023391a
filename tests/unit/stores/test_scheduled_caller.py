"""A cron's caller: its owner's name alone, given the rights her active keys give her now."""

from __future__ import annotations

import pytest

from lanes.core.caller import may_use
from stores.api_keys import KeyStore
from stores.scheduled_caller import OwnerHasNoKey, scheduled_caller


@pytest.fixture
def keys(tmp_path) -> KeyStore:
    return KeyStore(data_dir=tmp_path)


def test_a_members_cron_gets_every_project_of_her_active_keys_in_order(keys):
    keys.create("ann", "member", ["web", "core"])
    keys.create("ann", "member", ["core", "pay"])
    keys.create("bob", "admin", [])
    caller = scheduled_caller({"identity": "ann"}, keys)
    assert caller["role"] == "member" and caller["projects"] == ["web", "core", "pay"]
    assert may_use(caller, "pay") and not may_use(caller, "ops")


def test_an_admin_key_among_hers_makes_her_cron_an_admins(keys):
    keys.create("ann", "member", ["core"])
    keys.create("ann", "admin", [])
    assert scheduled_caller({"identity": "ann"}, keys)["role"] == "admin"


def test_revoking_her_last_key_stops_her_cron_and_a_revoked_key_gives_nothing(keys):
    old, _ = keys.create("ann", "member", ["pay"])
    keys.create("ann", "member", ["core"])
    keys.create("bob", "member", ["core"])
    keys.revoke(old.id)
    assert scheduled_caller({"identity": "ann"}, keys)["projects"] == ["core"]
    keys.revoke("ann")
    with pytest.raises(OwnerHasNoKey, match="'ann' has no active API key"):
        scheduled_caller({"identity": "ann"}, keys)
    with pytest.raises(ValueError, match="cortex keys create"):  # shown to the run's caller
        scheduled_caller({"identity": "nobody"}, keys)


def test_without_keys_every_cron_is_the_local_admins_and_an_authenticated_user_is_kept(keys):
    assert scheduled_caller({"identity": "local"}, keys)["role"] == "admin"
    full = {"identity": "ann", "role": "member", "projects": ["core"]}
    keys.create("ann", "admin", [])
    assert scheduled_caller(full, keys) is full  # what authenticate gave stays as it is
    assert scheduled_caller(None, keys) is None
