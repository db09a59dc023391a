"""Bug patterns in Python, JavaScript/TypeScript, Go, Java and SQL, matched by semgrep.

ruff and sqlfluff know Python and SQL style and security rules; the bugs reviews are
asked about (a path joined from a request, a map written by goroutines, a promise never
awaited, a lock never released) need patterns over code structure in every language a
team pastes. semgrep matches such patterns (``prompts/data/semgrep_rules.yaml``, the
team's own rules: the registry's are not reachable offline) on every snippet in one run.

semgrep pins libraries this project runs newer versions of (OpenTelemetry), so it lives
in a venv of its own that ``make`` creates (``.venv-tools``); a ``semgrep`` on ``PATH``
is used first. Without either, the review says the analyzer is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from nodes.code_review.errors import AnalyzerMissing
from nodes.code_review.findings import Finding, classified
from nodes.code_review.snippet_files import EXTENSIONS, written
from nodes.code_review.snippets import Snippet

# semgrep's OCaml command line (``--experimental``, "osemgrep") reads these ~290 rules
# and a snippet in about 0.5 s here; its Python one took about 6 s, most of it checking
# the rule file. Both hand the matching to the same engine: every evaluation set and every
# rule's buggy and fixed case gave the same findings with either. (osemgrep does not read
# YAML aliases, so each rule spells its message out.)
TIMEOUT_S = 30
_TOOLS_VENV = Path(__file__).resolve().parents[2] / ".venv-tools" / "bin" / "semgrep"


class SemgrepMissing(AnalyzerMissing):
    """No semgrep binary on PATH nor in the project's tools venv."""


def semgrep_binary() -> str:
    """The semgrep to run: the one on ``PATH``, else the one ``make`` installed."""
    found = shutil.which("semgrep") or (str(_TOOLS_VENV) if _TOOLS_VENV.exists() else None)
    if found is None:
        raise SemgrepMissing("semgrep is not installed (run make, or put semgrep on PATH)")
    return found


def covers(snippet: Snippet) -> bool:
    """Whether the rules have a parser for ``snippet``'s language."""
    return snippet.language in EXTENSIONS


def semgrep_findings(snippets: list[tuple[int, Snippet]]) -> list[Finding]:
    """Findings of the rules on each (number, snippet), in one semgrep run."""
    rules = resources.files("prompts").joinpath("data/semgrep_rules.yaml")
    with (
        written(snippets, "cortex-review-") as (folder, numbers),
        resources.as_file(rules) as rules_path,
    ):
        done = subprocess.run(  # noqa: S603 -- our binary, fixed arguments, our temp files
            [semgrep_binary(), "scan", "--experimental", "--config", str(rules_path), "--json",
             "--quiet", "--metrics=off", "--disable-version-check", "--no-git-ignore", folder],
            capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
            env={**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"},
        )  # fmt: skip
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr.strip()[-200:])
    try:
        results = json.loads(done.stdout)["results"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("semgrep answered something other than its JSON report") from exc
    found: dict[tuple[str, int], Finding] = {}  # one finding per rule and snippet
    for result in results:
        rule = str(result.get("check_id", "")).rsplit(".", 1)[-1]
        which = numbers.get(Path(str(result.get("path", ""))).name)
        if not rule.startswith("SG-") or which is None:
            continue
        line = int(result.get("start", {}).get("line", 0))
        message = str(result.get("extra", {}).get("message", rule))
        found.setdefault((rule, which), classified("semgrep", rule, line, message, which))
    return list(found.values())
