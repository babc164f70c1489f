"""Span JSONL: the data contract for gold data, weak labels and predictions.

One JSON object per line: ``{"id", "text", "entities": [...], "relations": [...]}``
as defined in SCHEMA.md. Reading validates every record and raises
:class:`SpanFormatError` naming the file, line and field; writing is atomic.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .schema import ENTITY_LABELS, RELATION_SIGNATURES


class SpanFormatError(ValueError):
    """A span JSONL record breaks the data contract."""

    def __init__(self, message: str, source: str = "<memory>", line: int | None = None, field_name: str | None = None):
        where = source if line is None else f"{source}:{line}"
        if field_name:
            where += f" [{field_name}]"
        super().__init__(f"{where}: {message}")
        self.source, self.line, self.field = source, line, field_name


@dataclass
class Entity:
    start: int
    end: int
    label: str
    text: str
    id: str = ""
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "start": self.start, "end": self.end, "label": self.label, "text": self.text}
        if self.score is not None:
            d["score"] = round(float(self.score), 4)
        return d


@dataclass
class Relation:
    head: str
    tail: str
    label: str
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"head": self.head, "tail": self.tail, "label": self.label}
        if self.score is not None:
            d["score"] = round(float(self.score), 4)
        return d


@dataclass
class Document:
    id: str
    text: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def renumber(self) -> None:
        """Sort entities by offset, give them ids T1..Tn and remap relations."""
        old = {id(e): e.id for e in self.entities}
        self.entities.sort(key=lambda e: (e.start, e.end))
        mapping = {}
        for i, e in enumerate(self.entities, 1):
            mapping[old[id(e)]] = f"T{i}"
            e.id = f"T{i}"
        self.relations = [
            Relation(mapping[r.head], mapping[r.tail], r.label, r.score)
            for r in self.relations
            if r.head in mapping and r.tail in mapping
        ]

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.extra)
        d.update(
            id=self.id,
            text=self.text,
            entities=[e.to_dict() for e in self.entities],
            relations=[r.to_dict() for r in self.relations],
        )
        return d


def validate_document(doc: Document, source: str = "<memory>", line: int | None = None) -> None:
    """Raise :class:`SpanFormatError` if ``doc`` breaks SCHEMA.md's span rules."""

    def fail(msg: str, fld: str) -> None:
        raise SpanFormatError(f"document {doc.id!r}: {msg}", source, line, fld)

    ids: dict[str, Entity] = {}
    for i, e in enumerate(doc.entities):
        fld = f"entities[{i}]"
        if e.label not in ENTITY_LABELS:
            fail(f"unknown entity label {e.label!r} (expected one of {', '.join(ENTITY_LABELS)})", fld + ".label")
        if not (0 <= e.start < e.end <= len(doc.text)):
            fail(f"offsets {e.start}-{e.end} out of range for text of length {len(doc.text)}", fld + ".start")
        if doc.text[e.start : e.end] != e.text:
            fail(f"text {e.text!r} != text[{e.start}:{e.end}] = {doc.text[e.start:e.end]!r}", fld + ".text")
        if e.id in ids:
            fail(f"duplicate entity id {e.id!r}", fld + ".id")
        ids[e.id] = e
    ordered = sorted(doc.entities, key=lambda e: (e.start, e.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            fail(f"entities overlap: {a.id} {a.text!r} [{a.start},{a.end}) and {b.id} {b.text!r} [{b.start},{b.end})", "entities")
    for i, r in enumerate(doc.relations):
        fld = f"relations[{i}]"
        if r.label not in RELATION_SIGNATURES:
            fail(f"unknown relation label {r.label!r}", fld + ".label")
        for end_name in ("head", "tail"):
            if getattr(r, end_name) not in ids:
                fail(f"{end_name} {getattr(r, end_name)!r} is not an entity id of this document", f"{fld}.{end_name}")
        heads, tails = RELATION_SIGNATURES[r.label]
        h, t = ids[r.head], ids[r.tail]
        if h.label not in heads or t.label not in tails:
            fail(f"{r.label} cannot link {h.label} -> {t.label} (allowed {sorted(heads)} -> {sorted(tails)})", fld + ".label")


def _entity_from(obj: Any, source: str, line: int, idx: int) -> Entity:
    fld = f"entities[{idx}]"
    if not isinstance(obj, dict):
        raise SpanFormatError("entity must be an object", source, line, fld)
    for key in ("start", "end", "label"):
        if key not in obj:
            raise SpanFormatError(f"missing key {key!r}", source, line, f"{fld}.{key}")
    if not isinstance(obj["start"], int) or not isinstance(obj["end"], int):
        raise SpanFormatError("start/end must be integers", source, line, f"{fld}.start")
    return Entity(
        start=obj["start"],
        end=obj["end"],
        label=obj["label"],
        text=obj.get("text", None) if "text" in obj else None,  # type: ignore[arg-type]
        id=str(obj.get("id", f"T{idx + 1}")),
        score=obj.get("score"),
    )


def document_from_dict(obj: Any, source: str = "<memory>", line: int | None = None, validate: bool = True) -> Document:
    """Build a :class:`Document` from one parsed JSON object, validating it."""
    if not isinstance(obj, dict):
        raise SpanFormatError("record must be a JSON object", source, line)
    if not isinstance(obj.get("text"), str):
        raise SpanFormatError("missing or non-string 'text'", source, line, "text")
    doc_id = obj.get("id")
    if doc_id is None:
        raise SpanFormatError("missing 'id'", source, line, "id")
    ents_raw = obj.get("entities", []) or []
    rels_raw = obj.get("relations", []) or []
    if not isinstance(ents_raw, list):
        raise SpanFormatError("'entities' must be a list", source, line, "entities")
    if not isinstance(rels_raw, list):
        raise SpanFormatError("'relations' must be a list", source, line, "relations")
    text = obj["text"]
    ents = [_entity_from(e, source, line or 0, i) for i, e in enumerate(ents_raw)]
    for e in ents:
        if e.text is None:
            e.text = text[e.start : e.end]
    rels = []
    for i, r in enumerate(rels_raw):
        if not isinstance(r, dict) or not {"head", "tail", "label"} <= r.keys():
            raise SpanFormatError("relation needs 'head', 'tail' and 'label'", source, line, f"relations[{i}]")
        rels.append(Relation(str(r["head"]), str(r["tail"]), r["label"], r.get("score")))
    extra = {k: v for k, v in obj.items() if k not in {"id", "text", "entities", "relations"}}
    doc = Document(str(doc_id), text, ents, rels, extra)
    if validate:
        validate_document(doc, source, line)
    return doc


def iter_jsonl(path: str | Path | IO[str], validate: bool = True) -> Iterator[Document]:
    """Stream documents from a span JSONL file (or an open text stream)."""
    if hasattr(path, "read"):
        stream, source, close = path, getattr(path, "name", "<stream>"), False
    else:
        source = str(path)
        try:
            stream = open(path, encoding="utf-8-sig")
        except FileNotFoundError:
            raise FileNotFoundError(f"{source}: no such file") from None
        close = True
    try:
        lineno = 0
        while True:
            lineno += 1
            try:
                raw = stream.readline()  # type: ignore[union-attr]
            except UnicodeDecodeError as exc:
                raise SpanFormatError(f"not valid UTF-8 ({exc.reason})", source, lineno) from None
            if not raw:
                break
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise SpanFormatError(f"malformed JSON: {exc.msg} at column {exc.colno}", source, lineno) from None
            yield document_from_dict(obj, source, lineno, validate)
    finally:
        if close:
            stream.close()  # type: ignore[union-attr]


def read_jsonl(path: str | Path, validate: bool = True) -> list[Document]:
    return list(iter_jsonl(path, validate))


def dumps(doc: Document | dict[str, Any]) -> str:
    obj = doc.to_dict() if isinstance(doc, Document) else doc
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class AtomicWriter:
    """Write a text file through a temp file in the same folder, renamed on success."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def __enter__(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self.fh

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            os.replace(self.tmp, self.path)
        else:
            self.fh.close()
            os.unlink(self.tmp)


def atomic_write_text(path: str | Path, content: str) -> None:
    with AtomicWriter(path) as fh:
        fh.write(content)


def write_jsonl(path: str | Path, docs: Iterable[Document | dict[str, Any]]) -> int:
    """Atomically write documents as span JSONL; ``-`` writes to stdout. Returns the count."""
    n = 0
    if str(path) == "-":
        import sys

        for d in docs:
            sys.stdout.write(dumps(d) + "\n")
            n += 1
        sys.stdout.flush()
        return n
    with AtomicWriter(path) as fh:
        for d in docs:
            fh.write(dumps(d) + "\n")
            n += 1
    return n
