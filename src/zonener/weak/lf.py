"""Labeling-function base classes, the per-document context and shared helpers.

A labeling function (LF) looks at a :class:`DocContext` and emits
:class:`Vote` objects: a character span and a label (one of the 8 entity
labels, or ``"O"`` for a *negative* vote that says "this span is not an
entity").  All matching runs on ``matching_view(text)`` (simplified,
half-width, same length), so offsets are offsets into the original text.
"""
from __future__ import annotations

import re

import json
import os
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text import boilerplate_spans, matching_view, sentence_spans

NEG = "O"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
# hand-written vocabulary; ZONENER_WEAK_LEXICONS points at another file of the same keys
LEXICON_PATH = Path(os.environ.get("ZONENER_WEAK_LEXICONS") or RESOURCES / "weak_lexicons.json")
DEFAULT_GAZETTEER_PATH = RESOURCES / "gazetteer.json"

# hard boundaries for name spans (never inside a name)
HARD_BOUNDARY = frozenset("，,。.！!？?；;：:、\n\r\t 　()（）[]【】《》<>〈〉「」『』\"'“”‘’…—·/|→←")
PUNCT = frozenset("，,。！!？?；;：:、()（）[]【】《》<>〈〉「」『』\"'“”‘’…—·/|-~～")


@dataclass(frozen=True, order=True)
class Vote:
    start: int
    end: int
    label: str
    lf: str


@lru_cache(maxsize=1)
def lexicons() -> dict:
    with open(LEXICON_PATH, encoding="utf-8") as fh:
        data = json.load(fh)
    data.pop("_comment", None)
    return data


@lru_cache(maxsize=1)
def jieba_pos() -> dict[str, str]:
    """word -> POS tag from jieba's own dictionary (a cheap stand-in for posseg)."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = parts[2]
    return out


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def cut(s: str) -> tuple[str, ...]:
    """jieba segmentation without HMM (deterministic, fast), memoised per window string:
    name windows repeat a lot (the same head in the same sentence is looked at by several LFs)."""
    if not s:
        return ()
    return _cut_cached(s)


@lru_cache(maxsize=1 << 16)
def _cut_cached(s: str) -> tuple[str, ...]:
    return tuple(_jieba().lcut(s, HMM=False))


class DocContext:
    """Everything LFs need about one document, computed once and shared."""

    def __init__(self, text: str, doc_id: str = ""):
        self.id = doc_id
        self.text = text
        self.view = matching_view(text)
        self.sentences = sentence_spans(text) or [(0, len(text))]
        self._sent_starts = [s for s, _ in self.sentences]
        self.boiler = boilerplate_spans(text)
        self.cache: dict = {}

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._sent_starts, pos) - 1
        if i < 0:
            return (0, self.sentences[0][1])
        return self.sentences[i]

    def sentence_id(self, pos: int) -> int:
        return bisect_right(self._sent_starts, pos) - 1

    def in_boiler(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.boiler)


class LabelingFunction:
    """Base class: subclasses set ``name``, ``labels`` and implement :meth:`apply`."""

    name: str = "lf"
    labels: tuple[str, ...] = ()
    #: prior precision used by the vote aggregator and to initialise the label model
    prior: float = 0.8

    def apply(self, ctx: DocContext) -> list[Vote]:  # pragma: no cover - abstract
        raise NotImplementedError

    def vote(self, start: int, end: int, label: str) -> Vote:
        return Vote(start, end, label, self.name)

    def __repr__(self) -> str:
        return f"<LF {self.name} {'/'.join(self.labels)}>"


def left_name_start(ctx: DocContext, head_start: int, max_len: int, stop: frozenset[str] | None = None,
                    allow_digits: bool = True, break_pos: frozenset[str] = frozenset({"v", "p", "c", "u", "uj", "ul", "d", "r", "f", "y", "zg"}),
                    keep_words: frozenset[str] = frozenset(), verb_break: bool = True,
                    join_words: frozenset[str] = frozenset(), money_stop: bool = False) -> int:
    """Left boundary of the name part that ends at ``head_start``.

    Scans left over non-boundary characters (at most ``max_len``), segments that
    window with jieba and walks tokens right-to-left, stopping at a stop word,
    a function word / verb (by jieba's dictionary POS) or a boundary char.
    Returns ``head_start`` when no name part exists.

    ``verb_break=False`` keeps multi-character verbs inside the name (生产, 研发,
    创新 in project names; trigger verbs still stop via ``stop``).
    ``join_words`` (和/与/及/的) are crossed when the token on their left is
    name-like (not a stop word, verb or function word), so 研发与生产项目 and
    仪器和医疗设备生产基地 stay whole.  ``money_stop`` stops at a money amount
    (投资3.2亿元 + name).
    """
    view = ctx.view
    sent_start = ctx.sentence_of(max(head_start - 1, 0))[0]
    lo = max(sent_start, head_start - max_len)
    i = head_start
    while i > lo:
        ch = view[i - 1]
        if ch in ")）":
            # a short balanced parenthesis inside a name: 基础设施一期(二片区), 格力电器(南京)
            j = max(view.rfind("(", lo, i - 1), view.rfind("（", lo, i - 1))
            if j >= 0 and i - 1 - j <= 12 and not any(c in HARD_BOUNDARY for c in view[j + 1:i - 1]) and j > lo and view[j - 1] not in HARD_BOUNDARY:
                i = j
                continue
            break
        if ch in HARD_BOUNDARY:
            break
        i -= 1
    window = view[i:head_start]
    if not window:
        return head_start
    stop = stop if stop is not None else STOP_WORDS()
    pos = jieba_pos()
    toks = cut(window)
    if i == lo and lo > sent_start:
        # the window was cut at max_len, maybe inside a word (今|年前海…): segment a wider one and
        # keep only the tokens that lie wholly inside the window
        wide = cut(view[max(sent_start, lo - 4):head_start])
        inside, n = [], head_start
        for tok in reversed(wide):
            if n - len(tok) < lo:
                break
            inside.append(tok)
            n -= len(tok)
        toks = tuple(reversed(inside))
    start = head_start
    depth = 0
    split_pair = False
    skip_next = False
    for k in range(len(toks) - 1, -1, -1):
        if skip_next:
            skip_next = False
            continue
        t = toks[k]
        if t in (")", "）"):
            depth += 1
        elif t in ("(", "（"):
            depth -= 1
        if depth > 0 or t in ("(", "（"):
            start -= len(t)
            continue
        if t in keep_words:
            start -= len(t)
            continue
        if t in join_words:
            if start < head_start and k > 0:
                left = toks[k - 1]
                lp = pos.get(left)
                if (left not in stop and left not in join_words and not any(c in HARD_BOUNDARY for c in left)
                        and not (lp in break_pos and len(left) <= 2) and not (lp == "v" and verb_break)
                        and not (money_stop and left.endswith("元"))):
                    start -= len(t)
                    continue
            break
        if k > 0 and toks[k - 1] + t in place_names() and len(toks[k - 1] + t) <= 4:
            # a known place jieba splits (前|海, 西|咸): both pieces join
            start -= len(toks[k - 1]) + len(t)
            skip_next = split_pair = True
            continue
        if t in stop:
            break
        if money_stop and (t.endswith("元") or t in ("亿", "万")) and k > 0 and any(ch.isdigit() for ch in toks[k - 1]):
            break
        if t in "()（）":
            start -= len(t)
            continue
        if not allow_digits and any(ch.isdigit() for ch in t):
            break
        if t in place_names() or (t in _NAME_DIRECTIONS and start < head_start):
            # jieba's dictionary tags some cities as adverbs or verbs (大连 d, 包头 v)
            start -= len(t)
            continue
        p = pos.get(t)
        if p is not None and p in break_pos and len(t) <= 2:
            # jieba splits an unknown name into single characters with stray tags (横|州, 仲|恺,
            # 中|宁): a single character before a single character already in the name joins it,
            # once per pair (到|横|州 stops at 到)
            right = toks[k + 1] if k + 1 < len(toks) else ""
            left = toks[k - 1] if k > 0 else ""
            # a county-level city the dictionary lacks splits the same way: 横|州市
            # not 用|好…, but 自|贸(试验区): a split park head
            joins_right = (len(right) == 1 and (p not in _FUNCTION_POS or t + right in _park_head_prefixes())) or right in _CITY_TAILS
            # …and a two-character name right before the head: 雄|安|新区, 贵|安|新区 (the left character a noun or adjective)
            joins_left = start == head_start and len(left) == 1 and pos.get(left) in _NAME_CHAR_POS and left not in stop
            if not (len(t) == 1 and ((joins_right and start < head_start) or joins_left) and not split_pair and t not in stop):
                break
            split_pair = True
            start -= len(t)
            continue
        if verb_break and p == "v" and len(t) >= 2 and k < len(toks) - 1:
            break
        split_pair = False
        start -= len(t)
    return start


@lru_cache(maxsize=1)
def _park_head_prefixes() -> frozenset[str]:
    """First two characters of the park heads (自贸 of 自贸试验区)."""
    return frozenset(h[:2] for h in lexicons()["park_heads"] if len(h) > 2)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Provinces, prefecture-level cities, national new areas and well-known districts."""
    return frozenset(lexicons()["provinces_cities"])


# tags of a name's first character when jieba splits an unknown two-character name (雄 n, 贵 a, 汴 j)
_NAME_CHAR_POS = frozenset({"n", "a", "j", "ns", "nr", "ng", "nz", "b"})
# prepositions, conjunctions and pronouns never start a split name (用|好综合保税区政策)
_FUNCTION_POS = frozenset({"p", "c", "r", "u", "uj", "ul", "y"})
# what is left of a city name when jieba splits off its first character (横|州市)
_CITY_TAILS = frozenset({"州市", "州区"})

# single-character direction words that start place names (西咸, 东湖, 南沙) rather than end a phrase
_NAME_DIRECTIONS = frozenset("东西南北")


@lru_cache(maxsize=1)
def STOP_WORDS() -> frozenset[str]:
    return frozenset(lexicons()["name_boundary_stop"])


def list_items(match: re.Match, group: int = 1, sep: str = "、") -> list[tuple[int, int, int]]:
    """(index, start, end) of each item of a ``sep``-separated list captured by ``group``."""
    out, pos = [], match.start(group)
    for k, item in enumerate(match.group(group).split(sep)):
        out.append((k, pos, pos + len(item)))
        pos += len(item) + len(sep)
    return out


def strip_span(view: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and surrounding punctuation (keeps inner quotes)."""
    while start < end and (view[start].isspace() or view[start] in "，,。、：:；;()（）《》【】[]"):
        start += 1
    while end > start and (view[end - 1].isspace() or view[end - 1] in "，,。、：:；;《》【】[]“”\"'" or
                           (view[end - 1] in ")）" and "(" not in view[start:end] and "（" not in view[start:end])):
        end -= 1
    # unbalanced leading quote
    if start < end and view[start] in "“\"" and not any(c in "”\"" for c in view[start + 1:end]):
        start += 1
    return start, end


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
