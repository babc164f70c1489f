#!/usr/bin/env python
"""Harvest the packaged gazetteer (names + shared head suffixes) from gold span JSONL.

    python scripts/harvest_gazetteers.py [--gold data/gold/seeds.jsonl] [--out src/zonener/resources/gazetteer.json]

Without --gold it reads data/gold/seeds.jsonl, or data/gold/parts/*.jsonl while
the merged file does not exist.
"""
from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

from zonener.spans import read_jsonl
from zonener.weak.gazetteer import harvest, save_gazetteer

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", nargs="*", help="gold span JSONL file(s)")
    ap.add_argument("--out", default=str(ROOT / "src/zonener/resources/gazetteer.json"))
    ap.add_argument("--min-head-count", type=int, default=2)
    args = ap.parse_args(argv)
    files = args.gold or ([str(ROOT / "data/gold/seeds.jsonl")] if (ROOT / "data/gold/seeds.jsonl").exists()
                          else sorted(glob.glob(str(ROOT / "data/gold/parts/*.jsonl"))))
    if not files:
        print("error: no gold files found", file=sys.stderr)
        return 2
    docs = []
    try:
        for f in files:
            docs.extend(read_jsonl(f))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    gaz = harvest(docs, args.min_head_count)
    gaz["sources"] = sorted(str(Path(f).resolve().relative_to(ROOT)) if str(Path(f).resolve()).startswith(str(ROOT)) else f for f in files)
    save_gazetteer(gaz, args.out)
    n = sum(len(v) for v in gaz["names"].values())
    h = sum(len(v) for v in gaz["heads"].values())
    print(f"{len(docs)} gold documents -> {n} names, {h} heads -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
