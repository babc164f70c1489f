"""Reading corpora: ``.txt`` files, directories of them, span JSONL, and stdin.

Text files may be UTF-8 (with or without BOM), GB18030/GBK or Big5; the
encoding is detected and the decoded content is the document text, unchanged.
"""
from __future__ import annotations

import io
from functools import lru_cache
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from .spans import Document, iter_jsonl

log = logging.getLogger(__name__)

CANDIDATE_ENCODINGS = ("gb18030", "big5")


class CorpusError(ValueError):
    """An input file cannot be read as text."""


def _cjk_score(text: str) -> float:
    """Share of characters that are common CJK ideographs or ASCII/CJK punctuation."""
    if not text:
        return 0.0
    good = sum(
        1
        for ch in text
        if "\u4e00" <= ch <= "\u9fff" or (ch.isascii() and (ch.isprintable() or ch.isspace())) or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or ch in "“”‘’…—·"
    )
    return good / len(text)


@lru_cache(maxsize=1)
def _char_log_freq() -> dict[str, float]:
    """log frequency of each character in jieba's dictionary (simplified and traditional)."""
    import math

    import jieba

    freq: dict[str, float] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            word, count = line.split(" ", 2)[:2]
            for ch in word:
                freq[ch] = freq.get(ch, 0.0) + float(count)
    return {ch: math.log1p(c) for ch, c in freq.items()}


def _char_commonness(text: str) -> float:
    """Mean log-frequency of the CJK characters of ``text`` (0 for none)."""
    table = _char_log_freq()
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    return sum(table.get(ch, 0.0) for ch in cjk) / len(cjk) if cjk else 0.0


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; return (text, encoding). Raise :class:`CorpusError` for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise CorpusError(f"{source}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: list[tuple[float, str, str]] = []
    for enc in CANDIDATE_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        decoded.append((_cjk_score(text), enc, text))
    if len(decoded) > 1:
        # Both decode: the right one reads as common Chinese characters.
        decoded.sort(key=lambda x: -(x[0] + _char_commonness(x[2])))
    if decoded and decoded[0][0] >= 0.9:
        return decoded[0][2], decoded[0][1]
    raise CorpusError(
        f"{source}: cannot decode as UTF-8, GB18030/GBK or Big5 (binary or unknown encoding); "
        "convert it to UTF-8 first, e.g. `iconv -f ENCODING -t UTF-8`"
    )


def read_text_file(path: str | Path) -> str:
    """Read one text file with encoding detection."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: no such file") from None
    text, enc = decode_bytes(data, str(path))
    if enc not in ("utf-8", "utf-8-sig"):
        log.info("%s: decoded as %s", path, enc)
    if not text.strip():
        log.warning("%s: empty document", path)
    return text


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in {".jsonl", ".json", ".ndjson"}


def iter_documents(source: str | Path, validate: bool = True) -> Iterator[Document]:
    """Yield documents from a ``.txt`` file, a directory of ``.txt`` files,
    a span JSONL file, or ``-`` (stdin: JSONL if it starts with ``{``, else one text).

    Directory entries are read in sorted order; the document id is the file stem.
    """
    if str(source) == "-":
        yield from _iter_stdin(validate)
        return
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
        if not files:
            raise CorpusError(f"{path}: directory contains no .txt files")
        seen: dict[str, Path] = {}
        for f in files:
            if f.stem in seen:
                raise CorpusError(f"{f}: duplicate document id {f.stem!r} (also {seen[f.stem]})")
            seen[f.stem] = f
        for f in files:
            yield Document(f.stem, read_text_file(f))
    elif _is_jsonl(path):
        yield from iter_jsonl(path, validate)
    else:
        yield Document(path.stem, read_text_file(path))


def _iter_stdin(validate: bool) -> Iterator[Document]:
    data = sys.stdin.buffer.read()
    text, _ = decode_bytes(data, "<stdin>")
    if text.lstrip().startswith("{"):
        yield from iter_jsonl(io.StringIO(text), validate)
    else:
        yield Document("stdin", text)


def read_documents(source: str | Path, validate: bool = True) -> list[Document]:
    return list(iter_documents(source, validate))
