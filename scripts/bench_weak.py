#!/usr/bin/env python
"""Throughput of the whole weak-labeling stack (LFs + aggregation + relations).

    python scripts/bench_weak.py [--chars 500000] [--aggregator vote|hmm]

The seed articles are replicated until the corpus has at least --chars characters.
"""
from __future__ import annotations

import argparse
import glob
import sys
import time
from pathlib import Path

from zonener.corpus import read_text_file
from zonener.spans import Document
from zonener.weak import DEFAULT_AGGREGATOR, WeakLabeler

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=500_000)
    ap.add_argument("--aggregator", default=DEFAULT_AGGREGATOR, choices=["vote", "hmm"])
    args = ap.parse_args(argv)
    texts = [read_text_file(f) for f in sorted(glob.glob(str(ROOT / "seeds/*.txt")))]
    if not texts:
        print("error: no seeds/*.txt", file=sys.stderr)
        return 2
    docs, n = [], 0
    while n < args.chars:
        for i, t in enumerate(texts):
            docs.append(Document(f"d{len(docs)}", t))
            n += len(t)
    lab = WeakLabeler.from_resources(aggregator=args.aggregator)
    lab.label(docs[:1])  # warm-up: jieba dictionary, regexes
    t0 = time.perf_counter()
    out = lab.label(docs)
    dt = time.perf_counter() - t0
    ents = sum(len(d.entities) for d in out)
    print(f"{len(docs)} docs, {n} chars, {ents} entities in {dt:.2f}s -> {n / dt:,.0f} chars/s ({args.aggregator})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
