#!/usr/bin/env python
"""Average the NER weights of finished training runs into one checkpoint.

For runs that were trained separately (a multirun over seeds, or one recipe
with and without a data source); within one job, ``train.average_seeds=N``
does the same. Every run must come from the same encoder and label set.

    python scripts/average_checkpoints.py RUN RUN [RUN ...] --out DIR [--dev GOLD.jsonl ...]

Writes DIR/ner (the average, with an entity threshold chosen on the dev set:
by default the first run's ``data.dev``), DIR/metrics.json (dev micro-F1 of
each run and of the average, each at its own entity threshold) and copies the first run's ``re/``
when it has one, so DIR works with ``zonener.predict --model DIR``.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", help="training output_dirs (each with ner/), or NER checkpoint directories")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--dev", nargs="*", help="gold span JSONL to choose the entity threshold on (default: the first run's data.dev)")
    args = ap.parse_args(argv)

    from omegaconf import OmegaConf

    from zonener.modeling.averaging import average_checkpoints
    from zonener.spans import atomic_write_text, read_jsonl
    from zonener.training.ner_task import evaluate_saved_ner, select_entity_threshold

    runs = [Path(r) for r in args.runs]
    ners = [r / "ner" if (r / "ner" / "config.json").is_file() else r for r in runs]
    for r, ner in zip(runs, ners):
        if not (ner / "config.json").is_file():
            print(f"error: {r}: neither ner/config.json nor config.json (pass training output directories or their ner/)", file=sys.stderr)
            return 2
    settings = ners[0] / "zonener_config.yaml"
    if not settings.is_file():
        print(f"error: {settings} is missing: the run's training settings are needed to score the average", file=sys.stderr)
        return 2
    cfg = OmegaConf.load(settings)
    dev_files = args.dev or ([cfg.data.dev] if isinstance(cfg.data.dev, str) else list(cfg.data.dev))
    dev_docs = [d for f in dev_files for d in read_jsonl(f)]
    out = Path(args.out)
    try:
        ner_dir = average_checkpoints(ners, out / "ner")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    threshold = select_entity_threshold(cfg, ner_dir, dev_docs, list(cfg.train.entity_thresholds or []))
    # each model at its own dev-chosen entity threshold, as zonener.predict runs it
    members = {str(r): evaluate_saved_ner(cfg, ner, dev_docs)["f1"] for r, ner in zip(runs, ners)}
    dev = evaluate_saved_ner(cfg, ner_dir, dev_docs)
    metrics = {"dev_files": [str(f) for f in dev_files], "members_dev_f1": members, "dev": dev, "entity_threshold": threshold}
    atomic_write_text(out / "metrics.json", json.dumps(metrics, ensure_ascii=False, indent=2))
    if (runs[0] / "re").is_dir() and not (out / "re").exists():
        shutil.copytree(runs[0] / "re", out / "re")
    for r, f1 in members.items():
        print(f"{r}: dev micro-F1 {f1:.4f}")
    print(f"average of {len(runs)} in {ner_dir}: dev micro-F1 {dev['f1']:.4f} (entity threshold {threshold['threshold']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
