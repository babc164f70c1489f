#!/usr/bin/env python
"""Sharded, resumable inference over large corpora.

    python scripts/batch_infer.py --model runs/x --input corpus.jsonl --output-dir out/ [--shard-size 1000]
    accelerate launch --num_processes 4 scripts/batch_infer.py --model runs/x --input corpus/ --output-dir out/
    python scripts/batch_infer.py --output-dir out/ --merge all.jsonl      # merge only

The input (any source ``python -m zonener.predict`` reads) is streamed and cut
into shards of ``--shard-size`` documents; shard k is written atomically to
``OUT/part-0000k.jsonl`` together with ``OUT/part-0000k.meta.json`` (number of
documents, SHA-256 of the shard's document ids, the prediction settings).
A rerun skips every shard whose output and meta exist and whose id hash and
settings still match, so an interrupted job resumes where it stopped.
Under ``accelerate launch`` shard k goes to process ``k % num_processes``.
At the end the main process writes ``OUT/manifest.json`` (all shards in
order) and, with ``--merge FILE``, concatenates the shards into FILE.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import logging
import os
import sys
import time
from pathlib import Path

from zonener.predict import add_prediction_options, extractor_from_args, run_cli

log = logging.getLogger("batch_infer")

MANIFEST = "manifest.json"


def shard_name(k: int) -> str:
    return f"part-{k:05d}.jsonl"


def meta_name(k: int) -> str:
    return f"part-{k:05d}.meta.json"


def ids_hash(ids: list[str]) -> str:
    h = hashlib.sha256()
    for i in ids:
        h.update(i.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def settings_of(args: argparse.Namespace) -> dict:
    """What decides the content of a shard (device, batch size and precision do not)."""
    return {
        "model": str(Path(args.model).resolve()),
        "threshold": args.threshold,
        "use_input_entities": bool(args.use_input_entities),
        "no_relations": bool(args.no_relations),
        "max_length": args.max_length,
        "decoding": args.decoding,
        "shard_size": args.shard_size,
    }


def shard_is_done(out_dir: Path, k: int, n_docs: int, digest: str, settings: dict) -> bool:
    part, meta = out_dir / shard_name(k), out_dir / meta_name(k)
    if not part.is_file() or not meta.is_file():
        return False
    try:
        m = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return m.get("n_docs") == n_docs and m.get("ids_sha256") == digest and m.get("settings") == settings


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scripts/batch_infer.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--model", help="training output_dir (ner/, re/) or NER checkpoint directory")
    p.add_argument("--input", help=".txt, directory of .txt, span JSONL, or - (stdin)")
    p.add_argument("--output-dir", required=True, help="folder for part-NNNNN.jsonl shards and manifest.json")
    p.add_argument("--shard-size", type=int, default=1000, help="documents per shard (default 1000)")
    p.add_argument("--merge", metavar="FILE", help="after the run, concatenate all shards in order into FILE (- = stdout)")
    add_prediction_options(p)  # --device default: the accelerate process's device
    return p


def merge_shards(out_dir: Path, target: str) -> int:
    """Concatenate the shards listed in the manifest, in order; returns the document count."""
    from zonener.predict import PredictError
    from zonener.spans import AtomicWriter

    mpath = out_dir / MANIFEST
    if not mpath.is_file():
        raise PredictError(f"{mpath}: no manifest; run batch_infer.py with --model and --input first")
    manifest = json.loads(mpath.read_text(encoding="utf-8"))
    missing = [s["file"] for s in manifest["shards"] if not (out_dir / s["file"]).is_file()]
    if missing:
        raise PredictError(f"{out_dir}: shards {missing[:5]} are missing; rerun batch_infer.py to redo them")

    def copy(fh) -> None:
        for s in manifest["shards"]:
            with open(out_dir / s["file"], encoding="utf-8") as src:
                for line in src:
                    fh.write(line)

    if target == "-":
        copy(sys.stdout)
        sys.stdout.flush()
    else:
        with AtomicWriter(target) as fh:
            copy(fh)
    return int(manifest.get("n_docs", sum(s["n_docs"] for s in manifest["shards"])))


def run(args: argparse.Namespace) -> dict:
    from zonener.predict import PredictError

    out_dir = Path(args.output_dir)
    summary: dict = {"processed": [], "skipped": [], "n_shards": None, "merged": None}
    if args.input is None and args.model is None:
        if not args.merge:
            raise PredictError("nothing to do: pass --model and --input to predict, and/or --merge FILE")
        summary["merged"] = merge_shards(out_dir, args.merge)
        return summary
    if args.input is None or args.model is None:
        raise PredictError("--model and --input are both needed to predict (only --output-dir and --merge to merge)")
    if args.shard_size < 1:
        raise PredictError(f"--shard-size must be >= 1, got {args.shard_size}")
    if args.input != "-" and not Path(args.input).exists():
        raise PredictError(f"--input {args.input}: no such file or directory")

    from accelerate import PartialState
    from tqdm import tqdm

    from zonener.corpus import iter_documents
    from zonener.predict import locate_checkpoints
    from zonener.spans import AtomicWriter, atomic_write_text, dumps

    locate_checkpoints(args.model)  # fail fast on a bad model directory, before reading the corpus
    import torch

    # on machines without CUDA (or with --device cpu) accelerate needs cpu=True to join a multi-CPU launch
    use_cpu = (args.device or "").startswith("cpu") or not torch.cuda.is_available()
    state = PartialState(cpu=use_cpu)
    rank, world = state.process_index, state.num_processes
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = settings_of(args)
    device = args.device
    if device is None and world > 1:
        device = str(state.device)
    if world > 1 and (device or "cpu").startswith("cpu"):
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // world))

    extractor = None
    bar = tqdm(desc=f"batch_infer[{rank}/{world}]", unit="doc", file=sys.stderr, disable=args.quiet, position=rank, dynamic_ncols=True)
    docs = iter_documents(args.input)
    shards: list[dict] = []
    try:
        for k in itertools.count():
            block = list(itertools.islice(docs, args.shard_size))
            if not block:
                break
            ids = [d.id for d in block]
            info = {"index": k, "file": shard_name(k), "n_docs": len(block), "ids_sha256": ids_hash(ids)}
            shards.append(info)
            if k % world != rank:
                continue
            if shard_is_done(out_dir, k, info["n_docs"], info["ids_sha256"], settings):
                summary["skipped"].append(k)
                continue
            if extractor is None:
                extractor = extractor_from_args(args, device=device)
            (out_dir / meta_name(k)).unlink(missing_ok=True)
            t0 = time.perf_counter()
            with AtomicWriter(out_dir / shard_name(k)) as fh:
                for doc in extractor.extract_documents(block, use_input_entities=args.use_input_entities):
                    fh.write(dumps(doc) + "\n")
                    bar.update(1)
            meta = dict(info, settings=settings, seconds=round(time.perf_counter() - t0, 3), process=rank)
            atomic_write_text(out_dir / meta_name(k), json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
            summary["processed"].append(k)
    finally:
        bar.close()
    summary["n_shards"] = len(shards)
    log.info("process %d/%d: %d shards written, %d already done", rank, world, len(summary["processed"]), len(summary["skipped"]))
    state.wait_for_everyone()
    if state.is_main_process:
        not_done = [s["file"] for s in shards if not shard_is_done(out_dir, s["index"], s["n_docs"], s["ids_sha256"], settings)]
        if not_done:
            raise PredictError(f"{out_dir}: shards {not_done[:5]} did not complete; rerun to resume")
        # shards left over from an earlier, longer input would otherwise look current
        for stale in sorted(out_dir.glob("part-*.jsonl")):
            try:
                idx = int(stale.stem.split("-")[1])
            except (IndexError, ValueError):
                continue
            if idx >= len(shards):
                log.warning("removing stale shard %s (the input now has %d shards)", stale, len(shards))
                stale.unlink()
                (out_dir / meta_name(idx)).unlink(missing_ok=True)
        manifest = {
            "input": str(args.input),
            "settings": settings,
            "n_docs": sum(s["n_docs"] for s in shards),
            "n_shards": len(shards),
            "shards": shards,
        }
        atomic_write_text(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        if args.merge:
            summary["merged"] = merge_shards(out_dir, args.merge)
    print(
        f"batch_infer process {rank}/{world}: {len(summary['processed'])} shard(s) written {summary['processed']}, "
        f"{len(summary['skipped'])} already done {summary['skipped']}, {len(shards)} in total",
        file=sys.stderr,
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    return run_cli(build_parser(), run, argv, log_level=logging.INFO)


if __name__ == "__main__":
    sys.exit(main())
