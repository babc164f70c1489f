"""Token-classification NER on character spans: training features and inference.

Training pieces are whole sentences packed up to ``max_length - 2``
characters (a token never covers less than one character, so a piece always
fits). Inference cuts documents the same way (sentences packed up to one
window), runs overlapping token windows only over a sentence longer than a
window, keeping for every token the prediction from the window where it has
the most context, and maps tokens back to character spans.
"""
from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from ..text import chunk_spans, segment_spans
from .batching import DEFAULT_BATCH_TOKENS, token_budget_batches
from .thresholds import DEFAULT_LIST_MIN_SCORE, keep_confident_spans
from .alignment import Encoded, best_window_per_token, decode_spans, encode, repair_quote_spans, repair_span_edges, token_tags, token_values, viterbi_iob2, window_starts

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
    """bf16 autocast on CPU/GPU when asked for (``auto``: where it runs natively), else a no-op context."""
    if precision == "auto":
        from .precision import default_precision

        precision = default_precision(device)
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    if precision not in ("fp32", "no", None):
        raise ValueError(f"precision must be 'fp32' or 'bf16', got {precision!r}")
    return contextlib.nullcontext()


class NerPredictor:
    """Runs a token-classification model over documents of any length."""

    def __init__(self, model, tokenizer, max_length: int = 256, overlap: int = 64, batch_size: int = 32, precision: str = "fp32", device: str | torch.device | None = None, decoding: str = "viterbi", batch_tokens: int | None = DEFAULT_BATCH_TOKENS, min_score: float = 0.0, list_min_score: float | None = DEFAULT_LIST_MIN_SCORE):
        """``decoding``: ``viterbi`` (best valid IOB2 sequence with quote marks
        repaired at span edges, the default) or ``argmax`` (per-token, exactly
        what transformers' pipeline does).
        A batch holds at most ``batch_size`` windows and, beyond its first
        window, at most ``batch_tokens`` padded tokens (None: no token limit):
        short windows go many to a batch, long ones few, which keeps the
        attention matrices in cache. Entities whose score (mean token
        probability) is below ``min_score`` are dropped, except 、-list items
        scoring ``list_min_score`` whose sibling is kept (keep_confident_spans)."""
        if decoding not in ("viterbi", "argmax"):
            raise ValueError(f"decoding must be 'viterbi' or 'argmax', got {decoding!r}")
        self.decoding = decoding
        self.model = model
        self.tokenizer = tokenizer
        self.id2label = {int(k): v for k, v in model.config.id2label.items()}
        self.names = [self.id2label[i] for i in range(len(self.id2label))]
        self.window = max_length - 2
        if not 0 <= overlap < self.window:
            raise ValueError("overlap must be smaller than max_length - 2")
        self.stride = self.window - overlap
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self.min_score = min_score
        self.list_min_score = list_min_score
        self.precision = precision
        self.device = torch.device(device) if device is not None else next(model.parameters()).device

    def _forward(self, ids: torch.Tensor, mask: torch.Tensor) -> np.ndarray:
        """Label probabilities of one padded batch (callers run under inference_mode)."""
        with autocast_context(self.device, self.precision):
            logits = self.model(input_ids=ids.to(self.device), attention_mask=mask.to(self.device)).logits
        return logits.float().softmax(-1).cpu().numpy()

    def compile(self) -> None:
        """Swap in a torch.compile'd model, compiled now for the batch shapes inference meets.

        Warm-up batches with and without padding and of a single window (a
        graph of its own) leave nothing to compile mid-corpus.
        """
        from .compiling import compile_for_inference

        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id

        @torch.inference_mode()  # inference tensors, as window_probabilities makes: the same graphs
        def warmup(compiled) -> None:
            ids = torch.full((2, 16), cls, dtype=torch.long)
            ids[:, 1:] = sep if sep is not None else cls
            padded = torch.ones_like(ids)
            padded[1, 8:] = 0
            plain, self.model = self.model, compiled
            try:
                self._forward(ids, padded)
                self._forward(ids, torch.ones_like(ids))
                self._forward(ids[:1], torch.ones_like(ids[:1]))
            finally:
                self.model = plain

        self.model.eval()
        self.model = compile_for_inference(self.model, warmup)

    @torch.inference_mode()
    def window_probabilities(self, encs: Sequence, wins: Sequence[tuple[int, int, int]]) -> list[np.ndarray]:
        """Label probabilities (tokens × labels, float32) of each window."""
        out: list[np.ndarray] = [None] * len(wins)  # type: ignore[list-item]
        cls, sep, pad = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id, self.tokenizer.pad_token_id or 0
        self.model.eval()
        for idx in token_budget_batches([e - s + 2 for _, s, e in wins], self.batch_size, self.batch_tokens):
            n = max(wins[i][2] - wins[i][1] for i in idx) + 2
            ids = torch.full((len(idx), n), pad, dtype=torch.long)
            mask = torch.zeros((len(idx), n), dtype=torch.long)
            for r, i in enumerate(idx):
                d, s, e = wins[i]
                ids[r, 0] = cls
                ids[r, 1 : 1 + e - s] = torch.tensor(encs[d].input_ids[s:e])
                ids[r, 1 + e - s] = sep
                mask[r, : e - s + 2] = 1
            probs = self._forward(ids, mask)
            for r, i in enumerate(idx):
                d, s, e = wins[i]
                out[i] = probs[r, 1 : 1 + e - s]
        return out

    def predict(self, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """Entity spans ``(start, end, label, score)`` for each text, in order.

        Each text is cut into sentence-packed segments of at most one window
        (the way training pieces are cut, so the model sees the context it was
        trained on); a sentence longer than the window runs in overlapping
        token windows, each token taking the window where it has most context.
        """
        segs: list[tuple[int, Encoded]] = []
        for d, text in enumerate(texts):
            for s, e in segment_spans(text, self.window):
                enc = encode(self.tokenizer, text, s, e)
                if enc.input_ids:
                    segs.append((d, enc))
        starts_of = [window_starts(len(enc.input_ids), self.window, self.stride) for _, enc in segs]
        wins = [(g, s, min(s + self.window, len(segs[g][1].input_ids))) for g, starts in enumerate(starts_of) for s in starts]
        probs_by_win = self.window_probabilities([enc for _, enc in segs], wins)
        results: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        w_ptr = 0
        for (d, enc), starts in zip(segs, starts_of):
            n_tok = len(enc.input_ids)
            if len(starts) == 1:
                probs = probs_by_win[w_ptr]
            else:
                choice = best_window_per_token(n_tok, starts, self.window)
                probs = np.stack([probs_by_win[w_ptr + w][pos] for w, pos in choice])
            w_ptr += len(starts)
            if self.decoding == "viterbi":
                ks = np.asarray(viterbi_iob2(np.log(np.maximum(probs, 1e-9)), self.names))
            else:
                ks = probs.argmax(-1)
            scores = probs[np.arange(n_tok), ks].tolist()
            spans = decode_spans(enc.offsets, [self.names[k] for k in ks.tolist()], scores)
            if self.decoding == "viterbi":  # argmax stays exactly what the transformers pipeline returns
                spans = repair_span_edges(texts[d], repair_quote_spans(texts[d], spans))
            results[d].extend(spans)
        return [keep_confident_spans(text, spans, self.min_score, self.list_min_score) for text, spans in zip(texts, results)]
