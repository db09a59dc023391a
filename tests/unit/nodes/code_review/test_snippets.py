"""Unfenced code is told apart by language: Java's `package a.b;` is not Go's `package main`."""

from __future__ import annotations

import pytest

from nodes.code_review.snippets import Snippet, snippets


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("package com.acme.billing;\n\nimport java.util.List;\n\nclass A {}\n", "java"),
        ("public class Invoices {\n  public long total(int q) { return q; }\n}\n", "java"),
        ("package main\n\nfunc main() {\n\tprintln(1)\n}\n", "go"),
        ("def total(xs):\n    return sum(xs)\n", "python"),
        ("const total = (xs) => xs.reduce((a, b) => a + b, 0);\n", "javascript"),
        ("SELECT id FROM users WHERE email = $1;\n", "sql"),
    ],
)
def test_unfenced_code_gets_its_language(code: str, language: str) -> None:
    (found,) = snippets(f"Can you review this?\n{code}")
    assert found.language == language


def test_a_fence_says_the_language() -> None:
    (found,) = snippets("check:\n```java\nclass A {}\n```")
    assert found.language == "java"


def test_a_question_typed_after_unfenced_code_is_not_code() -> None:
    asked = "def total(xs):\n    return sum(xs)\n\nany issues with the above?\nthanks!"
    (found,) = snippets(asked)
    assert found.code == "def total(xs):\n    return sum(xs)\n"
    # a last line of code stays, even with no punctuation
    (kept,) = snippets("def f(x):\n    return x\n")
    assert kept.code == "def f(x):\n    return x\n"


@pytest.mark.parametrize(
    "line",
    [
        "Let me check with compliance, I honestly don't know.",
        "Update the docs for the v2 endpoints",
        "Import the data from S3 before Friday",
        "Select the best vendor and tell finance",
        "return the laptop to IT",
        "Create a ticket for the flaky test",
        "Export the report to PDF",
        "Private beta is live for 40 customers",
        "@dmitri.k",
    ],
)
def test_prose_that_starts_with_a_code_word_is_not_code(line: str) -> None:
    """Meeting notes are full of these: read as code, they turned notes into a review."""
    assert snippets(f"Standup\nAna: shipped the filters\n{line}\nBen: out today") == []


@pytest.mark.parametrize(
    "code",
    [
        "SELECT\n  c.id,\n  c.email\nFROM customers c\n",
        "SELECT a.id,\n       a.name\n  FROM accounts a\n",
        "CREATE ROLE reader WITH LOGIN PASSWORD 'x';\nGRANT SELECT ON t TO reader;\n",
        "import { x } from './y';\nconst z = x(1);\n",
        "public class Dispatcher {\n    private final List<String> q = new ArrayList<>();\n}\n",
    ],
)
def test_code_that_starts_in_these_ways_is_still_code(code: str) -> None:
    assert snippets(f"Review this code:\n{code}")


@pytest.mark.parametrize(
    ("given", "kept"), [("TypeScript", "javascript"), ("ts", "javascript"), ("Go", "go"), ("", "")]
)
def test_a_snippet_keeps_its_language_by_the_canonical_name(given: str, kept: str) -> None:
    assert Snippet("x = 1\n", given).language == kept
