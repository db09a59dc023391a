"""Who may use the server, and what each caller sees (``"auth"`` in langgraph.json).

LangGraph's custom auth, the same file under ``langgraph dev`` and the team server's
engine (aegra). Keys come from ``cortex keys`` (:mod:`stores.api_keys`), checked on every
request, so a revoked key stops working on the next one in every worker.

- **No keys configured**: every caller is the local admin; :mod:`server.local_only`
  answers only loopback clients meanwhile, and ``cortex serve`` refuses another address.
- **Threads, runs and crons** belong to their creator (``owner`` in the metadata, set on
  create); another member's are filtered out, so a read is 404 and ids cannot be probed.
  Resuming an interrupt is a run on the thread: only its owner (or an admin) can.
  A cron fires as its owner with the rights her keys give her then
  (:mod:`stores.scheduled_caller`): it stops when her last key is revoked.
- **Runs** may name only a project the caller may use (``project`` in the input, the
  default project when absent); a project's knowledge base is read only by its runs.
- **The store**: ``("projects", P, ...)`` only for members of P, and direct writes there
  (a ticket put or deleted past the graph and its approval) only by admins.
- **Assistants**: members read them; creating, changing or deleting one is for admins.

Differences between the engines, measured (docs/deployment.md): aegra keeps every
thread and run to its creator even for admins, and files the store API's items under
``("users", identity, ...)``, so through the team server's HTTP store API nobody reaches
the board directly; under ``langgraph dev`` admins see every thread and may write the
board directly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from langgraph_sdk import Auth
from langgraph_sdk.auth.types import CronsCreate, RunsCreate, ThreadsCreate

from lanes.core.caller import ProjectNotAllowed, field, is_admin, is_bare, may_use
from lanes.core.errors import CortexError
from nodes.defaults import default_keys
from stores.api_keys import KeyRefused
from stores.projects import InvalidProjectName, check_project
from stores.scheduled_caller import OwnerHasNoKey, scheduled_caller

logger = logging.getLogger(__name__)

LOCAL_ADMIN = {"identity": "local", "role": "admin", "projects": [], "is_authenticated": True}

auth = Auth()


@auth.authenticate
async def authenticate(headers: Mapping[Any, Any]) -> dict[str, Any]:
    """The caller's key, checked: its user, role and projects, or 401 saying why.

    ``headers`` only, by that name: langgraph dev passes it by name (bytes keys), aegra
    positionally (str keys); neither gives more to both.
    """
    plain = {_text(k).lower(): _text(v) for k, v in headers.items()}
    keys = default_keys()
    try:
        if not await asyncio.to_thread(keys.any_active):
            return dict(LOCAL_ADMIN)
        record = await asyncio.to_thread(
            keys.check, plain.get("authorization"), plain.get("x-api-key")
        )
    except KeyRefused as exc:
        logger.warning("refused a request: %s key", exc.reason)
        raise Auth.exceptions.HTTPException(status_code=401, detail=str(exc)) from None
    except CortexError as exc:  # the key store cannot be read: refuse, say so (not where)
        logger.error("cannot check API keys: %s", exc)
        raise Auth.exceptions.HTTPException(
            status_code=503,  # aegra answers every refusal of authenticate with 401
            detail=(
                "the server cannot check API keys now (their store is unreachable): retry "
                "later; its operator should check ARGOS_DATABASE_URL"
            ),
        ) from None
    return {
        "identity": record.user,
        "role": record.role,
        "projects": list(record.projects),
        "key_id": record.id,
        "is_authenticated": True,
    }


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


async def _caller(ctx: Auth.types.AuthContext) -> Any:
    """The caller; a cron's (an identity alone) with its owner's rights looked up again."""
    if not is_bare(ctx.user):
        return ctx.user
    try:
        return await asyncio.to_thread(scheduled_caller, ctx.user, default_keys())
    except OwnerHasNoKey as exc:
        raise Auth.exceptions.HTTPException(status_code=403, detail=str(exc)) from None
    except CortexError as exc:
        logger.error("cannot check a cron owner's keys: %s", exc)
        raise Auth.exceptions.HTTPException(
            status_code=503, detail="the server cannot check API keys now: retry later"
        ) from None


def _owner(user: Any) -> dict[str, Any] | None:
    """The filter that keeps a member to its own threads, runs and crons."""
    return None if is_admin(user) else {"owner": field(user, "identity")}


def _stamp_owner(user: Any, value: Any) -> None:
    metadata = value.get("metadata")
    if isinstance(metadata, dict):  # changed in place: langgraph dev keeps this dict
        metadata["owner"] = field(user, "identity")
    else:
        value["metadata"] = {"owner": field(user, "identity")}


def _check_project(user: Any, value: Any) -> None:
    """Refuse a run that names a project the caller may not use.

    The project is the input's, else the run config's ``configurable.project``. A run
    that names none uses its thread's project, else a member's first one: the run
    checks that itself (``check_caller``), since only the run knows the thread's.
    """
    run = value.get("kwargs", value)  # langgraph dev nests the run's arguments
    if not isinstance(run, Mapping):
        return
    payload, config = run.get("input"), run.get("config")
    configurable = config.get("configurable") if isinstance(config, Mapping) else None
    for named in (payload, configurable):
        if isinstance(named, Mapping) and "project" in named:
            try:  # a name that is no project's says so, with a suggestion (not "your key")
                check_project(named["project"])
            except InvalidProjectName as exc:
                raise Auth.exceptions.HTTPException(status_code=422, detail=str(exc)) from None
            if not may_use(user, named["project"]):
                raise Auth.exceptions.HTTPException(
                    status_code=403, detail=str(ProjectNotAllowed(named["project"]))
                )
            return


EMPTY_COMMAND = (
    "the command carries nothing to do: to answer a paused run send "
    "command={'resume': {'approved': true}} (or {'approved': false, 'note': '...'}); "
    "the run stays paused"
)


def _check_command(value: Any) -> None:
    """Refuse a command with no resume, update or goto (a resume of null becomes one).

    LangGraph fails such a run with an UnboundLocalError, and on a paused thread the
    pause is stuck for good: every later resume is refused (a blind sweep).
    """
    run = value.get("kwargs", value)  # langgraph dev nests the run's arguments
    command = run.get("command") if isinstance(run, Mapping) else None
    if isinstance(command, Mapping) and all(
        command.get(key) is None for key in ("resume", "update", "goto")
    ):
        raise Auth.exceptions.HTTPException(status_code=422, detail=EMPTY_COMMAND)


@auth.on.threads.create
async def on_thread_create(
    ctx: Auth.types.AuthContext, value: ThreadsCreate
) -> dict[str, Any] | None:
    """A new thread belongs to its creator; an existing one is returned only to its owner.

    Without the filter, ``threads.create(thread_id=<another's>, if_exists="do_nothing")``
    handed back another member's thread, its metadata and values (a blind HTTP sweep).
    """
    user = await _caller(ctx)
    _stamp_owner(user, value)
    return _owner(user)


@auth.on.threads.create_run
async def on_run(ctx: Auth.types.AuthContext, value: RunsCreate) -> dict[str, Any] | None:
    """A run (or a resume) only on one's own thread, and only on one's projects.

    The run's metadata names its caller as owner: a thread the run creates (a stateless
    run's, or ``if_not_exists="create"``) takes it, so its caller can read the result
    (a member's stateless run failed with a 500 after the run itself had succeeded). An
    admin's run on an existing thread must not re-own it, so only a stateless run is
    stamped for an admin; a member's runs are on her own threads anyway.
    """
    user = await _caller(ctx)
    _check_project(user, value)
    _check_command(value)
    if value.get("thread_id") is None or not is_admin(user):
        _stamp_owner(user, value)
    return _owner(user)


@auth.on.threads
async def on_threads(ctx: Auth.types.AuthContext, value: Any) -> dict[str, Any] | None:
    """Read, search, update, delete: one's own threads (admins: all)."""
    return _owner(await _caller(ctx))


@auth.on.crons.create
async def on_cron_create(ctx: Auth.types.AuthContext, value: CronsCreate) -> None:
    """A cron runs as its creator, on the creator's projects only."""
    payload = value.get("payload")  # langgraph dev's; aegra gives the run's fields as they are
    user = await _caller(ctx)
    _check_project(user, payload if isinstance(payload, Mapping) else value)
    _stamp_owner(user, value)


@auth.on.crons
async def on_crons(ctx: Auth.types.AuthContext, value: Any) -> dict[str, Any] | None:
    """One's own crons (admins: all)."""
    return _owner(await _caller(ctx))


@auth.on.assistants
async def on_assistants(ctx: Auth.types.AuthContext, value: Any) -> None:
    """Members read and search assistants; only admins create, change or delete them."""
    if ctx.action not in ("read", "search") and not is_admin(ctx.user):
        raise Auth.exceptions.HTTPException(
            status_code=403, detail="only an admin may create, change or delete assistants"
        )


@auth.on.store
async def on_store(ctx: Auth.types.AuthContext, value: Any) -> None:
    """Projects' namespaces for their members to read; their own items under ``("users", me)``.

    Writing a project's board directly is for admins only; another member's items, or any
    other namespace, are refused (a member read and overwrote another's before).
    """
    if is_admin(ctx.user):
        return
    namespace = tuple(
        value.get("namespace") or value.get("namespace_prefix") or value.get("prefix") or ()
    )
    own = ("users", str(ctx.user.identity))
    if namespace[:2] == own:
        return  # a member's own items: hers to read and write
    if not namespace or namespace[0] != "projects":
        raise Auth.exceptions.HTTPException(
            status_code=403,
            detail=(
                f"a member's own items go under {own!r}, and a project's board is read under "
                "('projects', <one of your projects>); nothing else"
            ),
        )
    if len(namespace) < 2 or not may_use(ctx.user, namespace[1]):
        raise Auth.exceptions.HTTPException(
            status_code=404, detail="no such namespace among your projects"
        )
    if ctx.action in ("put", "delete"):
        raise Auth.exceptions.HTTPException(
            status_code=403,
            detail=(
                "only an admin may write a project's board directly: ask for the change in "
                "chat (a deletion waits for approval there)"
            ),
        )
