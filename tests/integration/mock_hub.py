"""A small stand-in for the Hugging Face Hub on loopback: the endpoints huggingface_hub uses.

- ``GET /api/models/{org}/{repo}/tree/{revision}``: the file listing (sizes, git blob
  ids, LFS sha256);
- ``HEAD``/``GET /{org}/{repo}/resolve/{revision}/{path}``: file metadata and bytes,
  with ``Range`` for resumed downloads.

Repositories: ``org/tiny-vllm`` (a weights directory), ``org/tiny-gguf``,
``org/tiny-embed``, ``org/gated`` (401 unless ``Bearer hf_test_token``),
``org/bad-hash`` (bytes that do not match the advertised sha256) and ``org/dropper``
(the first full download of its file stops half-way). ``GET /_stats`` counts requests.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

COMMIT = "a" * 40
TOKEN = "hf_test_token"


def _bytes(seed: str, size: int) -> bytes:
    block = hashlib.sha256(seed.encode()).digest()
    return (block * (size // len(block) + 1))[:size]


REPOS: dict[str, dict[str, bytes]] = {
    "org/tiny-vllm": {
        "config.json": b'{"architectures": ["TinyForCausalLM"]}\n',
        "model-00001-of-00002.safetensors": _bytes("shard1", 300_000),
        "model-00002-of-00002.safetensors": _bytes("shard2", 200_000),
        "tokenizer.json": b'{"version": "1.0"}\n',
        "README.md": b"# not selected by the manifest patterns\n",
    },
    "org/tiny-gguf": {"tiny.Q4_K_M.gguf": b"GGUF" + _bytes("gguf", 400_000)},
    "org/tiny-embed": {"config.json": b"{}\n", "model.safetensors": _bytes("embed", 50_000)},
    "org/gated": {"gated.Q4_K_M.gguf": b"GGUF" + _bytes("gated", 10_000)},
    "org/bad-hash": {"bad.Q4_K_M.gguf": b"GGUF" + _bytes("bad", 10_000)},
    # Larger than huggingface_hub's 10 MB read chunk, so a cut leaves a chunk on disk.
    "org/dropper": {"big.Q4_K_M.gguf": b"GGUF" + _bytes("dropper", 24_000_000)},
}
LFS = (".gguf", ".safetensors")
stats: Counter[str] = Counter()


def _sha256(repo: str, path: str, data: bytes) -> str:
    if repo == "org/bad-hash":
        return hashlib.sha256(b"what the uploader meant").hexdigest()
    return hashlib.sha256(data).hexdigest()


def _blob(data: bytes) -> str:
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data, usedforsecurity=False).hexdigest()


def _denied(request: Request, repo: str) -> Response | None:
    if repo == "org/gated" and request.headers.get("authorization") != f"Bearer {TOKEN}":
        return JSONResponse(
            {"error": "Access to model org/gated is restricted."},
            status_code=401,
            headers={"X-Error-Code": "GatedRepo", "X-Error-Message": "gated"},
        )
    if repo not in REPOS:
        return JSONResponse(
            {"error": "Repository not found"},
            status_code=404,
            headers={"X-Error-Code": "RepoNotFound"},
        )
    return None


async def tree(request: Request) -> Response:
    repo = f"{request.path_params['org']}/{request.path_params['name']}"
    stats["tree"] += 1
    if (denied := _denied(request, repo)) is not None:
        return denied
    listing = []
    for path, data in REPOS[repo].items():
        entry: dict[str, object] = {"type": "file", "path": path, "size": len(data),
                                    "oid": _blob(data)}  # fmt: skip
        if path.endswith(LFS):
            entry["lfs"] = {"oid": _sha256(repo, path, data), "size": len(data),
                            "pointerSize": 134}  # fmt: skip
        listing.append(entry)
    return JSONResponse(listing)


async def resolve(request: Request) -> Response:
    repo = f"{request.path_params['org']}/{request.path_params['name']}"
    path = request.path_params["path"]
    stats[f"{request.method} {path}"] += 1
    if (denied := _denied(request, repo)) is not None:
        return denied
    data = REPOS[repo].get(path)
    if data is None:
        return JSONResponse({"error": "Entry not found"}, status_code=404,
                            headers={"X-Error-Code": "EntryNotFound"})  # fmt: skip
    etag = _sha256(repo, path, data) if path.endswith(LFS) else _blob(data)
    headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{etag}"', "Accept-Ranges": "bytes"}
    if request.method == "HEAD":
        return Response(headers={**headers, "Content-Length": str(len(data))})
    start = 0
    if (wanted := request.headers.get("range", "")).startswith("bytes="):
        stats["ranges"] += 1
        start = int(wanted[6:].split("-")[0] or 0)
    body = data[start:]
    stats["bytes"] += len(body)
    if repo == "org/dropper" and start == 0 and stats["dropped"] == 0:
        stats["dropped"] += 1
        return StreamingResponse(_cut(body), headers={**headers, "Content-Length": str(len(body))})
    status = 206 if start else 200
    if start:
        headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
    return Response(body, status_code=status, headers=headers)


async def _cut(body: bytes) -> AsyncIterator[bytes]:
    """Half the body in small chunks the client reads as they come, then a dropped line."""
    half = len(body) // 2
    for at in range(0, half, 1 << 20):
        yield body[at : min(at + (1 << 20), half)]
        await asyncio.sleep(0.005)
    raise ConnectionResetError("the mock hub drops the connection half-way")


async def counts(request: Request) -> Response:
    return JSONResponse(dict(stats))


app = Starlette(
    routes=[
        Route("/api/models/{org}/{name}/tree/{revision}", tree),
        Route("/{org}/{name}/resolve/{revision}/{path:path}", resolve, methods=["GET", "HEAD"]),
        Route("/_stats", counts),
    ]
)
