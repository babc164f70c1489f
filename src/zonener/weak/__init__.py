"""Weak supervision for zonener: labeling functions, aggregation, relations.

Public API::

    from zonener.weak import WeakLabeler, label_relations
    labeler = WeakLabeler.from_resources()          # or WeakLabeler.from_gold(gold_docs)
    docs = labeler.label(docs)                       # entities + relations with scores
"""
from __future__ import annotations

from .labeler import DEFAULT_AGGREGATOR, WeakLabeler
from .relations import label_relations

__all__ = ["WeakLabeler", "label_relations", "DEFAULT_AGGREGATOR"]
