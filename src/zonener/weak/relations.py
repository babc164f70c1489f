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
    """PROJECT → AMOUNT: the project's own figure, before it (投资1.9亿元的银南工业园…, 投资2.3亿元在
    PARK建设的…) or after it (项目总投资X / 项目位于…,总投资约X,总建筑面积约Y; any later figure of
    the sentence's only project), no METRIC in between."""
    for k, e in enumerate(sent):
        if e.label != "AMOUNT":
            continue
        pre = view[max(0, e.start - 8):e.start]
        figure_pre = bool(_FIGURE_BEFORE.search(pre))
        # figure before the project: 投资1.9亿元的银南工业园基础设施提升改造; 总投资1.3亿元(不含流动资金),投资建设X项目;
        # a park where it is built may stand between: 投资2.3亿元在石家庄高新区建设的X项目
        nxt = k + 1
        while nxt < len(sent) and sent[nxt].label == "PARK" and re.search(r"(?:在|于)$", view[max(0, sent[nxt].start - 2):sent[nxt].start]):
            nxt += 1
        if nxt < len(sent) and sent[nxt].label == "PROJECT" and (nxt == k + 1 or sent[nxt].start - e.end <= 30):
            gap = view[e.end:sent[nxt].start]
            if re.search(r"投资|总投资|投入", view[max(0, e.start - 5):e.start]) and (
                    (len(gap) <= 6 and (re.search(r"的|实施|建设|用于", gap) or not gap.strip()))
                    or (len(gap) <= 30 and re.search(r"建设|投建|实施", gap) and not re.search(r"[。；;]", gap))):
                add(sent[nxt], e, "project_amount", 0.8)
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
                elif (len(gap) <= 80 and sum(x.label == "PROJECT" for x in sent) == 1
                      and not re.search(r"其中|分别|合计|共计|累计|同比|增长|[。；;]", gap)
                      and not any(x.label in ("PARK", "ORG") and p.end <= x.start and x.end <= e.start
                                  and re.search(r"[，,]$", view[max(0, x.start - 1):x.start]) for x in sent)):
                    # the sentence's only project: its later figures are its own (…项目于5月投产，可年产压铸件60万件)
                    add(p, e, "project_amount", 0.6)
                break


_NOT_SUBJECT_BEFORE = re.compile(r"(?:以|在|对|向|从|由|经|把|入驻|落户|位于|至|到|赴|与|和|同)$")
_NOT_SUBJECT_AFTER = re.compile(r"(?:为核心|为主|的)")
_COORDINATION = re.compile(r"^(?:、|和|与|及|以及)$")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")


def rel_has_metric(view, sent, add):
    """PARK → METRIC: a metric belongs to the park that is the subject before it
    in the sentence (the nearest such park; every park of a coordinated list
    A、B等园区), unless the metric's own clause names an ORG or PROJECT."""
    parks = [p for p in sent if p.label == "PARK"]
    if not parks:
        return
    subjects = [p for p in parks if not _NOT_SUBJECT_AFTER.match(view, p.end)
                and not (_NOT_SUBJECT_BEFORE.search(view, max(0, p.start - 2), p.start)
                         and not any(_COORDINATION.match(_between(view, q, p)) for q in parks if q.end <= p.start))]
    for m in sent:
        if m.label != "METRIC":
            continue
        before = [p for p in subjects if p.end <= m.start]
        if not before:
            continue
        park = before[-1]
        breaks = [b.end() for b in _CLAUSE_BREAK.finditer(view, park.end, m.start)]
        clause_start = breaks[-1] if breaks else park.end
        if any(x.label in ("ORG", "PROJECT") and clause_start <= x.start and x.end <= m.start for x in sent):
            continue
        group = [park]
        for q in reversed([p for p in parks if p.end <= park.start]):
            if _COORDINATION.match(_between(view, q, group[-1])):
                group.append(q)
            else:
                break
        for p in group:
            add(p, m, "has_metric", 0.6)


def rel_works_for(view, sent, add):
    """PERSON ← PARK/ORG named in the title right before the name."""
    titles = lexicons()["person_titles"]
    for k, p in enumerate(sent):
        if p.label != "PERSON":
            continue
        # 通讯员 (correspondents, often park staff) in a byline do not work for the outlet:
        # 郑州日报讯（记者 赵文博 通讯员 孙晓雯 罗佳）
        q, i = p, k - 1
        while i >= 0 and sent[i].label == "PERSON" and re.fullmatch(r"[\s、,，]*", view[sent[i].end:q.start]):
            q, i = sent[i], i - 1
        if re.search(r"通讯员[\s:：]*$", view[max(0, q.start - 6):q.start]):
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
_AT_PARK = re.compile(r"(?:已|将|正式|也|均)?(?:在|于)")
_ORGS_GATHER_AT = re.compile(r"等[^，,。；;]{0,10}?(?:企业|公司)(?:已|均|先后|相继)?(?:在|于)")
_SETTLE = re.compile(r"(?:集聚|聚集|落户|入驻|扎根|发展|投资|布局)")
_LOC_LAUNCH = re.compile(r"启动|开工|引进|引入|签约|落地|推进|新建|建设|投产|竣工|收入囊中|集中开工|签下")


def _add_list_items(view: str, sent: list[Entity], k: int, park: Entity, add) -> None:
    """The items after sent[k] in the same 、-list (…等N个项目) share its park."""
    x = sent[k]
    for y in sent[k + 1:]:
        if y.label != x.label or view[x.end:y.start] not in ("、", ",", "，"):
            break
        add(y, park, "located_in", 0.55)
        x = y


def rel_located_in(view, sent, add):
    """PROJECT/ORG → PARK: location triggers (落户/入驻/位于/搬迁至/在…/以…为载体), a park that launches
    or signs the projects (南宁高新区启动X等6个项目; 石河子经开区…签约…其中包括X、Y), a park
    right before a list item (南川园区比亚迪锂电池、时代新能源等), X项目在PARK…, 在PARK，由…建设的X项目,
    PARK与ORG共建的X项目, and listed companies that gather in a park (甲、乙等N家企业已在PARK集聚)."""
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
                    _add_list_items(view, sent, k, park, add)  # 宾县经开区举行开工仪式，甲、乙、丙等6个项目
                elif not other_park and x.label == "PROJECT" and len(gap) <= 40 and gap.endswith("在") and view.startswith("现场", x.end):
                    add(x, park, "located_in", 0.6)  # PARK…集中开工活动在X项目现场举行
            else:
                gap = view[x.end:park.start]
                if _LOC_AFTER.search(gap) and (len(gap) <= 8 or (len(gap) <= 40 and re.search(r"搬迁至|迁至|迁入|迁往", gap))):
                    add(x, park, "located_in", 0.75)
                elif (len(gap) <= 24 and re.search(r"(?:总部|注册地|生产基地)?(?:位于|设在|落户)$", gap)
                      and not any(y.label in ("PROJECT", "ORG", "PARK") for y in sent if x.end <= y.start and y.end <= park.start)):
                    add(x, park, "located_in", 0.65)  # 蜀能锂电成立于2016年，总部位于成都高新区
                elif x.label == "PROJECT" and _AT_PARK.fullmatch(gap):
                    add(x, park, "located_in", 0.7)  # X项目在淄博高新区开工
                elif x.label == "ORG" and _ORGS_GATHER_AT.fullmatch(gap) and _SETTLE.match(view, park.end):
                    # 赛力翔汽车、渝新动力等3200余家企业已在两江新区集聚: every listed company
                    add(x, park, "located_in", 0.65)
                    for y in reversed(sent[:k]):
                        if y.label == "ORG" and view[y.end:x.start] == "、":
                            add(y, park, "located_in", 0.6)
                            x = y
                        else:
                            break
    for k, park in enumerate(sent):
        # 在PARK，由ORG投资…建设的PROJECT / PARK与ORG共建的PROJECT: the project is in the park
        if park.label != "PARK":
            continue
        locative = re.search(r"(?:在|于)$", view[max(0, park.start - 2):park.start])
        if view.startswith("内", park.end):
            # 中亚南亚工业园区内，甲公司投资8.2亿元建设的乙项目: the company and its project are in the park
            for x in sent[k + 1:]:
                if x.label == "PARK" or len(view[park.end:x.start]) > 40 or re.search(r"[。；;]", view[park.end:x.start]):
                    break
                if x.label in ("PROJECT", "ORG"):
                    add(x, park, "located_in", 0.6)
            continue
        for x in sent[k + 1:]:
            if x.label == "PARK":
                break
            if x.label != "PROJECT":
                continue
            gap = view[park.end:x.start]
            if len(gap) <= 40 and not re.search(r"[。；;]", gap) and (
                    (locative and gap[:1] in "，," and re.search(r"建设|投资|实施|打造", gap))
                    or re.search(r"(?:共建|合作建设|联合建设|共同建设)的$", gap)):
                add(x, park, "located_in", 0.65)
            break


_INVEST_VERB = re.compile(r"投资|建设|投建|新建|扩建|实施|打造|启动|签约")
_INVESTOR_AFTER_PROJECT = re.compile(r"(?:全资|独资|控股|出资|投资)?(?:建设|投资|投建|实施|运营)")


def rel_invests_in(view, sent, add):
    """ORG → PROJECT: the investor before its project with an investment or
    building verb between (a park it invests in or signs with, the amount and
    date may stand between: X公司在合肥经开区投资3.8亿元建设的Y项目; joint
    investors X与Z共同投资…), or after it (Y项目…，项目由X全资建设)."""
    for k, o in enumerate(sent):
        if o.label != "ORG":
            continue
        partners = [o]
        for p in sent[k + 1:]:
            gap = view[o.end:p.start]
            if len(gap) > 40 or re.search(r"[。；;]", gap) or gap.count("，") + gap.count(",") > 1:
                break
            if p.label == "ORG" and re.fullmatch(r"与|和|及|、", view[partners[-1].end:p.start]):
                partners.append(p)  # joint investors
                continue
            if p.label == "PROJECT":
                if (len(gap) <= 12 or len(partners) > 1 or re.search(r"在|于|与|同", gap)) and _INVEST_VERB.search(gap):
                    for q in partners:
                        add(q, p, "invests_in", 0.7)
                break
            if p.label == "ORG":
                break
            if p.label == "PARK" and not re.search(r"(?:在|于|与|同|落户|入驻)$", view[max(0, p.start - 2):p.start]):
                break
        if re.search(r"由$", view[max(0, o.start - 1):o.start]) and _INVESTOR_AFTER_PROJECT.match(view, o.end):
            before = [p for p in sent if p.label == "PROJECT" and p.end <= o.start]
            if before and not re.search(r"[。；;]", view[before[-1].end:o.start]) and o.start - before[-1].end <= 40:
                add(o, before[-1], "invests_in", 0.65)


_CO_ACTORS = re.compile(r"、|与|和|同|及|以及")
_AS_LEVER = re.compile(r"[”\"]?(?:(?:和|与|及)[^，,。；;]{2,20}?)?为(?:抓手|牵引|引领|突破口|主线|载体|重点|统领)")


_LIST_SEP = re.compile(r"[”」』\"]?(?:、|，|,|和|及|以及|与)[“「『\"]?")


def rel_implements(view, sent, add):
    """PARK/ORG → POLICY when an implementing verb sits between them (same clause chain). An actor that is
    itself the object of the verb (贯彻落实青岛市委、市政府X) does not end the first actor's reach; a policy
    right after its actor with the verb after it (青岛高新区“一区多园”5年发展规划编制出炉) counts too."""
    trig = sorted(lexicons()["trigger_implement"], key=len, reverse=True)
    for k, o in enumerate(sent):
        if o.label not in ("PARK", "ORG"):
            continue
        limit = len(view)
        for prev, x in zip(sent[k:], sent[k + 1:]):
            if x.label in ("PARK", "ORG", "PERSON"):
                gap = view[o.end:x.start]
                if x.label != "PERSON" and any(t in gap for t in trig) and not re.search(r"[,，]", gap):
                    continue  # the next actor is the object's issuer: 落实青岛市委…
                if x.label == "PARK" and re.search(r"^[(（]|^\s*$", gap):
                    continue  # 赣县区(赣州高新区): the same actor
                if x.label != "PERSON" and prev.label in ("PARK", "ORG") and _CO_ACTORS.fullmatch(view[prev.end:x.start]):
                    continue  # A与B签署…, A、B联合印发…: co-actors share the verb
                limit = x.start
                break
        linked: Entity | None = None  # the last policy of o's verb: list items after it share the actor
        for p in sent[k + 1:]:
            if p.label != "POLICY" or p.start >= limit:
                continue
            gap = view[o.end:p.start]
            after = view[p.end:p.end + 6]
            before = view[max(0, o.start - 6):o.start]
            if len(gap) <= 60 and any(t in gap for t in trig):
                add(o, p, "implements", 0.7)
                linked = p
            elif linked is not None and _LIST_SEP.fullmatch(view[linked.end:p.start]):
                add(o, p, "implements", 0.6)  # 实施A、B、C等七大行动 beyond the verb's reach
                linked = p
            elif o.label == "ORG" and any(before.endswith(t) for t in trig) and len(gap) <= 12 and not re.search(r"[,，:：]", gap):
                add(o, p, "implements", 0.6)  # the issuer as the verb's object: 贯彻落实青岛市委、市政府X
            elif len(gap) <= 2 and re.match(r"[”」』\"]?(?:编制|出台|印发|发布|实施|出炉|正式|跑出|成效|见效|显效|让|助力|激发|释放)", after):
                add(o, p, "implements", 0.6)  # 淄博高新区：“一网通办”改革跑出…
            elif re.search(r"以$", gap) and _AS_LEVER.match(view, p.end):
                add(o, p, "implements", 0.65)  # 合肥经开区以“绿电进园”工程…为抓手
        # 在“亩均论英雄”改革中，莫干山高新区依据…: the policy scopes the actor's clause
        for p in sent[:k]:
            if p.label == "POLICY" and re.search(r"在$", view[max(0, p.start - 2):p.start]) and re.fullmatch(r"[”\"]?(?:中|过程中|工作中)[，,]", view[p.end:o.start]):
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


_ALIAS_DECL = re.compile(r"[(（](?:以下)?(?:简称|称)[：:]?[“\"「]?")


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
        # a declared short name stands for the company named right before it: relations read off
        # the short name go to the full name (X有限公司（以下简称“X新材”）投资…建设的Y项目)
        alias_of = {y.id: x for x, y in zip(sent, sent[1:])
                    if x.label == y.label == "ORG" and _ALIAS_DECL.fullmatch(view[x.end:y.start])}

        def add_sent(h: Entity, t: Entity, label: str, score: float) -> None:
            add(alias_of.get(h.id, h), t, label, score)

        for fn in (lfs or RELATION_LFS).values():
            fn(view, sent, add_sent)
    order = {e.id: (e.start, e.end) for e in doc.entities}
    return sorted(found.values(), key=lambda r: (order.get(r.head, (0, 0)), order.get(r.tail, (0, 0)), r.label))
