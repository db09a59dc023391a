"""``cortex models download``: every lane's model from the Hub into ``ARGOS_MODELS_DIR``.

Downloads go through ``huggingface_hub`` (``hf_hub_download``: it resumes from the
partial file it keeps, and checks sizes); this module plans what to fetch, checks the
disk first, verifies each file's hash where the Hub gives one (an LFS file's sha256, a
small file's git blob id) and records a completed model, so a second run fetches
nothing. Nothing here runs at import or start-up.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lanes.core.errors import CortexError
from lanes.core.redact import redact
from lanes.models.manifest import ModelEntry

ATTEMPTS = 3  # per file: a dropped connection resumes from what already arrived
# The specification's switches: a lane's model is fetched unless its variable says no.
SWITCHES = {
    "vllm": "ARGOS_DOWNLOAD_VLLM",
    "embeddings": "ARGOS_DOWNLOAD_EMBEDDINGS",
    "super_reader": "ARGOS_DOWNLOAD_SUPER_READER",
    "governance": "ARGOS_DOWNLOAD_GOVERNANCE",
    "fast_rag": "ARGOS_DOWNLOAD_FAST_RAG",
}
_NO = {"0", "false", "no", "off"}


class DownloadError(CortexError):
    """A download that cannot start or did not finish (the message says why)."""


@dataclass
class PlannedModel:
    """One manifest entry, where it lands, and what will happen to it."""

    entry: ModelEntry
    path: Path
    status: str  # present | missing | partial | skipped | downloaded | failed
    reason: str = ""
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape: lane, kind, repo, files, size_bytes, path, status."""
        body = {
            "lane": self.entry.lane,
            "kind": self.entry.kind,
            "repo": self.entry.repo,
            "files": self.files or self.entry.files,
            "size_bytes": self.entry.size_bytes,
            "path": str(self.path),
            "status": self.status,
        }
        if self.reason:
            body["reason"] = self.reason
        return body


def plan(
    entries: list[ModelEntry],
    models_dir: Path,
    *,
    skip: set[str] | None = None,
    lanes: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> list[PlannedModel]:
    """What a download would do: each model present, missing, partial or skipped (why)."""
    skip = skip or set()
    env = dict(os.environ) if env is None else env
    planned = []
    for entry in entries:
        path = entry.target(models_dir)
        if entry.kind == "gguf" and len(entry.files) == 1:
            path = path / entry.files[0]
        reason = _skipped(entry, skip, lanes, env)
        status = "skipped" if reason else _state(entry, models_dir)
        planned.append(PlannedModel(entry, path, status, reason))
    return planned


def _skipped(
    entry: ModelEntry, skip: set[str], lanes: list[str] | None, env: dict[str, str]
) -> str:
    if entry.kind in skip:
        return f"--skip-{entry.kind}"
    if lanes and entry.lane not in lanes:
        return "not among --lane"
    for key in (entry.kind, entry.lane):
        variable = SWITCHES.get(key)
        if variable and env.get(variable, "").strip().lower() in _NO:
            return f"{variable}={env[variable]}"
    return ""


def _marker(entry: ModelEntry, models_dir: Path) -> Path:
    return models_dir / ".cortex" / f"{entry.name}.complete.json"


def _state(entry: ModelEntry, models_dir: Path) -> str:
    """Present (verified and whole), partial (some files there), or missing."""
    marker = _marker(entry, models_dir)
    if marker.is_file():
        try:
            done = json.loads(marker.read_text())["files"]
        except (ValueError, KeyError, TypeError):
            done = None
        base = _base(entry, models_dir)
        if isinstance(done, dict) and all(
            (base / name).is_file() and (base / name).stat().st_size == size
            for name, size in done.items()
        ):
            return "present"
    base = _base(entry, models_dir)
    if entry.kind == "gguf":
        partial = any((base / f).exists() for f in entry.files)
    else:
        partial = base.is_dir() and any(base.iterdir())
    return "partial" if partial else "missing"


def _base(entry: ModelEntry, models_dir: Path) -> Path:
    """The folder the entry's files are relative to."""
    return entry.target(models_dir)


def check_disk(planned: list[PlannedModel], models_dir: Path) -> None:
    """Refuse to start when the models to fetch would not fit on the disk.

    Raises:
        DownloadError: naming what is needed, what is free, and where.

    """
    needed = sum(p.entry.size_bytes for p in planned if p.status in ("missing", "partial"))
    existing = models_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    free = shutil.disk_usage(existing).free
    if needed > free:
        raise DownloadError(
            f"the models to download need {needed / 1e9:.1f} GB but {existing} has "
            f"{free / 1e9:.1f} GB free: free space, choose another --models-dir, or "
            "fetch fewer models (--lane, --skip-vllm, --skip-gguf, --skip-embeddings)"
        )


def download(
    planned: list[PlannedModel],
    models_dir: Path,
    *,
    token: str | None,
    endpoint: str | None,
    on_file: Callable[[str, int], None] | None = None,
) -> list[PlannedModel]:
    """Fetch every missing or partial model; each ends downloaded or failed (with why)."""
    # Imported here: huggingface_hub is heavy, and only `cortex models download` uses it.
    from huggingface_hub import HfApi
    from huggingface_hub.utils.tqdm import disable_progress_bars

    disable_progress_bars()  # the caller shows its own
    api = HfApi(endpoint=endpoint, token=token or None)
    for item in planned:
        if item.status not in ("missing", "partial"):
            continue
        try:
            sizes = _fetch(api, item, models_dir, token=token, endpoint=endpoint, on_file=on_file)
        except DownloadError as exc:
            item.status, item.reason = "failed", str(exc)
            continue
        marker = _marker(item.entry, models_dir)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps({"repo": item.entry.repo, "files": sizes}, indent=2))
        item.status = "downloaded"
    return planned


def _fetch(
    api: Any,
    item: PlannedModel,
    models_dir: Path,
    *,
    token: str | None,
    endpoint: str | None,
    on_file: Callable[[str, int], None] | None,
) -> dict[str, int]:
    """Download and verify the entry's files; returns each file's size."""
    # Imported here: huggingface_hub is heavy, and only `cortex models download` uses it.
    from huggingface_hub import hf_hub_download

    remote = _remote_files(api, item.entry)
    item.files = [f["path"] for f in remote]
    base = _base(item.entry, models_dir)
    base.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for info in remote:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                hf_hub_download(
                    item.entry.repo,
                    info["path"],
                    revision=item.entry.revision,
                    local_dir=base,
                    token=token or None,
                    endpoint=endpoint,
                )
                break
            except Exception as exc:  # noqa: BLE001 - classified: retried, or a clear failure
                if attempt == ATTEMPTS or not _transient(exc):
                    raise DownloadError(_reason(exc, item.entry)) from None
        _verify(base / info["path"], info)
        sizes[info["path"]] = int(info["size"])
        if on_file:
            on_file(info["path"], int(info["size"]))
    return sizes


def _remote_files(api: Any, entry: ModelEntry) -> list[dict[str, Any]]:
    """The repository's files that the entry's names or patterns select, with sizes and hashes."""
    try:
        tree = list(api.list_repo_tree(entry.repo, revision=entry.revision, recursive=True))
    except Exception as exc:  # noqa: BLE001 - classified into one line below
        raise DownloadError(_reason(exc, entry)) from None
    chosen = [
        {"path": f.path, "size": f.size, "sha256": f.lfs.sha256 if f.lfs else None,
         "blob": f.blob_id}
        for f in tree
        if hasattr(f, "size") and any(fnmatch.fnmatch(f.path, pattern) for pattern in entry.files)
    ]  # fmt: skip
    if not chosen:
        raise DownloadError(
            f"{entry.repo}@{entry.revision} has no file matching {', '.join(entry.files)}; "
            "check the manifest entry (ARGOS_MODELS_MANIFEST)"
        )
    return chosen


def _verify(path: Path, info: dict[str, Any]) -> None:
    """Size, then the sha256 (LFS) or git blob id (small files) the Hub gave."""
    size = path.stat().st_size
    if size != int(info["size"]):
        _discard(path)
        raise DownloadError(f"{info['path']}: {size} bytes, the Hub says {info['size']}")
    if info["sha256"]:
        digest = hashlib.sha256()
        expected, kind = info["sha256"], "sha256"
    elif info["blob"]:
        digest = hashlib.sha1(f"blob {size}\0".encode(), usedforsecurity=False)
        expected, kind = info["blob"], "git blob id"
    else:
        return
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        _discard(path)
        raise DownloadError(
            f"{info['path']}: {kind} mismatch (got {digest.hexdigest()[:12]}, the Hub says "
            f"{expected[:12]}); the file was removed, run the download again"
        )


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)


def _transient(exc: BaseException) -> bool:
    """A dropped or timed-out connection: worth resuming."""
    # Imported here: huggingface_hub's HTTP client, loaded with it and only for downloads.
    import httpx2

    return isinstance(exc, httpx2.TransportError | ConnectionError | TimeoutError)


def _reason(exc: BaseException, entry: ModelEntry) -> str:
    """One line on why a model could not be fetched (never the token)."""
    # Imported here: huggingface_hub is heavy, and only `cortex models download` uses it.
    from huggingface_hub.errors import (
        EntryNotFoundError,
        GatedRepoError,
        HfHubHTTPError,
        RepositoryNotFoundError,
    )

    status = getattr(getattr(exc, "response", None), "status_code", None)
    if isinstance(exc, GatedRepoError) or status in (401, 403):
        return (
            f"{entry.repo} is gated or private: set HF_TOKEN to a token with access "
            "(and accept the model's licence on its Hub page)"
        )
    if isinstance(exc, RepositoryNotFoundError):
        return f"{entry.repo} was not found on the Hub: check the manifest entry"
    if isinstance(exc, EntryNotFoundError):
        return f"{entry.repo}@{entry.revision}: a file is missing: check the manifest entry"
    if isinstance(exc, HfHubHTTPError):
        return redact(f"the Hub answered HTTP {status}: {str(exc).splitlines()[0]}")
    return redact(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
