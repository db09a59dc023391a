"""The scrape in multiprocess mode: a folder deleted under the server is not a 500."""

from __future__ import annotations

from lanes.telemetry.metrics import MULTIPROC_ENV, exposition


def test_a_missing_multiprocess_folder_is_an_empty_scrape(tmp_path, monkeypatch):
    folder = tmp_path / "gone" / "metrics"
    monkeypatch.setenv(MULTIPROC_ENV, str(folder))
    body, content_type = exposition()
    assert content_type.startswith("text/plain")
    assert folder.is_dir() and b"cortex_" not in body
