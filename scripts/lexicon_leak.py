#!/usr/bin/env python
"""How much the seeds' leave-one-document-out weak-label score owes to words
the hand-written lexicons took from the held-out article itself.

The lexicons (src/zonener/resources/weak_lexicons.json) were written while
reading all five seed articles. For each fold this drops every entry that
occurs in the held-out article but in none of the other four seeds and none of
the unlabelled park-news articles (data/corpus/synthetic) or the annotated dev
articles, then scores the weak labels of the held-out article again, next to
the full lexicons.

    python scripts/lexicon_leak.py [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def only_in(held: str, others: list[str], lexicons: dict) -> dict[str, list[str]]:
    """Entries (two characters or more) of each list in ``lexicons`` found in
    ``held`` and in none of ``others`` (texts in the matching view)."""
    out = {}
    for key, words in lexicons.items():
        if not isinstance(words, list):
            continue
        hits = [w for w in words if isinstance(w, str) and len(w) >= 2 and w in held and not any(w in o for o in others)]
        if hits:
            out[key] = hits
    return out


def _fold_score(args: tuple[int, str | None, str]) -> dict:
    k, lexicon_path, gold_path = args
    if lexicon_path:
        os.environ["ZONENER_WEAK_LEXICONS"] = lexicon_path
    from zonener.evaluate import evaluate_documents
    from zonener.spans import Document, read_jsonl
    from zonener.weak import WeakLabeler

    gold = read_jsonl(gold_path)
    held, train = gold[k], [d for i, d in enumerate(gold) if i != k]
    weak = WeakLabeler.from_gold(train).label([Document(held.id, held.text)])
    res = evaluate_documents([held], weak)["ner"]
    return {"micro": res["micro"]["f1"], "per_type": {t: v["f1"] for t, v in res["per_type"].items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "data" / "gold" / "seeds.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT / "data" / "corpus" / "synthetic"))
    ap.add_argument("--dev", default=str(ROOT / "data" / "gold" / "synthetic_dev.jsonl"))
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args(argv)

    from zonener.corpus import read_documents
    from zonener.spans import read_jsonl
    from zonener.text import matching_view
    from zonener.weak.lf import LEXICON_PATH

    gold = read_jsonl(args.gold)
    lexicons = json.loads(Path(LEXICON_PATH).read_text(encoding="utf-8"))
    background = [matching_view(d.text) for d in read_documents(args.corpus)] + [matching_view(d.text) for d in read_jsonl(args.dev)]
    ctx = mp.get_context("spawn")  # each fold's labeller reads its own lexicon file at import
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, held in enumerate(gold):
            others = [matching_view(d.text) for i, d in enumerate(gold) if i != k] + background
            dropped = only_in(matching_view(held.text), others, lexicons)
            path = Path(tmp) / f"lexicons-{k}.json"
            path.write_text(json.dumps({key: [w for w in v if w not in set(dropped.get(key, []))] if isinstance(v, list) else v
                                        for key, v in lexicons.items()}, ensure_ascii=False), encoding="utf-8")
            with ctx.Pool(1, maxtasksperchild=1) as pool:  # a fresh process per lexicon file
                full, blind = pool.map(_fold_score, [(k, None, args.gold), (k, str(path), args.gold)])
            n = sum(len(v) for v in dropped.values())
            rows.append({"doc": held.id, "dropped": dropped, "full": full, "blind": blind})
            print(f"{held.id}: {n:3d} entries only in this article; weak micro-F1 {full['micro']:.3f} -> {blind['micro']:.3f}", flush=True)
    mean_full = sum(r["full"]["micro"] for r in rows) / len(rows)
    mean_blind = sum(r["blind"]["micro"] for r in rows) / len(rows)
    print(f"mean: {mean_full:.3f} with the full lexicons, {mean_blind:.3f} without the held-out article's own entries")
    if args.json:
        Path(args.json).write_text(json.dumps({"folds": rows, "mean_full": mean_full, "mean_blind": mean_blind}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
