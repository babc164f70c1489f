"""Self-training: the NER model trained on weak labels (the teacher) relabels
its own training corpus, and a fresh model (the student) learns from that.

The labelling functions fire only on phrasings they know; a model trained on
their output learns the contexts around those spans and finds names the rules
miss, and it cannot fit rule errors that contradict the rest of the corpus.
Training a student on the teacher's labels spreads those generalisations over
the whole corpus (in the spirit of BOND's teacher–student round). Spans the
teacher is unsure of are not thrown away: the merge keeps every teacher span
scoring at least ``min_score`` (its confidence is its score) and every weak
span that overlaps none of them (with its weak confidence), so the student
never loses what only the rules found.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from ..spans import Document, Entity

log = logging.getLogger(__name__)


def merge_teacher_and_weak(doc: Document, teacher: Sequence[tuple[int, int, str, float]], min_score: float) -> Document:
    """``doc``'s text with teacher spans (score >= ``min_score``) plus the weak
    spans of ``doc`` that overlap none of them; no relations (the student
    learns entities only)."""
    kept = [Entity(s, e, lab, doc.text[s:e], "", float(score)) for s, e, lab, score in teacher if score >= min_score]
    for w in doc.entities:
        if not any(k.start < w.end and w.start < k.end for k in kept):
            kept.append(Entity(w.start, w.end, w.label, w.text, "", w.score))
    kept.sort(key=lambda x: (x.start, x.end))
    out = Document(doc.id, doc.text, kept, [], dict(doc.extra))
    out.renumber()
    return out


def pseudo_label(ner_dir: Path, docs: Sequence[Document], max_length: int, precision: str, batch_size: int, min_score: float | None) -> tuple[list[Document], float]:
    """Relabel ``docs`` with the teacher checkpoint in ``ner_dir``.

    ``min_score`` None: the teacher's dev-chosen entity threshold. Returns
    the merged documents and the threshold used.
    """
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from ..modeling.ner import NerPredictor
    from .ner_task import checkpoint_entity_threshold

    model = AutoModelForTokenClassification.from_pretrained(ner_dir)
    tok = AutoTokenizer.from_pretrained(ner_dir)
    threshold = checkpoint_entity_threshold(model) if min_score is None else float(min_score)
    spans = NerPredictor(model, tok, max_length=max_length, batch_size=batch_size, precision=precision).predict([d.text for d in docs])
    merged = [merge_teacher_and_weak(d, sp, threshold) for d, sp in zip(docs, spans)]
    n_teacher = sum(1 for sp in spans for x in sp if x[3] >= threshold)
    n_weak = sum(len(d.entities) for d in docs)
    n_out = sum(len(d.entities) for d in merged)
    log.info("self-training labels: %d teacher spans (score >= %.2f), %d weak spans before, %d after merging", n_teacher, threshold, n_weak, n_out)
    return merged, threshold
