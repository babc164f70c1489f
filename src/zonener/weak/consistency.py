"""Document-level consistency LF.

A second pass: names that the first aggregation accepted with a high score
(PARK, ORG, PERSON, POLICY, PROJECT) are proposed again at every other
occurrence in the same document (周栋 after 书记周栋 → 周栋说 …).
METRIC is excluded (it needs a value in its own sentence); DATE/AMOUNT are
grammar-based already. A bare head word (开发区, 项目, 有限公司) names nothing
and is never proposed, however it was accepted.
"""
from __future__ import annotations

from functools import lru_cache

from .gazetteer import Matcher
from .lf import DocContext, LabelingFunction, Vote, lexicons

PROPAGATE = ("PARK", "ORG", "PERSON", "POLICY", "PROJECT")


@lru_cache(maxsize=1)
def bare_heads() -> frozenset[str]:
    lex = lexicons()
    return frozenset(w for key in ("park_heads", "park_weak_heads", "project_heads", "policy_heads", "org_suffixes") for w in lex.get(key, []))


class DocConsistencyLF(LabelingFunction):
    name = "doc_consistency"
    labels = PROPAGATE
    prior = 0.8

    def __init__(self, min_score: float = 0.6, min_len: int = 2):
        self.min_score, self.min_len = min_score, min_len

    def apply_with(self, ctx: DocContext, accepted) -> list[Vote]:
        entries = sorted({(ctx.view[a.start:a.end], a.label) for a in accepted
                          if a.label in PROPAGATE and a.prob >= self.min_score and a.end - a.start >= self.min_len}
                         - {(w, lab) for w in bare_heads() for lab in PROPAGATE})
        # a string with two labels in one document is ambiguous: skip it
        by_str: dict[str, set[str]] = {}
        for s, lab in entries:
            by_str.setdefault(s, set()).add(lab)
        entries = [(s, lab) for s, lab in entries if len(by_str[s]) == 1]
        if not entries:
            return []
        m = Matcher(entries)
        return [self.vote(s, e, lab) for s, e, lab in m.find(ctx.view)]

    def apply(self, ctx: DocContext) -> list[Vote]:  # needs first-pass output
        return []
