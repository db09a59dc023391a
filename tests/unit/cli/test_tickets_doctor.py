"""Every board command works on the good tickets when one stored record is bad."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from cli.main import main
from stores.records import sqlite_records


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARGOS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def cortex(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["tickets", *argv, "--project", "core"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_bad_record_is_named_and_the_rest_of_the_board_works(capsys, data_dir):
    assert cortex(capsys, "add", "Fix the login timeout")[0] == 0

    async def spoil() -> None:
        async with sqlite_records(data_dir) as store:
            await store.aput(("projects", "core", "tickets"), "CORE-2", {"title": 42})

    asyncio.run(spoil())
    code, out, err = cortex(capsys, "--json")
    assert code == 0 and [t["id"] for t in json.loads(out)] == ["CORE-1"]
    assert err.count("bad record tickets/'CORE-2' skipped") == 1
    assert "cortex tickets doctor --project core" in err
    assert cortex(capsys, "add", "CSV export")[:2] == (0, "create CORE-3: CSV export [todo]\n")
    assert cortex(capsys, "update", "CORE-1", "--status", "done")[0] == 0
    code, out, _ = cortex(capsys, "export")
    assert code == 0 and "CORE-1" in out and "CORE-2" not in out

    code, out, err = cortex(capsys, "doctor")
    assert code == 1 and out.startswith("tickets/CORE-2: id: field required\n") and err == ""
    assert cortex(capsys, "doctor", "--fix")[0] == 0
    code, out, err = cortex(capsys, "doctor")
    assert (code, err) == (0, "") and "every ticket, epic and roadmap is valid" in out


def test_a_row_that_is_not_json_is_set_aside_whole_and_a_null_index_entry_is_harmless(
    capsys, data_dir
):
    assert cortex(capsys, "add", "Fix the login timeout")[0] == 0
    assert cortex(capsys, "add", "CSV export")[0] == 0
    import sqlite3

    with sqlite3.connect(data_dir / "records.sqlite") as db:  # a disk or a hand broke them
        db.execute(
            "UPDATE store SET value = ? WHERE prefix = 'projects.core.tickets' AND key = 'CORE-1'",
            (b"{not json",),
        )
        db.execute(
            "UPDATE store SET value = ? WHERE prefix = 'projects.core.ticket_titles'", (b"null",)
        )
    code, out, err = cortex(capsys, "--json")
    assert code == 0 and [t["id"] for t in json.loads(out)] == ["CORE-2"]
    assert "bad record tickets/'CORE-1' skipped: not JSON" in err
    assert cortex(capsys, "add", "Rotate the keys")[:2] == (
        0,
        "create CORE-3: Rotate the keys [todo]\n",
    )

    code, out, _ = cortex(capsys, "doctor", "--fix")
    assert code == 0 and out.startswith("tickets/CORE-1: not JSON")

    async def kept() -> dict:
        async with sqlite_records(data_dir) as store:
            item = await store.aget(("projects", "core", "set_aside"), "tickets:CORE-1")
            return item.value

    assert asyncio.run(kept())["value"]["text"] == "{not json"  # kept whole for a repair
    assert cortex(capsys, "doctor")[0] == 0
