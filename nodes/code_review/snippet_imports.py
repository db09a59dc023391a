"""The standard imports a Python snippet uses but leaves out, so that ruff can resolve them.

People paste the function, not the file: ``pickle.loads(request.body)`` comes without
``import pickle``, and ruff's rules that know what a call does (``S301`` for pickle,
``S506`` for ``yaml.load``, ``S501`` for ``verify=False``, ``DTZ005`` for a naive
``datetime.now()``) only fire on names they can resolve to their module. A module a
snippet names (``pickle.``) but neither imports nor defines is imported above it; the
findings' lines are then read back against the snippet as pasted.
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
# Where a snippet binds a name itself: an import of it, a def or class, an assignment.
_DEFINED = (
    r"(?m)^\s*(?:import\s+[\w.,\s]*\b{0}\b|from\s+\S+\s+import\s+[^\n]*\b{0}\b"
    r"|(?:def|class)\s+{0}\b|{0}\s*=)"
)


def missing_imports(code: str) -> list[str]:
    """The import lines ``code`` needs for the modules and classes it names but never imports."""
    lines = []
    for module in MODULES:
        if re.search(rf"(?<![\w.]){module}\.\w", code) and not re.search(
            _DEFINED.format(re.escape(module)), code
        ):
            lines.append(f"import {module}")
    for name, line in CLASSES.items():
        if re.search(
            rf"(?<![\w.]){name}\.(?:now|utcnow|today|fromtimestamp|utcfromtimestamp)\(", code
        ) and not re.search(_DEFINED.format(name), code):
            lines.append(line)
    return lines
