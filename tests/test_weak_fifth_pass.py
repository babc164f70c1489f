"""Fifth-pass fixes (PARK recall, ORG precision, quoted policy lists) read off dev3, on hand-written sentences."""
from zonener.spans import Document
from zonener.weak import WeakLabeler
from zonener.weak.lf import DocContext
from zonener.weak.orgs import GovBodyLF
from zonener.weak.patterns import OrgSuffixLF, ParkHeadLF, QuotedProgrammeLF


def _votes(lf, text, label):
    return [text[v.start:v.end] for v in lf.apply(DocContext(text)) if v.label == label]


def _labels(text):
    doc = WeakLabeler.from_resources().label([Document("t", text)])[0]
    return {(e.text, e.label) for e in doc.entities}


def test_a_parenthesis_that_belongs_to_the_park_name_is_kept():
    t = "常州纳米产业园（NanoPark）入驻企业300家。天津港保税物流中心（B型）进出口增长。合肥高新区(蜀山园)新增企业。"
    got = _votes(ParkHeadLF(), t, "PARK")
    assert got == ["常州纳米产业园（NanoPark）", "天津港保税物流中心（B型）", "合肥高新区(蜀山园)"]
    # an aside after the name is not part of it
    assert _votes(ParkHeadLF(), "白银高新区（以下简称高新区）今年", "PARK") == ["白银高新区"]
    assert _votes(ParkHeadLF(), "白银高新区（甘肃）今年", "PARK") == ["白银高新区"]
    assert _votes(ParkHeadLF(), "中国—白俄罗斯工业园（简称中白工业园）位于", "PARK")[0] == "白俄罗斯工业园"


def test_branded_clusters_and_zhongguancun_sub_parks():
    t = "中国碳谷入驻企业120家。中关村丰台园实现收入500亿元，丰台园今年新增企业80家。"
    got = _votes(ParkHeadLF(), t, "PARK")
    assert got == ["中国碳谷", "中关村丰台园", "丰台园"]
    labels = _labels(t)
    # the indicator after a branded cluster starts after it
    assert ("中国碳谷", "PARK") in labels and ("入驻企业", "METRIC") in labels


def test_a_county_city_split_by_the_dictionary_stays_whole():
    t = "调研组来到横州市茉莉花产业园，首批入驻横州市茉莉花产业园的企业有10家。"
    assert _votes(ParkHeadLF(), t, "PARK") == ["横州市茉莉花产业园", "横州市茉莉花产业园"]


def test_counted_and_generic_organisations_are_not_names():
    t = "在海外设立5个离岸创新中心，三家银行为项目授信，农民专业合作社和示范合作社参与。"
    assert _votes(OrgSuffixLF(), t, "ORG") == []
    assert _votes(OrgSuffixLF(), "与城东村蔬菜专业合作社签约。", "ORG") == ["城东村蔬菜专业合作社"]


def test_customs_offices_are_named_after_their_district():
    t = "货物经黄岛海关查验放行，西永海关监管的进出口额增长，全国海关统计显示增长。"
    assert _votes(GovBodyLF(), t, "ORG") == ["黄岛海关", "西永海关"]


def test_a_quoted_programme_in_a_list_of_a_kind_is_the_item_alone():
    t = "落实“天府英才计划”等人才政策，深化“放管服”改革。"
    got = _votes(QuotedProgrammeLF(), t, "POLICY")
    assert got == ["“放管服”改革"]
    assert ("天府英才计划", "POLICY") in _labels(t)


def test_leading_adverbs_stay_outside_an_indicator():
    labels = _labels("全年确保固定资产投资增长10%，两个开发区分别新增规上工业企业11家、8家。")
    assert ("固定资产投资", "METRIC") in labels
    assert ("新增规上工业企业", "METRIC") in labels


def test_leading_verbs_and_time_words_are_not_part_of_a_park_name():
    t = "要进一步明确高新区的定位，全面打响国家高新区攻坚战。未来宜宾高新区将全力支持宜宾临港经开区发展。"
    assert _votes(ParkHeadLF(), t, "PARK") == ["宜宾高新区", "宜宾临港经开区"]
    # a province's zones, collectively, and a period before a category are no names either
    t2 = "在四川省开发区中率先完成，开展2025年度现代农业产业园申报。推进成都·天府软件园建设。"
    assert _votes(ParkHeadLF(), t2, "PARK") == ["成都·天府软件园"]
    # a county jieba tags as a verb is still a name; a preposition + one adjective is not
    t3 = "视察组深入射洪经济开发区调研，要用好综合保税区政策。"
    assert _votes(ParkHeadLF(), t3, "PARK") == ["射洪经济开发区"]


def test_two_character_names_jieba_splits_before_a_head():
    # 雄|安 and 贵|安 are split into single characters with stray tags; 前|海 is a known place split in two
    t = "雄安新区和贵安新区签约，今年前海深港现代服务业合作区增长。"
    assert _votes(ParkHeadLF(), t, "PARK") == ["雄安新区", "贵安新区", "前海深港现代服务业合作区"]
    # a preposition and a verb before a head are still no name
    assert _votes(ParkHeadLF(), "要在新区落户。", "PARK") == []


def test_kinds_of_projects_dates_and_agreements_are_not_project_names():
    from zonener.weak.patterns import ProjectHeadLF

    t = "今年引进新能源产业项目和智能制造类项目。双方拟签订项目投资协议。"
    assert _votes(ProjectHeadLF(), t, "PROJECT") == []
    neg = _votes(ProjectHeadLF(), t, "O")
    assert neg[0] == "新能源产业项目" and neg[1].endswith("智能制造类项目")
    # counted, a kind of project is an indicator: the project LF has no say on it
    assert _votes(ProjectHeadLF(), "签约数字经济类项目12个。", "O") == []
    # a date and a status verb before a project name stay outside it
    t2 = "该公司2023年建成投产年产3万吨生物基材料生产线。"
    assert _votes(ProjectHeadLF(), t2, "PROJECT") == ["年产3万吨生物基材料生产线"]


def test_policies_named_only_by_a_zone_type_or_a_sector_are_generic():
    from zonener.weak.patterns import PolicyHeadLF

    t = "用好综合保税区政策和各项惠农政策，应对行业政策变化。落实研发费用加计扣除政策。"
    assert _votes(PolicyHeadLF(), t, "POLICY") == ["研发费用加计扣除政策"]
