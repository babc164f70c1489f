"""Character-level NER training data from (weakly) labeled documents.

``build_ner_dataset(docs)`` → ``datasets.Dataset`` with columns ``id``, ``text``,
``tags`` (IOB2, one per character) and ``confidence`` (per character: the
entity's score inside entities, ``o_confidence`` for O characters). With
``cache_dir`` the dataset is saved with ``save_to_disk`` under a content hash
and re-loaded when the same documents come again.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from ..spans import Document, dumps
from ..evaluate import char_tags

FEATURES_VERSION = 1


def doc_tags(doc: Document, o_confidence: float = 1.0, default_score: float = 1.0) -> tuple[list[str], list[float]]:
    tags = char_tags(len(doc.text), doc.entities)
    conf = [float(o_confidence)] * len(doc.text)
    for e in sorted(doc.entities, key=lambda e: (e.start, -(e.end - e.start))):
        if tags[e.start] != f"B-{e.label}":
            continue
        sc = float(e.score) if e.score is not None else default_score
        for i in range(e.start, e.end):
            conf[i] = sc
    return tags, conf


def content_hash(docs: list[Document], o_confidence: float) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"v": FEATURES_VERSION, "o": o_confidence}).encode())
    for d in docs:
        h.update(dumps(d).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:24]


def build_ner_dataset(docs: Iterable[Document], cache_dir: str | Path | None = None, o_confidence: float = 1.0,
                      labeler=None):
    """Build the dataset; if ``labeler`` is given, documents are weak-labeled first."""
    import datasets

    docs = list(docs)
    if labeler is not None:
        docs = labeler.label(docs)
    features = datasets.Features({
        "id": datasets.Value("string"),
        "text": datasets.Value("string"),
        "tags": datasets.Sequence(datasets.Value("string")),
        "confidence": datasets.Sequence(datasets.Value("float32")),
    })
    target = None
    if cache_dir is not None:
        target = Path(cache_dir) / f"weak-ner-{content_hash(docs, o_confidence)}"
        if (target / "dataset_info.json").exists():
            return datasets.load_from_disk(str(target))
    rows = {"id": [], "text": [], "tags": [], "confidence": []}
    for d in docs:
        tags, conf = doc_tags(d, o_confidence)
        rows["id"].append(d.id)
        rows["text"].append(d.text)
        rows["tags"].append(tags)
        rows["confidence"].append(conf)
    ds = datasets.Dataset.from_dict(rows, features=features)
    if target is not None:
        tmp = target.with_name(target.name + ".tmp")
        ds.save_to_disk(str(tmp))
        if target.exists():
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.rename(target)
        ds = datasets.load_from_disk(str(target))
    return ds
