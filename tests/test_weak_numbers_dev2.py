"""AMOUNT / DATE grammar cases from the dev2 error review (hand-written sentences)."""
from zonener.spans import Document
from zonener.weak import WeakLabeler
from zonener.weak.lf import DocContext
from zonener.weak.numbers import AmountGrammarLF, amount_spans, date_spans

_LABELER = WeakLabeler.from_resources(gazetteer_path=None)


def _spans(fn, text):
    return [text[s:e] for s, e in fn(DocContext(text))]


def _labelled(text, label):
    doc = _LABELER.label_document(Document("t", text))
    return [text[e.start:e.end] for e in doc.entities if e.label == label]


def test_counted_units_rates_sign_and_fractions():
    t = "园区开展招商活动31批次,服务企业860家次,新增产能2.4万吨/年、300万件/年,储能规模6GWh。"
    assert _spans(amount_spans, t) == ["31批次", "860家次", "2.4万吨/年", "300万件/年", "6GWh"]
    t2 = "| 4.10亿元 | -2.5% |,贡献率超过三分之一,其中百分之二十来自外资,出货量42.3万把,出让工业用地9宗"
    got = _labelled(t2, "AMOUNT")
    for want in ("4.10亿元", "-2.5%", "三分之一", "百分之二十", "42.3万把", "9宗"):
        assert want in got
    assert "2.5%" not in got


def test_range_is_not_a_negative_sign():
    assert _spans(amount_spans, "降幅为3-5%的企业") == ["3-5%"]


def test_class_threshold_gets_no_amount_vote():
    t = "总投资75亿元,其中20亿元以上项目2个、3亿元至5亿元项目6个,最高500万元项目资助"
    votes = [t[v.start:v.end] for v in AmountGrammarLF().apply(DocContext(t))]
    assert votes == ["75亿元", "2个", "6个", "500万元"]
    # the spans stay available to the METRIC LFs
    assert "20亿元" in _spans(amount_spans, t)


def test_year_period_and_first_months():
    t = "公布2023年度优秀企业名单。今年前7个月,园区产值增长。今年首三季出口增长,前5月税收增长,去年前三季度持平"
    assert _spans(date_spans, t) == ["2023年度", "今年前7个月", "今年首三季", "前5月", "去年前三季度"]
    assert "7个月" not in _spans(amount_spans, t)


def test_first_months_not_after_advance_words():
    t = "项目提前2个月完成,此前3个月一直在调试"
    assert _spans(date_spans, t) == []
    assert _spans(amount_spans, t) == ["2个月", "3个月"]


def test_bare_year_in_event_name_only():
    t = "5月8日,2025长三角新材料产业合作峰会在园区举行。全区2025家企业参加活动"
    assert _spans(date_spans, t) == ["5月8日", "2025"]
    assert "2025家" in _spans(amount_spans, t)


def test_generic_dangnian_whole_year_and_plan_periods():
    t = "对当年投产的项目给予奖励。2021年全年完成目标,预计明年年底建成,“十五五”期间持续推进,迎来“十五五”的开局,编制“十五五”规划,1—6月增长"
    got = _spans(date_spans, t)
    assert got == ["2021年全年", "明年年底", "“十五五”期间", "十五五", "1—6月"]
