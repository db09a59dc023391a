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
