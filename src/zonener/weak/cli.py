"""Weak-label a corpus: ``python -m zonener.weak --input PATH --output FILE.jsonl``.

Input: a .txt file, a directory of .txt files, span JSONL, or ``-`` (stdin).
Output: span JSONL with entities and relations (with scores), written atomically.
"""
from __future__ import annotations

import argparse
import logging
import sys

from ..corpus import CorpusError, read_documents
from ..spans import Document, SpanFormatError, read_jsonl, write_jsonl
from .labeler import DEFAULT_AGGREGATOR, WeakLabeler


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m zonener.weak", description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="a .txt file, a directory of .txt files, span JSONL, or - for stdin")
    ap.add_argument("--output", required=True, help="span JSONL to write (- for stdout)")
    ap.add_argument("--gold", help="gold span JSONL: adds per-LF and aggregated P/R/F1 to the report")
    ap.add_argument("--report", help="directory for report.json and PNG charts")
    ap.add_argument("--gazetteer", help="gazetteer JSON (default: the packaged resources/gazetteer.json)")
    ap.add_argument("--aggregator", choices=["vote", "hmm"], default=DEFAULT_AGGREGATOR)
    ap.add_argument("--no-relations", action="store_true", help="do not add relation LF output")
    ap.add_argument("-q", "--quiet", action="store_true")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s %(message)s")
    try:
        docs = [Document(d.id, d.text, extra=dict(d.extra)) for d in read_documents(args.input)]
        gold = read_jsonl(args.gold) if args.gold else None
        labeler = WeakLabeler.from_resources(gazetteer_path=args.gazetteer, aggregator=args.aggregator,
                                             relations=not args.no_relations)
    except (OSError, CorpusError, SpanFormatError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not docs:
        print(f"error: {args.input}: no documents", file=sys.stderr)
        return 2
    labeled = labeler.label(docs)
    try:
        n = write_jsonl(args.output, labeled)
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        n_ent = sum(len(d.entities) for d in labeled)
        n_rel = sum(len(d.relations) for d in labeled)
        print(f"labeled {n} documents: {n_ent} entities, {n_rel} relations -> {args.output}", file=sys.stderr)
    if args.report:
        from .analysis import write_report

        rep = write_report(labeler, docs, labeled, args.report, gold)
        if gold is not None and not args.quiet:
            m = rep["aggregated"]["ner"]["micro"]
            print(f"aggregated vs gold: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
