"""Scoring predictions against gold span JSONL.

NER: seqeval, strict IOB2, on character-level tag sequences built from the
spans, so scores do not depend on any tokenizer. Relations: micro and
per-type precision/recall/F1 over (head span, tail span, label) triples.

CLI: ``python -m zonener.evaluate --gold FILE --pred FILE [--json OUT]``
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from .schema import ENTITY_LABELS, RELATION_LABELS
from .spans import Document, Entity, atomic_write_text, read_jsonl


def char_tags(text_len: int, entities: Iterable[Entity]) -> list[str]:
    """IOB2 tags, one per character. Overlapping spans: the first one placed wins."""
    tags = ["O"] * text_len
    for e in sorted(entities, key=lambda e: (e.start, -(e.end - e.start))):
        if any(t != "O" for t in tags[e.start : e.end]):
            continue
        tags[e.start] = f"B-{e.label}"
        for i in range(e.start + 1, e.end):
            tags[i] = f"I-{e.label}"
    return tags


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": n_gold, "predicted": n_pred}


def ner_scores(gold: Sequence[Document], pred_by_id: dict[str, Document]) -> dict:
    """Strict seqeval scores; documents absent from ``pred_by_id`` count as all-O."""
    y_true, y_pred = [], []
    for g in gold:
        p = pred_by_id.get(g.id)
        y_true.append(char_tags(len(g.text), g.entities))
        y_pred.append(char_tags(len(g.text), p.entities if p else []))
    if not any(t != "O" for seq in y_true for t in seq) and not any(t != "O" for seq in y_pred for t in seq):
        return {"micro": _prf(0, 0, 0), "per_type": {}}
    rep = classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    per_type = {}
    known = [lab for lab in ENTITY_LABELS if lab in rep]
    others = sorted(k for k in rep if k not in ENTITY_LABELS and not k.endswith(" avg"))
    for label in known + others:
        r = rep[label]
        per_type[label] = {"precision": r["precision"], "recall": r["recall"], "f1": r["f1-score"], "support": int(r["support"])}
    m = rep["micro avg"]
    micro = {"precision": m["precision"], "recall": m["recall"], "f1": m["f1-score"], "support": int(m["support"])}
    return {"micro": micro, "per_type": per_type}


def relation_triples(doc: Document) -> set[tuple[int, int, int, int, str]]:
    ents = doc.entity_by_id()
    out = set()
    for r in doc.relations:
        h, t = ents.get(r.head), ents.get(r.tail)
        if h is not None and t is not None:
            out.add((h.start, h.end, t.start, t.end, r.label))
    return out


def relation_scores(gold: Sequence[Document], pred_by_id: dict[str, Document]) -> dict:
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g in gold:
        gt = relation_triples(g)
        p = pred_by_id.get(g.id)
        pt = relation_triples(p) if p else set()
        for trip in gt:
            n_gold[trip[-1]] += 1
        for trip in pt:
            n_pred[trip[-1]] += 1
            if trip in gt:
                tp[trip[-1]] += 1
    per_type = {lab: _prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in RELATION_LABELS if n_gold[lab] or n_pred[lab]}
    micro = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"micro": micro, "per_type": per_type}


def evaluate_documents(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """Score ``pred`` against ``gold``. Returns NER, relation and coverage figures."""
    pred_by_id = {d.id: d for d in pred}
    gold_ids = {d.id for d in gold}
    missing = sorted(gold_ids - pred_by_id.keys())
    mismatched = sorted(d.id for d in gold if d.id in pred_by_id and pred_by_id[d.id].text != d.text)
    if mismatched:
        raise ValueError(f"prediction text differs from gold text for documents: {', '.join(mismatched[:10])}")
    return {
        "documents": {"gold": len(gold), "predicted": len(pred), "missing": len(missing), "missing_ids": missing, "extra": len(pred_by_id.keys() - gold_ids)},
        "ner": ner_scores(gold, pred_by_id),
        "relations": relation_scores(gold, pred_by_id),
    }


def format_report(result: dict) -> str:
    lines = []
    d = result["documents"]
    lines.append(f"documents: gold {d['gold']}, predicted {d['predicted']}, missing {d['missing']}, extra {d['extra']}")
    for part, title in (("ner", "Entities (seqeval strict IOB2, character level)"), ("relations", "Relations (head span, tail span, label)")):
        lines.append("")
        lines.append(title)
        lines.append(f"{'type':<16}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}")
        for lab, s in result[part]["per_type"].items():
            lines.append(f"{lab:<16}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['support']:>9}")
        m = result[part]["micro"]
        lines.append(f"{'micro':<16}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>9}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zonener.evaluate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", required=True, help="gold span JSONL")
    ap.add_argument("--pred", required=True, help="predicted span JSONL")
    ap.add_argument("--json", dest="json_out", help="also write the scores as JSON here")
    args = ap.parse_args(argv)
    try:
        gold = read_jsonl(args.gold)
        pred = read_jsonl(args.pred)
        result = evaluate_documents(gold, pred)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_report(result))
    if args.json_out:
        atomic_write_text(args.json_out, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
