"""Project names map one-to-one onto collections and store namespaces."""

from __future__ import annotations

import pytest

from stores.projects import InvalidProjectName, check_project, collection_name
from stores.records import namespace


@pytest.mark.parametrize("name", ["default", "cortex-docs", "billing_api", "a", "v12", "x" * 56])
def test_valid_names_are_used_as_they_are(name):
    assert check_project(name) == name
    assert collection_name(name) == f"cortex-{name}"
    assert namespace(name, "plans") == ("projects", name, "plans")


@pytest.mark.parametrize(
    "name",
    ["", " ", "a/b", "A/B", "a b", "../x", "x/..", "v1.2", "a.b", "Billing", "über", "日本",
     "-x", "x-", "_x", "x" * 57, "a\nb", "a\x00b"],
)  # fmt: skip
def test_names_that_could_collide_or_escape_are_refused_with_the_rule(name):
    with pytest.raises(InvalidProjectName) as err:
        check_project(name)
    assert "lower-case letters, digits" in str(err.value)
    with pytest.raises(InvalidProjectName):
        namespace(name, "plans")


def test_names_that_used_to_collide_no_longer_can():
    # a/b, a b and A/B all became "cortex-a-b"; ../x became x's collection.
    for name in ("a/b", "a b", "A/B", "../x"):
        with pytest.raises(InvalidProjectName):
            collection_name(name)
    assert collection_name("a-b") != collection_name("x")


def test_the_error_suggests_a_usable_name():
    with pytest.raises(InvalidProjectName) as err:
        check_project("Billing API")
    assert "did you mean 'billing-api'" in str(err.value)


def test_a_huge_invalid_name_is_quoted_short_with_its_length():
    with pytest.raises(InvalidProjectName) as err:
        check_project("X" * 100_000)
    message = str(err.value)
    assert "(100,000 characters) is not valid" in message and len(message) < 400
