"""The policy rules governance checks against: the packaged set and a team's own file.

``ARGOS_POLICIES`` names a JSON list of rules, read bounded and checked at start-up;
``ARGOS_POLICIES_MODE`` says whether they ``extend`` the packaged rules (the default: a
team adding a rule keeps the privacy and security baseline) or ``replace`` them. In
``extend`` mode a team rule with a packaged rule's id takes that rule's place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

from lanes.core.bounded_read import MB, UnreadableInput, loads_json, read_text, short
from lanes.core.errors import ConfigError

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
POLICIES_MODES = ("extend", "replace")
POLICIES_LIMIT = MB
# Every rule goes into the governance prompt: these keep a file within a small
# model's context window rather than overflowing it at the first check.
MAX_RULES = 100
MAX_TEXT = 500
MAX_EXAMPLES = 5
MAX_EXAMPLE = 200
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
MAX_PATTERNS = 20
MAX_PATTERN = 300
_KEYS = {"id", "text", "severity", "examples", "detect", "unless", "context"}
SHAPE = '[{"id": "SEC-1", "text": "...", "severity": "high|medium|low", "examples": ["..."]}]'


@dataclass(frozen=True)
class PolicyRule:
    """One rule: its id (findings cite it), what it requires, how serious a breach is."""

    id: str
    text: str
    severity: Severity
    examples: tuple[str, ...] = ()
    # Deterministic detectors: a sentence matching any ``detect`` pattern and no
    # ``unless`` pattern breaks the rule, whatever a model says (case-insensitive).
    detect: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    # The detectors apply only to material in which one of these matches somewhere (a
    # tracking plan's table row names "email"; the plan says "Mixpanel" lines away).
    context: tuple[str, ...] = ()


def parse_policies(data: Any, *, variable: str, source: str) -> tuple[PolicyRule, ...]:
    """Rules from parsed JSON, each checked; errors name ``source``, the rule and the problem.

    Raises:
        ConfigError: not a list of rules, or a rule with a bad or duplicate field.

    """
    if not isinstance(data, list) or not data:
        raise ConfigError(variable, source, f"not a non-empty JSON list of rules: give {SHAPE}")
    if len(data) > MAX_RULES:
        raise ConfigError(variable, source, f"{len(data)} rules; at most {MAX_RULES} are read")
    rules: list[PolicyRule] = []
    for index, item in enumerate(data):
        rule = _parse_rule(item, index, variable=variable, source=source)
        if any(seen.id == rule.id for seen in rules):
            raise ConfigError(variable, source, f"rule [{index}] ({rule.id}): duplicate id")
        rules.append(rule)
    return tuple(rules)


def _parse_rule(item: Any, index: int, *, variable: str, source: str) -> PolicyRule:
    where = f"rule [{index}]"
    if not isinstance(item, dict):
        raise ConfigError(variable, source, f"{where} is not an object: give {SHAPE}")
    rule_id = item.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        problem = "missing id" if rule_id is None else f"id {short(rule_id)} is not an id"
        raise ConfigError(variable, source, f"{where}: {problem} (1-40 of A-Z a-z 0-9 - _ .)")
    where = f"rule [{index}] ({rule_id})"

    def bad(problem: str) -> ConfigError:
        return ConfigError(variable, source, f"{where}: {problem}")

    if unknown := sorted(set(item) - _KEYS):
        raise bad(
            f"unknown key {short(unknown[0])}; a rule has id, text, severity, examples, "
            "detect, unless, context"
        )
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad("missing text" if text is None else "text must be a non-empty string")
    if len(text) > MAX_TEXT:
        raise bad(f"text is {len(text):,} characters; at most {MAX_TEXT}")
    severity = item.get("severity")
    if severity not in SEVERITIES:
        shown = "missing" if severity is None else short(severity)
        raise bad(f"severity {shown} is not high, medium or low")
    examples = item.get("examples", [])
    if (
        not isinstance(examples, list)
        or len(examples) > MAX_EXAMPLES
        or not all(isinstance(e, str) and 0 < len(e.strip()) <= MAX_EXAMPLE for e in examples)
    ):
        raise bad(f"examples must list at most {MAX_EXAMPLES} strings of 1-{MAX_EXAMPLE} chars")
    return PolicyRule(
        rule_id,
        " ".join(text.split()),
        cast(Severity, severity),
        tuple(e.strip() for e in examples),
        _patterns(item, "detect", bad),
        _patterns(item, "unless", bad),
        _patterns(item, "context", bad),
    )


def _patterns(item: dict[str, Any], key: str, bad: Any) -> tuple[str, ...]:
    """A rule's ``detect``, ``unless`` or ``context`` regular expressions, each compiled."""
    patterns = item.get(key, [])
    if not isinstance(patterns, list) or len(patterns) > MAX_PATTERNS:
        raise bad(f"{key} must list at most {MAX_PATTERNS} regular expressions")
    for pattern in patterns:
        if not isinstance(pattern, str) or not 0 < len(pattern) <= MAX_PATTERN:
            raise bad(f"{key} patterns must be strings of 1-{MAX_PATTERN} characters")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise bad(
                f"{key} pattern {short(pattern)} is not a regular expression ({exc})"
            ) from None
    return tuple(patterns)


@functools.cache
def packaged_policies() -> tuple[PolicyRule, ...]:
    """The rules shipped in ``prompts/data/policies.json``."""
    text = resources.files("prompts").joinpath("data/policies.json").read_text()
    return parse_policies(
        loads_json(text), variable="packaged policies", source="prompts/data/policies.json"
    )


def read_team_policies(path: Path | str) -> tuple[PolicyRule, ...]:
    """A team's rules from the file ``ARGOS_POLICIES`` names, read bounded (1 MB) and checked.

    Raises:
        ConfigError: naming ``ARGOS_POLICIES``, the file, the rule and the problem.

    """
    variable, source = "ARGOS_POLICIES", str(path)
    file = Path(path).expanduser()
    if not file.exists():
        raise ConfigError(variable, source, f"no such file: give a JSON file {SHAPE}")
    try:
        data = loads_json(read_text(file, limit=POLICIES_LIMIT, what="the file"), what="the file")
    except UnreadableInput as exc:
        raise ConfigError(variable, source, str(exc)) from None
    return parse_policies(data, variable=variable, source=source)


def active_policies(path: Path | str | None, mode: str = "extend") -> tuple[PolicyRule, ...]:
    """The rules verdicts are judged by: packaged, the team's instead, or both.

    Raises:
        ConfigError: an unknown mode, or an unusable team file (see
            :func:`read_team_policies`).

    """
    mode = mode.strip().lower()
    if mode not in POLICIES_MODES:
        raise ConfigError(
            "ARGOS_POLICIES_MODE",
            mode,
            "use extend (ARGOS_POLICIES adds to the packaged rules; the default) "
            "or replace (only the team's rules)",
        )
    if not path:
        return packaged_policies()
    team = read_team_policies(path)
    if mode == "replace":
        return team
    by_id = {rule.id: rule for rule in team}
    kept = tuple(by_id.pop(rule.id, rule) for rule in packaged_policies())
    return kept + tuple(rule for rule in team if rule.id in by_id)
