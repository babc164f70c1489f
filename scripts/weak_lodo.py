#!/usr/bin/env python
"""Leave-one-document-out evaluation of the weak labeler on the gold seeds.

For each gold document: harvest gazetteers (and LF precisions) from the other
documents with ``WeakLabeler.from_gold``, label the held-out document and score
it with ``zonener.evaluate`` (strict seqeval, character level). Prints per-type
and micro P/R/F1 averaged over folds and pooled over all folds, plus the
relation LFs' micro P/R/F1 on gold entities.

    python scripts/weak_lodo.py [--gold data/gold/seeds.jsonl] [--aggregator vote|hmm|both] [--json OUT]
"""
from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

from zonener.evaluate import evaluate_documents
from zonener.schema import ENTITY_LABELS
from zonener.spans import Document, atomic_write_text, read_jsonl
from zonener.weak import WeakLabeler, label_relations

ROOT = Path(__file__).resolve().parent.parent


def load_gold(path: str | None) -> list[Document]:
    if path:
        return read_jsonl(path)
    merged = ROOT / "data/gold/seeds.jsonl"
    if merged.exists():
        return read_jsonl(merged)
    docs = []
    for f in sorted(glob.glob(str(ROOT / "data/gold/parts/*.jsonl"))):
        docs.extend(read_jsonl(f))
    return docs


def _avg(rows: list[dict]) -> dict:
    keys = ("precision", "recall", "f1")
    return {k: sum(r[k] for r in rows) / len(rows) for k in keys} if rows else {k: 0.0 for k in keys}


def print_errors(gold: Document, pred: Document, labels: set[str] | None = None, out=sys.stdout) -> None:
    """Print false positives / false negatives (strict span + label) of one fold, per type."""
    g = {(e.start, e.end, e.label) for e in gold.entities}
    p = {(e.start, e.end, e.label) for e in pred.entities}
    gspan = {(e.start, e.end): e.label for e in gold.entities}
    for lab in ENTITY_LABELS:
        if labels and lab not in labels:
            continue
        fn = sorted(x for x in g - p if x[2] == lab)
        fp = sorted(x for x in p - g if x[2] == lab)
        if not fn and not fp:
            continue
        print(f"-- {gold.id} {lab}: FN {len(fn)} FP {len(fp)}", file=out)
        for s, e, _ in fn:
            print(f"   FN {gold.text[s:e]!r:<40} ctx {gold.text[max(0, s - 12):e + 8]!r}", file=out)
        for s, e, _ in fp:
            other = gspan.get((s, e))
            note = f" (gold {other})" if other else ""
            print(f"   FP {gold.text[s:e]!r:<40}{note} ctx {gold.text[max(0, s - 12):e + 8]!r}", file=out)


def run(gold: list[Document], aggregator: str, verbose: bool = False, errors: set[str] | None = None) -> dict:
    folds, preds = [], []
    for i, held in enumerate(gold):
        train = [d for j, d in enumerate(gold) if j != i]
        lab = WeakLabeler.from_gold(train, aggregator=aggregator)
        pred = lab.label([Document(held.id, held.text, extra=dict(held.extra))])[0]
        preds.append(pred)
        if errors is not None:
            print_errors(held, pred, errors or None)
        res = evaluate_documents([held], [pred])
        folds.append(res)
        if verbose:
            print(f"fold {held.id}: micro F1 {res['ner']['micro']['f1']:.3f}", file=sys.stderr)
    pooled = evaluate_documents(gold, preds)
    per_type_avg = {}
    for lab in ENTITY_LABELS:
        rows = [f["ner"]["per_type"][lab] for f in folds if lab in f["ner"]["per_type"]]
        if rows:
            per_type_avg[lab] = _avg(rows)
    micro_avg = _avg([f["ner"]["micro"] for f in folds])
    # relation LFs on gold entities
    rel_preds = []
    for d in gold:
        g = Document(d.id, d.text, [e for e in d.entities], [], dict(d.extra))
        g.relations = label_relations(g)
        rel_preds.append(g)
    rel = evaluate_documents(gold, rel_preds)["relations"]
    return {
        "aggregator": aggregator,
        "folds": [{"id": d.id, "micro": f["ner"]["micro"], "per_type": f["ner"]["per_type"]} for d, f in zip(gold, folds)],
        "ner_fold_average": {"micro": micro_avg, "per_type": per_type_avg},
        "ner_pooled": pooled["ner"],
        "relations_gold_entities": rel,
        "relations_end_to_end_pooled": pooled["relations"],
    }


def show(r: dict) -> None:
    print(f"== aggregator: {r['aggregator']}  ({len(r['folds'])} folds)")
    print(f"{'type':<10}{'avgP':>7}{'avgR':>7}{'avgF1':>7} | {'poolP':>7}{'poolR':>7}{'poolF1':>7}{'supp':>6}")
    pt, pp = r["ner_fold_average"]["per_type"], r["ner_pooled"]["per_type"]
    for lab in ENTITY_LABELS:
        a = pt.get(lab, {"precision": 0, "recall": 0, "f1": 0})
        p = pp.get(lab, {"precision": 0, "recall": 0, "f1": 0, "support": 0})
        print(f"{lab:<10}{a['precision']:>7.3f}{a['recall']:>7.3f}{a['f1']:>7.3f} | {p['precision']:>7.3f}{p['recall']:>7.3f}{p['f1']:>7.3f}{p['support']:>6}")
    a, p = r["ner_fold_average"]["micro"], r["ner_pooled"]["micro"]
    print(f"{'micro':<10}{a['precision']:>7.3f}{a['recall']:>7.3f}{a['f1']:>7.3f} | {p['precision']:>7.3f}{p['recall']:>7.3f}{p['f1']:>7.3f}{p['support']:>6}")
    for f in r["folds"]:
        print(f"  fold {f['id']}: micro F1 {f['micro']['f1']:.3f}")
    rm = r["relations_gold_entities"]["micro"]
    print(f"relation LFs on gold entities: P {rm['precision']:.3f} R {rm['recall']:.3f} F1 {rm['f1']:.3f} (support {rm['support']})")
    for lab, s in r["relations_gold_entities"]["per_type"].items():
        print(f"  {lab:<16} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} support {s['support']} pred {s['predicted']}")
    em = r["relations_end_to_end_pooled"]["micro"]
    print(f"relations end to end (pooled): P {em['precision']:.3f} R {em['recall']:.3f} F1 {em['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", help="gold span JSONL (default data/gold/seeds.jsonl, else data/gold/parts/*.jsonl)")
    ap.add_argument("--aggregator", default="both", choices=["vote", "hmm", "both"])
    ap.add_argument("--json", dest="json_out", help="write all numbers as JSON here")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--errors", nargs="?", const="", default=None, metavar="LABELS",
                    help="print FP/FN per fold (optionally only these comma-separated labels)")
    args = ap.parse_args(argv)
    gold = load_gold(args.gold)
    if len(gold) < 2:
        print("error: need at least 2 gold documents for leave-one-document-out", file=sys.stderr)
        return 2
    aggs = ["vote", "hmm"] if args.aggregator == "both" else [args.aggregator]
    errors = None if args.errors is None else {x for x in args.errors.split(",") if x}
    results = [run(gold, a, args.verbose, errors) for a in aggs]
    for r in results:
        show(r)
    if args.json_out:
        atomic_write_text(args.json_out, json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
