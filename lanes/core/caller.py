"""The authenticated caller of a server run: its role and projects, whichever engine.

``langgraph dev`` gives handlers and runs a mapping-like user, the team server's engine a
pydantic object with attributes; both carry what ``server.auth`` returned (``role``,
``projects``). Runs started by ``cortex`` or in-process have no caller: they are trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lanes.core.errors import ShownToCaller


class ProjectNotAllowed(ShownToCaller):
    """The caller's key does not give it this project."""

    def __init__(self, project: object) -> None:
        super().__init__(f"your key may not use project {project!r}: ask an admin to add it")


def field(user: Any, name: str, default: Any = None) -> Any:
    """A field of the authenticated user, whichever engine made the object."""
    value = getattr(user, name, None)
    if value is None and isinstance(user, Mapping):
        value = user.get(name)
    if value is None:
        try:
            value = user[name]
        except (KeyError, TypeError, IndexError):
            value = None
    return default if value is None else value


def is_admin(user: Any) -> bool:
    """Whether ``user`` is an admin."""
    return bool(field(user, "role") == "admin")


def may_use(user: Any, project: object) -> bool:
    """Whether ``user`` may read and run on ``project``."""
    return is_admin(user) or project in (field(user, "projects") or ())


def first_project(user: Any) -> str | None:
    """The project a member's request uses when it names none: her first.

    ``None`` for an admin or no caller (they use the default project), and for a member
    given no project (who then may use none).
    """
    if user is None or is_admin(user):
        return None
    projects = list(field(user, "projects") or ())
    return str(projects[0]) if projects else None


def run_caller(configurable: Mapping[str, Any]) -> Any:
    """The authenticated caller of a server run; ``None`` for runs started otherwise."""
    user = configurable.get("langgraph_auth_user")
    if user is None or field(user, "identity") in (None, ""):
        return None  # not started by an authenticated caller (cortex, in-process, no auth)
    return user


def is_bare(user: Any) -> bool:
    """Whether ``user`` is an identity alone: what a cron's scheduler rebuilds.

    Both engines fire a cron as a user made from the cron's owner name only, without the
    role and projects that ``server.auth`` gives every caller it authenticates, so such a
    user's rights must be looked up again (:mod:`stores.scheduled_caller`).
    """
    return (
        user is not None
        and field(user, "identity") not in (None, "")
        and (field(user, "role") is None)
    )


def check_caller(user: Any, project: object) -> None:
    """Refuse a server run whose caller may not use ``project`` (no caller: allowed).

    ``user`` is :func:`run_caller`'s answer.

    Raises:
        ProjectNotAllowed: naming the project.

    """
    if user is not None and not may_use(user, project):
        raise ProjectNotAllowed(project)
