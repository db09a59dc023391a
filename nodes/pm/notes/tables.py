"""Tables of action items in notes, read by their headers.

Markdown tables, plain text split by ``|``, and columns aligned with spaces under a row
of dashes. The action, owner, due and status columns are found by their header words in
any order; other columns (customer, issue) are kept as the action's context. A row whose
status, due or notes say it is done, only for information or needs no action is context,
not work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(r"^[\s|:+=-]*-[\s|:+=-]*$")
_DASH_COLUMNS = re.compile(r"^-{3,}(?:\s{2,}-{3,})+\s*$")
# Each role's header words, the most telling first: "Next step" beats "Issue".
_ROLES = {
    "action": (
        re.compile(r"\b(?:next steps?|actions?|tasks?|to-?dos?|follow[- ]?ups?)\b", re.I),
        re.compile(r"\b(?:what|items?|description|work|deliverable|topic|subject|issue)\b", re.I),
        re.compile(r"^(?:next|today|doing|plan|this week|will do)$", re.I),  # a standup table
    ),
    "owner": (
        re.compile(
            r"\b(?:owners?|assignee|who|assigned|responsible|dri|person|resp|responsable|"
            r"verantwortlich|wer|lead)\b",
            re.I,
        ),
        re.compile(r"^(?:name|member|team member)$", re.I),
    ),
    "due": (re.compile(r"\b(?:due|deadline|when|date|by|eta|target)\b", re.I),),
    "status": (re.compile(r"\b(?:status|state|progress|done|notes?|comments?)\b", re.I),),
}
# A notes cell that says what is to be done.
_SAYS_WORK = re.compile(r"\b(?:to|will|needs? to|must|should)\s+[a-z]{2,}", re.I)
# A cell that says the row is not work still to do.
NOT_WORK = re.compile(
    r"\b(?:done|complete[d]?|merged|shipped|closed|fyi|cancel+ed|no action|resolved)\b|✅|✔",
    re.I,
)
# An owner cell that names nobody.
NOBODY = re.compile(
    r"^(?:$|-+|—|–|\?+|\(?(?:tbd|tba|tbc|none|nobody|unassigned|unowned|needs? (?:an )?owner|"
    r"open|n/a|anyone|someone|volunteer)\b|.*\?$)",  # "Sales?": a guess, not an owner
    re.I,
)


@dataclass(frozen=True)
class Row:
    """One row of an action table: the work, its owner (None: nobody yet), due, done."""

    action: str
    owner: str | None
    due: str
    done: bool
    context: str = ""  # the row's other cells ("Acme Corp, SSO login loop")


# Cells that say nothing about the work: a row number, a dash.
_NO_CONTEXT = re.compile(r"#?\d{1,3}\.?|[-–—?]+|n/a", re.I)


def is_table_line(line: str) -> bool:
    """Whether ``line`` looks like a row of a table: cells split by ``|`` or by tabs."""
    if line.count("\t") >= 2:  # pasted from a spreadsheet
        return True
    return line.count("|") >= 2 or (line.count("|") == 1 and not line.strip().startswith("|"))


def is_dash_header(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` heads columns aligned with spaces over a row of dashes."""
    return index + 1 < len(lines) and bool(_DASH_COLUMNS.match(lines[index + 1].strip()))


def cells(line: str) -> list[str]:
    """The cells of one table row, trimmed, without the outer pipes."""
    inner = line.strip()
    if inner.startswith("||"):
        inner = inner.replace("||", "|")  # a Confluence header row: "|| Item || Owner ||"
    if "|" not in inner and "\t" in inner:
        return [cell.strip(" *`") for cell in inner.split("\t")]
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip(" *`") for cell in inner.split("|")]


def aligned_rows(lines: list[str]) -> list[list[str]]:
    """Header and rows of a space-aligned table: the dashes under the header give the columns."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"-{3,}", lines[1].rstrip())]
    starts = [start for start, _ in spans] + [10_000]
    table = [lines[0], *lines[2:]]
    return [[line[starts[i] : starts[i + 1]].strip() for i in range(len(spans))] for line in table]


def is_spaced_header(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` heads columns aligned with spaces alone ("Owner   Action   Due").

    Three or more headings two spaces apart, naming an action and an owner, over a row that
    splits the same way.
    """
    if "\t" in lines[index] or "|" in lines[index]:
        return False  # a spreadsheet paste or a pipe table: cells are marked, not aligned
    header = spaced_cells(lines[index])
    if len(header) < 3 or index + 1 >= len(lines) or len(spaced_cells(lines[index + 1])) < 2:
        return False
    roles = _roles([text.lower() for _, text in header])
    return "owner" in roles and "action" in roles


def spaced_rows(lines: list[str]) -> list[list[str]]:
    """Header and rows of a table aligned with spaces, each cell under the column it starts in.

    A blank cell leaves its column empty.
    """
    starts = [start for start, _ in spaced_cells(lines[0])]
    table = []
    for line in lines:
        row = [""] * len(starts)
        for start, text in spaced_cells(line):
            column = max((i for i, s in enumerate(starts) if s <= start + 2), default=0)
            row[column] = f"{row[column]} {text}".strip()
        table.append(row)
    return table


def spaced_cells(line: str) -> list[tuple[int, str]]:
    """The pieces of ``line`` that two or more spaces (or a tab) separate, with where they start."""
    line = line.rstrip().expandtabs(8)
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def read_table(lines: list[str]) -> list[Row] | None:
    """The rows of a table whose header names an owner or an action column, or None."""
    body = [cells(line) for line in lines if not _SEPARATOR.match(line)]
    return read_cells(body)


def read_cells(body: list[list[str]]) -> list[Row] | None:
    """Rows from cells whose first row is the header, or None when no header is known."""
    if len(body) < 2:
        return None
    header = [cell.lower() for cell in body[0]]
    roles = _roles(header)
    if "owner" not in roles and "action" not in roles:
        return None
    action = roles.get("action", 0 if roles.get("owner") != 0 else 1)
    rows = []
    for row in body[1:]:
        text = row[action] if action < len(row) else ""
        if not text:
            continue
        owner, due = _cell(row, roles, "owner"), _cell(row, roles, "due")
        others = [
            c
            for i, c in enumerate(row)
            if i not in roles.values() and i != action and c and not _NO_CONTEXT.fullmatch(c)
        ]
        note = _cell(row, roles, "status")
        if _SAYS_WORK.search(note) and not NOT_WORK.search(note):
            others.append(note)  # "spare part ordered, Juraj to install + check the program"
        status = " ".join([note, due, text[:4]])
        named = None if NOBODY.match(owner) else _owner_cell(owner)
        done = bool(NOT_WORK.search(status) or NOT_WORK.search(" ".join(others)))
        rows.append(Row(text, named or None, due, done, ", ".join(others)))
    return rows


def _owner_cell(cell: str) -> str | None:
    """The person an owner cell names.

    "Arjun → Bea": the one it passes to; "Maintenance (Juraj)", "Quality – Mr. Horváth":
    the person in the team; "Prof. Adeyemi to ask Dr. Lindqvist": the one asking;
    "Deepa / Vikram": the first.
    """
    cell = re.split(r"\s*(?:→|->|=>)\s*", cell)[-1].lstrip("@")
    if inside := re.fullmatch(r"[\w .&/-]{2,30}?\s*\((?P<n>[A-Z][\w .'’-]{1,30})\)", cell):
        cell = inside.group("n")  # "Maintenance (Juraj)"
    cell = re.sub(r"\s*\(.*\)\s*$", "", cell)
    cell = re.sub(r"^[A-Za-z &]{2,20}\s+[–—-]\s+(?=[A-Z])", "", cell)  # "Quality – Mr. Horváth"
    cell = re.sub(r"\s+to\s+\w+\b.*$", "", cell)  # "Prof. Adeyemi to ask Dr. Lindqvist"
    return re.split(r"\s*(?:/|&|\+|,|\band\b)\s*", cell)[0] or None  # "Deepa / Vikram"


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for role, patterns in _ROLES.items():
        for pattern in patterns:
            found = [
                i for i, c in enumerate(header) if i not in roles.values() and pattern.search(c)
            ]
            if found:
                roles[role] = found[0]
                break
    return roles


def _cell(row: list[str], roles: dict[str, int], role: str) -> str:
    index = roles.get(role)
    return row[index] if index is not None and index < len(row) else ""
