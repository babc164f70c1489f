"""The NER task: weak (or gold) spans → fine-tuned token classifier in ``output_dir/ner``."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import torch
from omegaconf import DictConfig, OmegaConf

from ..evaluate import evaluate_documents
from ..modeling.loading import build_char_tokenizer, resolve_model, tiny_bert_config, with_visible_whitespace
from ..modeling.ner import NerPredictor, build_features, collate, weighted_token_loss
from ..modeling.thresholds import keep_confident_spans
from ..spans import Document, Entity, atomic_write_text
from .loop import LoopConfig, run_training, set_seed

log = logging.getLogger(__name__)


def bio_from(labels: list[str]) -> list[str]:
    return ["O"] + [f"{p}-{lab}" for lab in labels for p in ("B", "I")]


def load_ner_model(model_cfg: DictConfig, labels: list[str], texts_for_vocab: list[str], work_dir: Path):
    """(model, tokenizer) for the configured encoder with a fresh token-classification head."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer, BertForTokenClassification

    tags = bio_from(labels)
    id2label = dict(enumerate(tags))
    label2id = {t: i for i, t in id2label.items()}
    show_ws = model_cfg.get("visible_whitespace", True)
    if model_cfg.get("tiny"):
        tok = build_char_tokenizer(texts_for_vocab, work_dir / "tiny-tokenizer")
        tok = with_visible_whitespace(tok) if show_ws else tok
        config = tiny_bert_config(
            len(tok),
            hidden_size=model_cfg.hidden_size,
            num_layers=model_cfg.num_layers,
            num_heads=model_cfg.num_heads,
            num_labels=len(tags),
            id2label=id2label,
            label2id=label2id,
        )
        torch.manual_seed(0)  # fixed initial weights, as a pretrained encoder's would be
        return BertForTokenClassification(config), tok
    path = resolve_model(model_cfg.name_or_path, allow_download=model_cfg.get("allow_download", True))
    tok = AutoTokenizer.from_pretrained(path)
    tok = with_visible_whitespace(tok) if show_ws else tok
    model = AutoModelForTokenClassification.from_pretrained(path, num_labels=len(tags), id2label=id2label, label2id=label2id, ignore_mismatched_sizes=True)
    return model, tok


def predictions_to_documents(docs: list[Document], spans: list[list[tuple[int, int, str, float]]]) -> list[Document]:
    out = []
    for d, sp in zip(docs, spans):
        ents = [Entity(s, e, lab, d.text[s:e], f"T{i}", score) for i, (s, e, lab, score) in enumerate(sp, 1)]
        out.append(Document(d.id, d.text, ents))
    return out


def char_tags_and_confidence(docs: list[Document], o_confidence: float = 1.0, cache_dir: str | None = None):
    """Per-character IOB2 tags and label confidences of span documents (via the
    weak dataset builder, cached with ``save_to_disk`` under ``cache_dir``)."""
    from ..weak.dataset import build_ner_dataset

    ds = build_ner_dataset(docs, cache_dir=cache_dir, o_confidence=o_confidence)
    return [list(x) for x in ds["tags"]], [list(x) for x in ds["confidence"]]


def train_ner(cfg: DictConfig, train_docs: list[Document], dev_docs: list[Document], labels: list[str], out_dir: Path, name: str = "ner") -> dict:
    """Fine-tune on ``train_docs`` (entity scores = confidences), select on
    ``dev_docs``; the best model goes to ``out_dir/name``."""
    tcfg = cfg.train
    set_seed(cfg.seed)  # the new head's initial weights
    model, tok = load_ner_model(cfg.model, labels, [d.text for d in train_docs + dev_docs], out_dir)
    label2id = {v: int(k) for k, v in model.config.id2label.items()}
    tags, conf = char_tags_and_confidence(train_docs, o_confidence=tcfg.o_confidence, cache_dir=cfg.weak.get("cache_dir"))
    feats = build_features(tok, [d.text for d in train_docs], tags, label2id, cfg.model.max_length, conf if tcfg.confidence_weighting else None)
    log.info("NER: %d training pieces from %d documents, %d labels", len(feats), len(train_docs), len(label2id))
    if not feats:
        raise ValueError("no training pieces: the training corpus is empty")

    def loss_fn(m, batch):
        logits = m(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
        return weighted_token_loss(logits, batch["labels"], batch["weights"])

    def evaluate(m) -> dict:
        pred = NerPredictor(m, tok, max_length=cfg.model.max_length, batch_size=tcfg.eval_batch_size, precision=tcfg.precision)
        res = evaluate_documents(dev_docs, predictions_to_documents(dev_docs, pred.predict([d.text for d in dev_docs])))
        ner = res["ner"]
        return {"f1": ner["micro"]["f1"], "precision": ner["micro"]["precision"], "recall": ner["micro"]["recall"], "per_type": ner["per_type"]}

    def save_best(m, path: Path, metrics: dict) -> None:
        m.config.zonener = {"task": "ner", "max_length": int(cfg.model.max_length)}
        m.save_pretrained(path)
        tok.save_pretrained(path)
        atomic_write_text(path / "zonener_config.yaml", OmegaConf.to_yaml(cfg, resolve=True))
        atomic_write_text(path / "metrics.json", json.dumps({"dev": metrics}, ensure_ascii=False, indent=2))

    loop_cfg = LoopConfig(
        epochs=tcfg.epochs,
        batch_size=tcfg.batch_size,
        lr=cfg.model.lr,
        head_lr=cfg.model.get("head_lr"),
        weight_decay=tcfg.weight_decay,
        warmup_ratio=tcfg.warmup_ratio,
        grad_accum=tcfg.grad_accum,
        precision=tcfg.precision,
        patience=tcfg.patience,
        resume=tcfg.resume,
        seed=cfg.seed,
        max_steps=tcfg.get("max_steps"),
        progress=tcfg.progress,
    )
    state = run_training(
        model=model,
        train_items=feats,
        item_length=lambda f: len(f.input_ids),
        collate=lambda fs: collate(fs, tok.pad_token_id or 0),
        loss_fn=loss_fn,
        evaluate=evaluate,
        save_best=save_best,
        cfg=loop_cfg,
        out_dir=out_dir,
        name=name,
    )
    if dev_docs and tcfg.get("entity_thresholds"):
        state["entity_threshold"] = select_entity_threshold(cfg, out_dir / name, dev_docs, list(tcfg.entity_thresholds))
    return state


def train_ner_job(cfg: DictConfig, train_docs: list[Document], dev_docs: list[Document], labels: list[str], out_dir: Path) -> dict:
    """The configured NER training: ``train.average_seeds`` models averaged,
    teacher–student rounds (``train.self_training.rounds``), or one model."""
    if int(cfg.train.get("average_seeds") or 1) > 1:
        return train_ner_averaged(cfg, train_docs, dev_docs, labels, out_dir)
    return train_ner_self_training(cfg, train_docs, dev_docs, labels, out_dir)


def train_ner_averaged(cfg: DictConfig, train_docs: list[Document], dev_docs: list[Document], labels: list[str], out_dir: Path) -> dict:
    """Train ``train.average_seeds`` models (seeds ``seed``, ``seed+1``, …, in
    ``out_dir/ner_seed{N}``) on the same data and write the average of their
    weights to ``out_dir/ner``, with its own dev-chosen entity threshold.

    The returned state describes the average (``best_f1``: its dev micro-F1
    without a threshold; ``dev``: its dev scores) and each member under ``"members"``.
    """
    from ..modeling.averaging import average_checkpoints

    members = []
    for k in range(int(cfg.train.average_seeds)):
        seed = int(cfg.seed) + k
        member_cfg = cfg.copy()
        member_cfg.seed = seed
        name = f"ner_seed{seed}"
        state = train_ner(member_cfg, train_docs, dev_docs, labels, out_dir, name=name)
        members.append({"name": name, "seed": seed, "best_epoch": state["best_epoch"], "best_dev_f1": state["best_f1"],
                        "entity_threshold": state.get("entity_threshold"), "history": state["history"]})
    ner_dir = average_checkpoints([out_dir / m["name"] for m in members], out_dir / "ner")
    atomic_write_text(ner_dir / "zonener_config.yaml", OmegaConf.to_yaml(cfg, resolve=True))
    dev = evaluate_saved_ner(cfg, ner_dir, dev_docs)  # the average's own threshold is not chosen yet: 0
    atomic_write_text(ner_dir / "metrics.json", json.dumps({"dev": dev, "members": [{k: m[k] for k in ("name", "seed", "best_dev_f1")} for m in members]}, ensure_ascii=False, indent=2))
    log.info("NER: average of %d models, dev F1 %.4f (members %s)", len(members), dev["f1"], ", ".join(f"{m['best_dev_f1']:.4f}" for m in members))
    state = {"best_epoch": None, "best_f1": dev["f1"], "stopped_early": False, "history": [], "dev": dev, "members": members}
    if cfg.train.get("entity_thresholds"):
        state["entity_threshold"] = select_entity_threshold(cfg, ner_dir, dev_docs, list(cfg.train.entity_thresholds))
    return state


def train_ner_self_training(cfg: DictConfig, train_docs: list[Document], dev_docs: list[Document], labels: list[str], out_dir: Path) -> dict:
    """``train.self_training.rounds`` teacher–student rounds (0: plain training).

    Round k's teacher (``out_dir/ner_round{k}``, round 0 trained on the weak
    labels) relabels ``train_docs`` (``out_dir/weak/self_training_round{k+1}.jsonl``)
    and a fresh student trains on them; the last student is ``out_dir/ner``.
    The returned state is the last student's, with the teachers' under
    ``"teachers"``.
    """
    from ..spans import write_jsonl
    from .self_training import pseudo_label

    st = cfg.train.get("self_training") or {}
    rounds = int(st.get("rounds", 0) or 0)
    if rounds < 1:
        return train_ner(cfg, train_docs, dev_docs, labels, out_dir)
    teachers = []
    docs = train_docs
    for k in range(rounds):
        teacher = f"ner_round{k}"
        state = train_ner(cfg, docs, dev_docs, labels, out_dir, name=teacher)
        docs, used = pseudo_label(out_dir / teacher, train_docs, int(cfg.model.max_length), cfg.train.precision, int(cfg.train.eval_batch_size), st.get("min_score"))
        write_jsonl(out_dir / "weak" / f"self_training_round{k + 1}.jsonl", docs)
        teachers.append({"name": teacher, "best_epoch": state["best_epoch"], "best_dev_f1": state["best_f1"], "min_score": used, "history": state["history"]})
    state = train_ner(cfg, docs, dev_docs, labels, out_dir)
    state["teachers"] = teachers
    return state


def select_entity_threshold(cfg: DictConfig, ner_dir: Path, dev_docs: list[Document], grid: list[float]) -> dict:
    """Pick the minimum entity score that maximises dev F1 (ties: the lowest;
    list siblings rescued as at inference, keep_confident_spans) and store it
    in ``ner_dir/config.json`` (``zonener.entity_threshold``), where
    ``zonener.predict`` and the Extractor read it. ``dev`` in the result holds
    the dev scores (micro and per type) at that threshold: what inference gives."""
    from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer

    model = AutoModelForTokenClassification.from_pretrained(ner_dir)
    tok = AutoTokenizer.from_pretrained(ner_dir)
    pred = NerPredictor(model, tok, max_length=cfg.model.max_length, batch_size=cfg.train.eval_batch_size, precision=cfg.train.precision)
    spans = pred.predict([d.text for d in dev_docs])
    scores, results = {}, {}
    for t in sorted({0.0, *map(float, grid)}):
        kept = [keep_confident_spans(d.text, doc, t, pred.list_min_score) for d, doc in zip(dev_docs, spans)]
        results[t] = evaluate_documents(dev_docs, predictions_to_documents(dev_docs, kept))["ner"]
        scores[t] = results[t]["micro"]["f1"]
    best = max(scores, key=lambda t: (scores[t], -t))
    config = AutoConfig.from_pretrained(ner_dir)
    config.zonener = {**(getattr(config, "zonener", None) or {}), "entity_threshold": best}
    atomic_write_text(ner_dir / "config.json", config.to_json_string())
    log.info("entity threshold %.2f (dev F1 %.4f; %.4f without)", best, scores[best], scores[0.0])
    chosen = {**results[best]["micro"], "per_type": results[best]["per_type"]}
    return {"threshold": best, "dev_f1": scores[best], "dev_f1_by_threshold": {str(t): f for t, f in scores.items()}, "dev": chosen}


def checkpoint_entity_threshold(model) -> float:
    """The entity threshold stored in a NER checkpoint's config (0 when none)."""
    return float((getattr(model.config, "zonener", None) or {}).get("entity_threshold", 0.0))


def evaluate_saved_ner(cfg: DictConfig, ner_dir: Path, docs: list[Document]) -> dict:
    """Score the saved best NER checkpoint on ``docs`` (a held-out test split)."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    model = AutoModelForTokenClassification.from_pretrained(ner_dir)
    tok = AutoTokenizer.from_pretrained(ner_dir)
    pred = NerPredictor(model, tok, max_length=cfg.model.max_length, batch_size=cfg.train.eval_batch_size, precision=cfg.train.precision, min_score=checkpoint_entity_threshold(model))
    res = evaluate_documents(docs, predictions_to_documents(docs, pred.predict([d.text for d in docs])))
    return {"f1": res["ner"]["micro"]["f1"], "precision": res["ner"]["micro"]["precision"], "recall": res["ner"]["micro"]["recall"], "per_type": res["ner"]["per_type"]}
