"""CSV cells a spreadsheet will not run: the OWASP rule for CSV injection, reversibly.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or
their full-width forms) is read as a formula by Excel, LibreOffice and Sheets. Such a
cell is written with a leading ``'``, which spreadsheets show as text, and the import
takes that one ``'`` off again. A value that itself starts with ``'`` before one of
those characters gets one more, so every value comes back exactly as it was exported.
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
QUOTE = "'"


def escape_cell(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet evaluates."""
    if _needs_quote(value):
        return QUOTE + value
    return value


def unescape_cell(cell: str) -> str:
    """The value :func:`escape_cell` wrote as ``cell``; any other cell is left as it is."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell


def _needs_quote(value: str) -> bool:
    # Leading quotes do not hide a formula from this rule: "'=x" is written "''=x".
    head = value.lstrip(QUOTE)
    return bool(head) and head[0] in FORMULA_STARTS
