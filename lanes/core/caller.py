"""The authenticated caller of a server run: its role and projects, whichever engine.

``langgraph dev`` gives handlers and runs a mapping-like user, the team server's engine a
pydantic object with attributes; both carry what ``server.auth`` returned (``role``,
``projects``). Runs started by ``cortex`` or in-process have no caller: they are trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lanes.core.errors import CortexError


class ProjectNotAllowed(CortexError, ValueError):
    """The caller's key does not give it this project.

    Also a ``ValueError``: the server shows a run's ``ValueError`` message to its caller,
    and hides other exceptions' ("An internal error occurred").
    """

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


def check_caller(configurable: Mapping[str, Any], project: object) -> None:
    """Refuse a server run whose caller may not use ``project`` (no caller: allowed).

    Raises:
        ProjectNotAllowed: naming the project.

    """
    user = run_caller(configurable)
    if user is not None and not may_use(user, project):
        raise ProjectNotAllowed(project)
