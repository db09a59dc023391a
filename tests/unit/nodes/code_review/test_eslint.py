"""ESLint as review evidence: the real ESLint ``make`` installs, on buggy and fixed code."""

from __future__ import annotations

import pytest

from nodes.code_review import eslint
from nodes.code_review.analyzers import analyze
from nodes.code_review.snippets import Snippet

# (rule, buggy code, the same code fixed). Each buggy line is a bug ESLint's rule names;
# the fixed code is what a reviewer would accept.
CASES = [
    (
        "security/detect-child-process",
        "const { exec } = require('child_process');\n"
        "function thumbnail(name, done) {\n"
        "  exec('convert ' + name + ' -resize 64x64 thumb.png', done);\n}\n",
        "const { execFile } = require('child_process');\n"
        "function thumbnail(name, done) {\n"
        "  execFile('convert', [name, '-resize', '64x64', 'thumb.png'], done);\n}\n",
    ),
    (
        "no-loop-func",
        "const handlers: Array<() => number> = [];\n"
        "for (var slot = 0; slot < 4; slot++) {\n"
        "  handlers.push(function () { return slot * 2; });\n}\n",
        "const handlers: Array<() => number> = [];\n"
        "for (let slot = 0; slot < 4; slot++) {\n"
        "  handlers.push(function () { return slot * 2; });\n}\n",
    ),
    (
        "no-empty",
        "async function save(order) {\n  try {\n    await db.insert(order);\n"
        "  } catch (err) {}\n}\n",
        "async function save(order) {\n  try {\n    await db.insert(order);\n"
        "  } catch (err) {\n    logger.error({ err }, 'save failed');\n    throw err;\n  }\n}\n",
    ),
    (
        "no-eval",
        "function total(expression: string) {\n  return eval(expression);\n}\n",
        "function total(expression: string) {\n  return JSON.parse(expression);\n}\n",
    ),
    (
        "no-unsafe-negation",
        "function missing(key, settings) {\n  return !key in settings;\n}\n",
        "function missing(key, settings) {\n  return !(key in settings);\n}\n",
    ),
]


def _rules(*codes: str) -> list[list[str]]:
    """The rules found on each of ``codes``, in one ESLint run."""
    snippets = [(n, Snippet(code, "typescript")) for n, code in enumerate(codes, start=1)]
    try:
        found = eslint.eslint_findings(snippets)
    except eslint.EslintMissing:
        pytest.fail("ESLint is not installed: `make` installs it in .node-tools (needs npm)")
    return [[f.rule for f in found if f.snippet == n] for n, _ in snippets]


def test_each_rule_names_its_bug_and_not_the_fix() -> None:
    found = _rules(*(code for _, buggy, fixed in CASES for code in (buggy, fixed)))
    for i, (rule, _, _) in enumerate(CASES):
        assert rule in found[2 * i], rule
        assert rule not in found[2 * i + 1], rule


def test_jsx_is_read_and_a_fragment_it_cannot_parse_is_no_finding() -> None:
    component = (
        "export function List({ items }) {\n  const rows = [];\n"
        "  for (var i = 0; i < items.length; i++) {\n"
        "    rows.push(<li onClick={() => pick(i)}>{items[i]}</li>);\n  }\n"
        "  return <ul>{rows}</ul>;\n}\n"
    )
    assert _rules(component, "}} this is not code {{") == [["no-loop-func"], []]


def test_a_line_semgrep_already_names_is_not_repeated_and_severity_is_data() -> None:
    code = "const shell = require('child_process');\nshell.exec(`tar czf ${req.query.name}`);\n"
    found = analyze([Snippet(code, "javascript")])
    assert "eslint (javascript)" in found.checked
    assert any(f.tool == "semgrep" and f.line == 2 for f in found.findings)
    assert not any(f.tool == "eslint" and f.line == 2 for f in found.findings)
    (finding,) = eslint.eslint_findings([(1, Snippet("new Function(src)();\n", "javascript"))])
    assert (finding.rule, finding.severity) == ("no-new-func", "high")
    assert "code injection" in finding.fix.lower()


def test_without_eslint_the_review_says_so_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eslint, "_BINARY", eslint.Path("/nonexistent/eslint"))
    found = analyze([Snippet("for (var i = 0; i < 2; i++) { setTimeout(() => i); }\n", "js")])
    assert "eslint is not installed (run make; it needs Node.js and npm)" in found.skipped
    assert any(f.tool == "semgrep" for f in found.findings)
