"""The relation task: typed-marker classifier in ``output_dir/re``.

Training pairs come from the relation labelling functions over the weak
entities (or over gold entities when the training data has them); every
other candidate pair is a ``no_relation`` negative. ``no_relation`` is far
more frequent, so the loss uses class weights ~ 1/sqrt(frequency).
"""
from __future__ import annotations

import json
import logging
import math
from collections import Counter
from pathlib import Path

import torch
from omegaconf import DictConfig, OmegaConf

from ..evaluate import evaluate_documents
from ..modeling.loading import build_char_tokenizer, resolve_model, tiny_bert_config
from ..modeling.relation import MARKER_TOKENS, RelationClassifier, RelationPredictor, build_instances, collate_relations
from ..schema import RELATION_CLASSES
from ..spans import Document, atomic_write_text
from .loop import LoopConfig, run_training, set_seed

log = logging.getLogger(__name__)


def load_re_model(cfg: DictConfig, texts_for_vocab: list[str], work_dir: Path):
    """(model, tokenizer) with marker tokens added to the vocabulary."""
    from transformers import AutoConfig, AutoTokenizer

    id2label = dict(enumerate(RELATION_CLASSES))
    label2id = {v: k for k, v in id2label.items()}
    if cfg.model.get("tiny"):
        tok = build_char_tokenizer(texts_for_vocab, work_dir / "tiny-re-tokenizer")
    else:
        path = resolve_model(cfg.model.name_or_path, allow_download=cfg.model.get("allow_download", True))
        tok = AutoTokenizer.from_pretrained(path)
    tok.add_special_tokens({"additional_special_tokens": MARKER_TOKENS})
    if cfg.model.get("tiny"):
        config = tiny_bert_config(len(tok), hidden_size=cfg.model.hidden_size, num_layers=cfg.model.num_layers, num_heads=cfg.model.num_heads, num_labels=len(id2label), id2label=id2label, label2id=label2id)
        torch.manual_seed(0)  # fixed initial weights, as a pretrained encoder's would be
        model = RelationClassifier(config)
    else:
        config = AutoConfig.from_pretrained(path, num_labels=len(id2label), id2label=id2label, label2id=label2id)
        if cfg.re.get("num_layers"):
            config.num_hidden_layers = int(cfg.re.num_layers)
        model = RelationClassifier.from_pretrained(path, config=config)
    model.resize_token_embeddings(len(tok))
    return model, tok


def class_weights(labels: list[int]) -> torch.Tensor:
    counts = Counter(labels)
    w = torch.tensor([1.0 / math.sqrt(counts.get(i, 0) + 1) for i in range(len(RELATION_CLASSES))])
    return w / w.mean()


def relation_eval(model, tok, cfg: DictConfig, dev_docs: list[Document], entity_docs: list[Document] | None = None) -> dict:
    """Relation P/R/F1 on ``dev_docs``; entities from ``entity_docs`` (default: the gold ones)."""
    src = entity_docs or dev_docs
    pred = RelationPredictor(model, tok, max_length=cfg.re.max_length, batch_size=cfg.train.eval_batch_size, precision=cfg.train.precision, max_distance=cfg.re.max_distance)
    rels = pred.predict(src)
    docs = [Document(d.id, d.text, d.entities, r) for d, r in zip(src, rels)]
    res = evaluate_documents(dev_docs, docs)["relations"]
    return {"f1": res["micro"]["f1"], "precision": res["micro"]["precision"], "recall": res["micro"]["recall"], "per_type": res["per_type"]}


def train_re(cfg: DictConfig, train_docs: list[Document], dev_docs: list[Document], out_dir: Path) -> dict:
    """Train the relation classifier; dev scores use gold entities (and, after
    a pipeline run, the NER model's entities for the end-to-end figure)."""
    from ..weak import label_relations

    docs = []
    for d in train_docs:
        rels = d.relations if d.relations else label_relations(d)
        docs.append(Document(d.id, d.text, d.entities, rels))
    set_seed(cfg.seed)  # the new head's and marker embeddings' initial weights
    model, tok = load_re_model(cfg, [d.text for d in docs + dev_docs], out_dir)
    insts = build_instances(tok, docs, cfg.re.max_length, with_labels=True, max_distance=cfg.re.max_distance)
    if not insts:
        raise ValueError("no relation candidates in the training data (no sentence holds a schema-valid entity pair)")
    all_labels = [lab for x in insts for lab in x.labels]
    weights = class_weights(all_labels)
    log.info("RE: %d sentences, %d candidate pairs, %d positive", len(insts), len(all_labels), sum(1 for x in all_labels if x))
    ents = [d.entity_by_id() for d in docs]

    def loss_fn(m, batch):
        return m(**batch, class_weights=weights.to(batch["input_ids"].device))["loss"]

    def save_best(m, path: Path, metrics: dict) -> None:
        m.config.zonener = {"task": "re", "max_length": int(cfg.re.max_length), "max_distance": cfg.re.max_distance, "architecture": "RelationClassifier"}
        m.save_pretrained(path)
        tok.save_pretrained(path)
        atomic_write_text(path / "zonener_config.yaml", OmegaConf.to_yaml(cfg, resolve=True))
        atomic_write_text(path / "metrics.json", json.dumps({"dev_gold_entities": metrics}, ensure_ascii=False, indent=2))

    loop_cfg = LoopConfig(
        epochs=cfg.re.epochs,
        batch_size=cfg.re.batch_size,
        lr=cfg.re.lr or cfg.model.lr,
        head_lr=cfg.model.get("head_lr"),
        weight_decay=cfg.train.weight_decay,
        warmup_ratio=cfg.train.warmup_ratio,
        grad_accum=cfg.train.grad_accum,
        precision=cfg.train.precision,
        patience=cfg.train.patience,
        resume=cfg.train.resume,
        seed=cfg.seed,
        max_steps=cfg.train.get("max_steps"),
        progress=cfg.train.progress,
    )
    state = run_training(
        model=model,
        train_items=insts,
        item_length=lambda x: len(x.input_ids),
        collate=lambda xs: collate_relations(xs, ents, tok.pad_token_id or 0),
        loss_fn=loss_fn,
        evaluate=lambda m: relation_eval(m, tok, cfg, dev_docs),
        save_best=save_best,
        cfg=loop_cfg,
        out_dir=out_dir,
        name="re",
    )
    result = {"best_epoch": state["best_epoch"], "best_dev_f1": state["best_f1"], "stopped_early": state["stopped_early"], "history": state["history"]}
    if (out_dir / "ner").is_dir() and (out_dir / "re").is_dir():
        result["dev_end_to_end"] = end_to_end_eval(cfg, out_dir, dev_docs)
    return result


def end_to_end_eval(cfg: DictConfig, out_dir: Path, dev_docs: list[Document]) -> dict:
    """Relations from the saved NER + RE checkpoints, scored on gold triples."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from ..modeling.ner import NerPredictor
    from .ner_task import checkpoint_entity_threshold, predictions_to_documents

    ner = AutoModelForTokenClassification.from_pretrained(out_dir / "ner")
    ner_tok = AutoTokenizer.from_pretrained(out_dir / "ner")
    spans = NerPredictor(ner, ner_tok, max_length=cfg.model.max_length, batch_size=cfg.train.eval_batch_size, precision=cfg.train.precision, min_score=checkpoint_entity_threshold(ner)).predict([d.text for d in dev_docs])
    pred_docs = predictions_to_documents(dev_docs, spans)
    re_model = RelationClassifier.from_pretrained(out_dir / "re")
    re_tok = AutoTokenizer.from_pretrained(out_dir / "re")
    return relation_eval(re_model, re_tok, cfg, dev_docs, entity_docs=pred_docs)
