"""API keys: stored hashed, checked by id and hash, each refusal saying which it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lanes.core.errors import CortexError
from lanes.core.redact import redact
from stores.api_keys import KEYS_FILE, KeyNotFound, KeyRefused, KeyStore


@pytest.fixture
def keys(tmp_path) -> KeyStore:
    return KeyStore(data_dir=tmp_path)


def test_a_created_key_is_accepted_and_only_its_hash_is_stored(keys, tmp_path):
    record, key = keys.create("alice", "member", ["core", "core", "web"])
    assert record.projects == ("core", "web") and not record.admin
    assert keys.check(f"Bearer {key}") == record
    assert keys.check(None, api_key=key) == record  # langgraph_sdk's x-api-key
    assert record.may_use("core") and not record.may_use("pay")
    stored = (tmp_path / KEYS_FILE).read_bytes()
    secret = key.split("_", 2)[2]  # the secret may itself hold "_" (base64url), even first
    assert key.encode() not in stored and secret.encode() not in stored
    assert (tmp_path / KEYS_FILE).stat().st_mode & 0o077 == 0
    assert all(key not in str(r.to_dict()) for r in keys.records())


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing"),
        ("  ", "missing"),
        ("Bearer garbage", "malformed"),
        ("Basic dXNlcjpwYXNz", "malformed"),
        ("Bearer ctx_000000000000_" + "A" * 43, "unknown"),
    ],
)
def test_each_refusal_says_which_it_is(keys, header, reason):
    keys.create("alice", "member", ["core"])
    with pytest.raises(KeyRefused) as refused:
        keys.check(header)
    assert refused.value.reason == reason and "\n" not in str(refused.value)


def test_a_known_id_with_a_wrong_secret_is_unknown(keys):
    _, key = keys.create("alice", "member", ["core"])
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    with pytest.raises(KeyRefused) as refused:
        keys.check(f"Bearer {forged}")
    assert refused.value.reason == "unknown"


def test_a_revoked_key_is_refused_on_the_next_check_by_another_store(keys, tmp_path):
    record, key = keys.create("alice", "member", ["core"])
    other = KeyStore(data_dir=tmp_path)  # another worker
    assert other.check(f"Bearer {key}") == record
    assert [r.id for r in keys.revoke("alice")] == [record.id]
    with pytest.raises(KeyRefused) as refused:
        other.check(f"Bearer {key}")
    assert refused.value.reason == "revoked"
    assert not keys.any_active()
    with pytest.raises(KeyNotFound):
        keys.revoke(record.id)


def test_bad_requests_for_a_key_are_one_line_and_store_nothing(keys, tmp_path):
    for user, role, projects in (
        ("", "member", ["core"]),
        ("bob", "owner", ["core"]),
        ("bob", "member", []),
        ("bob", "member", ["Not/valid"]),
        ("u" * 10_000, "member", ["core"]),
        ("bob", "r" * 10_000, ["core"]),
    ):
        with pytest.raises(CortexError) as bad:
            keys.create(user, role, projects)  # type: ignore[arg-type]
        assert "\n" not in str(bad.value) and len(str(bad.value)) < 300
    assert keys.records() == []


def test_an_admin_needs_no_project_and_may_use_all(keys):
    record, _ = keys.create("root", "admin", [])
    assert record.admin and record.may_use("anything")


def test_keys_are_masked_in_everything_redacted(keys):
    record, key = keys.create("alice", "member", ["core"])
    line = redact(f"request from {key} failed")
    assert key not in line and f"ctx_{record.id}_***" in line


def _create_keys(data_dir: str) -> list[str]:
    store = KeyStore(data_dir=Path(data_dir))
    return [store.create(f"u{n}", "member", ["core"])[0].id for n in range(5)]


def test_eight_processes_creating_keys_in_a_new_folder_lose_nothing(tmp_path):
    """The first setup (the switch to WAL) is a race, in 40 fresh folders: without the
    retry, about one round in five saw "database is locked"."""
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    with fork.Pool(8) as pool:
        for attempt in range(40):
            folder = tmp_path / f"data{attempt}"
            made = pool.map(_create_keys, [str(folder)] * 8, chunksize=1)
            ids = [key_id for batch in made for key_id in batch]
            assert sorted(ids) == sorted(r.id for r in KeyStore(data_dir=folder).records())
            assert sqlite3.connect(folder / KEYS_FILE).execute(
                "SELECT count(*) FROM cortex_api_keys"
            ).fetchone() == (40,)


def test_a_refusal_says_how_to_send_a_key_ungarbled(keys):
    """'Authorization: Bearer <key>' was printed as 'Authorization: *** <key>' (masked)."""
    for header in (None, "Bearer garbage"):
        with pytest.raises(KeyRefused) as refused:
            keys.check(header)
        assert "***" not in str(refused.value) and "bearer token" in str(refused.value)
