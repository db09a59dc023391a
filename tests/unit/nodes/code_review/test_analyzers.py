"""The analyzers' own filters: what a well-kept tool reports that is not a finding here."""

from __future__ import annotations

from nodes.code_review.analyzers import analyze
from nodes.code_review.snippets import Snippet


def _secret_lines(code: str, language: str) -> list[int]:
    found = analyze([Snippet(code, language)]).findings
    return [f.line for f in found if f.tool == "detect-secrets"]


def test_a_type_check_on_a_password_is_no_hard_coded_secret() -> None:
    check = (
        "function login(body) {\n  const password = body.password;\n"
        "  if (typeof password !== 'string') {\n    throw new Error('bad');\n  }\n}\n"
    )
    assert _secret_lines(check, "javascript") == []
    written = (
        "function connect() {\n  const password = 'Tq8vLz2mR4xw';\n  return db(password);\n}\n"
    )
    assert _secret_lines(written, "javascript") == [2]


def test_placeholders_and_a_test_database_on_this_machine_are_no_secrets() -> None:
    test_setup = (
        "process.env.JWT_SECRET = 'test-only-signing-secret';\n"
        "process.env.API_KEY = 'sk_test_placeholder';\n"
        "const bad = { user: 'ann', password: 'wrong-password' };\n"
        "process.env.DATABASE_URL = 'postgres://app:app@localhost:5432/app_test';\n"
    )
    assert _secret_lines(test_setup, "javascript") == []
    real = "const DATABASE_URL = 'postgres://app:Xq93LmzP2v@db.internal.example:5432/app';\n"
    assert _secret_lines(real, "javascript") == [1]


def test_a_constant_named_as_a_test_value_is_no_hard_coded_password() -> None:
    fixture = (
        "import pytest\n\n"
        'TEST_PASSWORD = "correct-horse-battery-staple"\n\n\n'
        "@pytest.fixture\n"
        "def user(django_user_model):\n"
        '    return django_user_model.objects.create_user("ann", password=TEST_PASSWORD)\n'
    )
    found = analyze([Snippet(fixture, "python")]).findings
    assert [f for f in found if f.severity == "high"] == []
    service = 'SMTP_PASSWORD = "correct-horse-battery-staple"\n\n\ndef send(msg):\n    pass\n'
    found = analyze([Snippet(service, "python")]).findings
    assert {f.tool for f in found if f.severity == "high" and f.line == 1} == {
        "ruff",
        "detect-secrets",
    }


def test_a_framework_parameter_in_a_default_is_no_call_at_definition() -> None:
    route = (
        "from fastapi import APIRouter, Depends, Query\n\nrouter = APIRouter()\n\n\n"
        "@router.get('/orders')\n"
        "def orders(db=Depends(get_db), limit: int = Query(50), when=make_stamp()):\n"
        "    return db.list(limit, when)\n"
    )
    found = analyze([Snippet(route, "python")]).findings
    assert [(f.rule, f.line) for f in found if f.rule == "B008"] == [("B008", 7)]
    assert all("Depends" not in f.message and "Query" not in f.message for f in found)
