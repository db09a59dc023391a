"""Unfenced code is told apart by language: Java's `package a.b;` is not Go's `package main`."""

from __future__ import annotations

import pytest

from nodes.code_review.snippets import snippets


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
