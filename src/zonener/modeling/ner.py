"""Token-classification NER on character spans: training features and inference.

Training pieces are whole sentences packed up to ``max_length - 2``
characters (a token never covers less than one character, so a piece always
fits). Inference tokenises each document once and runs overlapping token
windows, keeping for every token the prediction from the window where it
has the most context, then maps tokens back to character spans.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import torch

from ..text import chunk_spans
from .alignment import best_window_per_token, decode_spans, encode, token_tags, token_values, viterbi_iob2, window_starts

IGNORE_INDEX = -100


@dataclass
class NerFeature:
    input_ids: list[int]
    labels: list[int]
    weights: list[float]


def build_features(
    tokenizer,
    texts: Sequence[str],
    tags: Sequence[Sequence[str]],
    label2id: dict[str, int],
    max_length: int,
    confidences: Sequence[Sequence[float]] | None = None,
) -> list[NerFeature]:
    """Sentence-packed training pieces with token labels and per-token weights."""
    feats: list[NerFeature] = []
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    for i, text in enumerate(texts):
        for s, e in chunk_spans(text, max_length - 2):
            enc = encode(tokenizer, text, s, e)
            if not enc.input_ids:
                continue
            ttags = token_tags(enc.offsets, tags[i])
            labels = [label2id.get(t, label2id["O"]) for t in ttags]
            w = token_values(enc.offsets, confidences[i]) if confidences is not None else [1.0] * len(labels)
            ids = enc.input_ids[: max_length - 2]
            feats.append(
                NerFeature(
                    [cls, *ids, sep],
                    [IGNORE_INDEX, *labels[: len(ids)], IGNORE_INDEX],
                    [0.0, *w[: len(ids)], 0.0],
                )
            )
    return feats


def collate(feats: Sequence[NerFeature], pad_id: int) -> dict[str, torch.Tensor]:
    n = max(len(f.input_ids) for f in feats)
    ids = torch.full((len(feats), n), pad_id, dtype=torch.long)
    mask = torch.zeros((len(feats), n), dtype=torch.long)
    labels = torch.full((len(feats), n), IGNORE_INDEX, dtype=torch.long)
    weights = torch.zeros((len(feats), n), dtype=torch.float)
    for i, f in enumerate(feats):
        k = len(f.input_ids)
        ids[i, :k] = torch.tensor(f.input_ids)
        mask[i, :k] = 1
        labels[i, :k] = torch.tensor(f.labels)
        weights[i, :k] = torch.tensor(f.weights)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels, "weights": weights}


def weighted_token_loss(logits: torch.Tensor, labels: torch.Tensor, weights: torch.Tensor | None) -> torch.Tensor:
    """Cross-entropy per token, weighted by label confidence (mean over labelled tokens)."""
    ce = torch.nn.functional.cross_entropy(logits.float().transpose(1, 2), labels, ignore_index=IGNORE_INDEX, reduction="none")
    valid = (labels != IGNORE_INDEX).float()
    w = valid if weights is None else weights * valid
    return (ce * w).sum() / valid.sum().clamp(min=1.0)


def autocast_context(device: torch.device, precision: str):
    """bf16 autocast on CPU/GPU when asked for, else a no-op context."""
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    if precision not in ("fp32", "no", None):
        raise ValueError(f"precision must be 'fp32' or 'bf16', got {precision!r}")
    return contextlib.nullcontext()


class NerPredictor:
    """Runs a token-classification model over documents of any length."""

    def __init__(self, model, tokenizer, max_length: int = 256, overlap: int = 64, batch_size: int = 32, precision: str = "fp32", device: str | torch.device | None = None, decoding: str = "viterbi"):
        """``decoding``: ``viterbi`` (best valid IOB2 sequence, the default) or
        ``argmax`` (per-token, exactly what transformers' pipeline does)."""
        if decoding not in ("viterbi", "argmax"):
            raise ValueError(f"decoding must be 'viterbi' or 'argmax', got {decoding!r}")
        self.decoding = decoding
        self.model = model
        self.tokenizer = tokenizer
        self.id2label = {int(k): v for k, v in model.config.id2label.items()}
        self.window = max_length - 2
        if not 0 <= overlap < self.window:
            raise ValueError("overlap must be smaller than max_length - 2")
        self.stride = self.window - overlap
        self.batch_size = batch_size
        self.precision = precision
        self.device = torch.device(device) if device is not None else next(model.parameters()).device

    def _windows(self, docs_tokens: list) -> Iterator[tuple[int, int, int]]:
        for d, enc in enumerate(docs_tokens):
            for s in window_starts(len(enc.input_ids), self.window, self.stride):
                yield d, s, min(s + self.window, len(enc.input_ids))

    @torch.inference_mode()
    def predict(self, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """Entity spans ``(start, end, label, score)`` for each text, in order."""
        encs = [encode(self.tokenizer, t) for t in texts]
        wins = [w for w in self._windows(encs) if w[2] > w[1]]
        # length-sorted batching: no padding waste
        order = sorted(range(len(wins)), key=lambda i: wins[i][2] - wins[i][1])
        probs_by_win: dict[int, torch.Tensor] = {}
        cls, sep, pad = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id, self.tokenizer.pad_token_id or 0
        self.model.eval()
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            n = max(wins[i][2] - wins[i][1] for i in idx) + 2
            ids = torch.full((len(idx), n), pad, dtype=torch.long)
            mask = torch.zeros((len(idx), n), dtype=torch.long)
            for r, i in enumerate(idx):
                d, s, e = wins[i]
                seq = [cls, *encs[d].input_ids[s:e], sep]
                ids[r, : len(seq)] = torch.tensor(seq)
                mask[r, : len(seq)] = 1
            with autocast_context(self.device, self.precision):
                logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits
            probs = logits.float().softmax(-1).cpu()
            for r, i in enumerate(idx):
                d, s, e = wins[i]
                probs_by_win[i] = probs[r, 1 : 1 + e - s]
        results: list[list[tuple[int, int, str, float]]] = []
        w_ptr = 0
        for d, enc in enumerate(encs):
            n_tok = len(enc.input_ids)
            if n_tok == 0:
                results.append([])
                continue
            starts = window_starts(n_tok, self.window, self.stride)
            mine = list(range(w_ptr, w_ptr + len(starts)))
            w_ptr += len(starts)
            choice = best_window_per_token(n_tok, starts, self.window)
            probs = torch.stack([probs_by_win[mine[w]][pos] for w, pos in choice])
            if self.decoding == "viterbi":
                names = [self.id2label[i] for i in range(probs.shape[1])]
                ks = viterbi_iob2(probs.clamp(min=1e-9).log().numpy(), names)
            else:
                ks = probs.argmax(-1).tolist()
            labels = [self.id2label[k] for k in ks]
            scores = [float(probs[t, k]) for t, k in enumerate(ks)]
            results.append(decode_spans(enc.offsets, labels, scores))
        return results
