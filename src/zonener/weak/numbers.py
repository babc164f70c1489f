"""AMOUNT and DATE grammars (regular expressions over the matching view).

SCHEMA decisions honoured here:
- AMOUNT drops leading qualifiers (约/近/超/达/逾) and trailing 以上/左右 — they
  are simply outside the grammar; keeps 多/余 and whole ranges.
- Chinese numerals count only as a figure's value (千亿元, 九成), not narrative
  counts (四个方面, 五大产业, 两个月).
- 2023年 is DATE; 30年 / 30多年 (not a plausible year) is a duration → AMOUNT.
- DATE keeps 以来, drops 截至; 近日/日前/目前/近年来 are negative DATE votes.
- Rate units stay inside (1.5万吨/年), so does a sign (-6.3%) and a counted unit
  (52批次); Chinese fractions (三分之一) are AMOUNT.
- A threshold that defines a class of projects (10亿元以上项目, 5亿元至10亿元项目)
  belongs to a METRIC name, so it is not an AMOUNT of its own.
- 2020年度, 前8月, 今年前9个月, 今年首三季 are single DATEs; a bare year opening an
  event name (2023…推介会) is a DATE.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lf import NEG, DocContext, LabelingFunction, Vote, lexicons

_NUM = r"\d+(?:[.,]\d+)*(?:/\d+)?"
_CN_DIGIT = "零〇一二两三四五六七八九十百千"
_CN_NUM = rf"[{_CN_DIGIT}]+"


@lru_cache(maxsize=1)
def _units_re() -> str:
    units = sorted(lexicons()["amount_units"], key=len, reverse=True)
    units = [u for u in units if u not in ("万", "亿", "成", "年")]
    return "|".join(re.escape(u) for u in units)


@lru_cache(maxsize=1)
def amount_regex() -> re.Pattern:
    u = _units_re()
    mag = r"(?:[十百千万亿]{0,3})"
    approx = r"(?:多|余)?"
    per = r"(?:/(?:年|月|天|日|小时))?"  # rates: 1.5万吨/年
    one = rf"{_NUM}{approx}{mag}{approx}(?:(?:{u}){per}|%|‰)"
    one_or_bare = rf"{_NUM}{approx}{mag}{approx}(?:(?:{u}){per}|%|‰)?"
    rng = rf"{one_or_bare}\s?(?:-|~|～|—|至|到)\s?{one}"
    year = r"\d{1,3}(?:多|余)?年"  # durations (not a 4-digit year)
    sign = r"(?:-(?=\d))?"  # a minus sign not glued to a digit is part of the value (-6.3%)
    return re.compile(rf"(?<![\dA-Za-z.第])(?:{sign}(?:{rng}|{one})|{year}(?![\d月度底末初]))")


_CN_FRACTION = rf"[{_CN_DIGIT}]+分之[{_CN_DIGIT}]+(?:点[{_CN_DIGIT}]+)?"  # 三分之一, 百分之二十
_CN_AMOUNT = re.compile(rf"(?<![{_CN_DIGIT}第])(?:{_CN_FRACTION}|[{_CN_DIGIT}]+[万亿]+(?:元|美元|平方米|吨)|[{_CN_DIGIT}]+(?:万|亿)?元|[一二三四五六七八九]成(?![立功为果本员长熟效绩交品型])|[一二三四五六七八九十]+倍)")

_Y = r"(?:19|20)\d{2}"
# the first N months / quarters of a year: 前8月, 前9个月, 前三季度, 首三季
_FIRST_N = r"(?:前(?:\d{1,2}|[一二两三四五六七八九十]{1,2})个?月(?:份)?|[前首][一二三]季度?)"
_DATE_ABS = re.compile(
    rf"{_Y}-\d{{1,2}}-\d{{1,2}}"
    rf"|{_Y}\.\d{{1,2}}\.\d{{1,2}}"
    rf"|{_Y}年(?:度|(?:\d{{1,2}}(?:-\d{{1,2}})?|[一二三四五六七八九十]{{1,2}})月(?:份)?(?:\d{{1,2}}日)?)?"
    rf"(?:(?:上|下)半年|{_FIRST_N}|[一二三四]季度|第[一二三四]季度|末|底|初|中旬|上旬|下旬|以来|年初|年底)?"
    rf"(?:-{_Y}年)?"
    rf"|(?<![\d.])\d{{1,2}}(?:[-—~～]\d{{1,2}})?月(?:份)?(?:\d{{1,2}}(?:-\d{{1,2}})?日)?(?:末|底|初|中旬|上旬|下旬|以来)?"
    rf"|(?<![\d.提此之以目当日])前\d{{1,2}}个?月(?:份)?"  # 前8月 (not 提前3个月, 此前)
    rf"|(?<![\d.])\d{{1,2}}日"
)


# five-year-plan periods: “十四五”期间 keeps its quotes, “十四五”的开局 tags 十四五 only
# (“十四五”规划 is a POLICY name, so a bare 十四五 needs 的/以来 after the quote)
_FIVE_YEAR = re.compile(
    r"“十[一二三四五六七八九]五”(?:期间|时期)|十[一二三四五六七八九]五(?:期间|时期)"
    r"|(?<=“)十[一二三四五六七八九]五(?=”(?:的|以来))"
)
# a year followed by a whole-year word is one DATE: 2022年全年, 今年年底
_YEAR_HEAD = re.compile(rf"(?:{_Y}年|今年|去年|明年|上年)")
_YEAR_TAIL = ("全年", "年底", "年初", "年末", "年内")

# heads of event names; a bare year opening such a name is its DATE (2023青岛…推介会)
_EVENT_HEADS = "大会|论坛|峰会|博览会|交易会|洽谈会|推介会|对接会|招商会|发布会|年会|大赛|展览会|展会|会议"


@lru_cache(maxsize=1)
def _event_year_re() -> re.Pattern:
    # the year is followed by a name (not by a unit: 2024家, 2024年), then an event head
    # within the same clause (brackets allowed: 2023青岛(上海)…)
    unit_starts = "".join(sorted({u[0] for u in lexicons()["amount_units"]} | set("年月日号届")))
    return re.compile(
        rf"(?<![\dA-Za-z.\-]){_Y}(?=[^\W\d_{re.escape(unit_starts)}A-Za-z]"
        rf"[^，,。！？!?；;：:、\n“”\"]{{0,30}}?(?:{_EVENT_HEADS}))"
    )


@lru_cache(maxsize=1)
def _date_rel_re() -> re.Pattern:
    rel = sorted(lexicons()["date_relative"], key=len, reverse=True)
    # 当年 is generic (当年申报, 当年竣工投产), never a dated period
    rel = [r for r in rel if r not in ("今后", "同期", "当年")]
    suffix = rf"(?:\d{{1,2}}(?:-\d{{1,2}})?月(?:份)?(?:末|底)?|以来|上半年|下半年|{_FIRST_N}|一季度|二季度|三季度|四季度|底|初|末)?"
    return re.compile(rf"(?:{'|'.join(map(re.escape, rel))}){suffix}")


def _date_matches(view: str) -> list[tuple[int, int]]:
    out = []
    for m in _DATE_ABS.finditer(view):
        s, e = m.span()
        if m.group().endswith("日") and len(m.group()) <= 3 and not view[max(0, s - 1):s] == "月":
            # bare "15日" only right after a month expression already matched
            continue
        out.append((s, e))
    out.extend(m.span() for m in _event_year_re().finditer(view))
    out.extend(m.span() for m in _FIVE_YEAR.finditer(view))
    for m in _date_rel_re().finditer(view):
        s, e = m.span()
        # 全年/当年 followed by a noun-forming char is fine; 年内 as in 年内 ok
        out.append((s, e))
    out.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    merged: list[tuple[int, int]] = []
    for s, e in out:
        if merged and s < merged[-1][1]:
            continue
        # join "今年" + "1-8月" written adjacently
        if merged and s == merged[-1][1] and view[merged[-1][0]:merged[-1][1]] in ("今年", "去年", "上年", "明年") and view[s].isdigit():
            merged[-1] = (merged[-1][0], e)
            continue
        if merged and s == merged[-1][1] and view[s:e] in _YEAR_TAIL and _YEAR_HEAD.fullmatch(view[merged[-1][0]:s]):
            merged[-1] = (merged[-1][0], e)
            continue
        merged.append((s, e))
    return merged


def date_spans(ctx: DocContext) -> list[tuple[int, int]]:
    if "dates" not in ctx.cache:
        ctx.cache["dates"] = _date_matches(ctx.view)
    return ctx.cache["dates"]


_THRESHOLD_TAIL = re.compile(r"(?:以上|以下)项目")
_RANGE_MARK = re.compile(r"[-~～—至到]")


def _is_class_threshold(view: str, s: int, e: int) -> bool:
    """10亿元以上项目 / 5亿元至10亿元项目: the money figure names a class of projects
    (part of a METRIC), it is not a value. A single figure needs 以上/以下 because
    最高1000万元项目资助 is a plain amount."""
    if not view[s:e].endswith("元"):
        return False
    if _THRESHOLD_TAIL.match(view, e):
        return True
    return view.startswith("项目", e) and bool(_RANGE_MARK.search(view, s, e))


def amount_spans(ctx: DocContext) -> list[tuple[int, int]]:
    """AMOUNT spans (Arabic and Chinese numerals) that do not overlap a DATE."""
    if "amounts" in ctx.cache:
        return ctx.cache["amounts"]
    view = ctx.view
    dates = date_spans(ctx)
    occupied = set()
    for s, e in dates:
        occupied.update(range(s, e))
    out = []
    for rx in (amount_regex(), _CN_AMOUNT):
        for m in rx.finditer(view):
            s, e = m.span()
            g = m.group()
            if any(i in occupied for i in range(s, e)):
                continue
            if rx is _CN_AMOUNT and g.endswith("元") and len(g) == 2 and g[0] in "一两":
                continue
            # digits glued to latin letters (型号, G20) are not amounts
            if e < len(view) and view[e - 1].isdigit():
                continue
            out.append((s, e))
    out.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    flat: list[tuple[int, int]] = []
    for s, e in out:
        if flat and s < flat[-1][1]:
            continue
        flat.append((s, e))
    ctx.cache["amounts"] = flat
    return flat


class AmountGrammarLF(LabelingFunction):
    name = "amount_grammar"
    labels = ("AMOUNT",)
    prior = 0.9

    def apply(self, ctx: DocContext) -> list[Vote]:
        # thresholds stay in amount_spans (the METRIC LFs read them) but get no AMOUNT vote
        return [self.vote(s, e, "AMOUNT") for s, e in amount_spans(ctx) if not _is_class_threshold(ctx.view, s, e)]


class PercentLF(LabelingFunction):
    """A second, very precise AMOUNT voter: percentages and 个百分点."""

    name = "amount_percent"
    labels = ("AMOUNT",)
    prior = 0.97
    _rx = re.compile(r"(?:(?<![\dA-Za-z.])-(?=\d))?(?<![\d.])\d+(?:\.\d+)?(?:%|‰|个百分点)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        return [self.vote(*m.span(), "AMOUNT") for m in self._rx.finditer(ctx.view)]


class DateGrammarLF(LabelingFunction):
    name = "date_grammar"
    labels = ("DATE",)
    prior = 0.9

    def apply(self, ctx: DocContext) -> list[Vote]:
        return [self.vote(s, e, "DATE") for s, e in date_spans(ctx)]


class VagueDateNegLF(LabelingFunction):
    """Negative votes on vague time words (近日, 日前, 目前, 近年来) and bare years in counts."""

    name = "date_vague_neg"
    labels = (NEG,)
    prior = 0.95

    def apply(self, ctx: DocContext) -> list[Vote]:
        words = lexicons()["date_not"]
        rx = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
        return [self.vote(*m.span(), NEG) for m in rx.finditer(ctx.view)]


def number_lfs() -> list[LabelingFunction]:
    return [AmountGrammarLF(), PercentLF(), DateGrammarLF(), VagueDateNegLF()]
