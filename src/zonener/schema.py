"""The zonener schema: entity labels, relation types and their type signatures.

This module is the single source of truth; every other module imports its
labels from here. It mirrors ``SCHEMA.md`` (shipped beside the project in
``../shared``) and ``docs/annotation-guide.md``.
"""
from __future__ import annotations

ENTITY_LABELS: tuple[str, ...] = (
    "PARK",
    "PROJECT",
    "POLICY",
    "METRIC",
    "AMOUNT",
    "ORG",
    "PERSON",
    "DATE",
)

ENTITY_DESCRIPTIONS: dict[str, str] = {
    "PARK": "a named industrial park or zone (高新区, 经开区, 工业园, 产业园, 新区, branded clusters)",
    "PROJECT": "a specific named project, production line, base, plant or engineering work",
    "POLICY": "a named policy, regulation, plan, document, reform, programme or action",
    "METRIC": "the name of an indicator that is quantified in the same sentence",
    "AMOUNT": "a number with its unit, a percentage or percentage points",
    "ORG": "a named company, institution, university, research body or government body",
    "PERSON": "a person's name",
    "DATE": "an absolute or relative date or period",
}

NO_RELATION = "no_relation"

#: relation label -> (allowed head labels, allowed tail labels)
RELATION_SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "located_in": (frozenset({"PROJECT", "ORG"}), frozenset({"PARK"})),
    "has_metric": (frozenset({"PARK"}), frozenset({"METRIC"})),
    "metric_value": (frozenset({"METRIC"}), frozenset({"AMOUNT"})),
    "metric_time": (frozenset({"METRIC"}), frozenset({"DATE"})),
    "project_amount": (frozenset({"PROJECT"}), frozenset({"AMOUNT"})),
    "invests_in": (frozenset({"ORG"}), frozenset({"PROJECT"})),
    "implements": (frozenset({"PARK", "ORG"}), frozenset({"POLICY"})),
    "works_for": (frozenset({"PERSON"}), frozenset({"PARK", "ORG"})),
}

RELATION_LABELS: tuple[str, ...] = tuple(RELATION_SIGNATURES)
#: relation classifier classes: ``no_relation`` first, then the 8 relation types
RELATION_CLASSES: tuple[str, ...] = (NO_RELATION, *RELATION_LABELS)

#: characters that end a sentence (SCHEMA.md: 。！？；;!? and newline)
SENTENCE_END_CHARS: frozenset[str] = frozenset("。！？；;!?\n")


def bio_labels() -> list[str]:
    """IOB2 tag inventory: ``O`` then ``B-X``/``I-X`` for every entity label."""
    tags = ["O"]
    for label in ENTITY_LABELS:
        tags += [f"B-{label}", f"I-{label}"]
    return tags


def relations_for(head_label: str, tail_label: str) -> list[str]:
    """Relation labels whose signature admits ``head_label -> tail_label``."""
    return [
        rel
        for rel, (heads, tails) in RELATION_SIGNATURES.items()
        if head_label in heads and tail_label in tails
    ]


def is_valid_pair(head_label: str, tail_label: str) -> bool:
    """True when some relation type admits this ordered pair of entity labels."""
    return bool(relations_for(head_label, tail_label))
