"""Gazetteers: harvested names and generalising head words, matched with Aho-Corasick
on ``matching_view(text)`` so traditional and full-width text match too.

Gazetteer JSON format (``resources/gazetteer.json``)::

    {"version": 1,
     "names": {"PARK": ["白银高新区", ...], "ORG": [...], ...},
     "heads": {"PARK": ["工业园", ...], "PROJECT": ["生产线", ...], ...},
     "sources": ["data/gold/seeds.jsonl"]}

``names`` are whole entity strings; ``heads`` are suffixes shared by several
harvested names of one label (learned head words), used with left-boundary
detection like the hand-written head lists.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import ahocorasick

from ..schema import ENTITY_LABELS
from ..spans import Document, atomic_write_text
from ..text import matching_view
from .lf import NEG, DocContext, LabelingFunction, Vote, left_name_start, lexicons

NAME_LABELS = ("PARK", "PROJECT", "POLICY", "ORG", "PERSON", "METRIC")
HEAD_LABELS = ("PARK", "PROJECT", "POLICY", "ORG")


def empty_gazetteer() -> dict:
    return {"version": 1, "names": {lab: [] for lab in ENTITY_LABELS}, "heads": {lab: [] for lab in HEAD_LABELS}, "sources": []}


def harvest(docs: Iterable[Document], min_head_count: int = 2) -> dict:
    """Harvest names (per label) and shared head suffixes from gold documents."""
    names: dict[str, Counter] = {lab: Counter() for lab in ENTITY_LABELS}
    # suffix -> documents whose names of that label end with it: a head word must be
    # shared by names in at least min_head_count articles (电池 of one article's
    # products is that article's vocabulary, not a head of project names)
    head_docs: dict[str, dict[str, set[str]]] = {lab: {} for lab in HEAD_LABELS}
    for i, d in enumerate(docs):
        for e in d.entities:
            if e.label in NAME_LABELS:
                t = matching_view(e.text).strip()
                if len(t) >= 2:
                    names[e.label][t] += 1
                    if e.label in head_docs:
                        for k in (2, 3, 4):
                            if len(t) > k + 1:
                                head_docs[e.label].setdefault(t[-k:], set()).add(d.id or str(i))
    gaz = empty_gazetteer()
    for lab in ENTITY_LABELS:
        gaz["names"][lab] = sorted(names[lab])
    for lab in HEAD_LABELS:
        heads = sorted(h for h, ids in head_docs[lab].items() if len(ids) >= min_head_count and not any(ch in h for ch in "“”\"()（）、"))
        gaz["heads"][lab] = heads
    return gaz


def merge_gazetteers(*gazs: dict) -> dict:
    out = empty_gazetteer()
    for g in gazs:
        for lab, names in g.get("names", {}).items():
            out["names"].setdefault(lab, [])
            out["names"][lab] = sorted(set(out["names"][lab]) | set(names))
        for lab, heads in g.get("heads", {}).items():
            out["heads"].setdefault(lab, [])
            out["heads"][lab] = sorted(set(out["heads"][lab]) | set(heads))
        out["sources"] = sorted(set(out["sources"]) | set(g.get("sources", [])))
    return out


def load_gazetteer(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: gazetteer file not found") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: gazetteer is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("names", {}), dict):
        raise ValueError(f"{path}: gazetteer must be an object with a 'names' mapping label -> list of strings")
    for lab in data.get("names", {}):
        if lab not in ENTITY_LABELS:
            raise ValueError(f"{path}: unknown label {lab!r} in gazetteer")
    return merge_gazetteers(data)


def save_gazetteer(gaz: dict, path: str | Path) -> None:
    atomic_write_text(path, json.dumps(gaz, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


class Matcher:
    """Aho-Corasick over many (string, label) pairs; returns all occurrences."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self.auto = ahocorasick.Automaton()
        table: dict[str, list[str]] = {}
        for s, lab in entries:
            s = matching_view(s)
            if s:
                table.setdefault(s, [])
                if lab not in table[s]:
                    table[s].append(lab)
        for s in sorted(table):
            self.auto.add_word(s, (s, tuple(sorted(table[s]))))
        self.empty = not table
        if not self.empty:
            self.auto.make_automaton()

    def find(self, view: str) -> list[tuple[int, int, str]]:
        if self.empty:
            return []
        out = []
        for end_idx, (s, labs) in self.auto.iter(view):
            st = end_idx - len(s) + 1
            for lab in labs:
                out.append((st, end_idx + 1, lab))
        out.sort()
        return out


_COUNTED_AFTER = re.compile(r"[”\"’]?\s*[\d一二三四五六七八九十百千]+(?:\.\d+)?(?:宗|亩|块|幅|个|项|家|平方)")


def _name_votes(lf, view: str) -> list[Vote]:
    """Votes for every listed name in ``view``; a policy term followed by a count
    names plots or items, not the policy (出让“标准地”46宗)."""
    return [lf.vote(s, e, lab) for s, e, lab in lf.matcher.find(view) if not (lab == "POLICY" and _COUNTED_AFTER.match(view, e))]


class GazetteerLF(LabelingFunction):
    """Exact (view-normalised) matches of harvested names of one label."""

    prior = 0.85

    def __init__(self, label: str, names: Iterable[str]):
        self.label_ = label
        self.name = f"gaz_{label.lower()}"
        self.labels = (label,)
        self.matcher = Matcher((n, label) for n in names if len(n) >= 2)

    def apply(self, ctx: DocContext) -> list[Vote]:
        return _name_votes(self, ctx.view)


class LexiconLF(LabelingFunction):
    """Hand-written general vocabulary (national policies, government bodies)."""

    def __init__(self, name: str, label: str, words: Iterable[str], prior: float = 0.8):
        self.name = name
        self.labels = (label,)
        self.label_ = label
        self.prior = prior
        self.matcher = Matcher((w, label) for w in words)

    def apply(self, ctx: DocContext) -> list[Vote]:
        return _name_votes(self, ctx.view)


class HarvestedHeadLF(LabelingFunction):
    """Head suffixes learned from gold names + left-boundary detection."""

    prior = 0.5

    def __init__(self, label: str, heads: Iterable[str], max_len: int = 16):
        self.label_ = label
        self.name = f"head_{label.lower()}"
        self.labels = (label,)
        self.max_len = max_len
        self.matcher = Matcher((h, label) for h in heads if len(h) >= 2)

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        last_end = -1
        for s, e, lab in self.matcher.find(ctx.view):
            if s < last_end:
                continue
            st = left_name_start(ctx, s, self.max_len)
            if self.label_ == "POLICY":
                from .patterns import policy_trim  # scope words and places stay outside (福建省|营商环境改革试点)
                st = policy_trim(ctx.view, st, s)
            if s - st >= 2:
                out.append(self.vote(st, e, lab))
                last_end = e
        return out


def _specific_project_name(name: str, heads: Iterable[str]) -> bool:
    """A harvested project name worth matching in other articles: one with a
    project head or of six characters or more. Short bare items of a project
    list (锂电池, 单晶硅, 智慧园区) are product words elsewhere: in the dev
    articles they matched 10 times, never a project."""
    return len(name) >= 6 or any(name.endswith(h) for h in heads)


def gazetteer_lfs(gaz: dict | None) -> list[LabelingFunction]:
    lex = lexicons()
    lfs: list[LabelingFunction] = [
        LexiconLF("lex_policy", "POLICY", lex["policy_lexicon"], 0.8),
        LexiconLF("lex_gov_org", "ORG", lex["gov_org_words"], 0.85),
    ]
    if gaz:
        for lab in NAME_LABELS:
            names = gaz.get("names", {}).get(lab, [])
            if lab == "PROJECT":
                names = [n for n in names if _specific_project_name(n, lex["project_heads"])]
            if names and lab != "METRIC":
                lfs.append(GazetteerLF(lab, names))
        # a harvested head the hand-written head LFs already know (项目, 高新区, 改革, 有限公司) is left
        # to them: they carry the boundary, generic-name and count filters
        known = {"PROJECT": "project_heads", "PARK": "park_heads", "POLICY": "policy_heads", "ORG": "org_suffixes"}
        for lab in HEAD_LABELS:
            heads = [h for h in gaz.get("heads", {}).get(lab, []) if h not in set(lex.get(known.get(lab, ""), []))]
            if heads:
                lfs.append(HarvestedHeadLF(lab, heads))
    return lfs


__all__ = ["harvest", "merge_gazetteers", "load_gazetteer", "save_gazetteer", "Matcher", "GazetteerLF", "gazetteer_lfs", "NEG"]
