"""A server run's caller, read the same from either engine's user object."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict

from lanes.core.caller import (
    ProjectNotAllowed,
    check_caller,
    first_project,
    is_admin,
    is_bare,
    may_use,
    run_caller,
)


class AegraUser(BaseModel):
    """The shape aegra gives handlers and runs: attributes, extra fields allowed."""

    model_config = ConfigDict(extra="allow")
    identity: str


def test_both_engines_user_objects_read_the_same():
    as_mapping = {"identity": "ann", "role": "member", "projects": ["core"]}
    as_object = AegraUser(identity="ann", role="member", projects=["core"])  # type: ignore[call-arg]
    for user in (as_mapping, as_object):
        assert not is_admin(user) and may_use(user, "core") and not may_use(user, "pay")
    assert may_use({"identity": "root", "role": "admin"}, "anything")


def test_a_run_without_a_caller_is_trusted_and_a_member_is_kept_to_its_projects():
    check_caller(run_caller({}), "pay")  # cortex, in-process: no caller
    check_caller(run_caller({"langgraph_auth_user": {"identity": ""}}), "pay")  # no auth
    ann = {"identity": "ann", "role": "member", "projects": ["core"]}
    check_caller(run_caller({"langgraph_auth_user": ann}), "core")
    with pytest.raises(ProjectNotAllowed, match="'pay'"):
        check_caller(run_caller({"langgraph_auth_user": ann}), "pay")


def test_a_cron_s_user_is_bare_and_an_authenticated_one_is_not():
    assert is_bare({"identity": "ann"}) and is_bare(AegraUser(identity="ann"))
    assert not is_bare({"identity": "ann", "role": "member", "projects": ["core"]})
    assert not is_bare(None) and not is_bare({"identity": ""})
    with pytest.raises(ProjectNotAllowed):  # left bare, it may use nothing
        check_caller({"identity": "ann"}, "core")


def test_a_members_unnamed_project_is_her_first_and_an_admins_is_none():
    assert (
        first_project({"identity": "ann", "role": "member", "projects": ["web", "core"]}) == "web"
    )
    assert first_project(AegraUser(identity="ann", projects=["core"])) == "core"  # type: ignore[call-arg]
    assert first_project({"identity": "ann", "role": "member", "projects": []}) is None
    assert first_project({"identity": "root", "role": "admin", "projects": ["core"]}) is None
    assert first_project(None) is None


def test_a_refusal_is_a_value_error_so_the_server_shows_its_message():
    assert isinstance(ProjectNotAllowed("pay"), ValueError)
