"""JavaScript and TypeScript bugs that ESLint's own rules find, as review evidence.

ESLint and eslint-plugin-security are the analyzers JavaScript teams already run; their
rules are kept and maintained by those projects, so they read code phrased in ways the
team's semgrep patterns were never written for. Only the rules that name bugs are on
(``tools/eslint/eslint.config.mjs``: a command run through a shell, a regex open to
catastrophic backtracking, a closure over a loop's ``var``, an empty catch, an ``await``
per loop turn, ``eval``); severities and fixes are data in
``prompts/data/code_rules.json``, as for every analyzer.

``make`` installs the pinned packages (``tools/eslint/package-lock.json``) in
``.node-tools/``; an ``eslint`` there is the one run, with its configuration, in one
process for all of a request's snippets. Without Node.js or the install, the review says
ESLint is not installed and goes on with the others.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from nodes.code_review.errors import AnalyzerMissing
from nodes.code_review.findings import Finding, classified
from nodes.code_review.snippet_files import written
from nodes.code_review.snippets import Snippet

TIMEOUT_S = 30  # about 1 s to start here, 3 s for 400 snippets
LANGUAGES = frozenset({"javascript"})  # TypeScript is "javascript" (snippets.py's aliases)
_TOOLS = Path(__file__).resolve().parents[2] / ".node-tools"
_BINARY = _TOOLS / "node_modules" / ".bin" / "eslint"
_CONFIG = _TOOLS / "eslint.config.mjs"


class EslintMissing(AnalyzerMissing):
    """``make`` has not installed ESLint in ``.node-tools/`` (or Node.js is missing)."""


def covers(snippet: Snippet) -> bool:
    """Whether ESLint reads ``snippet``'s language."""
    return snippet.language in LANGUAGES


def eslint_findings(snippets: list[tuple[int, Snippet]]) -> list[Finding]:
    """Findings of the configured rules on each (number, snippet), in one ESLint run.

    A snippet ESLint cannot parse (a fragment, another dialect) gives no finding: its
    parse error is not a bug of the code.
    """
    if not _BINARY.exists() or not _CONFIG.exists():
        raise EslintMissing("eslint is not installed (run make; it needs Node.js and npm)")
    with written(snippets, "cortex-eslint-") as (folder, numbers):
        done = subprocess.run(  # noqa: S603 -- our binary, fixed arguments, our temp files
            [str(_BINARY), "--config", str(_CONFIG), "--format", "json",
             "--no-warn-ignored", *sorted(numbers)],
            cwd=folder, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
            env={**os.environ, "ESLINT_USE_FLAT_CONFIG": "true"},
        )  # fmt: skip
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.strip()[-200:])
    try:
        results = json.loads(done.stdout)
        found: dict[tuple[str, int], Finding] = {}  # one finding per rule and snippet
        for result in results:
            which = numbers.get(Path(str(result["filePath"])).name)
            for message in result["messages"]:
                rule = message.get("ruleId")
                if not rule or which is None:
                    continue  # a parse error: the snippet is not whole code
                finding = classified(
                    "eslint", rule, int(message.get("line", 0)), str(message["message"]), which
                )
                found.setdefault((rule, which), finding)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("ESLint answered something other than its JSON report") from exc
    return list(found.values())
