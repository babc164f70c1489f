"""Self-training: teacher spans merged with weak spans, and a teacher–student run
that recovers entities the weak labels missed."""
from __future__ import annotations

import json

from zonener.spans import Document, Entity, read_jsonl, validate_document, write_jsonl
from zonener.training.self_training import merge_teacher_and_weak

from .test_train import fixture_docs, make_cfg, tiny_overrides


def test_merge_prefers_confident_teacher_spans_and_keeps_unopposed_weak_ones():
    text = "白银高新区工业增加值增长15%，兰州新区签约。"
    weak = Document("d", text, [
        Entity(0, 2, "ORG", "白银", "T1", 0.6),          # overlaps the teacher's PARK: dropped
        Entity(5, 10, "METRIC", "工业增加值", "T2", 0.8),  # the teacher misses it: kept
        Entity(16, 20, "PARK", "兰州新区", "T3", 0.7),     # the unsure teacher span does not win
    ])
    teacher = [(0, 5, "PARK", 0.97), (12, 15, "AMOUNT", 0.95), (16, 18, "ORG", 0.4)]
    out = merge_teacher_and_weak(weak, teacher, min_score=0.5)
    validate_document(out)
    assert [(e.start, e.end, e.label, e.score) for e in out.entities] == [
        (0, 5, "PARK", 0.97), (5, 10, "METRIC", 0.8), (12, 15, "AMOUNT", 0.95), (16, 20, "PARK", 0.7)
    ]
    assert [e.id for e in out.entities] == ["T1", "T2", "T3", "T4"] and out.text == text


def test_teacher_student_round_recovers_spans_the_weak_labels_missed(tmp_path):
    from zonener.train import run

    docs = fixture_docs(64, 1)
    for d in docs[::4]:  # the "rules" miss the park in every fourth sentence
        d.entities = [e for e in d.entities if e.label != "PARK"]
        d.renumber()
    train, dev = tmp_path / "train.jsonl", tmp_path / "dev.jsonl"
    write_jsonl(train, docs)
    write_jsonl(dev, fixture_docs(12, 2))
    cfg = make_cfg(*tiny_overrides(tmp_path, train, dev, "train.epochs=8", "model.lr=3e-3", "train.self_training.rounds=1", "train.self_training.min_score=0", "train.augment.copies=0"))
    metrics = run(cfg)
    out = tmp_path / "out"
    assert (out / "ner_round0" / "config.json").is_file() and (out / "ner" / "config.json").is_file()
    teacher = metrics["ner"]["self_training"][0]
    assert teacher["name"] == "ner_round0" and teacher["best_dev_f1"] >= 0.8
    relabelled = read_jsonl(out / "weak" / "self_training_round1.jsonl")
    missed = [d for d in relabelled if d.id in {f"d{i}" for i in range(0, 64, 4)}]
    assert len(relabelled) == 64 and len(missed) == 16
    recovered = sum(any(e.label == "PARK" and e.start == d.text.index(e.text) for e in d.entities) for d in missed)
    assert recovered / len(missed) >= 0.6  # the weak labels had none of them
    assert metrics["ner"]["best_dev_f1"] >= 0.8
    assert "Self-training: teacher `ner_round0`" in (out / "README.md").read_text(encoding="utf-8")
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8"))["ner"]["self_training"][0]["min_score"] == teacher["min_score"]
