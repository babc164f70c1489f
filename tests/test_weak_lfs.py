"""Each LF family on small hand-written sentences (incl. traditional characters)."""
from zonener.spans import Document
from zonener.weak import WeakLabeler
from zonener.weak.lf import DocContext
from zonener.weak.linguistic import PersonBylineLF, PersonTitleLF
from zonener.weak.metric import MetricGrammarLF, MetricLexiconLF
from zonener.weak.numbers import amount_spans, date_spans
from zonener.weak.patterns import BookTitleLF, ParkHeadLF, QuotedProgrammeLF


def _texts(text, spans):
    return [text[s:e] for s, e in spans]


def _votes(lf, text, label=None):
    return [text[v.start:v.end] for v in lf.apply(DocContext(text)) if label is None or v.label == label]


def test_amount_qualifiers_dropped_and_approx_kept():
    t = "签约总额达126亿元,引进企业1500多家,增长约15.03%左右,新增5.4个百分点,超300余亩以上"
    assert _texts(t, amount_spans(DocContext(t))) == ["126亿元", "1500多家", "15.03%", "5.4个百分点", "300余亩"]


def test_amount_traditional_and_chinese_numerals():
    t = "打造千億元鋰電產業,總投資4.72萬億元,四个方面和五大产业不算"
    assert _texts(t, amount_spans(DocContext(t))) == ["千億元", "4.72萬億元"]


def test_duration_vs_year():
    t = "建区30多年来,2023年完成投资,经过30年发展"
    ctx = DocContext(t)
    assert _texts(t, amount_spans(ctx)) == ["30多年", "30年"]
    assert _texts(t, date_spans(ctx)) == ["2023年"]


def test_date_grammar():
    t = "今年以来,1-8月,2017-07-13,前三季度,今年上半年,截至2017年6月末。近日,目前,近年来。"
    assert _texts(t, date_spans(DocContext(t))) == ["今年以来", "1-8月", "2017-07-13", "前三季度", "今年上半年", "2017年6月末"]


def test_park_head_and_generic():
    t = "访白银高新区党工委书记。1-8月,高新区工业增加值增长。西寧經濟技術開發區位于青海。"
    assert _votes(ParkHeadLF(), t, "PARK") == ["白银高新区", "西寧經濟技術開發區"]
    assert "高新区" in _votes(ParkHeadLF(), t, "O")


def test_policy_title_and_quoted():
    t = "编制完成《招商引资重点项目清单》,深化“放管服”改革,实施“腾笼换鸟”专项行动。"
    assert _votes(BookTitleLF(), t) == ["招商引资重点项目清单"]
    assert _votes(QuotedProgrammeLF(), t) == ["“放管服”改革", "“腾笼换鸟”专项行动"]


def test_metric_only_with_value():
    t = "1-8月,高新区工业增加值同比增长15.03%。工业增加值是重要指标。"
    ctx = DocContext(t)
    votes = MetricLexiconLF().apply(ctx) + MetricGrammarLF().apply(ctx)
    assert all(v.end <= t.index("。") for v in votes)  # nothing in the sentence without a value
    assert {t[v.start:v.end] for v in votes} >= {"工业增加值"}
    t2 = "新注册登记企业49家,完成投资40.73亿元"
    assert _votes(MetricGrammarLF(), t2) == ["新注册登记企业", "投资"]


def test_person_title_and_byline():
    t = "白银高新区党工委书记、管委会主任周栋说。"
    assert _votes(PersonTitleLF(), t) == ["周栋"]
    t2 = "► 高欣\n\n◎本报记者 宋迎迎 通讯员 肖玲玲\n"
    assert _votes(PersonBylineLF(), t2) == ["高欣", "宋迎迎", "肖玲玲"]


def test_labeler_end_to_end_flat_and_relations():
    text = "1-8月,白银高新区工业增加值同比增长15.03%。白银高新区党工委书记周栋介绍,南宁壹翔电子科技有限公司落户白银高新区。"
    doc = WeakLabeler.from_resources(gazetteer_path=None).label_document(Document("t", text))
    got = {(e.text, e.label) for e in doc.entities}
    assert {("1-8月", "DATE"), ("工业增加值", "METRIC"), ("15.03%", "AMOUNT"), ("周栋", "PERSON"),
            ("南宁壹翔电子科技有限公司", "ORG")} <= got
    assert all(e.score is not None for e in doc.entities)
    ids = {e.id: e.text for e in doc.entities}
    rels = {(ids[r.head], ids[r.tail], r.label) for r in doc.relations}
    assert ("工业增加值", "15.03%", "metric_value") in rels
    assert ("工业增加值", "1-8月", "metric_time") in rels
    assert ("周栋", "白银高新区", "works_for") in rels


def test_entities_never_start_or_end_with_whitespace():
    # scraped traditional text with a half-width "; " before the indicator (it once produced " 實際使用外資")
    text = "全年地區生產總值人民幣6,000億元; 實際使用外資14.2億美元，同比上升5.1%。\n 营业收入 12亿元 \n"
    (doc,) = WeakLabeler.from_resources().label([Document("t", text)])
    assert doc.entities
    for e in doc.entities:
        assert e.text == e.text.strip() and e.text == text[e.start : e.end]
    assert any(e.text == "實際使用外資" for e in doc.entities)
