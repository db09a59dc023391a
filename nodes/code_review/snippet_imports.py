"""The imports a Python snippet uses but leaves out, so that ruff can resolve them.

People paste the function, not the file: ``pickle.loads(request.body)`` comes without
``import pickle``, and ruff's rules that know what a call does (``S301`` for pickle,
``S506`` for ``yaml.load``, ``S501`` for ``verify=False``, ``DTZ005`` for a naive
``datetime.now()``) only fire on names they can resolve to their module. A module a
snippet names (``pickle.``) but neither imports nor defines is imported above it; the
findings' lines are then read back against the snippet as pasted. FastAPI's parameter
declarations (``Depends(get_db)`` in a default) are imported the same way, so that ruff
knows them for what they are rather than as calls made at definition (B008).
"""

from __future__ import annotations

import re

# Modules whose calls ruff's bug and security rules know, as snippets name them.
# Names people also give their own variables (time, json, re) are left out: importing
# one over a parameter would make ruff report a redefinition that is not in the code.
MODULES = (
    "pickle", "marshal", "shelve", "yaml", "requests", "httpx", "subprocess", "os",
    "random", "hashlib", "tempfile", "jwt", "ssl", "telnetlib", "ftplib",
)  # fmt: skip
# Classes a snippet names bare that come from a standard module.
CLASSES = {"datetime": "from datetime import datetime", "date": "from datetime import date"}
# FastAPI's parameter declarations, called in default arguments by design: imported,
# ruff knows them as such (``extend-immutable-calls``); unresolved, it reports B008.
# Only in a snippet that shows it is FastAPI (``Depends(`` or a route decorator):
# ``Path(`` alone is more often pathlib's.
FASTAPI_NAMES = ("Depends", "Security", "Query", "Path", "Body", "Header", "Cookie", "Form", "File")
_FASTAPI_HINT = re.compile(
    r"(?<![\w.])Depends\(|^\s*@(?:app|router|api)\.(?:get|post|put|patch|delete|api_route)\(",
    re.MULTILINE,
)
# A class named bare and called as the clock's constructor: ``datetime.now()``.
_CLASS_CALL = r"(?<![\w.]){0}\.(?:now|utcnow|today|fromtimestamp|utcfromtimestamp)\("
# Where a snippet binds a name itself: an import of it, a def or class, an assignment.
_DEFINED = (
    r"(?m)^\s*(?:import\s+[\w.,\s]*\b{0}\b|from\s+\S+\s+import\s+[^\n]*\b{0}\b"
    r"|(?:def|class)\s+{0}\b|{0}\s*=)"
)


def missing_imports(code: str) -> list[str]:
    """The import lines ``code`` needs for the modules and classes it names but never imports."""
    lines = []
    for module in MODULES:
        if re.search(rf"(?<![\w.]){module}\.\w", code) and not _defined(module, code):
            lines.append(f"import {module}")
    for name, line in CLASSES.items():
        if re.search(_CLASS_CALL.format(re.escape(name)), code) and not _defined(name, code):
            lines.append(line)
    if _FASTAPI_HINT.search(code):
        lines.extend(
            f"from fastapi import {name}"
            for name in FASTAPI_NAMES
            if re.search(rf"(?<![\w.]){name}\(", code) and not _defined(name, code)
        )
    return lines


def _defined(name: str, code: str) -> bool:
    """Whether ``code`` binds ``name`` itself (imports, defines or assigns it)."""
    return re.search(_DEFINED.format(re.escape(name)), code) is not None
