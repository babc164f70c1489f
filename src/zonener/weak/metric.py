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
from .lf import DocContext, LabelingFunction, Vote, lexicons
from .numbers import amount_spans, date_spans

_CLAUSE_BREAK = frozenset("，,。！!？?；;：:、()（）《》\n“”\"")


@lru_cache(maxsize=1)
def _sorted(key: str) -> tuple[str, ...]:
    return tuple(sorted(set(lexicons()[key]), key=len, reverse=True))


@lru_cache(maxsize=1)
def _park_head_re() -> re.Pattern:
    heads = [h for h in lexicons()["park_heads"] if h not in ("园区", "小镇", "新城")]
    return re.compile("|".join(map(re.escape, sorted(heads, key=len, reverse=True))))


def _amount_sentences(ctx: DocContext) -> set[int]:
    return {ctx.sentence_id(s) for s, _ in amount_spans(ctx)}


def _is_attributive_investment(view: str, a_end: int) -> bool:
    """投资1.9亿元的<project>: the figure belongs to a single project."""
    return view[a_end:a_end + 1] == "的" or re.match(r"(?:实施|建设|用于|新建|对)", view[a_end:a_end + 2]) is not None


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
        for s, e, _ in self.matcher.find(ctx.view):
            sid = ctx.sentence_id(s)
            if sid not in sents:
                continue
            # a value must follow within the sentence
            if not any(a_s >= e and ctx.sentence_id(a_s) == sid for a_s, _ in amounts):
                continue
            out.append(self.vote(s, e, "METRIC"))
        return out


class MetricGrammarLF(LabelingFunction):
    name = "metric_grammar"
    labels = ("METRIC",)
    prior = 0.7

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out = []
        heads = _sorted("metric_heads")
        light = _sorted("metric_light_verbs")
        conn = _sorted("metric_connectors")
        dates = date_spans(ctx)
        date_ends = {e: s for s, e in dates}
        amounts = amount_spans(ctx)
        amount_ends = {e for _, e in amounts}
        for a_s, a_e in amounts:
            # clause start
            i = a_s
            lo = max(0, a_s - 24)
            while i > lo and view[i - 1] not in _CLAUSE_BREAK and (i not in amount_ends) and (i not in date_ends):
                i -= 1
            s, e = i, a_s
            # strip connectors at the right
            changed = True
            while changed and e > s:
                changed = False
                for c in conn:
                    if view[s:e].endswith(c) and e - len(c) >= s:
                        e -= len(c)
                        changed = True
                        break
            # strip light verbs / scope words at the left
            changed = True
            while changed and s < e:
                changed = False
                for w in light:
                    if view[s:e].startswith(w) and len(w) < e - s:
                        s += len(w)
                        changed = True
                        break
                if view[s:s + 1] in ("等", "的", "了", "和", "及"):
                    s += 1
                    changed = True
            # a named park (the reporting unit) before the indicator stays outside: 白银高新区|工业增加值
            pm = None
            for pm in _park_head_re().finditer(view, s, e):
                pass
            if pm is not None and e - pm.end() >= 2:
                s = pm.end()
            phrase = view[s:e]
            if not (2 <= len(phrase) <= 14):
                continue
            if any(ch.isdigit() for ch in phrase) or "等" in phrase[1:]:
                continue
            if not any(phrase.endswith(h) for h in heads):
                continue
            if phrase in ("投资", "总投资", "计划投资") and _is_attributive_investment(view, a_e):
                continue
            out.append(self.vote(s, e, "METRIC"))
        return out


def metric_lfs(extra_names: list[str] | None = None) -> list[LabelingFunction]:
    return [MetricLexiconLF(extra_names), MetricGrammarLF()]
