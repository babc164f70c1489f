"""The evaluator against hand-computed scores."""
from __future__ import annotations

import json

import pytest

from zonener.evaluate import char_tags, evaluate_documents, main
from zonener.spans import Document, Entity, Relation, write_jsonl

TEXT = "白银高新区工业增加值增长15.03%，固定资产投资增长114%。"


def gold():
    ents = [
        Entity(0, 5, "PARK", "白银高新区", "T1"),
        Entity(5, 10, "METRIC", "工业增加值", "T2"),
        Entity(12, 18, "AMOUNT", "15.03%", "T3"),
        Entity(19, 25, "METRIC", "固定资产投资", "T4"),
        Entity(27, 31, "AMOUNT", "114%", "T5"),
    ]
    rels = [Relation("T1", "T2", "has_metric"), Relation("T2", "T3", "metric_value"), Relation("T4", "T5", "metric_value")]
    return Document("d", TEXT, ents, rels)


def test_char_tags():
    assert char_tags(6, [Entity(1, 3, "PARK", "")]) == ["O", "B-PARK", "I-PARK", "O", "O", "O"]


def test_perfect_prediction_scores_one():
    r = evaluate_documents([gold()], [gold()])
    assert r["ner"]["micro"]["f1"] == 1.0 and r["relations"]["micro"]["f1"] == 1.0


def test_partial_overlap_is_wrong_in_strict_mode():
    pred = gold()
    # 白银高新 instead of 白银高新区 (partial overlap), 15.03% wrong type, one METRIC missing
    pred.entities = [
        Entity(0, 4, "PARK", "白银高新", "T1"),
        Entity(5, 10, "METRIC", "工业增加值", "T2"),
        Entity(12, 18, "DATE", "15.03%", "T3"),
        Entity(27, 31, "AMOUNT", "114%", "T5"),
    ]
    pred.relations = [Relation("T2", "T3", "metric_value"), Relation("T1", "T2", "has_metric")]
    r = evaluate_documents([gold()], [pred])
    ner = r["ner"]
    # correct: 工业增加值, 114%  -> P = 2/4, R = 2/5
    assert ner["micro"]["precision"] == pytest.approx(0.5)
    assert ner["micro"]["recall"] == pytest.approx(0.4)
    assert ner["micro"]["f1"] == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert ner["per_type"]["PARK"]["f1"] == 0.0
    assert ner["per_type"]["METRIC"]["recall"] == pytest.approx(0.5)
    rel = r["relations"]
    # (工业增加值 -> 15.03%, metric_value) has the right spans: counted correct; the has_metric head span is wrong
    assert rel["micro"]["precision"] == pytest.approx(0.5)
    assert rel["micro"]["recall"] == pytest.approx(1 / 3)


def test_missing_documents_are_counted_and_scored_as_empty():
    other = Document("e", "西宁开发区", [Entity(0, 5, "PARK", "西宁开发区", "T1")])
    r = evaluate_documents([gold(), other], [gold()])
    assert r["documents"]["missing"] == 1 and r["documents"]["missing_ids"] == ["e"]
    assert r["ner"]["micro"]["recall"] == pytest.approx(5 / 6)


def test_cli_writes_json(tmp_path, capsys):
    g = tmp_path / "g.jsonl"
    write_jsonl(g, [gold()])
    out = tmp_path / "scores.json"
    assert main(["--gold", str(g), "--pred", str(g), "--json", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["ner"]["micro"]["f1"] == 1.0
    assert "micro" in capsys.readouterr().out


def test_cli_reports_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["--gold", str(bad), "--pred", str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err
