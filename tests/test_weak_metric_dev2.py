"""METRIC boundaries found on dev2: qualifiers and quotes kept, subjects/verbs dropped,
thresholds inside, compound indicators whole, subsidy rules and denominators not tagged."""
from zonener.weak.lf import DocContext
from zonener.weak.metric import MetricGrammarLF, MetricLexiconLF


def _metrics(text: str) -> set[str]:
    ctx = DocContext(text)
    return {text[v.start:v.end] for lf in (MetricGrammarLF(), MetricLexiconLF()) for v in lf.apply(ctx)}


def test_qualifiers_and_inner_quotes_stay():
    got = _metrics("全区有效高新技术企业达到300家；新增省级“专精特新”中小企业20家。")
    assert {"有效高新技术企业", "新增省级“专精特新”中小企业"} <= got
    assert "效高新技术企业" not in got and "中小企业" not in got


def test_subject_and_verbs_dropped():
    got = _metrics("今年我们谋划实施重点项目30个。公司实现营业收入5亿元。带动企业新增研发投入2亿元。")
    assert {"重点项目", "营业收入", "新增研发投入"} <= got
    assert not any(m.startswith(("我们", "公司", "带动")) for m in got)


def test_compound_indicator_whole():
    got = _metrics("规上工业企业研发投入同比增长12%；高新技术企业总数达到200家。")
    assert {"规上工业企业研发投入", "高新技术企业总数"} <= got


def test_threshold_inside_metric():
    got = _metrics("其中20亿元以上项目2个、1亿元至5亿元项目6个。")
    assert {"20亿元以上项目", "1亿元至5亿元项目"} <= got


def test_table_row_indicator():
    assert "实缴税金" in _metrics("指标 | 数值 | 增速\n实缴税金 | 3.5亿元 | 8.1%\n")


def test_subsidy_rules_and_denominators_not_metric():
    got = _metrics("按设备投资额的5%给予补助，每家奖励10万元。园区产值80亿元，占全市工业产值的40%。")
    assert got == {"产值"}


def test_quantity_heads_place_suffix_and_customs_scope():
    from zonener.spans import Document
    from zonener.weak import WeakLabeler

    t = "1-9月，发明专利授权量4218件。前三季度，郑州市跨境电商交易额达到1062.5亿元。截至9月底，全关区进口整体通关时间为31.2小时。"
    doc = WeakLabeler.from_resources().label([Document("x", t)])[0]
    assert [e.text for e in doc.entities if e.label == "METRIC"] == ["发明专利授权量", "跨境电商交易额", "进口整体通关时间"]
