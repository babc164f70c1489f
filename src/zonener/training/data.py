"""Training and dev data for every ``data=`` config: weak-labelled corpora,
span JSONL, and the public benchmarks CLUENER2020 (JSON) and Resume (BMES)."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from ..corpus import read_documents
from ..spans import Document, Entity

log = logging.getLogger(__name__)


def _require(path: str | None, what: str) -> Path:
    if not path:
        raise ValueError(f"data config: {what} path is not set")
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p}: {what} not found (set it with data.{what}=PATH or the ZONENER_DATASETS environment variable)")
    return p


def read_cluener(path: str | Path) -> list[Document]:
    """CLUENER2020 one-object-per-line JSON: ``{"text", "label": {type: {str: [[s, e_incl]]}}}``."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: malformed JSON ({exc.msg})") from None
            text = obj["text"]
            ents = []
            for label, surf in (obj.get("label") or {}).items():
                for string, offsets in surf.items():
                    for s, e in offsets:
                        if text[s : e + 1] != string:
                            raise ValueError(f"{path}:{n}: span {s}-{e} does not match {string!r}")
                        ents.append(Entity(s, e + 1, label, string))
            docs.append(Document(f"{Path(path).stem}-{n:05d}", text, _drop_overlaps(ents)))
    return docs


def read_bmes(path: str | Path, strict: bool = False) -> list[Document]:
    """Character-per-line BMES/BIOES files (Resume NER): ``char tag``, blank line between sentences.

    A malformed line (the public Resume train file has one: ``-NAME`` with no
    character) raises with ``strict``, otherwise it is skipped with a warning
    naming the file and line.
    """
    docs: list[Document] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not chars:
            return
        text = "".join(chars)
        ents, start, label = [], None, None
        for i, t in enumerate(tags):
            prefix, _, typ = t.partition("-")
            if prefix in ("B", "S") or (prefix in ("M", "I", "E") and (start is None or typ != label)):
                start, label = i, typ
            if prefix in ("S", "E") and start is not None:
                ents.append(Entity(start, i + 1, label, text[start : i + 1]))
                start, label = None, None
            elif prefix == "O" or t == "O":
                start, label = None, None
        docs.append(Document(f"{Path(path).stem}-{len(docs) + 1:05d}", text, ents))
        chars.clear()
        tags.clear()

    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            parts = line.split()
            if not parts:
                flush()
                continue
            if len(parts) != 2:
                if strict:
                    raise ValueError(f"{path}:{n}: expected 'char tag', got {line.rstrip()!r}")
                log.warning("%s:%d: skipped malformed line %r (expected 'char tag')", path, n, line.rstrip())
                continue
            chars.append(parts[0])
            tags.append(parts[1])
    flush()
    return docs


def _drop_overlaps(ents: Iterable[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for e in sorted(ents, key=lambda e: (e.start, -(e.end - e.start))):
        if not out or e.start >= out[-1].end:
            out.append(e)
    for i, e in enumerate(out, 1):
        e.id = f"T{i}"
    return out


def load_split(data_cfg, split: str) -> list[Document] | None:
    """Documents of ``split`` (train, dev, test) for the configured dataset kind.

    For ``kind: weak`` the train split is the raw corpus (labelled later by the
    weak labeller); dev/test are gold span JSONL files.
    """
    kind = data_cfg.kind
    path = data_cfg.get(split)
    if split == "train" and kind == "weak":
        return read_documents(_require(data_cfg.corpus, "corpus"))
    if not path:
        return None
    if not isinstance(path, str) and isinstance(path, Iterable):  # several files: data.dev=[a.jsonl,b.jsonl]
        return [d for one in path for d in _read_split(kind, _require(one, split), split)]
    return _read_split(kind, _require(path, split), split)


def _read_split(kind: str, p: Path, split: str) -> list[Document]:
    if kind in ("weak", "jsonl"):
        return read_documents(p, validate=kind == "weak" or split != "train")
    if kind == "cluener":
        return read_cluener(p)
    if kind == "bmes":
        return read_bmes(p)
    raise ValueError(f"unknown data.kind {kind!r} (expected weak, jsonl, cluener or bmes)")


def entity_labels(docs: Iterable[Document]) -> list[str]:
    return sorted({e.label for d in docs for e in d.entities})
