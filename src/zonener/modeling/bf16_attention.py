"""Self-attention that stays in bf16 end to end, for CPU inference under autocast.

Under bf16 autocast, transformers' eager attention adds the fp32 padding mask
to the bf16 scores, which turns every (batch, heads, query, key) tensor into
fp32: the softmax then runs in fp32 and its output is cast back to bf16 for
the value matmul. On a 2-core CPU those copies of the largest tensors in the
model cost as much as a fifth of the encoder's non-matmul time.

This version keeps scores and probabilities in bf16 (PyTorch's bf16 softmax
accumulates in fp32 and rounds once, which is what the eager path's fp32
softmax followed by the cast does), masks with a boolean mask (none at all for
a batch without padding), and scales the query instead of the scores when the
scale is a power of two (exact in any precision, and a 64-dim head's 1/8 is).
The entity spans on the seeds are the eager path's (scripts/bench_predict.py).
"""
from __future__ import annotations

import math

import torch

NAME = "zonener_bf16"


def bf16_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
    """Drop-in for transformers' ``eager_attention_forward`` (inference only)."""
    if scaling is None:
        scaling = query.size(-1) ** -0.5
    exact = math.frexp(scaling)[0] == 0.5  # a power of two: scaling q first changes no bit
    if exact:
        query = query * scaling
    scores = torch.matmul(query, key.transpose(2, 3))
    if not exact:
        scores = scores * scaling
    if attention_mask is not None:
        if attention_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attention_mask, torch.finfo(scores.dtype).min)
        else:
            scores = scores + attention_mask.to(scores.dtype)
    probs = torch.softmax(scores, dim=-1)
    out = torch.matmul(probs.to(value.dtype), value)
    return out.transpose(1, 2).contiguous(), None


def register() -> str:
    """Make ``NAME`` a transformers attention implementation (boolean masks, as SDPA's)."""
    from transformers import AttentionInterface
    from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, AttentionMaskInterface, sdpa_mask

    AttentionInterface.register(NAME, bf16_attention)
    if NAME not in ALL_MASK_ATTENTION_FUNCTIONS:
        AttentionMaskInterface.register(NAME, sdpa_mask)
    return NAME


def use_bf16_attention(model: torch.nn.Module) -> bool:
    """Switch ``model`` to the bf16 attention; False (model unchanged) if it cannot take it."""
    name = register()
    try:
        model.set_attn_implementation(name)
    except (AttributeError, ValueError):
        return False
    return True
