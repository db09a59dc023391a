"""The caller of a cron's run: its owner, with the rights her keys give her now.

Both engines fire a cron as a user rebuilt from the owner's name alone (``langgraph
dev``'s ``SimpleUser``, aegra's ``User(identity=...)``), without the role and projects
``server.auth`` gives every caller it authenticates. Left so, every cron of a member was
refused its own project, at the door and again in the run, and never ran. Her rights are
looked up again on every firing, so a cron stops when its owner's last key is revoked
and follows her projects as an admin changes them.
"""

from __future__ import annotations

from typing import Any

from lanes.core.caller import field, is_bare
from lanes.core.errors import ShownToCaller
from stores.api_keys import KeyStore


class OwnerHasNoKey(ShownToCaller):
    """A cron fired for an owner who has no active key any more."""

    def __init__(self, owner: str) -> None:
        super().__init__(
            f"this cron's owner {owner!r} has no active API key, so it does not run: "
            f"delete it, or have an admin give {owner!r} a key (`cortex keys create`)"
        )


def scheduled_caller(user: Any, keys: KeyStore) -> Any:
    """``user`` itself, or, when it is bare (a cron's), its owner as her keys make her now.

    With no key configured at all every caller is the local admin (``server.auth``), a
    cron's too.

    Raises:
        OwnerHasNoKey: keys are configured, and none of them is the owner's and active.
        CortexError: the key store cannot be read.

    """
    if not is_bare(user):
        return user
    owner = str(field(user, "identity"))
    if not keys.any_active():
        return {"identity": owner, "role": "admin", "projects": [], "is_authenticated": True}
    rights = keys.rights_of(owner)
    if rights is None:
        raise OwnerHasNoKey(owner)
    role, projects = rights
    return {"identity": owner, "role": role, "projects": list(projects), "is_authenticated": True}
