"""The format of Cortex's own log lines: JSON (``ARGOS_LOG_FORMAT=json``) or plain text.

An event's fields travel in the record's ``fields`` (see :mod:`lanes.telemetry.events`).
JSON puts them beside the time, level, logger and message, one object per line; text
appends them as ``key=value``. Either way the whole line passes through the redactor, so
a key or a password that reached a field or a message never reaches the log.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from lanes.core.redact import redact

LogFormat = Literal["text", "json"]
EVENTS_LOGGER = "cortex"
_HANDLER_NAME = "cortex-events"


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message, then the event's fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON, secrets masked."""
        line: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(line, default=str, ensure_ascii=False))


class TextLines(logging.Formatter):
    """``time level message key=value ...`` on one line, secrets masked."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of text."""
        fields = getattr(record, "fields", {})
        pairs = " ".join(f"{k}={_text(v)}" for k, v in fields.items() if v is not None)
        line = f"{_time(record)} {record.levelname.lower()} {record.getMessage()} {pairs}"
        if record.exc_info:
            line += " " + self.formatException(record.exc_info).replace("\n", " | ")
        return redact(line.rstrip())


def send_events(log_format: LogFormat | None, stream: TextIO | None = None) -> logging.Handler:
    """Write Cortex's event lines (and its other ``cortex.*`` logs) to ``stream`` (stderr).

    ``None`` drops them instead (a quiet ``cortex`` command). Replaces a handler this
    function added before, so calling it again changes the format instead of doubling
    every line. Events are INFO; the lines do not also go to the root logger (a server's
    own handlers would print them a second time, without their fields).
    """
    logger = logging.getLogger(EVENTS_LOGGER)
    for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
        logger.removeHandler(old)
    handler: logging.Handler
    if log_format is None:
        handler = logging.NullHandler()
    else:
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(JsonLines() if log_format == "json" else TextLines())
    handler.set_name(_HANDLER_NAME)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return handler


def mask_every_record() -> None:
    """Mask secrets in every log record this process makes, whoever formats it.

    A server's log lines are mostly its engine's and its libraries' (the HTTP client
    logs each request's URL, a password in it included), written by handlers Cortex
    does not own: the record factory is the one place every record passes. A text
    message is rendered and masked once; a structured one (a dict, as structlog sends)
    has its text values masked. Idempotent.
    """
    current = logging.getLogRecordFactory()
    if getattr(current, "masks_secrets", False):
        return

    def masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        if isinstance(record.msg, dict):
            record.msg = {k: redact(v) if isinstance(v, str) else v for k, v in record.msg.items()}
        elif record.args or isinstance(record.msg, str):
            try:
                record.msg, record.args = redact(record.getMessage()), None
            except (TypeError, ValueError):  # arguments that do not fit: masked as given
                record.msg = redact(str(record.msg))
        if record.exc_info and not record.exc_text:  # formatters reuse exc_text as given
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return record

    masked.masks_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def _text(value: object) -> str:
    text = str(value)
    return json.dumps(text) if not text or any(c.isspace() or c in '"=' for c in text) else text
