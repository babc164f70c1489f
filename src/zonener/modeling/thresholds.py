"""Entity score thresholds: which predicted spans are kept.

Torch-free, so the command-line front ends can name the defaults without
loading a model.
"""
from __future__ import annotations

from collections.abc import Sequence

# a sibling of a confident 、-list item needs only this score: more likely an entity than not
DEFAULT_LIST_MIN_SCORE = 0.5
# the shortest entity the schema has (a two-character name, 12家, 今年)
MIN_ENTITY_CHARS = 2
_CLAUSE_BREAKS = frozenset("，,。；;：:！!？?\n")


def keep_confident_spans(text: str, spans: Sequence[tuple[int, int, str, float]], min_score: float, list_min_score: float | None = DEFAULT_LIST_MIN_SCORE) -> list[tuple[int, int, str, float]]:
    """Spans scoring at least ``min_score``, plus the items of a 、-list whose
    sibling made it: a span scoring at least ``list_min_score`` that stands
    next to a 、 is kept when a kept span of its label stands next to a 、 in
    the same clause (甲、乙、丙等6个项目: one confident item vouches for the
    others). ``list_min_score`` None, or not below ``min_score``: the plain
    threshold. With a threshold in force (``min_score`` > 0) a one-character
    span is dropped too: no entity type of the schema is one character long
    (中 of 中国工程院, a stray ►); ``min_score`` 0 returns the decoding as is."""
    kept = [sp for sp in spans if sp[3] >= min_score and (min_score <= 0 or sp[1] - sp[0] >= MIN_ENTITY_CHARS)]
    if list_min_score is None or list_min_score >= min_score:
        return kept

    def in_list(s: int, e: int) -> bool:
        return (e < len(text) and text[e] == "、") or (s > 0 and text[s - 1] == "、")

    def clause(s: int) -> int:
        while s > 0 and text[s - 1] not in _CLAUSE_BREAKS:
            s -= 1
        return s

    anchors = {(clause(s), lab) for s, e, lab, _ in kept if in_list(s, e)}
    rescued = [sp for sp in spans if list_min_score <= sp[3] < min_score and sp[1] - sp[0] >= MIN_ENTITY_CHARS
               and in_list(sp[0], sp[1]) and (clause(sp[0]), sp[2]) in anchors]
    return sorted(kept + rescued, key=lambda sp: (sp[0], sp[1]))
