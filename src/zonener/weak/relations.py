"""Relation labeling functions for the 8 relation types.

Every rule only pairs entities of one sentence and only schema-valid type
pairs (``zonener.schema.relations_for``). Each emits ``Relation(score=...)``;
:func:`label_relations` works on any entities (gold or weak).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..schema import relations_for
from ..spans import Document, Entity, Relation
from ..text import matching_view, sentence_spans
from .lf import lexicons

_COMPARISON_BASE = re.compile(r"^(?:上年同期|去年同期|同期|上年|去年)$")
_PROJECT_FIGURE = re.compile(r"(?:总投资|投资|计划投资|投入|年产|产能|占地|建筑面积|用地|销售|产值|合同|签约|完成|工程量|规模|建设|长)")


def _sentences(doc: Document) -> list[list[Entity]]:
    spans = sentence_spans(doc.text) or [(0, len(doc.text))]
    ents = sorted(doc.entities, key=lambda e: (e.start, e.end))
    out: list[list[Entity]] = [[] for _ in spans]
    j = 0
    for e in ents:
        while j < len(spans) - 1 and e.start >= spans[j][1]:
            j += 1
        if spans[j][0] <= e.start < spans[j][1] + 1 and e.end <= spans[j][1]:
            out[j].append(e)
    return out


def _between(view: str, a: Entity, b: Entity) -> str:
    return view[a.end:b.start] if a.end <= b.start else view[b.end:a.start]


def rel_metric_value(view, sent, add):
    """AMOUNT → the nearest METRIC on its left in the sentence (no PROJECT in between)."""
    for k, e in enumerate(sent):
        if e.label != "AMOUNT":
            continue
        for j in range(k - 1, -1, -1):
            m = sent[j]
            if m.label == "PROJECT":
                break
            if m.label == "METRIC":
                gap = view[m.end:e.start]
                if len(gap) <= 20 and "。" not in gap:
                    add(m, e, "metric_value", 0.85 if len(gap) <= 6 else 0.6)
                break


def rel_metric_time(view, sent, add):
    """METRIC ← the DATE that scopes its clause (first DATE of the sentence before it, else after)."""
    dates = [d for d in sent if d.label == "DATE" and not _COMPARISON_BASE.match(view[d.start:d.end])]
    if not dates:
        return
    for m in sent:
        if m.label != "METRIC":
            continue
        has_value = any(a.label == "AMOUNT" and a.start >= m.end for a in sent)
        if not has_value:
            continue
        before = [d for d in dates if d.end <= m.start]
        if before:
            add(m, before[-1], "metric_time", 0.8)
        elif len(dates) == 1 and dates[0].start - m.end <= 6:
            add(m, dates[0], "metric_time", 0.5)


_FIGURE_BEFORE = re.compile(r"(?:总投资|计划投资|投资|投入|年产|产能|占地面积|占地|建筑面积|用地面积|用地|面积|长|全长|长度|规模|建设|销售额|产值|合同金额|金额)(?:约|近|超|达|逾|为|达到|超过)?$")


def rel_project_amount(view, sent, add):
    """PROJECT → AMOUNT: the project's own figure, before it (投资1.9亿元的银南工业园…) or after it
    (项目总投资X / 项目位于…,总投资约X,总建筑面积约Y), no METRIC in between."""
    for k, e in enumerate(sent):
        if e.label != "AMOUNT":
            continue
        pre = view[max(0, e.start - 8):e.start]
        figure_pre = bool(_FIGURE_BEFORE.search(pre))
        # figure before the project: 投资1.9亿元的银南工业园基础设施提升改造; 总投资1.3亿元(不含流动资金),投资建设X项目
        if k + 1 < len(sent) and sent[k + 1].label == "PROJECT":
            gap = view[e.end:sent[k + 1].start]
            if re.search(r"投资|总投资|投入", view[max(0, e.start - 5):e.start]) and (
                    (len(gap) <= 6 and (re.search(r"的|实施|建设|用于", gap) or not gap.strip()))
                    or (len(gap) <= 24 and re.search(r"建设|投建|实施", gap) and not re.search(r"[。；;]", gap))):
                add(sent[k + 1], e, "project_amount", 0.8)
                continue
        # figure after the project
        for j in range(k - 1, -1, -1):
            p = sent[j]
            if p.label in ("METRIC",):
                break
            if p.label == "PROJECT":
                gap = view[p.end:e.start]
                if "等" in gap[:3]:
                    break  # 等项目8个: a count/total of several projects
                if (len(gap) <= 14 and (_PROJECT_FIGURE.search(gap) or not gap.strip("，, "))) or (
                        figure_pre and len(gap) <= 60 and not re.search(r"其中|分别|合计|共计|累计", gap)):
                    add(p, e, "project_amount", 0.75)
                break


def rel_has_metric(view, sent, add):
    """PARK → METRIC when the park is the sentence's subject before the metric."""
    parks = [p for p in sent if p.label == "PARK"]
    if len(parks) != 1:
        return
    park = parks[0]
    for m in sent:
        if m.label == "METRIC" and m.start >= park.end and m.start - park.end <= 30:
            add(park, m, "has_metric", 0.6)


def rel_works_for(view, sent, add):
    """PERSON ← PARK/ORG named in the title right before the name."""
    titles = lexicons()["person_titles"]
    for k, p in enumerate(sent):
        if p.label != "PERSON":
            continue
        for j in range(k - 1, -1, -1):
            o = sent[j]
            if o.label in ("PARK", "ORG"):
                gap = view[o.end:p.start]
                if len(gap) <= 20 and any(t in gap for t in titles) and not re.search(r"[。；;]", gap):
                    add(p, o, "works_for", 0.85)
                break
            if o.label == "PERSON":
                continue
            break
        # 记者/reporter of a news outlet: ORG 记者 NAME
    return


_LOC_AFTER = re.compile(r"落户|入驻|进驻|位于|落地|建在|坐落|选址|搬迁至|迁至|迁入|迁往|扎根")
_LOC_LAUNCH = re.compile(r"启动|开工|引进|引入|签约|落地|推进|新建|建设|投产|竣工|收入囊中|集中开工|签下")


def rel_located_in(view, sent, add):
    """PROJECT/ORG → PARK: location triggers (落户/入驻/位于/搬迁至/在…/以…为载体), a park that launches
    or signs the projects (南宁高新区启动X等6个项目; 石河子经开区…签约…其中包括X、Y), and a park
    right before a list item (南川园区比亚迪锂电池、时代新能源等)."""
    parks = [p for p in sent if p.label == "PARK"]
    if not parks:
        return
    for k, x in enumerate(sent):
        if x.label not in ("PROJECT", "ORG"):
            continue
        for park in parks:
            if park.end <= x.start:
                gap = view[park.end:x.start]
                pre = view[max(0, park.start - 3):park.start]
                if re.search(r"为契机", gap):
                    continue
                between = [y for y in sent if park.end <= y.start and y.end <= x.start]
                other_park = any(y.label == "PARK" for y in between)
                if re.search(r"为载体|为依托|为平台", gap) or (re.search(r"在|于|落户|入驻", pre) and len(gap) <= 12):
                    add(x, park, "located_in", 0.7)
                elif not gap.strip() and x.label in ("PROJECT", "ORG"):
                    # 南川园区比亚迪锂电池: a park prefix of a list item; later items of the same list follow
                    add(x, park, "located_in", 0.6)
                    for y in sent[k + 1:]:
                        sep = view[x.end:y.start] if y is sent[k + 1] else None
                        if y.label == x.label and sep is not None and sep in ("、", ",", "，"):
                            add(y, park, "located_in", 0.55)
                        break
                elif (not other_park and x.label == "PROJECT" and len(gap) <= 60 and _LOC_LAUNCH.search(gap)
                      and not re.search(r"[A-Za-z\u4e00-\u9fff]*(?:交流合作|合作交流)", gap)
                      and (len(gap) <= 16 or re.search(r"其中包括|其中有|包括", gap))):
                    add(x, park, "located_in", 0.6)
            else:
                gap = view[x.end:park.start]
                if _LOC_AFTER.search(gap) and (len(gap) <= 8 or (len(gap) <= 40 and re.search(r"搬迁至|迁至|迁入|迁往", gap))):
                    add(x, park, "located_in", 0.75)


def rel_invests_in(view, sent, add):
    """ORG → PROJECT with an investment/building verb between."""
    for k, o in enumerate(sent):
        if o.label != "ORG":
            continue
        for p in sent[k + 1:]:
            if p.label == "PROJECT":
                gap = view[o.end:p.start]
                if len(gap) <= 12 and re.search(r"投资|建设|投建|新建|扩建|实施|打造|启动|签约", gap):
                    add(o, p, "invests_in", 0.7)
                break
            if p.label in ("ORG", "PARK"):
                break


def rel_implements(view, sent, add):
    """PARK/ORG → POLICY when an implementing verb sits between them (same clause chain). An actor that is
    itself the object of the verb (贯彻落实青岛市委、市政府X) does not end the first actor's reach; a policy
    right after its actor with the verb after it (青岛高新区“一区多园”5年发展规划编制出炉) counts too."""
    trig = sorted(lexicons()["trigger_implement"], key=len, reverse=True)
    for k, o in enumerate(sent):
        if o.label not in ("PARK", "ORG"):
            continue
        limit = len(view)
        for x in sent[k + 1:]:
            if x.label in ("PARK", "ORG", "PERSON"):
                gap = view[o.end:x.start]
                if x.label != "PERSON" and any(t in gap for t in trig) and not re.search(r"[,，]", gap):
                    continue  # the next actor is the object's issuer: 落实青岛市委…
                if x.label == "PARK" and re.search(r"^[(（]|^\s*$", gap):
                    continue  # 赣县区(赣州高新区): the same actor
                limit = x.start
                break
        for p in sent[k + 1:]:
            if p.label != "POLICY" or p.start >= limit:
                continue
            gap = view[o.end:p.start]
            after = view[p.end:p.end + 6]
            before = view[max(0, o.start - 6):o.start]
            if len(gap) <= 60 and any(t in gap for t in trig):
                add(o, p, "implements", 0.7)
            elif o.label == "ORG" and any(before.endswith(t) for t in trig) and len(gap) <= 12 and not re.search(r"[,，:：]", gap):
                add(o, p, "implements", 0.6)  # the issuer as the verb's object: 贯彻落实青岛市委、市政府X
            elif len(gap) <= 2 and re.match(r"(?:编制|出台|印发|发布|实施|出炉|正式)", after):
                add(o, p, "implements", 0.6)


RELATION_LFS: dict[str, Callable] = {
    "metric_value": rel_metric_value,
    "metric_time": rel_metric_time,
    "project_amount": rel_project_amount,
    "has_metric": rel_has_metric,
    "works_for": rel_works_for,
    "located_in": rel_located_in,
    "invests_in": rel_invests_in,
    "implements": rel_implements,
}


def label_relations(doc: Document, lfs: dict[str, Callable] | None = None) -> list[Relation]:
    """Relations among ``doc.entities`` (any source) with scores; entity ids are used as given."""
    view = matching_view(doc.text)
    found: dict[tuple[str, str], Relation] = {}

    def add(h: Entity, t: Entity, label: str, score: float) -> None:
        if label not in relations_for(h.label, t.label) or h.id == t.id:
            return
        key = (h.id, t.id)
        old = found.get(key)
        if old is None or old.score < score:
            found[key] = Relation(h.id, t.id, label, score)

    for sent in _sentences(doc):
        if len(sent) < 2:
            continue
        for fn in (lfs or RELATION_LFS).values():
            fn(view, sent, add)
    order = {e.id: (e.start, e.end) for e in doc.entities}
    return sorted(found.values(), key=lambda r: (order.get(r.head, (0, 0)), order.get(r.tail, (0, 0)), r.label))
