"""PARK / PROJECT / POLICY pattern fixes read off the second dev set, on hand-written sentences."""
from zonener.spans import Document, Entity
from zonener.weak.gazetteer import harvest
from zonener.weak.lf import DocContext
from zonener.weak.patterns import ParkHeadLF, PolicyHeadLF, PolicyListLF, ProjectHeadLF, QuotedProgrammeLF


def _votes(lf, text, label=None):
    return [text[v.start:v.end] for v in lf.apply(DocContext(text)) if label is None or v.label == label]


def test_bare_yuanqu_after_a_word_is_not_a_park():
    t = "那时候园区还是一片农田。下一步园区将聚焦主业,嘉兴工业园区和秀洲产业园区同步推进。"
    assert _votes(ParkHeadLF(), t, "PARK") == ["嘉兴工业园区", "秀洲产业园区"]


def test_project_after_park_with_de_and_generic_rest():
    t = "落户赣榆高新区的海澜光伏组件基地项目主体封顶。丰县经开区重大项目集中签约。位于沛县的龙湖冷链物流二期项目投用。"
    got = _votes(ProjectHeadLF(), t, "PROJECT")
    assert "海澜光伏组件基地项目" in got and "龙湖冷链物流二期项目" in got
    assert not any("高新区" in g or "经开区" in g or "沛县" in g for g in got)


def test_park_naming_its_own_works_stays_inside():
    t = "加快推进泉州高新区第二污水处理厂扩建工程项目建设。"
    got = _votes(ProjectHeadLF(), t, "PROJECT")
    assert "泉州高新区第二污水处理厂扩建工程项目" in got and all(g.startswith("泉州高新区") for g in got)


def test_size_classes_and_superlatives_are_not_project_names():
    t = "其中10亿元以上项目8个。这是今年引进的单体投资最大的装备制造项目。把招商作为“一号工程”。"
    assert _votes(ProjectHeadLF(), t, "PROJECT") == []


def test_short_title_in_book_marks_is_left_to_the_title_lf():
    assert _votes(PolicyHeadLF(), "《实施意见》明确了六方面举措。") == []
    assert _votes(PolicyHeadLF(), "落实实施意见。", "O") == ["实施意见"]  # outside 《》 it is generic


def test_list_first_item_after_verbs():
    t = "我们全面落实留抵退税、研发费用加计扣除等税费政策。"
    assert _votes(PolicyListLF(), t, "POLICY")[0] == "留抵退税"


def test_numbered_group_of_programmes_is_not_a_policy():
    t = "深入实施招商提速、人才强基、数字赋能等“三大攻坚行动”。"
    assert "三大攻坚行动" not in _votes(PolicyHeadLF(), t, "POLICY")
    assert _votes(PolicyListLF(), t, "POLICY") == ["招商提速", "人才强基", "数字赋能"]


def test_quoted_programme_takes_a_second_head_and_corner_quotes():
    t = "推进“证照分离”改革试点,深化「通關+物流」一體化改革。"
    assert _votes(QuotedProgrammeLF(), t) == ["“证照分离”改革试点", "「通關+物流」一體化改革"]


def test_harvested_heads_must_be_shared_across_documents():
    one = Document("a", "甲乙电池丙丁电池", [Entity(0, 4, "PROJECT", "甲乙电池"), Entity(4, 8, "PROJECT", "丙丁电池")])
    other = Document("b", "戊己项目", [Entity(0, 4, "PROJECT", "戊己项目")])
    assert "电池" not in harvest([one, other])["heads"]["PROJECT"]
    both = Document("c", "庚辛电池", [Entity(0, 4, "PROJECT", "庚辛电池")])
    assert "电池" in harvest([one, both])["heads"]["PROJECT"]


def test_harvested_heads_known_to_the_head_lfs_are_left_to_them():
    from zonener.weak.gazetteer import HarvestedHeadLF, empty_gazetteer, gazetteer_lfs

    gaz = empty_gazetteer()
    gaz["heads"]["PROJECT"] = ["项目", "综合利用"]
    lfs = [lf for lf in gazetteer_lfs(gaz) if isinstance(lf, HarvestedHeadLF)]
    t = "举行秋季项目开工仪式,推进尾矿综合利用"
    assert [t[v.start:v.end] for lf in lfs for v in lf.apply(DocContext(t))] == ["尾矿综合利用"]


def test_names_jieba_splits_into_single_characters_stay_whole():
    t = "市领导到横州茉莉花产业园调研。仪式在惠州仲恺高新区举行。"
    got = _votes(ParkHeadLF(), t, "PARK")
    assert "横州茉莉花产业园" in got and "惠州仲恺高新区" in got


def test_customs_zone_heads_and_national_designation_prefix():
    t = "1-9月，东疆综保区进出口值增长。依托中国（重庆）跨境电子商务综合试验区，业务放量。"
    got = _votes(ParkHeadLF(), t, "PARK")
    assert "东疆综保区" in got and "中国（重庆）跨境电子商务综合试验区" in got


def test_integration_words_stay_in_project_names_and_workshops_are_not_projects():
    t = "园区开工华擎新能源汽车一体化压铸件项目，建设涂布车间和研发中心。"
    got = _votes(ProjectHeadLF(), t, "PROJECT")
    assert "华擎新能源汽车一体化压铸件项目" in got
    assert not any(g.endswith("车间") for g in got)


def test_single_quotes_whole_quoted_names_and_strategic_cooperation():
    t = "深化‘亩均论英雄’改革。持续开展“园区用工保障百日攻坚行动”。双方签订战略合作协议。"
    assert "‘亩均论英雄’改革" in _votes(QuotedProgrammeLF(), t)
    got = _votes(PolicyHeadLF(), t, "POLICY")
    assert "园区用工保障百日攻坚行动" in got and not any("战略" in g for g in got)
