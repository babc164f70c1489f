"""``torch.compile`` for long inference runs.

Inductor with *freezing* treats the weights as constants: on a CPU it packs
the linear layers' weights once for oneDNN and fuses the element-wise work
around them (bias, GELU, residual adds) into fewer kernels. On a 2-core
AVX512-BF16 CPU that makes bf16 NER inference 1.12-1.17x faster
(``scripts/bench_predict.py --compile``), after a one-off compilation of
18-30 s per process (inductor caches compiled graphs on disk). Shapes are
compiled dynamically, so the varying batch and window sizes of length-sorted
batching share one graph (a batch of one window gets its own); both are built
at load by the caller's warm-up, never mid-corpus.
"""
from __future__ import annotations

import torch


class CompileError(RuntimeError):
    """torch.compile could not build the model (no C++ compiler, unsupported op, ...)."""


def compile_for_inference(model: torch.nn.Module, warmup) -> torch.nn.Module:
    """A compiled view of ``model`` (weights frozen), compiled now by ``warmup(compiled)``.

    ``warmup`` runs the compiled model once on a small batch, so that
    compilation errors surface here, with advice, and not mid-corpus.
    """
    compiled = torch.compile(model, dynamic=True, options={"freezing": True})
    try:
        warmup(compiled)
    except Exception as exc:  # dynamo/inductor raise many kinds, all of them fatal here
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CompileError(
            f"torch.compile failed ({type(exc).__name__}: {first[:300]}); it needs a working C++ compiler "
            "(gcc or clang on PATH) for CPU inference. Run without --compile / compile=False."
        ) from exc
    return compiled
