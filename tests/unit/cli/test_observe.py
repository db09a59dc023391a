"""``cortex --metrics`` and ``ARGOS_LOG_FORMAT``: what a one-off process shows an operator."""

from __future__ import annotations

import logging
from pathlib import Path

from cli.main import main
from lanes.telemetry.log_format import EVENTS_LOGGER


def test_metrics_go_to_a_file_a_textfile_collector_can_read(tmp_path, capsys):
    target = tmp_path / "cortex.prom"
    assert main(["--metrics", str(target), "lanes", "--json"]) == 0
    text = target.read_text()
    assert "# TYPE cortex_lane_calls_total counter" in text
    assert "# TYPE cortex_endpoint_breaker_state gauge" in text
    assert not [p for p in tmp_path.iterdir() if p.name != target.name]  # no temporary left
    assert "cortex_lane_calls" not in capsys.readouterr().out  # stdout stays the command's


def test_metrics_to_stderr_with_a_dash(capsys):
    assert main(["--metrics", "-", "lanes", "--json"]) == 0
    captured = capsys.readouterr()
    assert "# HELP cortex_lane_calls_total" in captured.err
    assert "cortex_" not in captured.out


def test_a_metrics_file_that_cannot_be_written_is_one_line(tmp_path, capsys):
    assert main(["--metrics", str(tmp_path / "missing" / "cortex.prom"), "lanes"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("cortex: cannot write the metrics to ")
    assert f"its folder {tmp_path / 'missing'} does not exist" in line


def test_a_metrics_file_in_a_folder_that_takes_no_new_files_says_so(capsys):
    # /proc/version exists, but /proc takes no new file to write it beside and rename.
    assert main(["--metrics", "/proc/version", "lanes"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "its folder /proc does not take new files" in line and "folder you can" in line


def test_a_bad_log_format_is_a_configuration_error(monkeypatch, capsys):
    monkeypatch.setenv("ARGOS_LOG_FORMAT", "yaml")
    assert main(["lanes"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "ARGOS_LOG_FORMAT" in line and "yaml" in line


def events_handler() -> logging.Handler:
    (handler,) = [h for h in logging.getLogger(EVENTS_LOGGER).handlers if h.get_name()]
    return handler


def test_a_log_format_sends_event_lines(monkeypatch):
    monkeypatch.setenv("ARGOS_LOG_FORMAT", "json")
    try:
        assert main(["lanes"]) == 0
        assert type(events_handler().formatter).__name__ == "JsonLines"
        monkeypatch.delenv("ARGOS_LOG_FORMAT")
        assert main(["-v", "lanes"]) == 0
        assert type(events_handler().formatter).__name__ == "TextLines"
    finally:
        assert main(["lanes"]) == 0  # neither: no event lines at all
    assert isinstance(events_handler(), logging.NullHandler)
    assert not logging.getLogger(EVENTS_LOGGER).propagate


def test_a_device_is_written_to_never_replaced(tmp_path, capsys):
    null = Path("/dev/null")
    assert main(["--metrics", str(null), "lanes", "--json"]) == 0
    assert null.is_char_device()  # still the device, not a file put in its place


def test_a_folder_is_not_a_metrics_file(tmp_path, capsys):
    assert main(["--metrics", str(tmp_path), "lanes"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "it is a folder" in line


def test_the_log_format_is_read_in_any_case(monkeypatch):
    monkeypatch.setenv("ARGOS_LOG_FORMAT", " JSON ")
    try:
        assert main(["lanes"]) == 0
        assert type(events_handler().formatter).__name__ == "JsonLines"
    finally:
        monkeypatch.delenv("ARGOS_LOG_FORMAT")
        assert main(["lanes"]) == 0
