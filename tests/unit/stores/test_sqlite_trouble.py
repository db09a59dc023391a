"""A damaged or unusable SQLite file under ARGOS_DATA_DIR is named, with the fix, and kept."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from stores.checkpoints import CHECKPOINTS_FILE, sqlite_checkpointer
from stores.records import RECORDS_FILE, sqlite_records
from stores.sqlite_trouble import DataFileError, data_file_error

NOISE = bytes(range(256)) * 16  # 4 KB that is not a SQLite header


async def _open(opener, folder) -> None:
    async with opener(folder):
        pass


@pytest.mark.parametrize(
    ("opener", "name"),
    [(sqlite_records, RECORDS_FILE), (sqlite_checkpointer, CHECKPOINTS_FILE)],
)
def test_a_file_that_is_not_a_database_is_named_and_left_as_it_was(tmp_path, opener, name):
    damaged = tmp_path / name
    damaged.write_bytes(NOISE)
    with pytest.raises(DataFileError) as error:
        asyncio.run(_open(opener, tmp_path))
    message = str(error.value)
    assert message.startswith(f"{damaged} is damaged or not a database")
    assert "restore it from a backup" in message
    assert damaged.read_bytes() == NOISE


def test_a_full_disk_says_to_free_space_not_to_remove_the_file(tmp_path):
    error = data_file_error(
        tmp_path / "api_keys.sqlite3", sqlite3.OperationalError("disk I/O error")
    )
    assert "free space" in str(error) and "nothing was removed" in str(error)
    assert "restore" not in str(error)
    in_use = data_file_error(tmp_path, sqlite3.OperationalError("database or disk is full"))
    assert str(in_use).startswith(f"a database in {tmp_path} cannot be used")
