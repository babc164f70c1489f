"""Leave-one-document-out for the trained models, next to the weak labels alone.

For each of the five gold seed articles: weak-label the other four with a
labeller whose gazetteers are harvested from those four, train NER and
relations on those weak labels (model selection on the four training
articles' gold, never on the held-out one), then score on the held-out
article's gold:

- NER: model vs. the weak labels of the held-out article;
- relations with gold entities: model vs. the relation LFs;
- relations end to end (predicted entities).

``--extra-corpus DIR`` adds unlabelled park news (e.g. data/corpus/synthetic),
weak-labelled by the same fold labeller, to the four training articles;
``--extra-dev FILE`` adds gold articles that are not seeds to the model-selection
set; ``--seed-copies N`` repeats the four training seeds N times. ``task=ner``
(an override) skips the relation model and its scores. ``scripts/lodo_analysis.py``
reads the fold checkpoints afterwards.

    python scripts/lodo_model.py [--model DIR] [--json OUT] [--extra-corpus DIR --extra-limit N] [--seed-copies N] [overrides ...]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=str(ROOT.parent / "shared" / "models" / "m3e-small"))
    ap.add_argument("--gold", default=str(ROOT / "data" / "gold" / "seeds.jsonl"))
    ap.add_argument("--out", default=str(ROOT / "outputs" / "lodo"))
    ap.add_argument("--json", help="write all figures here")
    ap.add_argument("--folds", help="comma-separated fold indices (default: all)")
    ap.add_argument("--reuse", action="store_true", help="score existing fold checkpoints instead of training")
    ap.add_argument("--extra-corpus", help="unlabelled articles weak-labelled with each fold's labeller and added to training")
    ap.add_argument("--extra-limit", type=int, default=None, help="use the first N extra articles")
    ap.add_argument("--extra-dev", help="gold span JSONL (no seeds) added to the model-selection set")
    ap.add_argument("--seed-copies", type=int, default=1, help="repeat the four training seeds' weak labels N times in the training set")
    ap.add_argument("overrides", nargs="*", help="extra Hydra overrides, e.g. train.epochs=10")
    args = ap.parse_args()

    from hydra import compose, initialize_config_dir
    from transformers import AutoTokenizer

    from zonener.evaluate import evaluate_documents
    from zonener.modeling.relation import RelationClassifier
    from zonener.corpus import read_documents
    from zonener.paths import CONFIG_DIR, register_resolvers
    from zonener.spans import Document, read_jsonl, write_jsonl
    from zonener.train import run
    from zonener.training.re_task import end_to_end_eval, relation_eval
    from zonener.training.ner_task import evaluate_saved_ner, select_entity_threshold
    from zonener.weak import WeakLabeler, label_relations
    from zonener.weak.gazetteer import save_gazetteer

    register_resolvers()
    gold = read_jsonl(args.gold)
    extra = read_documents(args.extra_corpus)[: args.extra_limit] if args.extra_corpus else []
    extra_dev = read_jsonl(args.extra_dev) if args.extra_dev else []
    if {d.id for d in extra_dev} & {d.id for d in gold}:
        raise SystemExit(f"{args.extra_dev}: shares document ids with {args.gold}; the held-out article must stay out of selection")
    folds = [int(x) for x in args.folds.split(",")] if args.folds else range(len(gold))
    rows = []
    for k in folds:
        held, train_gold = gold[k], [d for i, d in enumerate(gold) if i != k]
        fold_dir = Path(args.out) / f"fold-{k}-{held.id}"
        labeler = WeakLabeler.from_gold(train_gold)
        weak_train = labeler.label([Document(d.id, d.text) for d in train_gold] + extra)
        # --seed-copies: the real articles again, so they weigh more against the extra corpus
        weak_train += [Document(f"{d.id}#copy{c}", d.text, d.entities, d.relations) for c in range(1, args.seed_copies) for d in weak_train[: len(train_gold)]]
        weak_held = labeler.label([Document(held.id, held.text)])
        write_jsonl(fold_dir / "weak_train.jsonl", weak_train)
        write_jsonl(fold_dir / "dev.jsonl", train_gold + extra_dev)
        save_gazetteer(labeler.gazetteer, fold_dir / "gazetteer.json")
        with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
            cfg = compose(
                "train",
                overrides=[
                    "experiment=m3e-small",
                    f"model.name_or_path={args.model}",
                    "data=jsonl",
                    f"data.train={fold_dir / 'weak_train.jsonl'}",
                    f"data.dev={fold_dir / 'dev.jsonl'}",
                    f"output_dir={fold_dir}",
                    f"weak.gazetteer={fold_dir / 'gazetteer.json'}",
                    "train.progress=false",
                    *args.overrides,
                ],
            )
        with_re = cfg.task != "ner"
        if not (args.reuse and (fold_dir / "ner").is_dir() and ((fold_dir / "re").is_dir() or not with_re)):
            run(cfg)
        ner_meta = json.loads((fold_dir / "ner" / "config.json").read_text(encoding="utf-8")).get("zonener", {})
        if "entity_threshold" not in ner_meta and cfg.train.get("entity_thresholds"):
            # a checkpoint trained before thresholds existed: choose it now, on the same dev set (never the held-out article)
            select_entity_threshold(cfg, fold_dir / "ner", train_gold, list(cfg.train.entity_thresholds))
            ner_meta = json.loads((fold_dir / "ner" / "config.json").read_text(encoding="utf-8"))["zonener"]
        ner_model = evaluate_saved_ner(cfg, fold_dir / "ner", [held])
        ner_weak = evaluate_documents([held], weak_held)["ner"]
        row_re = {}
        if with_re:
            re_model = RelationClassifier.from_pretrained(fold_dir / "re")
            re_tok = AutoTokenizer.from_pretrained(fold_dir / "re")
            lf_docs = [Document(held.id, held.text, held.entities, label_relations(held))]
            row_re = {
                "re_gold_entities_model_f1": relation_eval(re_model, re_tok, cfg, [held])["f1"],
                "re_gold_entities_lf_f1": evaluate_documents([held], lf_docs)["relations"]["micro"]["f1"],
                "re_end_to_end_model_f1": end_to_end_eval(cfg, fold_dir, [held])["f1"],
                "re_end_to_end_weak_f1": evaluate_documents([held], weak_held)["relations"]["micro"]["f1"],
            }
        row = {
            "fold": k,
            "doc": held.id,
            "ner_model_f1": ner_model["f1"],
            "entity_threshold": ner_meta.get("entity_threshold", 0.0),
            "ner_weak_f1": ner_weak["micro"]["f1"],
            "ner_model_per_type": {t: v["f1"] for t, v in ner_model["per_type"].items()},
            "ner_weak_per_type": {t: v["f1"] for t, v in ner_weak["per_type"].items()},
            **row_re,
        }
        rows.append(row)
        print(json.dumps({k2: v for k2, v in row.items() if not k2.endswith("per_type")}), flush=True)
    keys = [k for k in ["ner_model_f1", "ner_weak_f1", "re_gold_entities_model_f1", "re_gold_entities_lf_f1", "re_end_to_end_model_f1", "re_end_to_end_weak_f1"]
            if all(k in r for r in rows)]
    heads = {"ner_model_f1": "NER model", "ner_weak_f1": "NER weak", "re_gold_entities_model_f1": "RE model", "re_gold_entities_lf_f1": "RE LFs",
             "re_end_to_end_model_f1": "e2e model", "re_end_to_end_weak_f1": "e2e weak"}
    mean = {key: sum(r[key] for r in rows) / len(rows) for key in keys}
    types = sorted({t for r in rows for t in r["ner_weak_per_type"]})
    print(f"\n{'fold':<28}" + "".join(f"{heads[key]:>10}" for key in keys))
    for r in rows:
        print(f"{r['doc']:<28}" + "".join(f"{r[key]:>10.3f}" for key in keys))
    print(f"{'mean':<28}" + "".join(f"{mean[key]:>10.3f}" for key in keys))
    print(f"\n{'type':<10}{'model':>8}{'weak':>8}   (mean F1 over folds)")
    for t in types:
        m = sum(r["ner_model_per_type"].get(t, 0.0) for r in rows) / len(rows)
        w = sum(r["ner_weak_per_type"].get(t, 0.0) for r in rows) / len(rows)
        print(f"{t:<10}{m:>8.3f}{w:>8.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"folds": rows, "mean": mean}, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
