"""WeakLabeler: runs all LFs, aggregates, adds the doc-consistency pass and relations."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from ..spans import Document, Entity, validate_document
from .aggregate import Scored, flatten, group_votes, make_aggregator
from .consistency import DocConsistencyLF
from .gazetteer import gazetteer_lfs, harvest, load_gazetteer
from .lf import DEFAULT_GAZETTEER_PATH, NEG, DocContext, LabelingFunction, Vote
from .linguistic import linguistic_lfs
from .metric import metric_lfs
from .numbers import number_lfs
from .orgs import org_lfs
from .patterns import pattern_lfs
from .relations import label_relations

log = logging.getLogger(__name__)

#: the aggregator that scored better on the LODO protocol (scripts/weak_lodo.py)
DEFAULT_AGGREGATOR = "vote"
KEEP_IN_BOILERPLATE = ("DATE", "ORG", "PERSON")  # bylines and 责任编辑 footers name people
# inside a PROJECT candidate these mark a collection or an event, not one named
# project: 一季度洛阳高新区新开工项目, 两江新区一季度32个重大项目, 共有9个项目, …宣布项目
_NOT_ONE_PROJECT = re.compile(r"\d+\s*个|共有|举行|宣布")
# a park or project named by its level, scope or number is a category (省级近零碳园区,
# 全省开发区, 国家级绿色工厂, 首条生产线, 更多好项目), not a name
_CATEGORY = {
    "PARK": re.compile(r"(?:国家级|省级|市级|区级|县级|首批|全省|全市|全区|全国)"),
    "PROJECT": re.compile(r"(?:国家级|省级|市级|区级|县级|首批|首条|首个|一批|更多|一些)"),
}


class WeakLabeler:
    def __init__(self, gazetteer: dict | None = None, aggregator: str = DEFAULT_AGGREGATOR,
                 weights: dict[str, float] | None = None, threshold: float = 0.5, consistency: bool = True,
                 relations: bool = True):
        self.gazetteer = gazetteer or {"names": {}, "heads": {}}
        self.aggregator_name = aggregator
        metric_names = list(self.gazetteer.get("names", {}).get("METRIC", []))
        self.lfs: list[LabelingFunction] = [*number_lfs(), *pattern_lfs(), *org_lfs(), *linguistic_lfs(),
                                            *metric_lfs(metric_names), *gazetteer_lfs(self.gazetteer)]
        self.consistency_lf = DocConsistencyLF() if consistency else None
        self.weights = {lf.name: lf.prior for lf in self.lfs}
        if self.consistency_lf:
            self.weights[self.consistency_lf.name] = self.consistency_lf.prior
        if weights:
            self.weights.update(weights)
        self.threshold = threshold
        self.with_relations = relations
        make_aggregator(aggregator, self.weights)  # validate the name early

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_resources(cls, gazetteer_path: str | Path | None = None, aggregator: str = DEFAULT_AGGREGATOR, **kw) -> WeakLabeler:
        """Hand-written lexicons + the harvested gazetteer (default ``resources/gazetteer.json`` if present)."""
        gaz = None
        if gazetteer_path is not None:
            gaz = load_gazetteer(gazetteer_path)
        elif Path(DEFAULT_GAZETTEER_PATH).exists():
            gaz = load_gazetteer(DEFAULT_GAZETTEER_PATH)
        return cls(gaz, aggregator=aggregator, **kw)

    @classmethod
    def from_gold(cls, docs: Iterable[Document], aggregator: str = DEFAULT_AGGREGATOR, estimate_weights: bool = True, **kw) -> WeakLabeler:
        """Harvest gazetteers from gold documents and estimate LF precisions on them."""
        docs = list(docs)
        lab = cls(harvest(docs), aggregator=aggregator, **kw)
        if estimate_weights and docs:
            lab.weights.update(lab.estimate_weights(docs))
        return lab

    # ------------------------------------------------------------------ LF application
    def apply_lfs(self, ctx: DocContext) -> list[Vote]:
        votes: list[Vote] = []
        for lf in self.lfs:
            for v in lf.apply(ctx):
                if v.end <= v.start:
                    continue
                if v.label not in KEEP_IN_BOILERPLATE and v.label != NEG and ctx.boiler and ctx.in_boiler(v.start, v.end):
                    continue
                votes.append(v)
        dates = [(v.start, v.end) for v in votes if v.label == "DATE"]
        votes = [v for v in votes if v.label != "PROJECT" or not _names_no_single_project(ctx.view, v, dates)]
        votes = [v for v in votes if not _is_category(ctx.view, v)]
        return [w for w in (_without_leading_date(ctx.view, v, dates) for v in votes) if w is not None]

    def estimate_weights(self, gold_docs: list[Document], k: float = 4.0) -> dict[str, float]:
        """Smoothed precision of each LF's votes on gold docs (exact span + label)."""
        stats: dict[str, list[int]] = {}
        for d in gold_docs:
            ctx = DocContext(d.text, d.id)
            gold = {(e.start, e.end): e.label for e in d.entities}
            votes = self.apply_lfs(ctx)
            first = flatten(self._aggregate_votes(votes), self.threshold)
            if self.consistency_lf:
                votes = votes + self.consistency_lf.apply_with(ctx, first)
            for v in sorted(set(votes)):
                st = stats.setdefault(v.lf, [0, 0])
                st[1] += 1
                if v.label == NEG:
                    st[0] += int((v.start, v.end) not in gold)
                else:
                    st[0] += int(gold.get((v.start, v.end)) == v.label)
        out = {}
        for lf, (tp, n) in sorted(stats.items()):
            prior = self.weights.get(lf, 0.7)
            out[lf] = min(0.98, max(0.05, (tp + k * prior) / (n + k)))
        return out

    def _aggregate_votes(self, votes: list[Vote]) -> list[Scored]:
        agg = make_aggregator("vote", self.weights)
        return agg.aggregate(votes)

    # ------------------------------------------------------------------ labeling
    def label(self, docs: Iterable[Document]) -> list[Document]:
        docs = list(docs)
        ctxs = [DocContext(d.text, d.id) for d in docs]
        all_votes = [self.apply_lfs(c) for c in ctxs]
        if self.consistency_lf:
            for c, v in zip(ctxs, all_votes):
                first = flatten(self._aggregate_votes(v), self.threshold)
                v.extend(self.consistency_lf.apply_with(c, first))
        agg = make_aggregator(self.aggregator_name, self.weights)
        agg.fit(all_votes)
        out = []
        for d, c, v in zip(docs, ctxs, all_votes):
            out.append(self._finish(d, c, agg.aggregate(v)))
        return out

    def label_document(self, doc: Document) -> Document:
        return self.label([doc])[0]

    def _finish(self, doc: Document, ctx: DocContext, scored: list[Scored]) -> Document:
        ents = []
        for x in flatten(scored, self.threshold):
            start, end = _strip_whitespace(doc.text, x.start, x.end)
            if start < end:
                ents.append(Entity(start, end, x.label, doc.text[start:end], score=round(x.prob, 4)))
        new = Document(doc.id, doc.text, ents, [], dict(doc.extra))
        new.renumber()
        if self.with_relations:
            new.relations = label_relations(new)
        validate_document(new)
        return new

    def lf_votes(self, doc: Document) -> list[Vote]:
        """All votes of all LFs (including doc consistency) for one document — used by the report."""
        ctx = DocContext(doc.text, doc.id)
        votes = self.apply_lfs(ctx)
        if self.consistency_lf:
            votes = votes + self.consistency_lf.apply_with(ctx, flatten(self._aggregate_votes(votes), self.threshold))
        return sorted(set(votes))

    @property
    def lf_names(self) -> list[str]:
        names = [lf.name for lf in self.lfs]
        if self.consistency_lf:
            names.append(self.consistency_lf.name)
        return names


__all__ = ["WeakLabeler", "DEFAULT_AGGREGATOR", "group_votes"]


def _names_no_single_project(view: str, v: Vote, dates: list[tuple[int, int]]) -> bool:
    """A PROJECT vote over a date or a count (a period's projects, a number of
    projects) or over an event verb: no single named project."""
    return _NOT_ONE_PROJECT.search(view[v.start:v.end]) is not None or any(v.start <= s and e <= v.end for s, e in dates)


def _is_category(view: str, v: Vote) -> bool:
    """A PARK or PROJECT vote that names a level, scope or number of things (also
    when a suffix-only LF cut the 更 of 更多好项目)."""
    rx = _CATEGORY.get(v.label)
    return rx is not None and (rx.match(view, v.start) is not None or (v.label == "PROJECT" and v.start > 0 and view.startswith("更多", v.start - 1)))


def _without_leading_date(view: str, v: Vote, dates: list[tuple[int, int]]) -> Vote | None:
    """A PARK or ORG vote that begins with a time expression (一季度洛阳高新区,
    2023年度全省开发区) starts after it; None when what is left names a category."""
    if v.label not in ("PARK", "ORG"):
        return v
    start = v.start
    for s, e in dates:
        if s <= start < e < v.end:  # 2023年 + 鹰潭高新区, or a name cut inside the date (年鹰潭高新区)
            start = e
    while start < v.end and (view[start] == "度" or view[start].isspace()) and start > v.start:
        start += 1
    if v.label == "PARK" and _CATEGORY["PARK"].match(view, start):
        return None
    if start == v.start:
        return v
    if v.end - start < 3:
        return None
    return Vote(start, v.end, v.label, v.lf)


def _strip_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading or trailing whitespace (scraped text has spaces
    and newlines next to names; no entity begins or ends with one)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
