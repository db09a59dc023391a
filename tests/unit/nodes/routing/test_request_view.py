"""What routing sees: clean text, and a bounded view of long inputs."""

from __future__ import annotations

import json

from nodes.routing.request_view import bounded_view, clean_request, instruction_of


def test_invalid_utf8_from_argv_and_json_surrogates_become_replacement_characters():
    from_argv = b"review \xff\xfe this".decode("utf-8", "surrogateescape")
    assert clean_request(from_argv) == "review \ufffd\ufffd this"
    assert clean_request("lone \udcff surrogate") == "lone \ufffd surrogate"
    clean_request(from_argv).encode("utf-8")  # encodable: tokenizers accept it


def test_control_characters_go_and_whitespace_only_is_empty():
    assert clean_request("a\x00b\x1bc\td\n") == "abc\td"
    assert clean_request(" \n\t \r ") == ""


def test_a_long_input_is_seen_as_its_head_its_size_and_its_tail():
    log = "\n".join(f"2026-11-23 12:00:{i % 60:02d} INFO worker {i} ok" for i in range(8000))
    view = bounded_view(log)
    assert len(view) < 1700
    assert view.startswith(log[:1000]) and view.endswith(log[-300:])
    assert f"{len(log):,} characters" in view
    assert bounded_view("short question?") == "short question?"


def test_the_instruction_of_a_long_input_is_its_first_paragraph():
    text = "Summarise the errors in this log.\n\n" + "line\n" * 10_000
    assert instruction_of(text) == "Summarise the errors in this log."


def test_a_lone_high_surrogate_from_a_json_body_is_replaced_not_an_error() -> None:
    text = json.loads('"review \\ud83d this"')  # half of an emoji's surrogate pair
    assert clean_request(text) == "review \ufffd this"
