"""Run the installed static analyzers on snippets: read the code, never run it.

- Python: ``ruff`` with its bug and security rule sets (bugbear ``B``, bandit-derived
  ``S``, blind excepts, simplifications, naive datetimes, comparisons with None, pyflakes),
  the code given on stdin under the imports it uses but was pasted without
  (:mod:`nodes.code_review.snippet_imports`); bounded by ``TIMEOUT_S``.
- SQL: ``sqlfluff``'s correctness rules (``CV05``: a comparison with NULL is never true).
- Python, JavaScript/TypeScript, Go and SQL: ``semgrep`` with the team's bug patterns
  (:mod:`nodes.code_review.semgrep`), every snippet in one run.
- JavaScript/TypeScript: ``eslint`` with its own and eslint-plugin-security's bug rules
  (:mod:`nodes.code_review.eslint`), every snippet in one run.
- Any language: ``detect-secrets`` on a temporary file (its API scans files).
- Other languages: none is installed here; the review says so rather than failing.

An analyzer that is missing, times out or answers nonsense adds a line to ``skipped``;
the review goes on with the others.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from nodes.code_review import eslint
from nodes.code_review.errors import AnalyzerMissing
from nodes.code_review.findings import Finding, classified, code_rules_data
from nodes.code_review.guards import tempered
from nodes.code_review.semgrep import covers, semgrep_findings
from nodes.code_review.snippet_imports import FASTAPI_NAMES, missing_imports
from nodes.code_review.snippets import Snippet

TIMEOUT_S = 15
RUFF_RULES = "B,S,SIM,DTZ,E711,E712,E721,F,BLE,PLE,RUF006"
SQL_RULES = ["CV05"]
# Calls in a default argument that are how a framework declares a parameter, not a value
# shared between calls (B008): ``db = Depends(get_db)`` in every FastAPI route.
DECLARING_CALLS = [
    *(f"fastapi.{name}" for name in FASTAPI_NAMES), "typer.Option", "typer.Argument",
]  # fmt: skip
# ruff's hard-coded password rules; not_secret_lines excuses them as it does detect-secrets'.
_PASSWORD_RULES = frozenset({"S105", "S106", "S107"})
_NAMES = {"_ruff": "ruff", "_sqlfluff": "sqlfluff", "_secrets": "detect-secrets"}
Analyzer = Callable[[str, int], list[Finding]]  # (code, snippet number) -> findings
# Where a ruff message says a name was first bound: "... from line 1".
_FROM_LINE = re.compile(r"\bfrom line (\d+)\b")


@dataclass
class Evidence:
    """What the analyzers found, which ran, and which could not."""

    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # "ruff (python)", ...
    skipped: list[str] = field(default_factory=list)  # "no analyzer for go is installed"


def analyze(snippets: list[Snippet]) -> Evidence:
    """Every snippet through the analyzers for its language, and the secret scanner."""
    evidence = Evidence()
    patterned = [(n, s) for n, s in enumerate(snippets, start=1) if covers(s)]
    for number, snippet in enumerate(snippets, start=1):
        runs = {"python": _ruff, "sql": _sqlfluff}
        run = runs.get(snippet.language)
        if run is not None:
            _collect(evidence, run, snippet, number)
        elif not covers(snippet):
            what = snippet.language or "this code's language"
            evidence.skipped.append(f"no analyzer for {what} is installed")
        _collect(evidence, _secrets, snippet, number)
    if patterned:
        _collect_batch(evidence, "semgrep", semgrep_findings, patterned)
    if linted := [(n, s) for n, s in enumerate(snippets, start=1) if eslint.covers(s)]:
        _collect_batch(evidence, "eslint", eslint.eslint_findings, linted, new_lines_only=True)
    evidence.findings = tempered(evidence.findings, snippets)
    evidence.checked = list(dict.fromkeys(evidence.checked))
    evidence.skipped = list(dict.fromkeys(evidence.skipped))
    return evidence


def _collect(evidence: Evidence, run: Analyzer, snippet: Snippet, number: int) -> None:
    name = _NAMES[run.__name__]
    try:
        found = run(snippet.code, number)
    except subprocess.TimeoutExpired:
        evidence.skipped.append(f"{name} took over {TIMEOUT_S} s and was stopped")
    except (OSError, ValueError, RuntimeError) as exc:
        evidence.skipped.append(f"{name} could not run ({type(exc).__name__})")
    else:
        evidence.checked.append(f"{name} ({snippet.language or 'any language'})")
        evidence.findings.extend(found)


def _collect_batch(
    evidence: Evidence,
    name: str,
    run: Callable[[list[tuple[int, Snippet]]], list[Finding]],
    snippets: list[tuple[int, Snippet]],
    *,
    new_lines_only: bool = False,
) -> None:
    """An analyzer that reads all of a request's snippets in one run (one start each).

    With ``new_lines_only``, a line another analyzer already has a finding on keeps that
    finding alone: semgrep's patterns and ESLint's rules often name the same bug.
    """
    try:
        found = run(snippets)
    except subprocess.TimeoutExpired:
        evidence.skipped.append(f"{name} took too long and was stopped")
    except AnalyzerMissing as exc:
        evidence.skipped.append(str(exc))
    except (OSError, ValueError, RuntimeError) as exc:
        said = " ".join(str(exc).split())[:120] or type(exc).__name__  # one line
        evidence.skipped.append(f"{name} could not run ({said})")
    else:
        languages = dict.fromkeys(str(s.language) for _, s in snippets)
        evidence.checked.append(f"{name} ({', '.join(languages)})")
        named = {(f.snippet, f.line) for f in evidence.findings} if new_lines_only else set()
        evidence.findings.extend(f for f in found if (f.snippet, f.line) not in named)


def _ruff(code: str, number: int) -> list[Finding]:
    from ruff.__main__ import find_ruff_bin  # the binary the ruff package ships

    added = missing_imports(code)
    done = subprocess.run(  # noqa: S603 -- our own binary, fixed arguments, code on stdin
        [find_ruff_bin(), "check", "--no-cache", "--isolated", "--select", RUFF_RULES,
         "--config", f"lint.flake8-bugbear.extend-immutable-calls = {DECLARING_CALLS!r}",
         "--output-format", "json", "--stdin-filename", "snippet.py", "-"],
        input="".join(f"{line}\n" for line in added) + code, capture_output=True, text=True,
        timeout=TIMEOUT_S, check=False,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.strip()[:200])
    shift = len(added)  # the findings' lines, read back against the snippet as pasted
    kept = [
        f for f in json.loads(done.stdout or "[]")
        if f.get("code") and _in_snippet(f, shift) and not _password_not_secret(f, code, shift)
    ]  # fmt: skip
    return [
        classified("ruff", f["code"], f["location"]["row"] - shift, f["message"], number)
        for f in kept
    ]


def _password_not_secret(finding: dict[str, Any], code: str, shift: int) -> bool:
    """Whether a hard-coded-password finding is on a line whose credentials are no secret."""
    line = _line(code, finding["location"]["row"] - shift)
    return finding["code"] in _PASSWORD_RULES and bool(_no_secret_line().search(line))


def _in_snippet(finding: dict[str, Any], shift: int) -> bool:
    """Whether a ruff finding is about the pasted code, not the ``shift`` lines added above.

    An added import can only be reported on its own line, or named by a finding as where
    a name was first bound ("Redefinition of unused `os` from line 1").
    """
    if finding["location"]["row"] <= shift:
        return False
    first = _FROM_LINE.search(str(finding.get("message", "")))
    return first is None or int(first.group(1)) > shift


def _sqlfluff(code: str, number: int) -> list[Finding]:
    import sqlfluff  # about 0.3 s to import: only when there is SQL

    return [
        classified("sqlfluff", v["code"], v["start_line_no"], v["description"], number)
        for v in sqlfluff.lint(code, dialect="ansi", rules=SQL_RULES)
        if v["code"] in SQL_RULES
    ]


def _secrets(code: str, number: int) -> list[Finding]:
    from detect_secrets.core.secrets_collection import SecretsCollection
    from detect_secrets.settings import default_settings

    handle, path = tempfile.mkstemp(suffix=".txt")
    try:
        with os.fdopen(handle, "w") as out:
            out.write(code)
        found = SecretsCollection()
        with default_settings():
            found.scan_file(path)
    finally:
        os.unlink(path)
    kinds: dict[int, list[str]] = {}
    for _, secret in found:
        if secret.type == "Secret Keyword" and _not_secret().search(secret.secret_value or ""):
            continue
        if _no_secret_line().search(_line(code, secret.line_number)):
            continue
        kinds.setdefault(secret.line_number, []).append(secret.type)
    return [
        classified(
            "detect-secrets",
            "secret",
            line,
            f"hard-coded secret (credentials in source): {', '.join(types)}",
            number,
        )
        for line, types in sorted(kinds.items())
    ]


@cache
def _not_secret() -> re.Pattern[str]:
    """Keyword values detect-secrets reads as secrets that are not (``not_secrets``).

    A type's name in a type check (``typeof password !== 'string'``), or a value that says
    it is a placeholder; the pattern is data in ``prompts/data/code_rules.json``.
    """
    return re.compile(code_rules_data()["not_secrets"])


@cache
def _no_secret_line() -> re.Pattern[str]:
    """Lines whose credentials are no secret: a database on this machine, a test constant."""
    return re.compile(code_rules_data()["not_secret_lines"])


def _line(code: str, number: int) -> str:
    lines = code.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""
