"""located_in rules read off the second dev set, on hand-written sentences with given entities."""
from zonener.spans import Document, Entity
from zonener.weak import label_relations


def _doc(text: str, spans: list[tuple[str, str]]) -> Document:
    ents, pos = [], 0
    for i, (label, surface) in enumerate(spans):
        start = text.index(surface, pos)
        ents.append(Entity(start, start + len(surface), label, surface, id=f"T{i + 1}"))
        pos = start + len(surface)
    return Document("x", text, ents)


def _pairs(doc: Document, label: str) -> set[tuple[str, str]]:
    by_id = doc.entity_by_id()
    return {(by_id[r.head].text, by_id[r.tail].text) for r in label_relations(doc) if r.label == label}


def _located(doc: Document) -> set[tuple[str, str]]:
    return _pairs(doc, "located_in")


def test_every_item_of_a_launched_list_is_in_the_park():
    d = _doc("宿迁经开区举行集中开工仪式，恒达新材年产5万吨薄膜、华益冷链仓储中心、南湖智能装备等5个项目集中开工。",
             [("PARK", "宿迁经开区"), ("PROJECT", "恒达新材年产5万吨薄膜"), ("PROJECT", "华益冷链仓储中心"), ("PROJECT", "南湖智能装备")])
    assert _located(d) == {(p, "宿迁经开区") for p in ("恒达新材年产5万吨薄膜", "华益冷链仓储中心", "南湖智能装备")}


def test_event_held_at_the_project_site():
    d = _doc("6月3日，盐城高新区二季度重大项目集中开工活动在远景智能风机叶片项目现场举行。",
             [("DATE", "6月3日"), ("PARK", "盐城高新区"), ("DATE", "二季度"), ("PROJECT", "远景智能风机叶片项目")])
    assert _located(d) == {("远景智能风机叶片项目", "盐城高新区")}


def test_headquartered_in_after_a_clause():
    d = _doc("华晟光电成立于2015年，总部位于合肥高新区，主营光伏组件。",
             [("ORG", "华晟光电"), ("DATE", "2015年"), ("PARK", "合肥高新区")])
    assert _located(d) == {("华晟光电", "合肥高新区")}


def test_inside_the_park_frames_company_and_project():
    d = _doc("霍尔果斯经开区内，新丝路纺织有限公司投资6亿元建设的年产20万锭纺纱项目已投产。",
             [("PARK", "霍尔果斯经开区"), ("ORG", "新丝路纺织有限公司"), ("AMOUNT", "6亿元"), ("PROJECT", "年产20万锭纺纱项目")])
    assert _located(d) == {("新丝路纺织有限公司", "霍尔果斯经开区"), ("年产20万锭纺纱项目", "霍尔果斯经开区")}


def test_another_company_between_blocks_headquarters_rule():
    d = _doc("甲乙科技与丙丁集团合作，丙丁集团总部位于苏州工业园区。",
             [("ORG", "甲乙科技"), ("ORG", "丙丁集团"), ("ORG", "丙丁集团"), ("PARK", "苏州工业园区")])
    assert _located(d) == {("丙丁集团", "苏州工业园区")}


def test_correspondents_in_a_byline_do_not_work_for_the_outlet():
    d = _doc("常州日报讯（记者 周文静 通讯员 陆晨 沈洁）日前，园区召开大会。",
             [("ORG", "常州日报"), ("PERSON", "周文静"), ("PERSON", "陆晨"), ("PERSON", "沈洁")])
    assert _pairs(d, "works_for") == {("周文静", "常州日报")}


def test_policy_list_items_beyond_the_verb_share_the_actor():
    text = ("泰州高新区将聚焦生物医药、高端装备、新材料三大主导产业，围绕稳增长、促转型、强创新的目标，"
            "重点实施“医药强链”行动、智能装备提升行动、"
            "新材料突破工程、“链长制”招商行动和人才集聚专项行动。")
    d = _doc(text, [("PARK", "泰州高新区"), ("POLICY", "“医药强链”行动"), ("POLICY", "智能装备提升行动"),
                    ("POLICY", "新材料突破工程"), ("POLICY", "“链长制”招商行动"), ("POLICY", "人才集聚专项行动")])
    assert {tail for _, tail in _pairs(d, "implements")} == {"“医药强链”行动", "智能装备提升行动", "新材料突破工程", "“链长制”招商行动", "人才集聚专项行动"}


def test_relations_of_a_declared_short_name_go_to_the_full_name():
    text = "苏州恒启新材料有限公司（以下简称恒启新材）投资6亿元建设的年产3万吨电子级树脂项目已开工。"
    d = _doc(text, [("ORG", "苏州恒启新材料有限公司"), ("ORG", "恒启新材"), ("AMOUNT", "6亿元"), ("PROJECT", "年产3万吨电子级树脂项目")])
    assert _pairs(d, "invests_in") == {("苏州恒启新材料有限公司", "年产3万吨电子级树脂项目")}
