"""Why a leave-one-document-out NER model trails its weak labels: reads the fold
checkpoints that ``scripts/lodo_model.py`` left and prints, per held-out seed,

- the model at several entity thresholds (F1 / precision / recall): does a
  lower threshold buy back the recall the rules have?
- the model combined with the fold's weak labels (each filling the other's
  gaps, or kept only where both agree);
- how well the model reproduces the weak labels of the four seeds it was
  trained on (model vs. weak labels, not gold): underfitting or not.

    python scripts/lodo_analysis.py --runs outputs/lodo-extra [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.0, 0.5, 0.7, 0.85, 0.9)


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", default=str(ROOT / "outputs" / "lodo"), help="the --out directory of scripts/lodo_model.py")
    ap.add_argument("--gold", default=str(ROOT / "data" / "gold" / "seeds.jsonl"))
    ap.add_argument("--json", help="write all figures here")
    args = ap.parse_args()

    from zonener.evaluate import ner_scores
    from zonener.predict import Extractor
    from zonener.spans import Document, read_jsonl
    from zonener.weak import WeakLabeler

    gold = read_jsonl(args.gold)
    rows = []
    for k, held in enumerate(gold):
        fold_dir = Path(args.runs) / f"fold-{k}-{held.id}"
        if not (fold_dir / "ner").is_dir():
            print(f"{fold_dir}: no ner/ checkpoint, skipped", file=sys.stderr)
            continue
        train_gold = [d for i, d in enumerate(gold) if i != k]
        weak = WeakLabeler.from_gold(train_gold).label([Document(held.id, held.text)])[0]
        ex = Extractor.from_pretrained(fold_dir / "ner", precision="fp32", relations=False, entity_threshold=0.0)
        chosen = float(json.loads((fold_dir / "ner" / "config.json").read_text(encoding="utf-8")).get("zonener", {}).get("entity_threshold", 0.0))
        raw = ex.extract([Document(held.id, held.text)])[0].entities

        def score(ents, doc=held) -> dict:
            m = ner_scores([doc], {doc.id: Document(doc.id, doc.text, list(ents))})["micro"]
            return {k2: round(m[k2], 4) for k2 in ("f1", "precision", "recall")}

        model = [e for e in raw if (e.score or 0.0) >= chosen]
        row = {
            "doc": held.id,
            "entity_threshold": chosen,
            "by_threshold": {str(t): score(e for e in raw if (e.score or 0.0) >= t) for t in THRESHOLDS},
            "weak": score(weak.entities),
            "model": score(model),
            "weak_then_model": score(weak.entities + [e for e in model if not any(_overlaps(e, w) for w in weak.entities)]),
            "model_then_weak": score(model + [w for w in weak.entities if not any(_overlaps(w, e) for e in model)]),
            "agreement_only": score(e for e in model if any((e.start, e.end, e.label) == (w.start, w.end, w.label) for w in weak.entities)),
        }
        # the four training seeds: the model against the weak labels it learned from
        train_weak = {d.id: d for d in read_jsonl(fold_dir / "weak_train.jsonl") if d.id in {g.id for g in train_gold}}
        fit = {}
        for d in train_weak.values():
            pred = ex.extract([Document(d.id, d.text)])[0]
            fit[d.id] = score([e for e in pred.entities if (e.score or 0.0) >= chosen], doc=d)
        row["fit_to_training_weak_labels"] = fit
        rows.append(row)
        sweep = "  ".join(f"{t}: {v['f1']:.3f} ({v['precision']:.2f}/{v['recall']:.2f})" for t, v in row["by_threshold"].items())
        print(f"\n{held.id}  threshold sweep F1 (P/R)  {sweep}")
        for key in ("weak", "model", "weak_then_model", "model_then_weak", "agreement_only"):
            v = row[key]
            print(f"  {key:<18} {v['f1']:.3f}  P {v['precision']:.2f}  R {v['recall']:.2f}")
        print("  fit to its training seeds' weak labels (F1): " + ", ".join(f"{i[:3]} {v['f1']:.3f}" for i, v in fit.items()))
    if not rows:
        raise SystemExit(f"{args.runs}: no fold checkpoints (run scripts/lodo_model.py --out {args.runs} first)")
    keys = ("weak", "model", "weak_then_model", "model_then_weak", "agreement_only")
    mean = {key: round(sum(r[key]["f1"] for r in rows) / len(rows), 4) for key in keys}
    mean["fit_to_training_weak_labels"] = round(
        sum(v["f1"] for r in rows for v in r["fit_to_training_weak_labels"].values()) / sum(len(r["fit_to_training_weak_labels"]) for r in rows), 4)
    print("\nmean F1 over folds: " + ", ".join(f"{k2} {v:.3f}" for k2, v in mean.items()))
    if args.json:
        Path(args.json).write_text(json.dumps({"folds": rows, "mean": mean}, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
