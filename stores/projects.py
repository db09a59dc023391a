"""Project names: validated once, so each maps onto exactly one collection and namespace.

A name is used as it is, never slugified: ``a/b`` and ``a-b``, ``A`` and ``a``, ``../x``
and ``x`` would otherwise share one knowledge base, and one project's documents would
be cited in another's answers.
"""

from __future__ import annotations

import re

from lanes.core.bounded_read import short
from lanes.core.errors import ShownToCaller

DEFAULT_PROJECT = "default"
# Chroma names allow 63 characters; "cortex-" takes 7 of them. LangGraph's store
# forbids "." in namespace labels. Lower case only, so no two names differ by case.
MAX_LENGTH = 56
_NAME = re.compile(rf"[a-z0-9](?:[a-z0-9_-]{{0,{MAX_LENGTH - 2}}}[a-z0-9])?")
RULE = (
    f"use 1-{MAX_LENGTH} lower-case letters, digits, '-' or '_', starting and ending "
    "with a letter or digit (e.g. billing-api)"
)


class InvalidProjectName(ShownToCaller):
    """A project name that cannot name a knowledge base; the message says what can."""

    def __init__(self, name: object) -> None:
        self.name = name
        hint = ""
        if isinstance(name, str) and (suggestion := _suggest(name)) and suggestion != name:
            hint = f"; did you mean {suggestion!r}?"
        super().__init__(f"project name {short(name, 60)} is not valid: {RULE}{hint}")


def check_project(name: object) -> str:
    """``name`` if it is a valid project name.

    Raises:
        InvalidProjectName: naming the problem and the rule.

    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InvalidProjectName(name)
    return name


def collection_name(project: str) -> str:
    """Chroma's collection for a project: one-to-one with valid names."""
    return f"cortex-{check_project(project)}"


def _suggest(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower()).strip("-_")
    return slug[:MAX_LENGTH].strip("-_")
