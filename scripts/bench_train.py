"""Training throughput (sentences/s) of the NER model, fp32 vs bf16 autocast.

    python scripts/bench_train.py --model ../shared/models/m3e-small [--steps 20] [--batch-size 16]

Uses the seed articles' sentences (gold tags; only speed is measured).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from zonener.evaluate import char_tags
from zonener.modeling.ner import build_features, collate, weighted_token_loss
from zonener.spans import read_jsonl

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="local Hugging Face encoder directory")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=128)
    args = ap.parse_args()
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from zonener.schema import bio_labels

    tags = bio_labels()
    label2id = {t: i for i, t in enumerate(tags)}
    tok = AutoTokenizer.from_pretrained(args.model)
    docs = read_jsonl(ROOT / "data" / "gold" / "seeds.jsonl")
    feats = build_features(tok, [d.text for d in docs], [char_tags(len(d.text), d.entities) for d in docs], label2id, args.max_length)
    batches = [collate(feats[i : i + args.batch_size], tok.pad_token_id) for i in range(0, len(feats), args.batch_size)]
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, {len(feats)} pieces of <= {args.max_length} tokens, batch {args.batch_size}")
    results = {}
    for precision in ("fp32", "bf16"):
        torch.manual_seed(0)
        model = AutoModelForTokenClassification.from_pretrained(args.model, num_labels=len(tags))
        opt = torch.optim.AdamW(model.parameters(), lr=1e-5)
        model.train()
        ctx = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if precision == "bf16" else torch.enable_grad
        n, t_total = 0, 0.0
        for step in range(args.steps + 2):
            b = batches[step % len(batches)]
            t0 = time.perf_counter()
            with ctx():
                logits = model(input_ids=b["input_ids"], attention_mask=b["attention_mask"]).logits
            loss = weighted_token_loss(logits, b["labels"], None)
            loss.backward()
            opt.step()
            opt.zero_grad()
            if step >= 2:  # warm-up steps excluded
                t_total += time.perf_counter() - t0
                n += b["input_ids"].shape[0]
        results[precision] = n / t_total
        print(f"{precision}: {results[precision]:.1f} sentences/s")
    print(f"bf16 / fp32 speed-up: {results['bf16'] / results['fp32']:.2f}x")


if __name__ == "__main__":
    main()
