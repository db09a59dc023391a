"""The team server's API keys: who may call it, with which role, on which projects.

A key is ``ctx_<id>_<secret>``. Only its id and the SHA-256 of the whole key are kept
(the secret is 256 random bits, so a fast hash is enough: there is nothing to guess), in
the team's PostgreSQL at ``ARGOS_DATABASE_URL`` or else in ``api_keys.sqlite3`` under
``ARGOS_DATA_DIR`` (mode 0600). A key is checked by its id and then the hashes compared in
constant time, on every request: a revoked key stops working on the next one, in every
worker. The key itself is printed once, when it is created, and never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import psycopg
from psycopg_pool import ConnectionPool

from lanes.config.settings import GlobalSettings
from lanes.core.bounded_read import short
from lanes.core.errors import CortexError
from stores.postgres import CONNECT_TIMEOUT_S, DatabaseUnavailable
from stores.projects import check_project
from stores.sqlite_trouble import data_file_error

Role = Literal["member", "admin"]
ROLES: tuple[Role, ...] = ("member", "admin")
KEYS_FILE = "api_keys.sqlite3"
_KEY = re.compile(r"ctx_([a-z0-9]{12})_([A-Za-z0-9_-]{43})")
_TABLE = """CREATE TABLE IF NOT EXISTS cortex_api_keys (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL, user_name TEXT NOT NULL, role TEXT NOT NULL,
    projects TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL,
    revoked_at DOUBLE PRECISION)"""
_COLUMNS = "id, hash, user_name, role, projects, created_at, revoked_at"
_SETUP_LOCK = 0x636F72746578  # pg_advisory_xact_lock key for creating the table
_SQLITE_WAIT_S = 10.0  # how long a SQLite writer waits for another


class KeyRefused(CortexError):
    """A request's key cannot be used; ``reason`` is missing, malformed, unknown or revoked."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


class KeyNotFound(CortexError):
    """``cortex keys revoke`` named no key."""


@dataclass(frozen=True)
class ApiKey:
    """One key's record (never the key): its id, owner, role and projects."""

    id: str
    user: str
    role: Role
    projects: tuple[str, ...]
    created_at: float
    revoked_at: float | None = None

    @property
    def admin(self) -> bool:
        """Admins may use every project and see every thread."""
        return self.role == "admin"

    def may_use(self, project: str) -> bool:
        """Whether this key's user may read and run on ``project``."""
        return self.admin or project in self.projects

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as ``cortex keys list --json`` prints it."""
        return {**asdict(self), "projects": list(self.projects)}


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _row(row: Sequence[Any]) -> tuple[ApiKey, str]:
    key_id, digest, user, role, projects, created, revoked = row
    record = ApiKey(key_id, user, role, tuple(json.loads(projects)), created, revoked)
    return record, digest


def _set_up(conn: sqlite3.Connection) -> None:
    """WAL mode and the table, retried while another process does the same.

    Switching a new file to WAL needs it to itself, and SQLite answers "database is
    locked" at once rather than through the busy timeout when another connection holds
    it (seen with eight processes creating keys in a new folder), so the switch is tried
    again, for at most ``_SQLITE_WAIT_S``.
    """
    deadline = time.monotonic() + _SQLITE_WAIT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_TABLE)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(random.uniform(0.005, 0.02))


class KeyStore:
    """The keys, in PostgreSQL or SQLite: the same SQL, two ways to connect."""

    def __init__(self, *, database_url: str | None = None, data_dir: Path | None = None):
        """Keys in the database at ``database_url``, else in ``data_dir``."""
        if database_url is None and data_dir is None:
            raise ValueError("KeyStore needs a database URL or a data folder")
        self.database_url, self.data_dir = database_url, data_dir
        self._pool: ConnectionPool[Any] | None = None
        self._pool_lock = threading.Lock()
        self._ready = False

    @classmethod
    def of(cls, settings: GlobalSettings) -> KeyStore:
        """The team's key store, where its board is."""
        if settings.database_url is not None:
            return cls(database_url=settings.database_url.get_secret_value())
        return cls(data_dir=settings.data_dir.expanduser())

    def create(self, user: str, role: Role, projects: Sequence[str]) -> tuple[ApiKey, str]:
        """A new key for ``user``: its record and the key, which is shown only now."""
        if not user.strip() or len(user) > 100 or not user.isprintable():
            raise CortexError(
                f"user name {short(user)} is not valid: use 1-100 printable characters"
            )
        if role not in ROLES:
            raise CortexError(f"role {short(role)} is not valid: use one of {', '.join(ROLES)}")
        names = tuple(dict.fromkeys(check_project(p) for p in projects))
        if role == "member" and not names:
            raise CortexError("a member's key needs at least one --project (or --role admin)")
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        key = f"ctx_{key_id}_{secret}"
        record = ApiKey(key_id, user.strip(), role, names, time.time())
        self._write(
            f"INSERT INTO cortex_api_keys ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key_id, _hash(key), record.user, role, json.dumps(names), record.created_at, None),
        )
        return record, key

    def records(self) -> list[ApiKey]:
        """Every key's record, oldest first, revoked ones included."""
        rows = self._read(f"SELECT {_COLUMNS} FROM cortex_api_keys ORDER BY created_at", ())
        return [_row(row)[0] for row in rows]

    def revoke(self, id_or_user: str) -> list[ApiKey]:
        """Revoke the key with this id, or every active key of this user; the revoked ones."""
        active = [k for k in self.records() if k.revoked_at is None]
        chosen = [k for k in active if id_or_user in (k.id, k.user)]
        if not chosen:
            raise KeyNotFound(
                f"no active key has the id or user {id_or_user!r}: see `cortex keys list`"
            )
        now = time.time()
        for record in chosen:
            self._write(
                "UPDATE cortex_api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (now, record.id),
            )
        return chosen

    def any_active(self) -> bool:
        """Whether any key is configured: without one the server answers loopback only."""
        return bool(self._read("SELECT 1 FROM cortex_api_keys WHERE revoked_at IS NULL", ()))

    def rights_of(self, user: str) -> tuple[Role, tuple[str, ...]] | None:
        """What ``user``'s active keys give it now; ``None`` when it has none.

        Admin when any of them is; every project any of them names, in the order the
        keys were made (a member's first project is her oldest key's first).
        """
        rows = self._read(
            f"SELECT {_COLUMNS} FROM cortex_api_keys WHERE user_name = ? AND revoked_at IS NULL "
            "ORDER BY created_at",
            (user,),
        )
        records = [_row(row)[0] for row in rows]
        if not records:
            return None
        role: Role = "admin" if any(r.admin for r in records) else "member"
        return role, tuple(dict.fromkeys(p for r in records for p in r.projects))

    def check(self, authorization: str | None, api_key: str | None = None) -> ApiKey:
        """The record of the key sent as ``Authorization: Bearer <key>`` or ``x-api-key``.

        The bearer header is what OpenAI clients and ``curl`` send; ``x-api-key`` is what
        ``langgraph_sdk`` sends for its ``api_key``. The bearer header wins when both are.

        Raises:
            KeyRefused: no key, or a malformed, unknown or revoked one.

        """
        if authorization and authorization.strip():
            scheme, _, key = authorization.strip().partition(" ")
            key = key.strip() if scheme.lower() == "bearer" else ""
        elif api_key and api_key.strip():
            key = api_key.strip()
        else:
            raise KeyRefused(
                "missing",
                "no API key: send yours as a bearer token in the Authorization header (or "
                "as x-api-key)",
            )
        found = _KEY.fullmatch(key)
        if found is None:
            raise KeyRefused(
                "malformed",
                "malformed API key: send, as a bearer token, a key (ctx_...) from "
                "`cortex keys create`",
            )
        rows = self._read(f"SELECT {_COLUMNS} FROM cortex_api_keys WHERE id = ?", (found[1],))
        record, digest = _row(rows[0]) if rows else (None, "0" * 64)
        matches = hmac.compare_digest(digest, _hash(key))
        if record is None or not matches:
            raise KeyRefused("unknown", "unknown API key: ask an admin for one")
        if record.revoked_at is not None:
            raise KeyRefused("revoked", "revoked API key: ask an admin for a new one")
        return record

    def close(self) -> None:
        """Close the pool of database connections, if one was opened."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _read(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._connection() as conn:
            if isinstance(conn, sqlite3.Connection):
                return list(conn.execute(sql, params).fetchall())
            return list(conn.execute(sql.replace("?", "%s"), params).fetchall())

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        with self._connection() as conn:
            if isinstance(conn, sqlite3.Connection):
                with conn:
                    conn.execute(sql, params)
            else:
                with conn.transaction():
                    conn.execute(sql.replace("?", "%s"), params)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection | psycopg.Connection[Any]]:
        if self.database_url is None:
            try:
                with closing(self._sqlite()) as conn:
                    yield conn
            except sqlite3.Error as exc:
                raise data_file_error(Path(self.data_dir or ".") / KEYS_FILE, exc) from exc
            return
        try:
            with self._postgres().connection() as conn:
                if not self._ready:
                    with conn.transaction():
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))
                        conn.execute(_TABLE)
                    self._ready = True
                yield conn
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise DatabaseUnavailable(self.database_url, exc) from exc

    def _sqlite(self) -> sqlite3.Connection:
        assert self.data_dir is not None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / KEYS_FILE
        path.touch(mode=0o600, exist_ok=True)
        conn = sqlite3.connect(path, timeout=_SQLITE_WAIT_S, isolation_level=None)
        try:
            _set_up(conn)  # each time: the folder may be new since the last call
        except BaseException:
            conn.close()
            raise
        return conn

    def _postgres(self) -> ConnectionPool[Any]:
        with self._pool_lock:
            if self._pool is None:
                assert self.database_url is not None
                self._pool = ConnectionPool(
                    self.database_url,
                    min_size=0,
                    max_size=4,
                    timeout=CONNECT_TIMEOUT_S,
                    kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S},
                    # A connection PostgreSQL closed (a restart) is replaced when taken: a
                    # pooled dead one refused valid keys for 10-20 s after the database
                    # was back (a blind sweep of cortex serve).
                    check=ConnectionPool.check_connection,
                    open=True,
                )
            return self._pool
