"""Training documents for the schema's labels: weak labels for ``data.kind=weak``
corpora (kept in ``output_dir/weak/``), mention-replacement copies, and
optional extra weakly labelled text."""
from __future__ import annotations

import logging
import random
from pathlib import Path

from omegaconf import DictConfig

from ..spans import Document, read_jsonl, write_jsonl

log = logging.getLogger(__name__)


def weak_label(cfg: DictConfig, docs: list[Document], out_dir: Path) -> list[Document]:
    """Label ``docs`` with the weak labeller (entities + relations with scores).

    The labelled corpus is written to ``output_dir/weak/train.jsonl`` and
    reused by a resumed run, so resuming never relabels with other settings.
    """
    path = out_dir / "weak" / "train.jsonl"
    if cfg.train.resume and path.is_file():
        log.info("reusing weak labels from %s", path)
        return read_jsonl(path)
    from ..weak import WeakLabeler

    kwargs = {} if cfg.weak.aggregator in (None, "default") else {"aggregator": cfg.weak.aggregator}
    labeler = WeakLabeler.from_resources(gazetteer_path=cfg.weak.gazetteer, **kwargs)
    labelled = labeler.label(docs)
    write_jsonl(path, labelled)
    n_ent = sum(len(d.entities) for d in labelled)
    log.info("weak labels: %d documents, %d entities -> %s", len(labelled), n_ent, path)
    return labelled


def training_documents(cfg: DictConfig, docs: list[Document], out_dir: Path) -> list[Document]:
    """Weak-label (``data.kind=weak``), augment (``train.augment``) and extend
    (``data.extra_corpus``) the training documents."""
    if cfg.data.kind == "weak":
        docs = weak_label(cfg, docs, out_dir)
    aug = cfg.train.augment
    if aug.copies > 0:
        from ..weak.lf import lexicons
        from .augment import augment_documents, build_pools, external_names

        pools = build_pools(docs, lexicons(), external_names(aug.external_names), random.Random(cfg.seed))
        copies = augment_documents(docs, aug.copies, aug.replace_prob, pools, cfg.seed)
        log.info("augmentation: %d sentence copies added to %d documents", len(copies), len(docs))
        docs = docs + copies
    if cfg.data.get("extra_corpus"):
        from ..weak import WeakLabeler
        from .extra_data import load_extra_corpus

        labeler = WeakLabeler.from_resources(gazetteer_path=cfg.weak.gazetteer)
        for path, limit in extra_sources(cfg.data.extra_corpus, cfg.data.get("extra_limit")):
            docs = docs + load_extra_corpus(path, labeler, limit)
    return docs


def extra_sources(corpus, limit) -> list[tuple[str, int | None]]:
    """(path, limit) pairs from ``data.extra_corpus`` (a path or a list of
    paths) and ``data.extra_limit`` (one limit for every source, or a list
    with one per source; null = all documents)."""
    paths = [str(corpus)] if isinstance(corpus, (str, Path)) else [str(p) for p in corpus]
    limits = list(limit) if limit is not None and not isinstance(limit, int) else [limit] * len(paths)
    if len(limits) != len(paths):
        raise ValueError(f"data.extra_limit has {len(limits)} entries for {len(paths)} data.extra_corpus sources; give one limit, or one per source")
    return list(zip(paths, limits))
