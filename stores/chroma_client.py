"""Open a Chroma collection: a shared server, or the embedded store under the data dir.

Whatever Chroma raises while connecting (a refused port, a data dir that is a file, a
corrupt database) becomes a :class:`StoreUnavailable` that names the setting to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lanes.config.validate import check_url
from lanes.core.errors import CortexError
from lanes.core.redact import redact_url


class StoreUnavailable(CortexError):
    """The vector store cannot be opened; the message names the setting and the fix."""


def open_collection(data_dir: Path, chroma_url: str | None, name: str) -> Any:
    """The collection ``name`` (created if missing), fed only with our own embeddings."""
    try:
        client = _client(data_dir, chroma_url)
        return client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
    except CortexError:
        raise
    except Exception as exc:  # noqa: BLE001 - chromadb raises many types; all mean "unusable"
        raise StoreUnavailable(_explain(data_dir, chroma_url, exc)) from exc


def _client(data_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma server's HttpClient (how teams share one index), or the embedded one."""
    # Imported here: chromadb is heavy; only opening a knowledge base needs it.
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if not chroma_url:
        store = data_dir / "chroma"
        if data_dir.exists() and not data_dir.is_dir():
            raise StoreUnavailable(
                f"ARGOS_DATA_DIR={str(data_dir)!r} is a file, not a folder: "
                "point ARGOS_DATA_DIR at a folder (it is created if missing)"
            )
        return chromadb.PersistentClient(path=str(store), settings=settings)
    parts = urlsplit(check_url(chroma_url, variable="ARGOS_CHROMA_URL"))
    return chromadb.HttpClient(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or (443 if parts.scheme == "https" else 8000),
        ssl=parts.scheme == "https",
        settings=settings,
    )


def _explain(data_dir: Path, chroma_url: str | None, exc: Exception) -> str:
    reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    if chroma_url:
        return (
            f"cannot reach the Chroma server at ARGOS_CHROMA_URL={redact_url(chroma_url)!r} "
            f"({reason}); start it (chroma run --port N) or unset ARGOS_CHROMA_URL "
            "to use the embedded store"
        )
    return (
        f"cannot open the embedded Chroma store in {data_dir / 'chroma'} ({reason}); "
        "check that ARGOS_DATA_DIR is a writable folder"
    )
