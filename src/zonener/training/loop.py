"""One accelerate training loop shared by the NER and relation tasks.

Same code on CPU, one GPU, or several processes under ``accelerate launch``:
bf16 autocast, gradient accumulation, linear warmup + decay, evaluation on
the dev set every epoch, early stopping, the best model kept, a resumable
checkpoint written atomically after every epoch.
"""
from __future__ import annotations

import json
import logging
import math
import os
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.utils.data import DataLoader

from ..spans import atomic_write_text

log = logging.getLogger(__name__)


@dataclass
class LoopConfig:
    epochs: int = 10
    batch_size: int = 16
    lr: float = 5e-5
    head_lr: float | None = None
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    grad_accum: int = 1
    max_grad_norm: float = 1.0
    precision: str = "bf16"  # "bf16" or "fp32"
    patience: int = 3
    resume: bool = False
    seed: int = 42
    max_steps: int | None = None  # stop after this many optimizer steps (smoke tests)
    progress: bool = True


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def length_bucketed_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, then sort within pools of 50 batches by length, then shuffle batches."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    pool = batch_size * 50
    batches = []
    for p in range(0, len(idx), pool):
        chunk = sorted(idx[p : p + pool], key=lambda i: lengths[i])
        batches += [chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def atomic_replace_dir(tmp: Path, final: Path) -> None:
    """Move a fully written directory into place, replacing any old one."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    if old.exists():
        shutil.rmtree(old)


def run_training(
    *,
    model: torch.nn.Module,
    train_items: Sequence[Any],
    item_length: Callable[[Any], int],
    collate: Callable[[Sequence[Any]], dict[str, torch.Tensor]],
    loss_fn: Callable[[torch.nn.Module, dict[str, torch.Tensor]], torch.Tensor],
    evaluate: Callable[[torch.nn.Module], dict],
    save_best: Callable[[torch.nn.Module, Path, dict], None],
    cfg: LoopConfig,
    out_dir: Path,
    name: str,
) -> dict:
    """Train ``model``; returns the history and the best dev metrics.

    ``evaluate`` returns a dict with a ``"f1"`` key used for model selection.
    ``save_best`` writes the best model into the directory it is given (a
    temporary one, moved to ``out_dir/name`` atomically).
    """
    from accelerate import Accelerator
    from transformers import get_linear_schedule_with_warmup

    from accelerate.state import AcceleratorState, GradientState

    set_seed(cfg.seed)
    mixed = "bf16" if cfg.precision == "bf16" else "no"
    # a second job in the same process (NER then RE, tests, sweeps) may use another precision
    AcceleratorState._reset_state(reset_partial_state=False)
    GradientState._reset_state()
    accelerator = Accelerator(mixed_precision=mixed, gradient_accumulation_steps=cfg.grad_accum, cpu=not torch.cuda.is_available())
    out_dir = Path(out_dir)
    ckpt_dir = out_dir / "checkpoints" / name
    state_file = ckpt_dir / "trainer_state.json"

    lengths = [item_length(x) for x in train_items]
    steps_per_epoch = math.ceil(math.ceil(len(train_items) / cfg.batch_size) / cfg.grad_accum)
    total_steps = max(1, steps_per_epoch * cfg.epochs)
    if cfg.max_steps:
        total_steps = min(total_steps, cfg.max_steps)

    head_params = [p for n, p in model.named_parameters() if not n.startswith(model.base_model_prefix + ".")]
    head_ids = {id(p) for p in head_params}
    groups = []
    for params, lr in ((
        [p for p in model.parameters() if id(p) not in head_ids], cfg.lr), (head_params, cfg.head_lr or cfg.lr)):
        decay = [p for p in params if p.ndim > 1]
        no_decay = [p for p in params if p.ndim <= 1]
        groups += [{"params": decay, "weight_decay": cfg.weight_decay, "lr": lr}, {"params": no_decay, "weight_decay": 0.0, "lr": lr}]
    optimizer = torch.optim.AdamW([g for g in groups if g["params"]], lr=cfg.lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup_ratio * total_steps), total_steps)
    model, optimizer, scheduler = accelerator.prepare(model, optimizer, scheduler)

    state = {"epoch": 0, "step": 0, "best_f1": -1.0, "best_epoch": None, "history": [], "bad_epochs": 0}
    if cfg.resume and state_file.is_file():
        accelerator.load_state(str(ckpt_dir / "state"))
        state = json.loads(state_file.read_text(encoding="utf-8"))
        log.info("resumed %s from epoch %d (best f1 %.4f)", name, state["epoch"], state["best_f1"])
    elif cfg.resume:
        log.info("no checkpoint in %s: starting %s from scratch", ckpt_dir, name)

    rng = random.Random(cfg.seed)
    for _ in range(state["epoch"]):  # replay the shuffles of finished epochs
        length_bucketed_batches(lengths, cfg.batch_size, rng)

    from tqdm.auto import tqdm

    stopped_early = False
    while state["epoch"] < cfg.epochs and not (cfg.max_steps and state["step"] >= cfg.max_steps):
        if state["bad_epochs"] >= cfg.patience:
            stopped_early = True
            break
        epoch = state["epoch"] + 1
        batches = length_bucketed_batches(lengths, cfg.batch_size, rng)
        if accelerator.num_processes > 1:  # equal shard per process, or DDP hangs
            per = len(batches) // accelerator.num_processes
            batches = batches[accelerator.process_index :: accelerator.num_processes][:per]
        loader = DataLoader(batches, batch_size=None, collate_fn=lambda b: collate([train_items[i] for i in b]))
        model.train()
        t0, losses, n_items = time.perf_counter(), [], 0
        bar = tqdm(loader, desc=f"{name} epoch {epoch}/{cfg.epochs}", disable=not (cfg.progress and accelerator.is_local_main_process), leave=False)
        for batch in bar:
            batch = {k: v.to(accelerator.device) for k, v in batch.items()}
            with accelerator.accumulate(model):
                with accelerator.autocast():
                    loss = loss_fn(model, batch)
                accelerator.backward(loss)
                if accelerator.sync_gradients:
                    accelerator.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
            if accelerator.sync_gradients:
                state["step"] += 1
            losses.append(float(loss.detach()))
            n_items += int(batch["input_ids"].shape[0])
            bar.set_postfix(loss=f"{np.mean(losses[-20:]):.4f}")
            if cfg.max_steps and state["step"] >= cfg.max_steps:
                break
        train_time = time.perf_counter() - t0
        metrics = evaluate(accelerator.unwrap_model(model)) if accelerator.is_main_process else {"f1": 0.0}
        record = {
            "epoch": epoch,
            "step": state["step"],
            "train_loss": float(np.mean(losses)) if losses else None,
            "train_seconds": round(train_time, 2),
            "train_items_per_second": round(n_items / train_time, 2) if train_time else None,
            "lr": scheduler.get_last_lr()[0],
            "dev": metrics,
        }
        state["history"].append(record)
        improved = metrics["f1"] > state["best_f1"]
        if improved:
            state["best_f1"], state["best_epoch"], state["bad_epochs"] = metrics["f1"], epoch, 0
            if accelerator.is_main_process:
                tmp = out_dir / f".{name}.tmp"
                if tmp.exists():
                    shutil.rmtree(tmp)
                tmp.mkdir(parents=True)
                save_best(accelerator.unwrap_model(model), tmp, metrics)
                atomic_replace_dir(tmp, out_dir / name)
        else:
            state["bad_epochs"] += 1
        log.info("%s epoch %d: loss %.4f dev f1 %.4f%s", name, epoch, record["train_loss"] or 0.0, metrics["f1"], " (best)" if improved else "")
        state["epoch"] = epoch
        _save_checkpoint(accelerator, ckpt_dir, state)
    accelerator.wait_for_everyone()
    state["stopped_early"] = stopped_early
    return state


def _save_checkpoint(accelerator, ckpt_dir: Path, state: dict) -> None:
    """Write accelerator state + trainer state to a temp dir, then swap it in."""
    if not accelerator.is_main_process:
        return
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    tmp = ckpt_dir / "state.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    accelerator.save_state(str(tmp))
    atomic_replace_dir(tmp, ckpt_dir / "state")
    atomic_write_text(ckpt_dir / "trainer_state.json", json.dumps(state, ensure_ascii=False, indent=1))
