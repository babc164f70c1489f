from zonener.spans import Document, Entity, validate_document
from zonener.weak import WeakLabeler, label_relations
from zonener.weak.aggregate import LabelModelAggregator, VoteAggregator, flatten
from zonener.weak.lf import Vote

TEXT = ("今年以来,白银高新区深入实施“四强”行动。1-8月,高新区工业增加值同比增长15.03%,固定资产投资同比增长114%。"
        "引进落地中核钛白全钒液流储能全产业链项目、银石中科年产10万吨纳米氧化锌等产业项目9个,签约总额达126亿元。")


def test_vote_and_label_model_probabilities():
    votes = [Vote(0, 3, "PARK", "a"), Vote(0, 3, "PARK", "b"), Vote(0, 3, "O", "neg"), Vote(5, 7, "DATE", "c")]
    w = {"a": 0.8, "b": 0.7, "neg": 0.5, "c": 0.9}
    for agg in (VoteAggregator(w), LabelModelAggregator(w)):
        agg.fit([votes])
        res = {(s.start, s.end): s for s in agg.aggregate(votes)}
        assert res[(0, 3)].label == "PARK" and 0 < res[(0, 3)].prob <= 1
        assert res[(5, 7)].label == "DATE" and res[(5, 7)].prob > 0.5


def test_flatten_longest_higher_level_wins():
    from zonener.weak.aggregate import Scored
    c = [Scored(0, 10, "PROJECT", 0.8, ("x",)), Scored(4, 8, "AMOUNT", 0.95, ("y",)), Scored(9, 12, "ORG", 0.9, ("z",))]
    out = flatten(c)
    assert [(s.start, s.end, s.label) for s in out] == [(0, 10, "PROJECT")]


def test_both_aggregators_valid_and_deterministic():
    for agg in ("vote", "hmm"):
        lab = WeakLabeler.from_resources(aggregator=agg)
        a = lab.label([Document("d", TEXT)])[0]
        b = WeakLabeler.from_resources(aggregator=agg).label([Document("d", TEXT)])[0]
        validate_document(a)
        assert a.to_dict() == b.to_dict()
        assert [e.id for e in a.entities] == [f"T{i}" for i in range(1, len(a.entities) + 1)]
        labels = {(e.text, e.label) for e in a.entities}
        assert ("中核钛白全钒液流储能全产业链项目", "PROJECT") in labels
        assert ("银石中科年产10万吨纳米氧化锌", "PROJECT") in labels  # contains an AMOUNT: stays one PROJECT
        assert ("高新区", "PARK") not in labels


def test_from_gold_and_relations_on_gold_entities():
    gold = Document("g", TEXT, [Entity(5, 10, "PARK", "白银高新区", "T1")])
    lab = WeakLabeler.from_gold([gold])
    assert "白银高新区" in lab.gazetteer["names"]["PARK"]
    text = "1-8月,工业增加值同比增长15.03%。"
    d = Document("r", text, [Entity(0, 4, "DATE", "1-8月", "T1"), Entity(5, 10, "METRIC", "工业增加值", "T2"),
                             Entity(14, 20, "AMOUNT", "15.03%", "T3")])
    rels = {(r.head, r.tail, r.label) for r in label_relations(d)}
    assert rels == {("T2", "T3", "metric_value"), ("T2", "T1", "metric_time")}
    assert all(r.score is not None for r in label_relations(d))
