#!/usr/bin/env python
"""Score the weak labels and a trained model on held-out annotated articles.

The default set, data/gold/synthetic_test.jsonl, is 16 articles that no rule
and no model was tuned on (docs/annotation-guide.md), so unlike the seed
leave-one-out it also gives an unbiased figure for the relation rules.

    python scripts/eval_heldout.py [--model OUTPUT_DIR] [--gold FILE] [--json OUT]

Rows: weak labels (entities; relations end to end), relation rules on gold
entities, and with --model: NER model, relation model on gold entities,
relation model end to end, relation rules over the model's entities.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "data" / "gold" / "synthetic_test.jsonl"))
    ap.add_argument("--model", help="training output_dir (ner/ and re/)")
    ap.add_argument("--gazetteer", default=None, help="weak-labeller gazetteer (default: the packaged one)")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args(argv)

    from zonener.evaluate import evaluate_documents
    from zonener.spans import Document, read_jsonl
    from zonener.weak import WeakLabeler, label_relations

    gold = read_jsonl(args.gold)
    texts = [Document(d.id, d.text) for d in gold]
    rows: dict[str, dict] = {}

    def add(name: str, docs: list[Document], part: str) -> None:
        res = evaluate_documents(gold, docs)[part]
        rows[name] = {"f1": res["micro"]["f1"], "precision": res["micro"]["precision"], "recall": res["micro"]["recall"],
                      "per_type": {t: v["f1"] for t, v in res["per_type"].items()}}

    weak = WeakLabeler.from_resources(gazetteer_path=args.gazetteer).label(texts)
    add("NER: weak labels", weak, "ner")
    add("relations end to end: weak labels", weak, "relations")
    add("relations on gold entities: rules", [Document(d.id, d.text, d.entities, label_relations(d)) for d in gold], "relations")
    if args.model:
        from zonener.predict import Extractor

        ex = Extractor.from_pretrained(args.model)
        add("NER: model", ex.extract(texts), "ner")
        if ex.has_relations:
            add("relations on gold entities: model", ex.extract(gold, use_input_entities=True), "relations")
            add("relations end to end: model", ex.extract(texts), "relations")
        rules = Extractor.from_pretrained(args.model, relation_source="rules")
        add("relations end to end: rules on model entities", rules.extract(texts), "relations")

    print(f"{len(gold)} documents from {args.gold}\n")
    print(f"{'':<48}{'P':>7}{'R':>7}{'F1':>7}")
    for name, r in rows.items():
        print(f"{name:<48}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}")
    for prefix in ("NER", "relations on gold", "relations end"):
        names = [n for n in rows if n.startswith(prefix)]
        sub = sorted({t for n in names for t in rows[n]["per_type"]})
        print(f"\n{'F1 per type':<16}" + "".join(f"{n.split(': ')[1][:14]:>16}" for n in names))
        for t in sub:
            print(f"{t:<16}" + "".join(f"{rows[n]['per_type'].get(t, 0.0):>16.3f}" for n in names))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
