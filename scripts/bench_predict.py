#!/usr/bin/env python
"""Throughput, memory and span identity: zonener.predict vs the plain transformers pipeline.

    python scripts/bench_predict.py                       # random m3e-small-sized checkpoint
    python scripts/bench_predict.py --init m3e            # real m3e-small encoder, random head
    python scripts/bench_predict.py --model runs/x        # a trained output_dir or NER checkpoint
    python scripts/bench_predict.py --model runs/x --compile   # also Extractor(compile=True)

Both run on the same checkpoint and the same documents: by default the seed
articles in ``seeds/`` split into lines, and lines longer than ``--max-chars``
(500) into sentence-packed pieces, so the pipeline never truncates.
The pipeline is ``pipeline("token-classification", model=DIR/ner,
aggregation_strategy="simple")`` called one document at a time with its
default settings (fp32). Extractor runs with its defaults (length-sorted
batches, bf16 autocast where the CPU supports it) and, for reference, in
fp32. A built checkpoint gets ``max_length`` 512 so that, like the
pipeline, the Extractor sees each document in one window; span identity
then measures the implementation, not windowing (and the Extractor keeps
all entities, entity_threshold=0, as the pipeline does). Timings are the best of
``--rounds`` interleaved rounds (robust to other jobs on the machine).

Peak memory of ``python -m zonener.predict`` is measured in child processes
(``ru_maxrss`` from ``os.wait4``) on the corpus repeated 1x and ``--repeat``
times, to show that streaming keeps it independent of corpus size.
Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_M3E = ROOT.parent / "shared" / "models" / "m3e-small"


def seed_paragraphs(seeds: Path, max_chars: int) -> list[str]:
    """Non-empty lines of the seed articles, long ones cut into pieces of <= max_chars."""
    from zonener.corpus import read_text_file
    from zonener.text import chunk_spans

    out: list[str] = []
    for f in sorted(seeds.glob("*.txt")):
        for line in read_text_file(f).splitlines():
            if not line.strip():
                continue
            if len(line) <= max_chars:
                out.append(line)
            else:
                out.extend(line[s:e] for s, e in chunk_spans(line, max_chars))
    return out


def build_checkpoint(out: Path, encoder: Path, init: str, max_length: int) -> Path:
    """An m3e-small-sized NER checkpoint: random weights (init=random) or the real encoder with a random head."""
    import torch
    from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer

    from zonener.schema import bio_labels

    tags = bio_labels()
    id2label = dict(enumerate(tags))
    label2id = {t: i for i, t in id2label.items()}
    torch.manual_seed(0)
    config = AutoConfig.from_pretrained(encoder, num_labels=len(tags), id2label=id2label, label2id=label2id)
    if init == "random":
        model = AutoModelForTokenClassification.from_config(config)
    else:
        model = AutoModelForTokenClassification.from_pretrained(encoder, config=config, ignore_mismatched_sizes=True)
    model.config.zonener = {"task": "ner", "max_length": max_length}
    ner = out / "ner"
    model.save_pretrained(ner)
    AutoTokenizer.from_pretrained(encoder).save_pretrained(ner)
    return out


def peak_rss_mb_of(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; return (peak RSS in MiB, seconds) of that child alone."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return usage.ru_maxrss / 1024.0, dt


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", help="training output_dir or NER checkpoint (default: build one, see --init)")
    p.add_argument("--init", choices=("random", "m3e"), default="random", help="checkpoint built when --model is not given")
    p.add_argument("--encoder", default=str(DEFAULT_M3E), help="config/tokenizer (and weights for --init m3e) to build from")
    p.add_argument("--max-length", type=int, default=512,
                   help="config.zonener.max_length of a built checkpoint (512: one window per <=500-char document, as the pipeline sees it)")
    p.add_argument("--window", type=int, default=None, help="override the Extractor's max_length (default: the checkpoint's)")
    p.add_argument("--rounds", type=int, default=3, help="interleaved timing rounds; the best is reported")
    p.add_argument("--decoding", choices=("viterbi", "argmax"), default="argmax", help="Extractor decoding; argmax (default here) is the pipeline's, so span identity measures the implementation")
    p.add_argument("--skip-fp32", action="store_true", help="do not also time/compare the Extractor in fp32")
    p.add_argument("--compile", action="store_true", help="also time the Extractor with compile=True (torch.compile, weights frozen); its compile time is printed apart")
    p.add_argument("--seeds", default=str(ROOT / "seeds"), help="folder of .txt articles")
    p.add_argument("--max-chars", type=int, default=500)
    p.add_argument("--precision", choices=("fp32", "bf16"), default=None, help="Extractor precision (default: its own default)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--batch-tokens", type=int, default=None, help="Extractor's padded-token budget per batch (default: its own, 1024)")
    p.add_argument("--repeat", type=int, default=10, help="corpus multiple for the second memory measurement")
    p.add_argument("--skip-memory", action="store_true")
    p.add_argument("--skip-pipeline", action="store_true")
    args = p.parse_args(argv)

    import torch
    from transformers import pipeline
    from transformers.utils import logging as hf_logging

    from zonener.modeling.precision import cpu_supports_bf16
    from zonener.predict import Extractor, locate_checkpoints

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    tmp = tempfile.TemporaryDirectory(prefix="zonener-bench-")
    if args.model:
        model_dir = Path(args.model)
    else:
        enc = Path(args.encoder)
        if not (enc / "config.json").is_file():
            print(f"error: {enc} has no config.json; pass --model DIR or --encoder DIR", file=sys.stderr)
            return 2
        model_dir = build_checkpoint(Path(tmp.name) / "model", enc, args.init, args.max_length)
    ner_dir, _ = locate_checkpoints(model_dir)
    texts = seed_paragraphs(Path(args.seeds), args.max_chars)
    n_chars = sum(len(t) for t in texts)
    print(f"corpus: {len(texts)} documents, {n_chars} characters (max {max(map(len, texts))} per document) from {args.seeds}")
    print(f"model: {model_dir} ({'built, init=' + args.init if not args.model else 'given'}); torch threads {torch.get_num_threads()}; "
          f"cpu bf16: {cpu_supports_bf16()}")

    def spans_of(docs) -> set:
        return {(i, e.start, e.end, e.label) for i, d in enumerate(docs) for e in d.entities}

    runners = {}
    ex = Extractor.from_pretrained(model_dir, precision=args.precision, batch_size=args.batch_size, batch_tokens=args.batch_tokens, entity_threshold=0.0, max_length=args.window, relations=False, decoding=args.decoding)
    label = f"zonener.predict Extractor ({ex.precision}, batch {args.batch_size} windows / {ex.ner.batch_tokens} tokens, window {ex.ner.window + 2} tokens)"
    runners[label] = lambda: ex.extract(texts)
    if ex.precision != "fp32" and not args.skip_fp32:
        ex32 = Extractor.from_pretrained(model_dir, precision="fp32", batch_size=args.batch_size, batch_tokens=args.batch_tokens, entity_threshold=0.0, max_length=args.window, relations=False, decoding=args.decoding)
        runners[f"zonener.predict Extractor (fp32, batch {args.batch_size} windows / {ex32.ner.batch_tokens} tokens, window {ex32.ner.window + 2} tokens)"] = lambda: ex32.extract(texts)
    if args.compile:
        t0 = time.perf_counter()
        exc = Extractor.from_pretrained(model_dir, precision=args.precision, batch_size=args.batch_size, batch_tokens=args.batch_tokens, entity_threshold=0.0, max_length=args.window, relations=False, decoding=args.decoding, compile=True)
        print(f"compile=True: loading and compiling took {time.perf_counter() - t0:.1f} s (once per process)")
        runners[f"zonener.predict Extractor ({exc.precision} compiled, batch {args.batch_size} windows / {exc.ner.batch_tokens} tokens, window {exc.ner.window + 2} tokens)"] = lambda: exc.extract(texts)
    pipe_label = "transformers pipeline (defaults: fp32, one document per call)"
    if not args.skip_pipeline:
        pipe = pipeline("token-classification", model=str(ner_dir), aggregation_strategy="simple")
        runners[pipe_label] = lambda: [pipe(t) for t in texts]
    ex.extract(texts[:8])  # warm-up (first calls allocate and pick kernels)
    if "ex32" in locals():
        ex32.extract(texts[:8])
    if not args.skip_pipeline:
        pipe(texts[0])
    best: dict[str, float] = {k: float("inf") for k in runners}
    outputs: dict[str, list] = {}
    for r in range(args.rounds):  # interleaved rounds: load from other jobs hits all runners alike
        for name, run in runners.items():
            t0 = time.perf_counter()
            outputs[name] = run()
            best[name] = min(best[name], time.perf_counter() - t0)
    print(f"best of {args.rounds} interleaved round(s):")
    for name, dt in best.items():
        print(f"  {name}: {dt:.2f} s, {n_chars / dt:,.0f} chars/s")
    if pipe_label in outputs:
        b = {(i, int(x["start"]), int(x["end"]), x["entity_group"]) for i, xs in enumerate(outputs[pipe_label]) for x in xs}
        for name in runners:
            if name == pipe_label:
                continue
            a = spans_of(outputs[name])
            same = len(a & b)
            print(f"{name.split(' (')[0]} ({name.split('(')[1].split(',')[0]}) vs pipeline: speed ratio {best[pipe_label] / best[name]:.2f}x; "
                  f"spans {len(a)} vs {len(b)}, identical {same} = {100.0 * same / max(1, len(a | b)):.2f}% of all distinct spans "
                  f"({100.0 * same / max(1, len(b)):.2f}% of the pipeline's)")
    print(f"peak RSS of this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

    if not args.skip_memory:
        peaks = []
        for k in (1, args.repeat):
            src = Path(tmp.name) / f"corpus-x{k}.jsonl"
            with open(src, "w", encoding="utf-8") as fh:
                for r in range(k):
                    for i, t in enumerate(texts):
                        fh.write(json.dumps({"id": f"r{r}-{i}", "text": t}, ensure_ascii=False) + "\n")
            cmd = [sys.executable, "-m", "zonener.predict", "--model", str(model_dir), "--input", str(src),
                   "--output", str(Path(tmp.name) / f"out-x{k}.jsonl"), "--quiet", "--no-relations", "--batch-size", str(args.batch_size)]
            if args.compile:
                cmd.append("--compile")
            if args.precision:
                cmd += ["--precision", args.precision]
            mb, secs = peak_rss_mb_of(cmd)
            peaks.append(mb)
            print(f"python -m zonener.predict on {k}x corpus ({k * n_chars} chars): peak RSS {mb:.0f} MiB, {secs:.1f} s wall (incl. start-up)")
        print(f"peak RSS {args.repeat}x / 1x: {peaks[1] / peaks[0]:.3f}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
