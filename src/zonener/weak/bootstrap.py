"""Gazetteer bootstrapping between training rounds.

Round r: weak-label the corpus with ``WeakLabeler`` → train the NER model →
predict the unlabeled corpus → :func:`grow_gazetteers` adds names the model
predicted confidently and repeatedly → :func:`save_gazetteer` → the next round
uses ``WeakLabeler.from_resources(gazetteer_path=...)``.

One round from the command line::

    python -m zonener.weak.bootstrap --model outputs/round0 --input corpus/ --output gazetteer.round1.json
    python -m zonener.train experiment=m3e-small data.corpus=corpus/ weak.gazetteer=gazetteer.round1.json output_dir=outputs/round1
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


__all__ = ["grow_gazetteers", "grow_and_save", "save_gazetteer"]


def grow_and_save(labeler, predicted_docs, path: str | Path, **kw) -> dict:
    gaz = grow_gazetteers(labeler, predicted_docs, **kw)
    save_gazetteer(gaz, path)
    return gaz


def main(argv: list[str] | None = None) -> int:
    """Predict ``--input`` with a trained model and write the grown gazetteer."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m zonener.weak.bootstrap", description="Grow the gazetteer from a trained model's confident predictions (one bootstrapping round).")
    ap.add_argument("--model", required=True, help="training output_dir (or NER checkpoint) of the previous round")
    ap.add_argument("--input", required=True, help="unlabelled corpus: .txt, directory, JSONL or -")
    ap.add_argument("--output", required=True, help="gazetteer JSON to write (use it with weak.gazetteer=... or --gazetteer)")
    ap.add_argument("--gazetteer", default=None, help="the previous round's gazetteer (default: the bundled one)")
    ap.add_argument("--min-score", type=float, default=0.9)
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args(argv)
    from ..corpus import iter_documents
    from ..predict import Extractor
    from .labeler import WeakLabeler

    try:
        labeler = WeakLabeler.from_resources(gazetteer_path=args.gazetteer)
        ex = Extractor.from_pretrained(args.model, relations=False)
        preds = ex.extract_documents(iter_documents(args.input))
        gaz = grow_and_save(labeler, preds, args.output, min_score=args.min_score, min_count=args.min_count)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n = sum(len(v) for v in gaz.get("names", {}).values())
    print(f"{args.output}: {n} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
