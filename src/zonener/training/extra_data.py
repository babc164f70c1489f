"""Extra weakly labelled training text beyond the park corpus.

A few seed articles hold a few hundred names; general news adds many more
organisations, people, amounts and dates in varied contexts. Any corpus that
``zonener.corpus`` reads can be added (``data.extra_corpus=PATH``); a
CLUENER2020 file is recognised and its own company / organisation /
government (→ ORG) and person (→ PERSON) annotations replace the weak ORG and
PERSON labels there, since they are hand-made and exhaustive for those types,
and no weak span is kept over its other annotations (book and film titles in
《》 are not policies, a game is not a project).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from ..corpus import read_documents
from ..spans import Document, Entity
from .data import read_cluener

log = logging.getLogger(__name__)

CLUENER_TO_SCHEMA = {"company": "ORG", "organization": "ORG", "government": "ORG", "name": "PERSON"}
HAND_LABELLED = frozenset(CLUENER_TO_SCHEMA.values())


def is_cluener(path: Path) -> bool:
    """Whether ``path`` is a CLUENER2020-style jsonl (text + label dict, no entities)."""
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and "text" in obj and isinstance(obj.get("label"), dict) and "entities" not in obj


def load_extra_corpus(path: str | Path, labeler, limit: int | None = None) -> list[Document]:
    """Weak-labelled documents from ``path`` (at most ``limit``)."""
    path = Path(path)
    if is_cluener(path):
        hand = read_cluener(path)[:limit]
        weak = labeler.label([Document(d.id, d.text) for d in hand])
        out = []
        for h, w in zip(hand, weak):
            ents = [Entity(e.start, e.end, CLUENER_TO_SCHEMA[e.label], e.text, "", 1.0) for e in h.entities if e.label in CLUENER_TO_SCHEMA]
            for e in w.entities:
                # CLUENER's other types (books, films, games, addresses, …) are not ours: no weak span there
                if e.label not in HAND_LABELLED and not any(x.start < e.end and e.start < x.end for x in h.entities):
                    ents.append(e)
            d = Document(h.id, h.text, ents)
            d.renumber()
            out.append(d)
        log.info("extra corpus %s: %d CLUENER sentences (hand ORG/PERSON + weak other types)", path, len(out))
        return out
    docs = read_documents(path)[:limit]
    log.info("extra corpus %s: %d documents, weak-labelled", path, len(docs))
    return labeler.label(docs)
