"""A CSV file's rows, whatever its separator, with repeated columns kept as lists.

The separator (``,``, ``;``, tab or ``|``) is sniffed from the first lines only. The csv
module's own field limit (131,072 characters) is raised to the file's, so a long cell is
read and then judged by the field it fills, not cut off with the csv module's error.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from stores.imports.shape import column_key
from stores.spreadsheet_cells import unescape_cell

SEPARATORS = ",;\t|"
SAMPLE_CHARS = 4_096  # the sniffer takes time quadratic in its sample on some text


class CsvProblem(ValueError):
    """The text is not CSV the reader can split into rows (with the line it stopped at)."""


def csv_rows(text: str, *, max_rows: int, max_chars: int) -> list[dict[str, Any]]:
    """The rows of ``text`` as header -> cell; cells written escaped are unescaped.

    Raises:
        CsvProblem: a row cannot be split, or there are more than ``max_rows`` rows.

    """
    csv.field_size_limit(max(csv.field_size_limit(), max_chars))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(text))
    rows: list[dict[str, Any]] = []
    try:
        header = [name.strip() for name in next(reader, [])]
        for cells in reader:
            if not cells:  # a blank line
                continue
            if len(rows) == max_rows:
                raise CsvProblem(f"more than {max_rows:,} rows; import at most that many at a time")
            rows.append(_row(header, cells))
    except csv.Error as exc:
        raise CsvProblem(f"not valid CSV at line {reader.line_num} ({exc})") from None
    return rows


def separator(text: str) -> str:
    """The separator of a CSV text, from a bounded sample; a comma when unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    header = sample.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        found = ","
    if found in header:
        return found
    best = max(SEPARATORS, key=header.count)  # the sniffer chose from the cells: trust the header
    return best if header.count(best) else ","


def _row(header: list[str], cells: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    seen: dict[str, str] = {}  # column key -> the first header with it
    for name, cell in zip(header, cells, strict=False):
        if not name:
            continue
        value = unescape_cell(cell)
        first = seen.setdefault(column_key(name), name)
        if first == name and name not in row:
            row[name] = value
            continue
        # Jira repeats a column once per value (Labels): the cells become a list.
        earlier = row[first] if isinstance(row[first], list) else [row[first]]
        row[first] = [v for v in (*earlier, value) if v]
    return row
