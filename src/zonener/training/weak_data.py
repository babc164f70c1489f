"""Weak labels for ``data.kind=weak`` corpora, kept in ``output_dir/weak/``."""
from __future__ import annotations

import logging
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
