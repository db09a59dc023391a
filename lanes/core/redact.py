"""Keep secrets out of everything Cortex prints, logs, traces or raises.

One function, :func:`redact`, used by the error types, the lane table's public shape,
the log handler and the CLI's output streams. It removes:

- every secret value Cortex was configured with (API keys, registered when the
  settings are read), wherever it appears;
- the user-info of URLs (``http://admin:hunter2@host`` -> ``http://***@host``);
- bearer tokens and ``api_key``-style fields in error bodies servers echo back;
- the team server's own API keys (``ctx_<id>_<secret>``), wherever they appear.
"""

from __future__ import annotations

import re
import threading

MASK = "***"
# Shorter values would mask ordinary words; no real key is this short.
MIN_SECRET_LENGTH = 6

_URL_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@'\"]+@")
# A token, not a word: "Basic dXNlcjpw..." and "Bearer sk-1..." are masked, prose such as
# "uses basic Python syntax" or "the token expired" is not.
_BEARER = re.compile(
    r"(?P<kind>\b(?i:Bearer|Basic|Token)\s+)"
    r"(?=[A-Za-z0-9._~+/=-]*(?:[0-9]|[._~+/=-][A-Za-z0-9]|[a-z][A-Z]))[A-Za-z0-9._~+/=-]{6,}"
)
_KEY_FIELD = re.compile(
    r"(?P<name>[\"']?(?:api[_-]?key|authorization|x-api-key|access[_-]?token|secret|password)"
    r"[\"']?\s*[:=]\s*[\"']?)(?P<value>[^\s\"',}]{4,})",
    re.IGNORECASE,
)

# The team server's API keys (stores.api_keys): the id stays, to say which key it was.
_CORTEX_KEY = re.compile(r"\b(?P<id>ctx_[a-z0-9]{12}_)[A-Za-z0-9_-]{43}")

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Mask ``value`` in all output from now on (for the life of the process)."""
    if value and len(value.strip()) >= MIN_SECRET_LENGTH:
        with _lock:
            _secrets.add(value.strip())


def redact(text: str) -> str:
    """``text`` with known secrets, URL passwords and tokens replaced by ``***``."""
    if not text:
        return text
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _URL_USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", text)
    text = _CORTEX_KEY.sub(lambda m: f"{m['id']}{MASK}", text)
    text = _BEARER.sub(lambda m: f"{m['kind']}{MASK}", text)
    return _KEY_FIELD.sub(lambda m: f"{m['name']}{MASK}", text)


def redact_url(url: str | None) -> str | None:
    """A URL fit to show: its user-info (user name and password) masked."""
    return None if url is None else _URL_USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", url)
