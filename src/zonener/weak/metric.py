"""METRIC labeling functions. A METRIC is tagged only when its sentence
(and, for the grammar LF, its clause) gives it a value (an AMOUNT).

- ``metric_lexicon``: indicator names (工业增加值, 固定资产投资, 营业收入 …) plus
  harvested METRIC names, when followed in the same sentence by an AMOUNT.
- ``metric_grammar``: the counted noun / indicator phrase right before an
  AMOUNT (新注册登记企业49家, 签约总额达126亿元): the clause left of the
  amount, minus connectors (同比增长, 达, 为 …) and light verbs (完成, 实现 …),
  kept when it ends with an indicator head noun (企业, 项目, 投资, 额, 率 …).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import Matcher
from .lf import DocContext, LabelingFunction, Vote, lexicons, place_names
from .numbers import amount_spans, date_spans
from .patterns import BRAND_PARK

_CLAUSE_BREAK = frozenset("，,。！!？?；;：:、()（）《》\n“”\" \u3000")  # headlines separate phrases with spaces
# quotes inside an indicator name stay (新增省级“专精特新”中小企业); unpaired ones are cut later
_GRAMMAR_BREAK = _CLAUSE_BREAK - frozenset("“”")
# heads, connectors and light-verb exceptions not (yet) in the shared lexicon file
# quantities and goods values end indicator names (发明专利授权量, 跨境电商进出口单量, 保税维修业务货值)
_EXTRA_HEADS = ("投入", "支出", "总数", "税金", "交货值", "库容", "交易量", "产业集群", "工厂", "量", "货值")
_EXTRA_CONNECTORS = ("首次突破", "首次", "到位", "不低于", "不少于", "不到", "不超过", "力争")
# flow prefixes the guide keeps inside the name (新认定高新技术企业)
_KEEP_PREFIXES = ("新认定",)
# a light-verb strip must not leave a bare generic noun (重点项目 stays, not 项目)
_BARE_HEADS = frozenset({"项目", "企业", "资金", "公司", "平台", "人才"})
# subject + action verb inside the clause; the indicator starts after the last one
# (我们谋划实施|重点项目, 公司实现|营业收入, 撬动企业|新增设备投资, 计划引进|高层次人才)
_LEFT_JUNK = re.compile(
    r".*(?:列入|谋划|实施|兑现|撬动|带动|获得|力争|实现|完成|统筹安排|安排|计划(?=引进|新增|实施|培育))(?:各类|企业)?")
_TABLE_CELL_GAP = re.compile(r"[ \t\u3000]*[|｜][ \t\u3000]*$")
# a threshold before the counted noun is part of the class name: 10亿元以上项目, 5亿元至10亿元项目
_THRESHOLD_NOUN = re.compile(r"(?:及?以上|以下)?(?:的)?(?:项目|企业)$")
_MONEY = r"\d+(?:\.\d+)?\s*[万亿]*元"
_THRESHOLD_METRIC = re.compile(rf"{_MONEY}(?:(?:至|到|-|—|~|～){_MONEY})?(?:及?以上|以下)?(?:的)?(?:项目|企业)")


@lru_cache(maxsize=1)
def _sorted(key: str) -> tuple[str, ...]:
    return tuple(sorted(set(lexicons()[key]), key=len, reverse=True))


@lru_cache(maxsize=1)
def _park_head_re() -> re.Pattern:
    heads = [h for h in lexicons()["park_heads"] if h not in ("园区", "小镇", "新城")]
    return re.compile("|".join(map(re.escape, sorted(heads, key=len, reverse=True))))


@lru_cache(maxsize=1)
def _sorted_places() -> tuple[str, ...]:
    return tuple(sorted(place_names(), key=len, reverse=True))


def _amount_sentences(ctx: DocContext) -> set[int]:
    return {ctx.sentence_id(s) for s, _ in amount_spans(ctx)}


def _is_attributive_investment(view: str, a_end: int) -> bool:
    """投资1.9亿元的<project>: the figure belongs to a single project."""
    return view[a_end:a_end + 1] == "的" or re.match(r"(?:实施|建设|用于|新建|对|在)", view[a_end:a_end + 2]) is not None


_INVESTMENT_WORDS = frozenset({"投资", "总投资", "投资额", "投资总额", "计划投资", "计划总投资"})
# an investor or a single project right before the word: 某公司投资, 将/拟投资, 项目总投资, 该基地总投资
_SINGLE_INVESTOR_BEFORE = re.compile(r"(?:公司|集团|企业|股份|将|拟|追加|共同|计划|项目|基地|工程|一期|二期|三期|该|其)$")
_COUNT_IN_CLAUSE = re.compile(r"\d+\s*(?:个|项|宗|家)")
_PROJECT_NAMED = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,}(?:项目|基地|生产线|工程|电站)")
_LIGHT_OR_TOTAL_AT_END = re.compile(r"(?:累计|已经|已|共)?(?:完成|实现)?总?$")
# a figure a project reaches once built or running: SCHEMA.md links it to the project, not a METRIC
_PROJECT_FIGURE = re.compile(r"(?:达产|投产|建成|满产|达效|全部达产|竣工)后")


def _project_figure(view: str, sent_start: int, e: int) -> bool:
    """达产后预计年产值…, 建成后可新增研发面积…: the figure of one project."""
    return _PROJECT_FIGURE.search(view, sent_start, e) is not None


# 占…比重 / 占全区规上工业总产值的58.2% / 占园区规上工业产值的六成
_DENOMINATOR_AFTER = re.compile(r"的?(?:比重|比例|份额)|的[\d一二三四五六七八九十半]")


def _is_denominator(view: str, s: int, e: int) -> bool:
    """占规上工业总产值的比重: the denominator of a share is not tagged (SCHEMA.md)."""
    if not _DENOMINATOR_AFTER.match(view, e):
        return False
    i = s
    while i > 0 and view[i - 1] not in _CLAUSE_BREAK and s - i < 12:
        i -= 1
        if view[i] == "占":
            return True
    return False


def _single_project_investment(view: str, s: int, a_s: int, a_e: int) -> bool:
    """The investment figure of one project or investor, which SCHEMA.md links
    to the PROJECT (project_amount), not a METRIC: 华泰公司投资42亿元建设…,
    将在区内投资20亿元, 该项目总投资18.5亿元, 总投资2.5亿元的…项目. Totals over
    counted projects (重点项目32个，总投资388.6亿元; 31个重点项目完成投资) stay METRIC."""
    if _is_attributive_investment(view, a_e):
        return True
    clause_start = s
    while clause_start > 0 and view[clause_start - 1] not in _CLAUSE_BREAK:
        clause_start -= 1
    before = _LIGHT_OR_TOTAL_AT_END.sub("", view[clause_start:s])  # 项目完成投资, 项目总投资
    if _COUNT_IN_CLAUSE.search(before):
        return False
    if re.search(r"在\S{2,12}$", before) and not before.endswith(("项目", "基地")):  # 在天府国际生物城投资
        return True
    if not before.strip() and clause_start > 0 and view[clause_start - 1] in "，,":
        # the clause opens with the figure: the previous clause names the project (…电池项目，总投资52亿元)
        prev_start = clause_start - 1
        while prev_start > 0 and view[prev_start - 1] not in _CLAUSE_BREAK:
            prev_start -= 1
        prev = view[prev_start:clause_start - 1]
        return _PROJECT_NAMED.search(prev) is not None and not _COUNT_IN_CLAUSE.search(prev) and "等" not in prev
    return _SINGLE_INVESTOR_BEFORE.search(before) is not None


def _is_share(phrase: str) -> bool:
    """占比 / 比重 / 占全市比重: a share is a value of its numerator indicator."""
    return phrase.startswith("占") or phrase in ("占比", "比重")


_SHARE_GAP = re.compile(r"占[^，,。；;：:、\n]{1,16}?(?:比重|比例|份额)[^，,。；;：:、\n]{0,4}")
_SHARE_AT_END = re.compile(r"占[^占，,。；;：:、\n]{1,16}?(?:比重|比例|份额)$")
_VALUE_GAP_BREAK = frozenset("，,、；;：:。\n")


def _value_follows(view: str, e: int, a_s: int, max_gap: int = 8) -> bool:
    """The amount comes right after the indicator (a few connector characters,
    no clause or list break), or the sentence pairs names and values with 分别."""
    gap = view[e:a_s]
    if len(gap) <= max_gap and not any(ch in _VALUE_GAP_BREAK for ch in gap):
        return True
    if _SHARE_GAP.fullmatch(gap):  # 高新技术产业产值占规上工业总产值的比重达61%
        return True
    return "分别" in gap


class MetricLexiconLF(LabelingFunction):
    name = "metric_lexicon"
    labels = ("METRIC",)
    prior = 0.75

    def __init__(self, extra: list[str] | None = None):
        words = list(lexicons()["metric_lexicon"]) + list(extra or [])
        self.matcher = Matcher((w, "METRIC") for w in words if len(w) >= 2)

    def apply(self, ctx: DocContext) -> list[Vote]:
        sents = _amount_sentences(ctx)
        if not sents:
            return []
        amounts = amount_spans(ctx)
        out = []
        view = ctx.view
        for s, e, _ in self.matcher.find(view):
            sid = ctx.sentence_id(s)
            if sid not in sents or _is_share(view[s:e]):
                continue
            # a value must follow within the sentence, right after the indicator
            value = next(((a_s, a_e) for a_s, a_e in amounts if a_s >= e and ctx.sentence_id(a_s) == sid), None)
            if value is None or not _value_follows(view, e, value[0]):
                continue
            if view[s:e] in _INVESTMENT_WORDS and _single_project_investment(view, s, *value):
                continue
            if view[s:e] == "增速" or _subsidy_rule(view, s, e, value[0]):
                continue
            if _project_figure(view, ctx.sentence_of(s)[0], e) or _is_denominator(view, s, e):
                continue
            out.append(self.vote(s, e, "METRIC"))
        return out


def _cut_unpaired_quote(view: str, s: int, e: int) -> int:
    """The phrase starts after a quote that opens or closes outside it
    (他说：“今年园区产值… or …”之后新增企业…); paired quotes stay inside."""
    depth, cut = 0, s
    for i in range(s, e):
        if view[i] == "“":
            depth += 1
        elif view[i] == "”":
            if depth == 0:
                cut = i + 1
            else:
                depth -= 1
    if depth:  # an opening quote that closes after the phrase
        cut = max(cut, view.rindex("“", s, e) + 1)
    return cut


def _strip_left_junk(view: str, s: int, e: int) -> int:
    """Subjects and action verbs before the indicator stay outside it."""
    m = _LEFT_JUNK.match(view, s, e)
    if m is None:
        return s
    rest = view[m.end():e]
    if len(rest) < 2 or rest in _BARE_HEADS or rest[0] in "率额量值":
        return s
    return m.end()


def _threshold_start(view: str, s: int, e: int, amounts: list[tuple[int, int]]) -> int:
    """10亿元以上项目 / 5亿元至10亿元项目: the threshold amount right before the
    counted noun joins the METRIC (guide: thresholds stay inside)."""
    if not _THRESHOLD_NOUN.fullmatch(view, s, e):
        return s
    a = next((a_s for a_s, a_e in amounts if a_e == s and "元" in view[a_s:a_e]), None)
    return s if a is None else a


def _subsidy_rule(view: str, s: int, e: int, a_s: int) -> bool:
    """A subsidy rule's base or award, not a reported figure: 按设备投资额的8%给予,
    对固定资产投资额1亿元以上的, 每家奖励20万元, 一次性奖励300万元, 获得固定资产投资奖励."""
    i = s
    while i > 0 and view[i - 1] not in _CLAUSE_BREAK and s - i < 10:
        i -= 1
    phrase = view[s:e]
    if re.search(r"按照?[^，,。；;]{0,6}$", view[i:s]):
        return True
    if re.match(r"对[^，,。；;]{0,6}投资", phrase) or (view[s - 1:s] == "对" and "投资" in phrase):
        return True
    return re.search(r"每家|一次性|最高", view[s:a_s]) is not None or re.search(r"奖励|补贴|补助", view[e:a_s]) is not None


class MetricGrammarLF(LabelingFunction):
    name = "metric_grammar"
    labels = ("METRIC",)
    prior = 0.7

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out = []
        heads = tuple(sorted(set(_sorted("metric_heads")) | set(_EXTRA_HEADS), key=len, reverse=True))
        light = tuple(w for w in _sorted("metric_light_verbs") if w not in _KEEP_PREFIXES)
        conn = tuple(sorted(set(_sorted("metric_connectors")) | set(_EXTRA_CONNECTORS), key=len, reverse=True))
        dates = date_spans(ctx)
        date_ends = {e: s for s, e in dates}
        amounts = amount_spans(ctx)
        amount_ends = {e for _, e in amounts}
        for a_s, a_e in amounts:
            # a flattened table row: 实缴税金 | 1.92亿元 | -6.3%
            cell = _TABLE_CELL_GAP.search(view, max(0, a_s - 6), a_s)
            right = cell.start() if cell is not None and cell.end() == a_s else a_s
            # clause start
            i = right
            lo = max(0, right - 24)
            while i > lo and view[i - 1] not in _GRAMMAR_BREAK and (i not in amount_ends) and (i not in date_ends):
                i -= 1
            s, e = i, right
            s = _cut_unpaired_quote(view, s, e)
            # strip connectors at the right
            changed = True
            while changed and e > s:
                changed = False
                for c in conn:
                    if view[s:e].endswith(c) and e - len(c) >= s:
                        e -= len(c)
                        changed = True
                        break
            # a share's value belongs to its numerator: 高新技术产业产值|占规上工业总产值的比重|达61%
            share = _SHARE_AT_END.search(view, s, e)
            if share is not None and share.start() - s >= 2:
                e = share.start()
            # a named park (the reporting unit) before the indicator stays outside: 白银高新区|工业增加值
            pm = None
            for pm in _park_head_re().finditer(view, s, e):
                pass
            brand = None
            for brand in BRAND_PARK.finditer(view, s, e):
                pass
            if brand is not None and (pm is None or brand.end() > pm.end()):
                pm = brand  # 中国声谷|入驻企业
            if pm is not None and e - pm.end() >= 2:
                s = pm.end()
                while s < e - 2 and view[s] in "”’」\"":
                    s += 1  # “中国声谷”|新增入驻企业
            # so does a place or a zone's short name: 南沙|新设外商投资企业
            place = next((p for p in _sorted_places() if view.startswith(p, s) and e - s - len(p) >= 2), None)
            if place is not None:
                s += len(place)
                if view[s:s + 1] in ("市", "省", "县", "区") and e - s - 1 >= 2:
                    s += 1  # 郑州|市|跨境电商交易额
            s = _strip_left_junk(view, s, e)
            # strip light verbs / scope words at the left
            changed = True
            while changed and s < e:
                changed = False
                for w in light:
                    rest = view[s + len(w):e]
                    if view[s:e].startswith(w) and rest and rest not in _BARE_HEADS:
                        if w == "有" and rest.startswith("效"):  # 有效高新技术企业
                            continue
                        s += len(w)
                        changed = True
                        break
                if view[s:s + 1] in ("等", "的", "了", "和", "及"):
                    s += 1
                    changed = True
            s = _threshold_start(view, s, e, amounts)
            phrase = view[s:e]
            if not (2 <= len(phrase) <= 16):
                continue
            has_threshold = (s < e and s in {a for a, _ in amounts}) or _THRESHOLD_METRIC.fullmatch(phrase) is not None
            if (any(ch.isdigit() for ch in phrase) and not has_threshold) or "等" in phrase[1:]:
                continue
            if not any(phrase.endswith(h) for h in heads):
                continue
            if _is_share(phrase) or phrase == "增速":  # 增速高于全市1.4个百分点: a gap of the indicator before
                continue
            if _subsidy_rule(view, s, e, a_s):
                continue
            word = next((w for w in sorted(_INVESTMENT_WORDS, key=len, reverse=True) if phrase.endswith(w)), None)
            if word is not None:
                w_s = e - len(word)
                if _single_project_investment(view, w_s, a_s, a_e):
                    continue
                if any(view[s:w_s].endswith(v) for v in light):  # 重点项目完成投资 -> 投资
                    s, phrase = w_s, word
            if _project_figure(view, ctx.sentence_of(s)[0], e) or _is_denominator(view, s, e):
                continue
            out.append(self.vote(s, e, "METRIC"))
        return out


def metric_lfs(extra_names: list[str] | None = None) -> list[LabelingFunction]:
    return [MetricLexiconLF(extra_names), MetricGrammarLF()]
