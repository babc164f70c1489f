"""Character-level tags <-> tokens, through the tokenizer's offset mappings.

Every function here works on offsets into the original text, so whitespace
(dropped by a plain BERT tokenizer, one ``|`` token per run with
``loading.with_visible_whitespace``), ``[UNK]`` tokens, multi-character
tokens (digit runs, Latin words) and traditional characters all map back
exactly.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

Offsets = list[tuple[int, int]]


@dataclass
class Encoded:
    """A text tokenised without special tokens; offsets are into ``text``."""

    input_ids: list[int]
    offsets: Offsets


def encode(tokenizer, text: str, start: int = 0, end: int | None = None) -> Encoded:
    """Tokenise ``text[start:end]``; offsets are returned relative to ``text``."""
    piece = text[start:end]
    enc = tokenizer(piece, add_special_tokens=False, return_offsets_mapping=True, return_attention_mask=False, return_token_type_ids=False, verbose=False)
    offsets = [(s + start, e + start) for s, e in enc["offset_mapping"]]
    return Encoded(list(enc["input_ids"]), offsets)


def token_tags(offsets: Offsets, char_tags: Sequence[str]) -> list[str]:
    """IOB2 tag of each token = the tag of its first character.

    Exact whenever entity boundaries fall on token boundaries (always for
    CJK characters, which BERT tokenises one by one).
    """
    return [char_tags[s] if s < len(char_tags) else "O" for s, _ in offsets]


def token_values(offsets: Offsets, char_values: Sequence[float]) -> list[float]:
    """Per-token value (e.g. a label confidence) taken from the token's first character."""
    return [float(char_values[s]) if s < len(char_values) else 1.0 for s, _ in offsets]


def decode_spans(offsets: Offsets, labels: Sequence[str], scores: Sequence[float] | None = None) -> list[tuple[int, int, str, float]]:
    """Token IOB2 labels → character spans ``(start, end, label, score)``.

    Like transformers' ``aggregation_strategy="simple"``: ``B-X`` opens a
    span, ``I-X`` continues a span of the same type and otherwise opens one.
    The score is the mean of the tokens' probabilities.
    """
    spans: list[tuple[int, int, str, float]] = []
    cur: list = []  # [start, end, label, score_sum, n]
    for i, (lab, (s, e)) in enumerate(zip(labels, offsets)):
        p = float(scores[i]) if scores is not None else 1.0
        if lab == "O" or e <= s:
            if cur:
                spans.append((cur[0], cur[1], cur[2], cur[3] / cur[4]))
                cur = []
            continue
        prefix, typ = lab.split("-", 1)
        if prefix == "I" and cur and cur[2] == typ:
            cur[1] = e
            cur[3] += p
            cur[4] += 1
        else:
            if cur:
                spans.append((cur[0], cur[1], cur[2], cur[3] / cur[4]))
            cur = [s, e, typ, p, 1]
    if cur:
        spans.append((cur[0], cur[1], cur[2], cur[3] / cur[4]))
    return spans


_CLOSER = {"“": "”", "「": "」", "‘": "’", "《": "》", "『": "』", '"': '"'}


def repair_quote_spans(text: str, spans: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Quote marks at a span's edge, the way SCHEMA.md writes names (“放管服”改革):

    - a span that is only an opening mark joins the next span when that span
      starts right after it with the same label and closes the mark, else it
      is dropped (a lone “ is never an entity);
    - a span that closes a mark opened right before it takes the opening mark in.
    """
    out: list[tuple[int, int, str, float]] = []
    i = 0
    while i < len(spans):
        s, e, lab, sc = spans[i]
        if e - s == 1 and text[s] in _CLOSER:
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            if nxt is not None and nxt[0] == e and nxt[2] == lab and _CLOSER[text[s]] in text[nxt[0]:nxt[1]]:
                out.append((s, nxt[1], lab, (sc + nxt[3]) / 2))
                i += 2
                continue
            i += 1
            continue
        if s > 0 and text[s - 1] in _CLOSER and _CLOSER[text[s - 1]] in text[s:e] and text[s - 1] not in text[s:e] and not (out and out[-1][1] > s - 1):
            s -= 1
        out.append((s, e, lab, sc))
        i += 1
    return out


_SEPARATORS = frozenset("、，,；;。：:")
_CONJUNCTIONS = frozenset("和及与并")
# types whose names never end in a conjunction (a person or a company may: 王和, 信和)
_NO_FINAL_CONJUNCTION = frozenset({"POLICY", "PROJECT", "METRIC"})
_OPENERS_ONLY = frozenset(k for k, v in _CLOSER.items() if k != v)
_CLOSERS_ONLY = frozenset(v for k, v in _CLOSER.items() if k != v)
_OPENER = {v: k for k, v in _CLOSER.items()}


def repair_span_edges(text: str, spans: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Cut what SCHEMA.md keeps outside a name off a span's edges:

    - separators (、，；。：) and stray marks (an opening mark at the end, a
      closing mark at the start, a mark whose partner is not in the span);
    - a final conjunction of a POLICY, PROJECT or METRIC (“最多跑一次”改革和 →
      “最多跑一次”改革);
    - marks enclosing the whole span (“百千万工程” → 百千万工程, 《…》 → …),
      while marks inside a name stay (“放管服”改革).

    Spans with nothing left are dropped.
    """
    out: list[tuple[int, int, str, float]] = []
    for s, e, lab, sc in spans:
        while s < e:
            last, first = text[e - 1], text[s]
            if last in _SEPARATORS or last in _OPENERS_ONLY or (last in _CLOSERS_ONLY and _OPENER[last] not in text[s:e]):
                e -= 1
            elif first in _SEPARATORS or first in _CLOSERS_ONLY or (first in _OPENERS_ONLY and _CLOSER[first] not in text[s:e]):
                s += 1
            elif lab in _NO_FINAL_CONJUNCTION and e - s > 2 and text[e - 1] in _CONJUNCTIONS:
                e -= 1
            else:
                break
        if e - s > 2 and text[s] in _CLOSER and text[e - 1] == _CLOSER[text[s]] and text[s] not in text[s + 1 : e - 1] and text[e - 1] not in text[s + 1 : e - 1]:
            s, e = s + 1, e - 1
        if s < e:
            out.append((s, e, lab, sc))
    return out


def window_starts(n_tokens: int, size: int, stride: int) -> list[int]:
    """Start indices of overlapping token windows of ``size`` covering ``n_tokens``.

    Consecutive windows overlap by ``size - stride`` tokens; the last window
    ends exactly at ``n_tokens``.
    """
    if size <= 0 or stride <= 0 or stride > size:
        raise ValueError("need 0 < stride <= size")
    if n_tokens <= size:
        return [0]
    starts = list(range(0, n_tokens - size, stride))
    starts.append(n_tokens - size)
    return starts


def best_window_per_token(n_tokens: int, starts: Sequence[int], size: int) -> list[tuple[int, int]]:
    """For each token, (window index, position in window) of the window where the
    token is farthest from an edge — its prediction has the most context."""
    choice: list[tuple[int, int]] = [(0, 0)] * n_tokens
    best = [-1] * n_tokens
    for w, s in enumerate(starts):
        e = min(s + size, n_tokens)
        for t in range(s, e):
            margin = min(t - s, e - 1 - t)
            if margin > best[t]:
                best[t] = margin
                choice[t] = (w, t - s)
    return choice


def allowed_transitions(labels: Sequence[str]) -> list[list[bool]]:
    """``allowed[i][j]``: may tag ``labels[j]`` follow tag ``labels[i]`` in IOB2?"""
    out = []
    for a in labels:
        row = []
        for b in labels:
            ok = True
            if b.startswith("I-"):
                ok = a != "O" and a[2:] == b[2:]
            row.append(ok)
        out.append(row)
    return out


@functools.lru_cache(maxsize=16)
def _transition_scores(labels: tuple[str, ...]):
    """(transition matrix, start vector): 0 where IOB2 allows, -inf where not."""
    import numpy as np

    trans = np.where(np.array(allowed_transitions(labels)), 0.0, -np.inf)
    start = np.where([lab.startswith("I-") for lab in labels], -np.inf, 0.0)
    return trans, start


def viterbi_iob2(log_probs, labels: Sequence[str]) -> list[int]:
    """Most probable tag sequence that is valid IOB2 (no ``I-X`` after ``O`` or ``I-Y``).

    ``log_probs`` is a (tokens, labels) array or tensor of per-token
    log-probabilities; returns the label indices. Keeps predicted entities
    whole instead of leaving fragments where the per-token argmax flips type
    mid-name. NumPy, since the recursion is sequential over tokens.
    """
    import numpy as np

    lp = np.asarray(log_probs, dtype=np.float64)
    n, k = lp.shape
    if n == 0:
        return []
    trans, start = _transition_scores(tuple(labels))
    score = start + lp[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans  # from i (rows) to j (columns)
        back[t] = cand.argmax(0)
        score = cand[back[t], np.arange(k)] + lp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]
