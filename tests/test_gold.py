"""Checks on the hand-annotated gold set data/gold/seeds.jsonl.

The gold file is the reference every metric in the project is computed
against, so it must follow SCHEMA.md and docs/annotation-guide.md exactly.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from zonener.evaluate import evaluate_documents
from zonener.schema import ENTITY_LABELS, RELATION_LABELS, SENTENCE_END_CHARS
from zonener.spans import read_jsonl, validate_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "data" / "gold" / "seeds.jsonl"
SEEDS = ROOT / "seeds"

# Opening and closing quote marks / brackets. A span may start with an opening
# quote only when the quote is internal to the name (“放管服”改革), and may end
# with a closing bracket or quote only when its opener is inside the span and
# not at its first character (南京高新区(江宁园)). Enclosing marks never belong
# to a span.
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "(": ")", "（": "）", "【": "】", "[": "]"}
OPENERS = set(PAIRS)
CLOSERS = {v: k for k, v in PAIRS.items()}
PUNCT = set("，,。.、；;：:！!？?《》〈〉…—–-·/\\|~～\"'*#@&^`")
BAD_START = PUNCT | set(CLOSERS)
BAD_END = PUNCT | OPENERS
LEADING_QUALIFIERS = ("约", "近", "超", "达", "逾")


@pytest.fixture(scope="module")
def gold():
    return read_jsonl(GOLD)


def seed_stems() -> list[str]:
    return sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_gold_loads_and_validates(gold):
    assert gold, "gold file is empty"
    for doc in gold:
        validate_document(doc, str(GOLD))
        for e in doc.entities:
            assert doc.text[e.start : e.end] == e.text, (doc.id, e)
        # ids T1..Tn in offset order
        assert [e.id for e in doc.entities] == [f"T{i}" for i in range(1, len(doc.entities) + 1)], doc.id
        starts = [(e.start, e.end) for e in doc.entities]
        assert starts == sorted(starts), doc.id


def test_five_records_matching_the_seed_files(gold):
    stems = seed_stems()
    assert len(gold) == 5
    assert [d.id for d in gold] == stems
    for doc in gold:
        with open(SEEDS / f"{doc.id}.txt", encoding="utf-8") as fh:
            assert doc.text == fh.read(), doc.id


def test_every_entity_and_relation_type_present(gold):
    ent = Counter(e.label for d in gold for e in d.entities)
    rel = Counter(r.label for d in gold for r in d.relations)
    assert set(ENTITY_LABELS) <= set(ent), set(ENTITY_LABELS) - set(ent)
    assert set(RELATION_LABELS) <= set(rel), set(RELATION_LABELS) - set(rel)


def test_self_evaluation_is_perfect(gold):
    result = evaluate_documents(gold, gold)
    assert result["documents"]["missing"] == 0
    assert result["ner"]["micro"]["f1"] == pytest.approx(1.0)
    assert result["relations"]["micro"]["f1"] == pytest.approx(1.0)
    assert result["relations"]["micro"]["support"] == sum(len(d.relations) for d in gold)


def _boundary_problem(t: str) -> str | None:
    if t != t.strip():
        return "surrounding whitespace"
    first, last = t[0], t[-1]
    if first in OPENERS:
        close = PAIRS[first]
        k = t.find(close, 1)
        if k == -1 or k == len(t) - 1:
            return f"enclosing or unbalanced {first}{close}"
    elif first in BAD_START and not (first in "-+−" and t[1:2].isdigit()):  # a signed figure (-6.3%) keeps its sign
        return f"starts with {first!r}"
    if last in CLOSERS:
        opener = CLOSERS[last]
        j = t.rfind(opener, 0, len(t) - 1)
        if j <= 0:
            return f"enclosing or unbalanced {opener}{last}"
    elif last in BAD_END:
        return f"ends with {last!r}"
    return None


def test_no_entity_has_surrounding_punctuation_or_quotes(gold):
    bad = []
    for doc in gold:
        for e in doc.entities:
            why = _boundary_problem(e.text)
            if why:
                bad.append((doc.id, e.id, e.text, why))
    assert not bad, bad


def test_boundary_checker_itself():
    assert _boundary_problem("“放管服”改革") is None
    assert _boundary_problem("南京高新区(江宁园)") is None
    assert _boundary_problem("“中国康湾”") is not None
    assert _boundary_problem("《招商引资优惠政策清单》") is not None
    assert _boundary_problem("白银高新区,") is not None
    assert _boundary_problem(" 周栋") is not None


def test_no_amount_starts_with_a_qualifier(gold):
    bad = [(d.id, e.text) for d in gold for e in d.entities if e.label == "AMOUNT" and e.text.startswith(LEADING_QUALIFIERS)]
    assert not bad, bad


def test_relations_stay_within_one_sentence_and_are_unique(gold):
    for doc in gold:
        ents = doc.entity_by_id()
        seen = set()
        for r in doc.relations:
            h, t = ents[r.head], ents[r.tail]
            lo, hi = min(h.start, t.start), max(h.end, t.end)
            assert not any(c in SENTENCE_END_CHARS for c in doc.text[lo:hi]), (doc.id, r)
            key = (r.head, r.tail, r.label)
            assert key not in seen, (doc.id, r)
            seen.add(key)


CORPUS = ROOT / "data" / "corpus"


@pytest.mark.parametrize("split,n_docs", [("test", 16), ("dev", 20), ("dev2", 20), ("dev3", 20), ("dev4", 20)])
def test_synthetic_gold_sets_are_valid_and_held_out(split, n_docs):
    """The annotated synthetic articles (dev: error analysis and model
    selection; test: final scores only) follow the span rules, match their
    text files and never appear in the training corpus or in each other."""
    docs = read_jsonl(ROOT / "data" / "gold" / f"synthetic_{split}.jsonl")
    assert len(docs) == n_docs
    for d in docs:
        validate_document(d)
        src = CORPUS / f"synthetic-{split}" / (d.id + ".txt")
        assert src.read_text(encoding="utf-8") == d.text
        assert not [e.text for e in d.entities if _boundary_problem(e.text)]
        assert not [e.text for e in d.entities if e.label == "AMOUNT" and e.text.startswith(LEADING_QUALIFIERS)]
    test_relations_stay_within_one_sentence_and_are_unique(docs)
    train_texts = {p.read_text(encoding="utf-8") for p in (CORPUS / "synthetic").glob("*.txt")}
    other = "dev" if split == "test" else "test"
    other_texts = {p.read_text(encoding="utf-8") for p in (CORPUS / f"synthetic-{other}").glob("*.txt")}
    assert len(train_texts) == 348 and not (train_texts | other_texts) & {d.text for d in docs}
    labels = Counter(e.label for d in docs for e in d.entities)
    assert set(labels) == set(ENTITY_LABELS)
    assert set(r.label for d in docs for r in d.relations) == set(RELATION_LABELS)
    assert evaluate_documents(docs, docs)["ner"]["micro"]["f1"] == 1.0
