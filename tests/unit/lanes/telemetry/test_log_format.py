"""Event lines: JSON or text, one per record, with every secret masked."""

from __future__ import annotations

import io
import json
import logging

import pytest

from lanes.core.redact import register_secret
from lanes.telemetry.log_format import EVENTS_LOGGER, mask_every_record, send_events

SECRET = "sk-live-0123456789abcdef"


@pytest.fixture
def lines():
    stream = io.StringIO()

    def start(log_format):
        handler = send_events(log_format, stream)
        return handler

    yield start, stream
    send_events(None)


def emit():
    register_secret(SECRET)
    fields = {
        "event": "lane_call",
        "run_id": "run-1",
        "lane": "coder",
        "endpoint": "http://admin:hunter2@models:8000/v1",
        "error": f"HTTP 401: Authorization: Bearer {SECRET} refused; api_key={SECRET}",
        "latency_ms": 12.5,
        "fallback_from": None,
    }
    logging.getLogger("cortex.lanes").warning("lane call with %s", SECRET, extra={"fields": fields})


def test_json_lines_parse_and_carry_the_fields_without_secrets(lines):
    start, stream = lines
    start("json")
    emit()
    (line,) = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["event"] == "lane_call" and record["run_id"] == "run-1"
    assert record["level"] == "warning" and record["logger"] == "cortex.lanes"
    assert record["latency_ms"] == 12.5 and record["fallback_from"] is None
    assert record["time"].endswith("+00:00")
    assert SECRET not in line and "hunter2" not in line
    assert record["endpoint"] == "http://***@models:8000/v1"


def test_text_lines_are_one_line_of_key_values_without_secrets(lines):
    start, stream = lines
    start("text")
    emit()
    (line,) = stream.getvalue().splitlines()
    assert " warning lane call with *** event=lane_call run_id=run-1 lane=coder " in line
    assert "endpoint=http://***@models:8000/v1" in line
    assert "fallback_from" not in line  # unset fields are left out
    assert SECRET not in line and "hunter2" not in line


def test_choosing_again_replaces_the_handler_instead_of_doubling_lines(lines):
    start, stream = lines
    start("text")
    start("json")
    emit()
    assert len(stream.getvalue().splitlines()) == 1
    named = [h for h in logging.getLogger(EVENTS_LOGGER).handlers if h.get_name()]
    assert len(named) == 1


def test_every_record_of_the_process_is_masked_whoever_formats_it():
    """A library's own line (an HTTP client logging a URL) through a handler not ours."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    library = logging.getLogger("some.http.client")
    library.addHandler(handler)
    library.setLevel(logging.INFO)
    before = logging.getLogRecordFactory()
    try:
        mask_every_record()
        mask_every_record()  # once is enough; twice changes nothing
        url = "http://cortex:pw-hunter2-zz@models:8000/v1/chat/completions"
        library.info('HTTP Request: %s %s "%s"', "POST", url, "HTTP/1.1 500")
        library.info({"event": "structured", "url": url})
        try:
            raise ConnectionError(f"cannot reach {url} with Bearer {SECRET}")
        except ConnectionError:
            library.exception("call failed")
        register_secret(SECRET)
        library.info("plain %d%%", 50)
    finally:
        library.removeHandler(handler)
        logging.setLogRecordFactory(before)
    text = stream.getvalue()
    assert "pw-hunter2-zz" not in text and SECRET not in text
    assert 'HTTP Request: POST http://***@models:8000/v1/chat/completions "HTTP/1.1 500"' in text
    assert "ConnectionError: cannot reach http://***@models" in text
    assert "plain 50%" in text
