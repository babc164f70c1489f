"""Gazetteer bootstrapping between training rounds.

Round r: weak-label the corpus with ``WeakLabeler`` → train the NER model →
predict the unlabeled corpus → :func:`grow_gazetteers` adds names the model
predicted confidently and repeatedly → :func:`save_gazetteer` → the next round
uses ``WeakLabeler.from_resources(gazetteer_path=...)``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..spans import Document
from ..text import matching_view
from .gazetteer import NAME_LABELS, empty_gazetteer, merge_gazetteers, save_gazetteer

GROW_LABELS = ("PARK", "ORG", "PROJECT", "POLICY", "PERSON")


def grow_gazetteers(labeler, predicted_docs: Iterable[Document], min_score: float = 0.9, min_count: int = 2,
                    labels: Iterable[str] = GROW_LABELS) -> dict:
    """The labeler's gazetteer plus names predicted with score ≥ ``min_score`` at least
    ``min_count`` times (over all documents) with one consistent label."""
    labels = tuple(lab for lab in labels if lab in NAME_LABELS)
    counts: Counter = Counter()
    seen_labels: dict[str, set[str]] = {}
    for d in predicted_docs:
        for e in d.entities:
            if e.label not in labels or len(e.text.strip()) < 2:
                continue
            score = 1.0 if e.score is None else float(e.score)
            name = matching_view(e.text).strip()
            seen_labels.setdefault(name, set()).add(e.label)
            if score >= min_score:
                counts[(name, e.label)] += 1
    new = empty_gazetteer()
    for (name, lab), c in sorted(counts.items()):
        if c >= min_count and len(seen_labels[name]) == 1:
            new["names"].setdefault(lab, []).append(name)
    new["sources"] = ["bootstrap"]
    return merge_gazetteers(getattr(labeler, "gazetteer", None) or {}, new)


__all__ = ["grow_gazetteers", "save_gazetteer"]


def grow_and_save(labeler, predicted_docs, path: str | Path, **kw) -> dict:
    gaz = grow_gazetteers(labeler, predicted_docs, **kw)
    save_gazetteer(gaz, path)
    return gaz
