"""MiniLM with int8 arithmetic: made once from the packaged model, kept beside the GGUF.

The packaged ONNX file stores its weights as int8 but multiplies in float32: every
matrix product of a 30-token request costs float work. ONNX Runtime's own tools turn it
into a model that multiplies in int8 (weights per output channel, activations quantized
on the fly): about 1.7x faster on these cores, with vectors at cosine 0.99 of the
float ones. Routing, which embeds one short request per turn and must decide in
milliseconds, uses it; stored vectors keep the float model.

Two steps, both ONNX Runtime's: its basic graph optimisation folds the int8-to-float
casts into float weights, and its dynamic quantizer quantizes the matrix products. The
result is deterministic and keyed by the source file, ONNX Runtime's version and the
CPU's kind, so every process (and every worker) on a machine builds it at most once; a
process that cannot write the models folder builds its own copy in a temporary folder.

On an x86 CPU without VNNI, ONNX Runtime's int8 products of unsigned activations and
signed weights can saturate; its documentation's remedy is 7-bit weights
(``reduce_range``), used there. Routing's weights were fitted on a VNNI machine.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from lanes.core.errors import EmbeddedModelError

logger = logging.getLogger(__name__)


def int8_model(source: Path, folder: Path) -> Path:
    """The int8-arithmetic version of the ONNX model ``source``, built in ``folder`` once.

    Raises:
        EmbeddedModelError: ONNX Runtime could not convert ``source``.

    """
    import onnxruntime

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    full_range = _has_vnni()
    kind = "vnni" if full_range else "7bit"
    name = f"minilm-int8-arithmetic-{digest}-ort{onnxruntime.__version__}-{kind}.onnx"
    target = folder.expanduser() / name
    if target.is_file():
        return target
    try:
        folder.expanduser().mkdir(parents=True, exist_ok=True)
        return _build(source, target, full_range)
    except OSError as exc:
        logger.info("int8 MiniLM not kept in %s (%s): built for this process only", folder, exc)
        return _build(source, Path(tempfile.mkdtemp(prefix="cortex-minilm-")) / name, full_range)


def _build(source: Path, target: Path, full_range: bool) -> Path:
    """Fold, quantize, then move into place in one rename (a reader never sees half)."""
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".minilm-") as work:
        folded, quantized = Path(work) / "folded.onnx", Path(work) / "int8.onnx"
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        quiet = _QuantizerAdvice()
        logging.getLogger().addFilter(quiet)
        try:
            onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
            quantize_dynamic(
                folded,
                quantized,
                per_channel=True,
                reduce_range=not full_range,
                weight_type=QuantType.QInt8,
            )
        except OSError:
            raise  # the folder, not the model: the caller builds elsewhere
        except Exception as exc:  # noqa: BLE001 - ONNX Runtime and onnx raise many kinds
            raise EmbeddedModelError(
                f"could not make the int8 MiniLM from {source}: {exc}; reinstall the project"
            ) from exc
        finally:
            logging.getLogger().removeFilter(quiet)
        os.replace(quantized, target)
    return target


class _QuantizerAdvice(logging.Filter):
    """Drops the quantizer's advice to pre-process, which it logs on the root logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "onnxruntime" not in record.pathname or "quantization" not in record.pathname


def _has_vnni() -> bool:
    """Whether this CPU multiplies int8 with VNNI (x86: ``avx512_vnni`` or ``avx_vnni``)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    return "vnni" in flags
