"""``python -m zonener.train``: weak-label the corpus, fine-tune NER (and relations),
evaluate on the gold dev set, and write a self-describing output directory.

Examples::

    python -m zonener.train model.name_or_path=../shared/models/m3e-small
    python -m zonener.train experiment=m3e-small task=ner train.epochs=5 output_dir=runs/x
    python -m zonener.train data=resume model=local model.name_or_path=DIR
    python -m zonener.train -m seed=1,2,3 model=tiny
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig, OmegaConf

from .modeling.precision import PRECISIONS
from .paths import register_resolvers

log = logging.getLogger("zonener.train")

TASKS = ("ner", "re", "pipeline")
#: ``train.o_confidence=auto``: the loss weight of an O character by label source.
#: Weak labels' O is partly "no rule fired" (0.3 weighs entity characters about
#: three times more: recall on articles the rules were not written from, README
#: › Leave-one-document-out); a gold corpus's O is an annotator's decision (1.0).
O_CONFIDENCE_AUTO = {"weak": 0.3, "jsonl": 0.3, "bmes": 1.0, "cluener": 1.0}

register_resolvers()


def check_config(cfg: DictConfig) -> None:
    """Fail early, naming the field, on values Hydra cannot check."""
    if cfg.task not in TASKS:
        raise ValueError(f"task={cfg.task!r}: expected one of {', '.join(TASKS)}")
    if cfg.train.precision not in PRECISIONS:
        raise ValueError(f"train.precision={cfg.train.precision!r}: expected one of {', '.join(PRECISIONS)}")
    for key in ("epochs", "batch_size", "grad_accum"):
        if int(cfg.train[key]) < 1:
            raise ValueError(f"train.{key}={cfg.train[key]}: must be >= 1")
    avg = cfg.train.get("average_seeds", 1)
    if isinstance(avg, bool) or not isinstance(avg, int) or avg < 1:
        raise ValueError(f"train.average_seeds={avg!r}: expected a whole number >= 1")
    if avg > 1 and int((cfg.train.get("self_training") or {}).get("rounds", 0) or 0) > 0:
        raise ValueError("train.average_seeds > 1 and train.self_training.rounds > 0 cannot be combined: choose one")
    o_conf = cfg.train.o_confidence
    if o_conf != "auto" and (isinstance(o_conf, bool) or not isinstance(o_conf, (int, float)) or not 0.0 < o_conf <= 1.0):
        raise ValueError(f"train.o_confidence={o_conf!r}: expected auto or a number in (0, 1]")
    if cfg.data.get("extra_corpus"):
        from .training.weak_data import extra_sources

        for path, _ in extra_sources(cfg.data.extra_corpus, cfg.data.get("extra_limit")):
            if not Path(path).exists():
                raise ValueError(f"data.extra_corpus: {path} does not exist")
    if not cfg.model.get("tiny") and not cfg.model.name_or_path:
        raise ValueError("model.name_or_path is not set: pass model.name_or_path=DIR or use model=tiny")


def _quiet_libraries() -> None:
    """Keep the log readable: no per-save accelerate lines or weight-loading bars."""
    logging.getLogger("accelerate").setLevel(logging.WARNING)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _resolve_precision(cfg: DictConfig) -> None:
    """``train.precision=auto`` → bf16 where the hardware runs it natively, else
    fp32; the resolved value is what config.yaml and the checkpoints record."""
    import torch

    from .modeling.precision import resolve_precision, slow_bf16_warning

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    cfg.train.precision = resolve_precision(cfg.train.precision, device)
    if (why := slow_bf16_warning(cfg.train.precision, device)) is not None:
        log.warning("train.precision=bf16: %s", why)
    log.info("precision %s on %s", cfg.train.precision, device)


def _resolve_o_confidence(cfg: DictConfig) -> None:
    """``train.o_confidence=auto`` → :data:`O_CONFIDENCE_AUTO` for ``data.kind``;
    the resolved number is what config.yaml records."""
    if cfg.train.o_confidence == "auto":
        cfg.train.o_confidence = O_CONFIDENCE_AUTO.get(cfg.data.kind, 1.0)
    log.info("O characters weigh %s in the NER loss", cfg.train.o_confidence)


def run(cfg: DictConfig) -> dict:
    """Run the configured job; returns the metrics written to ``metrics.json``."""
    from .training.data import entity_labels, load_split
    from .training.report import write_reports
    from .schema import ENTITY_LABELS
    from .spans import atomic_write_text

    check_config(cfg)
    _quiet_libraries()
    _resolve_precision(cfg)
    _resolve_o_confidence(cfg)
    out_dir = Path(cfg.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out_dir / "config.yaml", OmegaConf.to_yaml(cfg, resolve=True))

    train_docs = load_split(cfg.data, "train")
    dev_docs = load_split(cfg.data, "dev")
    test_docs = load_split(cfg.data, "test")
    if not dev_docs:
        raise ValueError(f"data={cfg.data.name}: a dev split is required for model selection")
    if cfg.data.labels == "schema":
        from .training.weak_data import training_documents

        train_docs = training_documents(cfg, train_docs, out_dir)
    labels = list(ENTITY_LABELS) if cfg.data.labels == "schema" else entity_labels(train_docs + dev_docs)

    metrics: dict = {"task": cfg.task, "data": cfg.data.name, "model": str(cfg.model.name_or_path or "tiny")}
    if cfg.task in ("ner", "pipeline"):
        from .training.ner_task import evaluate_saved_ner, train_ner_job

        state = train_ner_job(cfg, train_docs, dev_docs, labels, out_dir)
        metrics["ner"] = {"best_epoch": state["best_epoch"], "best_dev_f1": state["best_f1"], "stopped_early": state["stopped_early"], "history": state["history"]}
        if state.get("members"):
            metrics["ner"]["averaged"] = {"dev": state["dev"], "members": state["members"]}
        if state.get("teachers"):
            metrics["ner"]["self_training"] = state["teachers"]
        if "entity_threshold" in state:
            metrics["ner"]["entity_threshold"] = state["entity_threshold"]
        if test_docs:
            metrics["ner"]["test"] = evaluate_saved_ner(cfg, out_dir / "ner", test_docs)
    if cfg.task in ("re", "pipeline"):
        from .training.re_task import train_re

        metrics["re"] = train_re(cfg, train_docs, dev_docs, out_dir)
    atomic_write_text(out_dir / "metrics.json", json.dumps(metrics, ensure_ascii=False, indent=2))
    write_reports(cfg, metrics, out_dir)
    log.info("done: outputs in %s", out_dir)
    return metrics


@hydra.main(version_base="1.3", config_path="../../configs", config_name="train")
def _hydra_main(cfg: DictConfig) -> float:
    try:
        metrics = run(cfg)
    except (ValueError, OSError) as exc:
        log.error("%s", exc)
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    return float(metrics.get("ner", {}).get("best_dev_f1") or metrics.get("re", {}).get("best_dev_f1") or 0.0)


def main() -> None:
    _hydra_main()


if __name__ == "__main__":
    main()
