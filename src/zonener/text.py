"""Text utilities that never rewrite the text: sentences, chunks, boilerplate
regions, and a 1:1 simplified/half-width *view* used only for matching."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .schema import SENTENCE_END_CHARS

Span = tuple[int, int]

# Secondary break points when a sentence is longer than a chunk
_SOFT_BREAKS = frozenset("，,、：:）)」』”")

# Whole lines that are site chrome, not article content.
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    r"当前位置|您现在的位置|你的位置|首页\s*[>＞]"
    r"|扫一扫在手机打开当前页|扫一扫|分享到|打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】"
    r"|(?:信息)?来源[:：].{0,40}(?:日期|时间|发布|点击|浏览)"
    r"|(?:发布)?(?:日期|时间)[:：].{0,40}(?:来源|点击|浏览)"
    r"|(?:点击|浏览)(?:数|量|次数)?[:：]"
    r"|责任编辑[:：]|编辑[:：].{0,12}$|字号[:：]|【字体[:：]"
    r")"
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as (start, end) offsets.

    A sentence ends after one of 。！？；;!? or at a newline (SCHEMA.md). Leading
    and trailing whitespace is trimmed off each span; empty sentences are dropped.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    s = start
    for i in range(start, end):
        if text[i] in SENTENCE_END_CHARS:
            e = i if text[i] == "\n" else i + 1
            _append_trimmed(text, s, e, spans)
            s = i + 1
    _append_trimmed(text, s, end, spans)
    return spans


def _append_trimmed(text: str, s: int, e: int, out: list[Span]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def sentence_index(text: str) -> list[int]:
    """For each character, the number of sentence breaks before it.

    Two offsets are in the same sentence iff their values are equal; this is
    the cheap test used for relation candidates.
    """
    ids = [0] * len(text)
    k = 0
    for i, ch in enumerate(text):
        ids[i] = k
        if ch in SENTENCE_END_CHARS:
            k += 1
    return ids


def chunk_spans(text: str, max_len: int, start: int = 0, end: int | None = None) -> list[Span]:
    """Pack whole sentences into pieces of at most ``max_len`` characters.

    A sentence longer than ``max_len`` is cut at a soft break (comma, colon …)
    when one exists in the second half of the window, otherwise hard. Every
    returned span satisfies ``end - start <= max_len``.
    """
    if max_len < 1:
        raise ValueError("max_len must be >= 1")
    pieces: list[Span] = []
    for s, e in sentence_spans(text, start, end):
        while e - s > max_len:
            cut = s + max_len
            for j in range(s + max_len - 1, s + max_len // 2, -1):
                if text[j] in _SOFT_BREAKS:
                    cut = j + 1
                    break
            pieces.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            pieces.append((s, e))
    return _pack(pieces, max_len)


def _pack(pieces: list[Span], max_len: int) -> list[Span]:
    """Merge consecutive pieces while the merged span stays within ``max_len``."""
    packed: list[Span] = []
    for s, e in pieces:
        if packed and e - packed[-1][0] <= max_len:
            packed[-1] = (packed[-1][0], e)
        else:
            packed.append((s, e))
    return packed


def segment_spans(text: str, max_len: int) -> list[Span]:
    """Whole sentences packed into pieces of at most ``max_len`` characters, as
    :func:`chunk_spans` packs training pieces; a sentence longer than
    ``max_len`` stays one piece of its own (inference runs overlapping token
    windows over it instead of cutting it)."""
    if max_len < 1:
        raise ValueError("max_len must be >= 1")
    return _pack(sentence_spans(text), max_len)


def boilerplate_spans(text: str) -> list[Span]:
    """Lines of site chrome (breadcrumbs, share/print links, source/date/click lines).

    They are only *marked*; the text keeps them. Later stages skip entities
    there, except the DATE and ORG of a source/date line. Traditional
    characters are recognised through :func:`matching_view`.
    """
    spans: list[Span] = []
    pos = 0
    for line in matching_view(text).splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and _BOILERPLATE_LINE.search(body):
            spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def in_spans(start: int, end: int, spans: list[Span]) -> bool:
    """True when [start, end) overlaps any of ``spans``."""
    return any(s < end and start < e for s, e in spans)


@lru_cache(maxsize=1)
def _char_map() -> dict[int, str]:
    """Traditional→simplified and full-width→half-width, one character each."""
    table: dict[int, str] = {}
    try:
        import opencc

        path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1 and parts[0] != parts[1]:
                table[ord(parts[0])] = parts[1]
    except (ImportError, OSError):  # pragma: no cover - dependency declared in pyproject
        pass
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII variants
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "
    return table


def matching_view(text: str) -> str:
    """A same-length copy of ``text`` for matching: simplified, half-width.

    ``len(matching_view(t)) == len(t)`` always, so offsets found in the view
    are offsets into the original text.
    """
    out = text.translate(_char_map())
    assert len(out) == len(text)
    return out
