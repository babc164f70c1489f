"""Span JSONL validation errors name file, line and field; writes are atomic."""
from __future__ import annotations

import json

import pytest

from zonener.spans import Document, Entity, Relation, SpanFormatError, read_jsonl, write_jsonl

TEXT = "白银高新区工业增加值增长15.03%"


def rec(**kw):
    base = {
        "id": "d1",
        "text": TEXT,
        "entities": [
            {"id": "T1", "start": 0, "end": 5, "label": "PARK", "text": "白银高新区"},
            {"id": "T2", "start": 5, "end": 10, "label": "METRIC", "text": "工业增加值"},
            {"id": "T3", "start": 12, "end": 18, "label": "AMOUNT", "text": "15.03%"},
        ],
        "relations": [{"head": "T1", "tail": "T2", "label": "has_metric"}, {"head": "T2", "tail": "T3", "label": "metric_value"}],
    }
    base.update(kw)
    return base


def write(tmp_path, *records, raw=None):
    p = tmp_path / "x.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if raw is not None:
        lines.append(raw)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_valid_round_trip(tmp_path):
    p = write(tmp_path, rec())
    docs = read_jsonl(p)
    out = tmp_path / "y.jsonl"
    write_jsonl(out, docs)
    assert read_jsonl(out)[0].to_dict() == docs[0].to_dict()
    assert [e.text for e in docs[0].entities] == ["白银高新区", "工业增加值", "15.03%"]


@pytest.mark.parametrize(
    "change,field,message",
    [
        (lambda r: r["entities"][0].update(text="白银"), "entities[0].text", "!="),
        (lambda r: r["entities"][1].update(start=3, text="新区工业增加值"), "entities", "overlap"),
        (lambda r: r["entities"][2].update(label="MONEY"), "entities[2].label", "unknown entity label"),
        (lambda r: r["relations"][0].update(tail="T9"), "relations[0].tail", "not an entity id"),
        (lambda r: r["relations"][1].update(label="has_metric"), "relations[1].label", "cannot link METRIC -> AMOUNT"),
        (lambda r: r["entities"][2].update(end=99), "entities[2].start", "out of range"),
    ],
)
def test_validation_errors_name_file_line_and_field(tmp_path, change, field, message):
    bad = rec(id="d2")
    change(bad)
    p = write(tmp_path, rec(), bad)
    with pytest.raises(SpanFormatError) as err:
        read_jsonl(p)
    assert f"x.jsonl:2 [{field}]" in str(err.value)
    assert message in str(err.value)


def test_malformed_json_names_line(tmp_path):
    p = write(tmp_path, rec(), raw='{"id": "d3", "text": ')
    with pytest.raises(SpanFormatError, match=r"x.jsonl:2: malformed JSON"):
        read_jsonl(p)


def test_atomic_write_keeps_old_file_on_error(tmp_path):
    out = tmp_path / "out.jsonl"
    write_jsonl(out, [Document("a", "甲")])

    def gen():
        yield Document("b", "乙")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_jsonl(out, gen())
    assert [d.id for d in read_jsonl(out)] == ["a"]
    assert list(tmp_path.iterdir()) == [out]


def test_renumber_sorts_and_remaps_relations():
    d = Document("x", TEXT, [Entity(5, 10, "METRIC", "工业增加值", "A"), Entity(0, 5, "PARK", "白银高新区", "B")], [Relation("B", "A", "has_metric")])
    d.renumber()
    assert [e.id for e in d.entities] == ["T1", "T2"] and d.entities[0].label == "PARK"
    assert (d.relations[0].head, d.relations[0].tail) == ("T1", "T2")
