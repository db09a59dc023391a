"""Secrets never reach output: keys, URL passwords and echoed tokens are masked."""

from __future__ import annotations

import io

import pytest

from cli.redacted_output import RedactingStream
from lanes.core.errors import AllLanesFailed, LaneUnavailable
from lanes.core.redact import redact, redact_url, register_secret

KEY = "sk-planted-secret-4711"


def test_a_registered_key_is_masked_wherever_it_appears():
    register_secret(KEY)
    body = f'{{"error": "bad key {KEY}", "echo": "Authorization: Bearer {KEY}"}}'
    assert KEY not in redact(body)
    assert "***" in redact(body)


@pytest.mark.parametrize(
    "text",
    [
        "http://admin:hunter2@host:8000/v1",
        "https://user:hunter2@example.org/v1/chat/completions",
        "Authorization: Bearer hunter2hunter2",
        '{"api_key": "hunter2hunter2"}',
        "api_key=hunter2hunter2&x=1",
        "password: hunter2hunter2",
    ],
)
def test_unregistered_secrets_in_urls_headers_and_bodies_are_masked(text):
    assert "hunter2" not in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "The code uses basic Python syntax and conventions.",
        "Basic authentication is not allowed; the token expired.",
        "Bearer tokens are sent in the Authorization header.",
    ],
)
def test_prose_about_tokens_is_left_alone(text):
    assert redact(text) == text


def test_basic_credentials_are_masked():
    assert "dXNlcjpwYXNz" not in redact("Authorization: Basic dXNlcjpwYXNz")


def test_urls_keep_everything_but_their_user_info():
    assert redact_url("http://admin:hunter2@host:8000/v1") == "http://***@host:8000/v1"
    assert redact_url("http://host:8000/v1") == "http://host:8000/v1"


def test_lane_errors_carry_no_secret_in_any_field():
    register_secret(KEY)
    error = LaneUnavailable(
        f"HTTP 401: invalid key {KEY}", lane="coder", endpoint="http://u:hunter2@h/v1"
    )
    everything = f"{error} {error.detail} {error.endpoint}"
    assert KEY not in everything and "hunter2" not in everything
    combined = AllLanesFailed("coder", [("coder", error)])
    assert KEY not in str(combined) and "hunter2" not in str(combined)


def test_the_cli_streams_mask_what_any_library_prints():
    register_secret(KEY)
    sink = io.StringIO()
    stream = RedactingStream(sink)  # type: ignore[arg-type]
    stream.write(f"Traceback ... key={KEY}\n")
    stream.writelines([f"http://a:{KEY}@h/v1\n"])
    assert KEY not in sink.getvalue()
