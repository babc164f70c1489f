"""Mention-replacement augmentation (training/augment.py)."""
from __future__ import annotations

from zonener.spans import Document, Entity, Relation, validate_document
from zonener.training.augment import augment_documents

TEXT = "白银高新区实现产值52亿元。推进“放管服”改革。"
POOLS = {"PARK": ["兰州新区", "西宁经开区"], "METRIC": ["税收", "营业收入"], "POLICY": ["人才新政", "亩均论英雄改革"]}


def _doc() -> Document:
    ents = [
        Entity(0, 5, "PARK", "白银高新区", "T1", 0.9),
        Entity(7, 9, "METRIC", "产值", "T2", 0.8),
        Entity(9, 13, "AMOUNT", "52亿元", "T3", 1.0),
        Entity(16, 23, "POLICY", "“放管服”改革", "T4", 0.7),
    ]
    rels = [Relation("T1", "T2", "has_metric"), Relation("T2", "T3", "metric_value")]
    return Document("d", TEXT, ents, rels)


def test_replacement_copies_are_valid_documents_that_keep_their_relations():
    out = augment_documents([_doc()], copies=4, replace_prob=1.0, pools=POOLS, seed=0)
    assert len(out) == 8  # two sentences with entities, four copies each
    for d in out:
        validate_document(d)  # offsets match the new text
        assert all(d.text[e.start : e.end] == e.text for e in d.entities)
    first = [d for d in out if "-s0-" in d.id]
    assert all({(r.head, r.tail, r.label) for r in d.relations} == {("T1", "T2", "has_metric"), ("T2", "T3", "metric_value")} for d in first)
    assert all(d.entity_by_id()["T1"].text in POOLS["PARK"] for d in first)
    amounts = {d.entity_by_id()["T3"].text for d in first}
    assert all(a.endswith("亿元") and len(a) == 4 for a in amounts) and amounts != {"52亿元"}


def test_copies_keep_every_entity_and_the_text_between_them():
    out = augment_documents([_doc()], copies=5, replace_prob=0.5, pools=POOLS, seed=1)
    assert [len(d.entities) for d in out] == [3] * 5 + [1] * 5
    assert all(d.text.startswith("推进") and d.text.endswith("。") for d in out if len(d.entities) == 1)
