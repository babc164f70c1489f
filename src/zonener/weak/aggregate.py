"""Aggregating LF votes into one flat, valid set of entity spans.

Two aggregators give a probability per candidate span (the distinct
(start, end) pairs any LF voted on):

- :class:`VoteAggregator` — weighted voting: for label ``l`` the noisy-or of
  the weights (estimated precisions) of the LFs voting ``l``, damped by the
  noisy-or of the negative (``O``) votes on the same span.
- :class:`LabelModelAggregator` (``"hmm"``) — a Dawid–Skene generative label
  model learned by EM *without gold*: every LF has a confusion matrix
  P(vote | true class) over its outputs plus "abstain"; the class prior and
  the matrices are re-estimated from the vote matrix of the documents being
  labeled, starting from the voting posteriors.

:func:`flatten` then keeps spans above a threshold and resolves overlaps:
the longest span wins, ties go to the higher-level type (SCHEMA: a PROJECT
containing 年产10万吨 stays one PROJECT), then the higher probability.
Everything is deterministic (sorted iteration, no randomness).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ..schema import ENTITY_LABELS
from .lf import NEG, Vote

CLASSES: tuple[str, ...] = (*ENTITY_LABELS, NEG)
_CIDX = {c: i for i, c in enumerate(CLASSES)}
#: nesting / conflict priority (higher wins among equally long spans)
LEVEL = {"PROJECT": 8, "POLICY": 7, "ORG": 6, "PARK": 5, "METRIC": 4, "PERSON": 3, "DATE": 2, "AMOUNT": 1}


@dataclass
class Scored:
    start: int
    end: int
    label: str
    prob: float
    lfs: tuple[str, ...]


def group_votes(votes: list[Vote]) -> dict[tuple[int, int], dict[str, str]]:
    """(start, end) -> {lf name: label} (one label per LF per span; the first in sorted order)."""
    spans: dict[tuple[int, int], dict[str, str]] = {}
    for v in sorted(set(votes)):
        d = spans.setdefault((v.start, v.end), {})
        d.setdefault(v.lf, v.label)
    return spans


class VoteAggregator:
    name = "vote"

    def __init__(self, weights: dict[str, float]):
        self.weights = dict(weights)

    def fit(self, doc_votes: list[list[Vote]]) -> VoteAggregator:
        return self

    def posteriors(self, spans: dict[tuple[int, int], dict[str, str]]) -> dict[tuple[int, int], np.ndarray]:
        out = {}
        for key in sorted(spans):
            fails = defaultdict(lambda: 1.0)
            for lf, lab in sorted(spans[key].items()):
                w = self.weights.get(lf, 0.7)
                fails[lab] *= 1.0 - w
            score = np.zeros(len(CLASSES))
            neg = 1.0 - fails[NEG] if NEG in fails else 0.0
            for lab, f in fails.items():
                if lab != NEG:
                    score[_CIDX[lab]] = (1.0 - f) * (1.0 - neg)
            tot = score.sum()
            if tot > 1.0:
                score /= tot
            score[_CIDX[NEG]] = max(0.0, 1.0 - score.sum())
            out[key] = score
        return out

    def aggregate(self, votes: list[Vote]) -> list[Scored]:
        spans = group_votes(votes)
        post = self.posteriors(spans)
        return _best(spans, post)


def _best(spans, post) -> list[Scored]:
    res = []
    for key in sorted(post):
        p = post[key]
        k = int(np.argmax(p[:-1]))
        res.append(Scored(key[0], key[1], CLASSES[k], float(p[k]), tuple(sorted(spans[key]))))
    return res


class LabelModelAggregator:
    """Dawid–Skene-style generative label model over LF votes, fitted by EM without gold.

    One-coin parametrisation per LF (stable with few, sparse LFs): an LF that
    votes on a span is right with probability ``alpha_j``; a wrong vote mostly
    means the span is no entity (O), other types get 2% of that mass; the class prior is not used by default (temper=0) so rare types are not swamped by O.
    Abstentions carry no
    evidence. Class priors and accuracies are re-estimated by EM from the vote
    matrix of the documents being labeled, starting from the voting
    posteriors; a Beta prior centred on each LF's weight keeps rare LFs sane.
    """

    name = "hmm"

    def __init__(self, weights: dict[str, float], n_iter: int = 50, prior_strength: float = 30.0, tol: float = 1e-7,
                 temper: float = 0.0, confusion: float = 0.02):
        self.init = VoteAggregator(weights)
        self.temper, self.confusion = temper, confusion
        self.n_iter, self.prior_strength, self.tol = n_iter, prior_strength, tol
        self.alpha: dict[str, float] = {}
        self.prior: np.ndarray | None = None

    def fit(self, doc_votes: list[list[Vote]]) -> LabelModelAggregator:
        span_maps = [group_votes(v) for v in doc_votes]
        items = [(di, key) for di, m in enumerate(span_maps) for key in sorted(m)]
        C = len(CLASSES)
        lf_names = sorted({lf for m in span_maps for d in m.values() for lf in d})
        self.alpha = {n: self.init.weights.get(n, 0.7) for n in lf_names}
        self.prior = np.full(C, 1.0 / C)
        if not items:
            return self
        Q = np.array([self.init.posteriors({key: span_maps[di][key]})[key] for di, key in items])
        votes = [sorted(span_maps[di][key].items()) for di, key in items]
        prev = -np.inf
        for _ in range(self.n_iter):
            # M-step
            self.prior = (Q.sum(0) + 1.0) / (Q.sum() + C)
            num = {n: self.prior_strength * self.init.weights.get(n, 0.7) for n in lf_names}
            den = {n: self.prior_strength for n in lf_names}
            for r, vs in enumerate(votes):
                for lf, lab in vs:
                    num[lf] += Q[r, _CIDX[lab]]
                    den[lf] += 1.0
            self.alpha = {n: min(0.99, max(0.01, num[n] / den[n])) for n in lf_names}
            # E-step
            logp = self._logp(votes)
            m = logp.max(1, keepdims=True)
            P = np.exp(logp - m)
            ll = float((np.log(P.sum(1)) + m[:, 0]).sum())
            Q = P / P.sum(1, keepdims=True)
            if abs(ll - prev) < self.tol * max(1.0, abs(ll)):
                break
            prev = ll
        return self

    def _logp(self, votes) -> np.ndarray:
        C = len(CLASSES)
        # class prior tempered towards uniform: rare classes (PERSON, DATE) must not be swamped by O
        out = np.tile(self.temper * np.log(self.prior), (len(votes), 1))
        neg = _CIDX[NEG]
        for r, vs in enumerate(votes):
            for lf, lab in vs:
                a = self.alpha.get(lf, self.init.weights.get(lf, 0.7))
                # a wrong vote mostly means "not an entity" (O); confusions between types are rarer
                row = np.full(C, np.log((1.0 - a) * self.confusion))
                row[neg] = np.log(1.0 - a)
                row[_CIDX[lab]] = np.log(a)
                out[r] += row
        return out

    def aggregate(self, votes: list[Vote]) -> list[Scored]:
        spans = group_votes(votes)
        if self.prior is None:
            self.fit([votes])
        keys = sorted(spans)
        post = {}
        if keys:
            logp = self._logp([sorted(spans[k].items()) for k in keys])
            P = np.exp(logp - logp.max(1, keepdims=True))
            P /= P.sum(1, keepdims=True)
            post = {k: P[r] for r, k in enumerate(keys)}
        return _best(spans, post)


def flatten(cands: list[Scored], threshold: float = 0.5) -> list[Scored]:
    """Non-overlapping spans: longest first, then higher level, then probability."""
    keep = [c for c in cands if c.prob >= threshold and c.label != NEG and c.end > c.start]
    keep.sort(key=lambda c: (-(c.end - c.start), -LEVEL.get(c.label, 0), -c.prob, c.start, c.label))
    taken: list[Scored] = []
    occ = bytearray()
    maxend = max((c.end for c in keep), default=0)
    occ = bytearray(maxend + 1)
    for c in keep:
        if any(occ[c.start:c.end]):
            continue
        for i in range(c.start, c.end):
            occ[i] = 1
        taken.append(c)
    taken.sort(key=lambda c: (c.start, c.end))
    return taken


def make_aggregator(name: str, weights: dict[str, float]):
    if name == "vote":
        return VoteAggregator(weights)
    if name in ("hmm", "label_model", "ds"):
        return LabelModelAggregator(weights)
    raise ValueError(f"unknown aggregator {name!r} (expected 'vote' or 'hmm')")
