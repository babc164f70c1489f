"""Which numeric precision the hardware runs fast.

bf16 is several times faster than fp32 on CPUs with AMX or AVX512-BF16 and on
recent GPUs, and about a hundred times *slower* on CPUs without native bf16
(emulated: 0.5 vs 83 GFLOP/s for a 2048×512×2048 matmul on a 2-core AVX2 EPYC).
Training and inference default to ``auto``, which picks per machine.
"""
from __future__ import annotations

PRECISIONS = ("auto", "bf16", "fp32")


def cpu_supports_bf16() -> bool:
    """True when /proc/cpuinfo lists AMX or AVX512-BF16 (bf16 matmuls run natively)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"amx_bf16", "avx512_bf16"})
    except OSError:
        pass
    return False


def default_precision(device) -> str:
    """bf16 on CPUs with AMX/AVX512-BF16 and on CUDA devices with bf16 support, else fp32."""
    import torch

    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return "bf16" if cpu_supports_bf16() else "fp32"


def resolve_precision(precision: str, device) -> str:
    """``auto`` → :func:`default_precision`; ``bf16``/``fp32`` as given."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision={precision!r}: expected one of {', '.join(PRECISIONS)}")
    return default_precision(device) if precision == "auto" else precision


def slow_bf16_warning(precision: str, device) -> str | None:
    """A warning when bf16 is asked for on a CPU that can only emulate it."""
    if precision == "bf16" and device.type == "cpu" and not cpu_supports_bf16():
        return ("bf16 on a CPU without AMX or AVX512-BF16 is emulated and runs about 100x slower "
                "than fp32; use precision fp32 (or auto)")
    return None
