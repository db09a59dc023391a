"""``cortex tickets import`` in-process: formats, --map, and bounded reads of hostile files."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from cli.main import main

DATA = Path(__file__).resolve().parents[2] / "data" / "imports"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARGOS_DATA_DIR", str(tmp_path / "data"))


def cortex(capsys, *argv: str) -> tuple[int, str, str, float]:
    started = time.monotonic()
    try:
        code = main(["tickets", "import", *argv, "--project", "core"])
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    took = time.monotonic() - started
    captured = capsys.readouterr()
    return code, captured.out, captured.err, took


def test_the_import_says_which_format_it_read_and_what_each_row_became(capsys):
    code, out, err, _ = cortex(capsys, str(DATA / "github_rest.json"))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "read as GitHub issues JSON from the REST API: 4 rows"
    assert lines[1] == "3 imported, 0 updated, 0 unchanged, 0 rejected, 1 skipped"
    assert "  row 4 skipped: a pull request, not an issue" in lines
    code, out, _, _ = cortex(capsys, str(DATA / "jira.csv"), "--json")
    report = json.loads(out)
    assert (code, report["read_as"], report["rows"], len(report["imported"])) == (
        0, "a Jira CSV export", 6, 6
    )  # fmt: skip


def test_map_is_repeatable_and_a_bad_map_is_one_argparse_line(capsys, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Task|Who\nShip the import|Noor\n")
    code, out, _, _ = cortex(capsys, str(sheet), "--map", "title=Task", "--map", "owner=Who")
    assert code == 0 and out.startswith("read as the columns given with --map: 1 rows")
    for bad, says in (("title", "is not FIELD=COLUMN"), ("colour=Task", "is not a ticket field")):
        code, out, err, _ = cortex(capsys, str(sheet), "--map", bad)
        assert code == 2 and out == "" and says in err
        last = err.strip().splitlines()[-1]
        assert last.startswith("cortex tickets import: error: argument --map")
    code, _, err, _ = cortex(capsys, str(sheet), "--map", "title=Nope")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "no such column" in err


def one_line_refusal(capsys, path: str, says: str) -> None:
    code, out, err, took = cortex(capsys, path)
    assert took < 5, f"{path} took {took:.1f} s"
    assert (code, out) == (1, "")
    lines = err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], err
    assert "Traceback" not in err and "internal error" not in err and len(lines[0]) < 250


def test_dev_zero_a_fifo_and_a_directory_are_refused_before_a_byte_is_read(capsys, tmp_path):
    one_line_refusal(capsys, "/dev/zero", "is not a regular file")
    fifo = tmp_path / "tickets.csv"
    os.mkfifo(fifo)
    one_line_refusal(capsys, str(fifo), "is not a regular file")
    one_line_refusal(capsys, str(tmp_path), "is a directory")
    one_line_refusal(capsys, str(tmp_path / "missing.csv"), "cannot read it (no such file)")


def test_a_sparse_1_gb_file_is_refused_by_its_size(capsys, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(1024**3)
    one_line_refusal(capsys, str(big), "is larger than 50 MB; split it")


def test_json_nested_100000_deep_is_refused_before_it_is_parsed(capsys, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    one_line_refusal(capsys, str(deep), "is nested 100000 levels deep; at most 64 are read")


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("title,description", 'Huge,"{cell}"'),
        ("Summary,Issue key,Description", 'Huge,CORE-1,"{cell}"'),
    ],
)
def test_a_10_mb_cell_is_read_and_its_row_rejected_in_one_short_line(capsys, tmp_path, header, row):
    path = tmp_path / "huge.csv"
    path.write_text(f"{header}\n{row.format(cell='x' * (10 * 1024 * 1024))}\nSmall,,\n")
    code, out, err, took = cortex(capsys, str(path))
    assert took < 5 and code == 1 and "Traceback" not in err and err == ""
    rejected = [line for line in out.splitlines() if line.startswith("  row 1:")]
    assert len(rejected) == 1 and len(rejected[0]) < 200
    assert "description 'xxx" in rejected[0] and "10,485,760 characters" in rejected[0]
    assert "longer than the 10,000 characters the board keeps" in rejected[0]


def test_a_10_mb_cell_in_a_column_no_field_reads_is_no_reason_to_reject(capsys, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(f"title,notes\nKept,{'y' * (10 * 1024 * 1024)}\n")
    code, out, _, took = cortex(capsys, str(path))
    assert took < 5 and code == 0 and "1 imported" in out
