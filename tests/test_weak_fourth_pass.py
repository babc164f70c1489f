"""Fourth-pass fixes (PROJECT and PARK precision) read off the seeds and dev/dev2/dev3, on hand-written sentences."""
from zonener.spans import Document
from zonener.weak import WeakLabeler
from zonener.weak.gazetteer import gazetteer_lfs
from zonener.weak.lf import DocContext
from zonener.weak.patterns import ProjectHeadLF, ProjectListLF


def _votes(lf, text, label="PROJECT"):
    return [text[v.start:v.end] for v in lf.apply(DocContext(text)) if v.label == label]


def test_a_leading_verb_is_not_part_of_a_project_name():
    t = "对租用标准厂房的小微企业给予租金补贴。依托高校资源，实行科技项目“赛马制”。今年将新增三条生产线。"
    assert _votes(ProjectHeadLF(), t) == []
    # what is left after the verb is judged like any name: here it is a real one
    t2 = "公司计划投资建设华鼎精密铸件生产基地项目。"
    got = _votes(ProjectHeadLF(), t2)
    assert "华鼎精密铸件生产基地项目" in got and all(g.startswith("华鼎") for g in got)
    # a place jieba tags as a verb and a name verb stay inside
    t3 = "包头稀土新材料产业化项目开工。研发中心大楼项目封顶。"
    got = _votes(ProjectHeadLF(), t3)
    assert "包头稀土新材料产业化项目" in got and "研发中心大楼项目" in got


def test_a_description_ending_in_de_and_a_generic_word_is_no_name():
    t = "要谋划一批补短板、利长远的重大项目，多引进带动强的好项目。"
    assert _votes(ProjectHeadLF(), t) == []
    assert _votes(ProjectHeadLF(), "建成了宁德时代的储能电池生产线项目。") != []


def test_a_count_after_a_line_head_counts_kinds_of_lines():
    t = "企业已建成铝箔轧制生产线3条，引进冷轧、热轧、分切等生产线共18条。"
    assert _votes(ProjectHeadLF(), t) == [] and _votes(ProjectListLF(), t) == []
    # a named line with no count is still a project; a count after 项目 counts named projects
    assert _votes(ProjectHeadLF(), "华光新材年产3万吨铝箔生产线投产。") == ["华光新材年产3万吨铝箔生产线"]
    assert _votes(ProjectListLF(), "签约了海润光伏组件、恒达精密轴承等项目12个。") == ["海润光伏组件", "恒达精密轴承"]


def test_short_harvested_project_items_do_not_match_elsewhere():
    gaz = {"names": {"PROJECT": ["锂电池", "智慧园区", "天瀚锂电池项目", "瑞孚迪生命科学仪器和医疗设备生产基地"]}, "heads": {}}
    lf = next(lf for lf in gazetteer_lfs(gaz) if lf.name == "gaz_project")
    t = "锂电池产能持续扩大，智慧园区平台上线，天瀚锂电池项目投产。"
    assert _votes(lf, t) == ["天瀚锂电池项目"]
    labels = WeakLabeler.from_resources().label([Document("x", "该企业主营锂电池和单晶硅材料，产品远销海外。")])[0].entities
    assert not [e for e in labels if e.label == "PROJECT"]


def test_a_count_or_period_before_a_bare_park_head_is_no_park():
    from zonener.weak.patterns import ParkHeadLF
    t = "全市13个开发区聚焦主业。会议通报2023年度开发区考核结果，总结2023年开发区工作。这些年昆明经开区从审批入手。"
    votes = [(t[v.start:v.end], v.label) for v in ParkHeadLF().apply(DocContext(t))]
    assert ("昆明经开区", "PARK") in votes
    assert [x for x, lab in votes if lab == "PARK"] == ["昆明经开区"]


def test_a_bare_head_is_never_propagated_through_the_document():
    t = "全市13个开发区聚焦主业。2023年度开发区考核结果公布。开发区工作会议召开，银川经开区作交流发言，银川经开区排名第一。"
    ents = WeakLabeler.from_resources().label([Document("x", t)])[0].entities
    parks = [e.text for e in ents if e.label == "PARK"]
    assert parks == ["银川经开区", "银川经开区"]


def test_a_zone_inside_a_zone_is_cut_at_the_outer_head():
    from zonener.weak.patterns import ParkHeadLF
    t = "项目将落户经开区泾渭新城。项目地点：嘉兴经济技术开发区城南片区。中国（广西）自由贸易试验区钦州港片区挂牌。"
    parks = [t[v.start:v.end] for v in ParkHeadLF().apply(DocContext(t)) if v.label == "PARK"]
    assert "泾渭新城" in parks and "嘉兴经济技术开发区" in parks
    assert not any(p.startswith("经开区") or p.startswith("经济技术开发区") for p in parks)
    assert "中国（广西）自由贸易试验区钦州港片区" in parks  # a free-trade zone's area stays joined
