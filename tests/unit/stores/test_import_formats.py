"""Other tools' exports import with the right fields, statuses, ids and one-line reasons."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from langgraph.store.memory import InMemoryStore

from stores.board import Board, BoardError
from stores.board_io import import_rows, read_rows
from stores.imports.csv_table import separator

DATA = Path(__file__).resolve().parents[2] / "data" / "imports"


@pytest.fixture
def board() -> Board:
    return Board(InMemoryStore(), "core")


async def test_a_jira_csv_export_keeps_its_keys_and_reads_dates_labels_and_statuses(board):
    report = await import_rows(board, read_rows(DATA / "jira.csv"), by="t")
    assert report.read_as == "a Jira CSV export" and report.rows == 6
    assert report.imported == ["CORE-12", "CORE-13", "CORE-14", "CORE-9", "CORE-15", "CORE-10"]
    assert not report.rejected
    first = await board.ticket("CORE-12")
    assert first.title == "Login times out after 30 minutes, not 60"
    assert (first.status, first.owner, first.epic) == ("in_progress", "Noor Haddad", "CORE-3")
    assert first.due == date(2026, 3, 27)
    assert first.labels == ["auth", "backend"]
    # The key is kept as the id, so no "Jira:" line is added to the description.
    assert first.description.splitlines()[-1] == '3. click "Save"'
    quoted = await board.ticket("CORE-13")
    assert quoted.description == (
        'Import a Jira export; keep "quoted" text, commas, and semicolons; as they are.'
    )
    assert (quoted.status, quoted.due, quoted.labels) == ("in_progress", date(2026, 4, 2), ["csv"])
    unassigned = await board.ticket("CORE-14")
    assert (unassigned.owner, unassigned.due, unassigned.status) == (None, None, "todo")
    statuses = {t.id: t.status for t in await board.tickets()}
    assert statuses["CORE-9"] == statuses["CORE-10"] == "done" and statuses["CORE-15"] == "blocked"
    assert report.statuses["In Review"] == "in_progress" and report.statuses["Resolved"] == "done"


async def test_a_linear_csv_export_maps_its_statuses_and_comma_labels(board):
    report = await import_rows(board, read_rows(DATA / "linear.csv"), by="t")
    assert report.read_as == "a Linear CSV export" and not report.rejected
    assert report.imported == [f"ENG-{n}" for n in range(101, 108)]
    tickets = {t.id: t for t in await board.tickets()}
    assert [tickets[f"ENG-{n}"].status for n in range(101, 108)] == [
        "todo", "todo", "in_progress", "in_progress", "done", "done", "done"
    ]  # fmt: skip
    assert tickets["ENG-102"].owner is None and tickets["ENG-102"].labels == ["Security", "Import"]
    assert tickets["ENG-101"].description == "Read , ; tab and | files.\n- comma\n- semicolon"
    assert tickets["ENG-101"].due == date(2026, 4, 10)
    assert tickets["ENG-103"].due == date(2026, 3, 27)
    assert report.statuses == {
        "Backlog": "todo", "In Review": "in_progress", "Canceled": "done", "Duplicate": "done"
    }  # fmt: skip


async def test_gh_issue_list_json_is_found_by_title_with_its_number_and_url_kept(board):
    report = await import_rows(board, read_rows(DATA / "gh_issues.json"), by="t")
    assert report.read_as == "GitHub issues JSON from `gh issue list`"
    assert report.imported == ["CORE-1", "CORE-2", "CORE-3"] and not report.rejected
    session, theme, docs = await board.tickets()
    assert (session.status, session.owner, session.labels) == ("todo", "noor", ["bug", "auth"])
    assert session.due == date(2026, 3, 31)
    assert session.description.endswith(
        "Expected: 60, as configured.\n\nGitHub issue #42: https://github.com/acme/cortex/issues/42"
    )
    assert (theme.owner, theme.due, theme.labels) == (None, None, [])
    assert (docs.status, docs.owner) == ("done", "ann")
    assert docs.description.endswith("(assignees: ann, sam)")  # one owner; the others kept
    again = await import_rows(board, read_rows(DATA / "gh_issues.json"), by="t")
    assert again.unchanged == ["CORE-1", "CORE-2", "CORE-3"]


async def test_github_rest_issues_skip_pull_requests_with_a_reason(board):
    report = await import_rows(board, read_rows(DATA / "github_rest.json"), by="t")
    assert report.read_as == "GitHub issues JSON from the REST API"
    assert report.imported == ["CORE-1", "CORE-2", "CORE-3"] and not report.rejected
    assert report.skipped == [{"row": 4, "reason": "a pull request, not an issue"}]
    jira, cell, wired = await board.tickets()
    assert (jira.owner, jira.labels) == ("noor", ["import", "enhancement"])
    assert jira.due == date(2026, 4, 15)
    assert cell.owner is None and cell.description.startswith("GitHub issue #52: https://")
    assert wired.status == "done"


@pytest.mark.parametrize("name", ["ours_semicolon.csv", "ours_tab.tsv", "ours_pipe.csv"])
async def test_our_columns_separated_by_semicolon_tab_or_pipe(board, name):
    report = await import_rows(board, read_rows(DATA / name), by="t")
    assert report.read_as == "the board's own columns" and not report.rejected
    assert report.imported[:2] == ["CORE-21", "CORE-22"] and len(report.imported) == 3
    sniffed = await board.ticket("CORE-21")
    assert sniffed.description == "Read files; whatever the separator."
    assert sniffed.labels == ["import", "csv"] and sniffed.epic == "EPIC-1"
    assert sniffed.acceptance_criteria == ["comma", "semicolon", "-2+3"]


def test_the_separator_is_sniffed_from_a_bounded_sample_and_a_comma_when_unsure():
    assert separator("title\nOne\n") == ","
    assert separator("a;b\n1;2\n") == ";"
    assert separator("title,notes\n" + 'x,"a|b|c|d"\n' * 50) == ","
    assert separator("a\tb\n" + "x" * 1_000_000) == "\t"


async def test_map_reads_a_field_from_another_column_in_any_format(board, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Task;Who;State;Deadline\nShip the import;Noor;Doing;2026-05-01\n")
    mapping = {"title": "Task", "owner": "who", "status": "State", "due": "Deadline"}
    report = await import_rows(board, read_rows(path), by="t", mapping=mapping)
    assert report.read_as == "the columns given with --map" and report.imported == ["CORE-1"]
    ticket = await board.ticket("CORE-1")
    assert (ticket.owner, ticket.status, ticket.due) == ("Noor", "in_progress", date(2026, 5, 1))
    jira = await import_rows(
        Board(InMemoryStore(), "core"), read_rows(DATA / "jira.csv"), by="t",
        mapping={"owner": "Reporter"},
    )  # fmt: skip
    assert jira.read_as == "a Jira CSV export" and not jira.rejected


async def test_a_bad_map_or_unknown_columns_are_one_line_before_any_write(board, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Task,Who\nShip,Noor\n")
    with pytest.raises(BoardError, match=r"no format we read has these columns \('Task, Who'\)"):
        await import_rows(board, read_rows(path), by="t")
    with pytest.raises(BoardError, match=r"--map title='Nope': the file has no such column"):
        await import_rows(board, read_rows(path), by="t", mapping={"title": "Nope"})
    assert await board.tickets() == []


async def test_each_rejected_row_says_why_in_one_short_line(board, tmp_path):
    path = tmp_path / "jira.csv"
    long_title = "word " * 60
    path.write_text(
        "Summary,Issue key,Status,Due date,Description\n"
        "Good one,CORE-1,To Do,12/Mar/26,\n"
        ",CORE-2,To Do,,\n"
        "Bad date,CORE-3,To Do,31/02/26,\n"
        "Odd status,CORE-4,Someday maybe,,\n"
        f"{long_title},CORE-5,To Do,,\n"
        f"Huge description,CORE-6,To Do,,{'x' * 20_000}\n"
        "Key too long,VERYLONGPROJECT-7,Done,,\n"
    )
    report = await import_rows(board, read_rows(path), by="t")
    reasons = {r["row"]: r["reason"] for r in report.rejected}
    assert reasons[2].startswith("no title; fill it in, or read another column with --map title")
    assert reasons[3].startswith("due '31/02/26' is not a date; write it YYYY-MM-DD")
    assert reasons[4].startswith("status 'Someday maybe' is not one the board knows")
    assert reasons[5].startswith("title 'word word")
    assert "longer than the 200 characters" in reasons[5]
    assert "20,000 characters" in reasons[6] and "shorten it in the file" in reasons[6]
    assert all(len(r) < 200 and "\n" not in r for r in reasons.values())
    assert report.imported[0] == "CORE-1" and len(report.imported) == 2
    moved = await board.ticket(report.imported[1])  # a key that is no id of ours: by title
    assert (moved.title, moved.description) == ("Key too long", "Jira: VERYLONGPROJECT-7")


async def test_our_own_format_still_rejects_an_id_that_is_not_ours(board, tmp_path):
    path = tmp_path / "in.json"
    path.write_text('[{"id": "BAD ID", "title": "x"}, 7]')
    report = await import_rows(board, read_rows(path), by="t")
    assert [r["row"] for r in report.rejected] == [1, 2]
    assert report.rejected[0]["reason"].startswith("id 'BAD ID' is not a ticket id like CORE-12")
    assert report.rejected[1]["reason"] == "7 is not a ticket object with a title"


def test_sniffing_a_separator_stays_fast_on_text_made_to_slow_the_sniffer():
    started = time.monotonic()
    for text in (',"' * 5_000_000, '",' * 5_000_000 + "\n", ", 'x" * 3_000_000):
        assert separator(text) == ","
    assert time.monotonic() - started < 2
