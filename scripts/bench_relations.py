"""Relation inference cost relative to NER inference on the same documents.

    python scripts/bench_relations.py --model OUTPUT_DIR [--input seeds/] [--repeat 3]

Times the NER pass (entities) and the relation pass over those entities,
alternating the two ``--repeat`` times so that machine noise hits both
alike, and prints the best time of each and their ratio (target: relations
add at most 50 % to the NER time).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seconds(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="a training output_dir with ner/ and re/")
    ap.add_argument("--input", default=str(ROOT / "seeds"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--precision", choices=("fp32", "bf16"), default=None)
    args = ap.parse_args()

    from zonener.corpus import read_documents
    from zonener.predict import Extractor
    from zonener.training.ner_task import predictions_to_documents

    ex = Extractor.from_pretrained(args.model, precision=args.precision)
    if not ex.has_relations:
        raise SystemExit(f"{args.model}: no re/ checkpoint")
    docs = read_documents(args.input)
    texts = [d.text for d in docs]
    n_chars = sum(map(len, texts))
    spans = ex.ner.predict(texts)
    with_ents = predictions_to_documents(docs, spans)
    runs = [(seconds(lambda: ex.ner.predict(texts)), seconds(lambda: ex.re.predict(with_ents))) for _ in range(args.repeat)]
    t_ner, t_re = min(r[0] for r in runs), min(r[1] for r in runs)
    n_ents = sum(len(d.entities) for d in with_ents)
    print(f"{len(docs)} documents, {n_chars} characters, {n_ents} predicted entities, precision {ex.precision}")
    print(f"NER inference:       {t_ner:.2f} s ({n_chars / t_ner:,.0f} chars/s)")
    print(f"relation inference:  {t_re:.2f} s")
    print(f"relations add {100 * t_re / t_ner:.0f}% to the NER time (target <= 50%)")


if __name__ == "__main__":
    main()
