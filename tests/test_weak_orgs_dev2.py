"""ORG and PERSON boundary rules (footer credits, 3-char and dotted names, place + brand company names,
sub-units, headline lead-ins, breadcrumbs) on hand-written sentences."""
from zonener.weak.lf import DocContext
from zonener.weak.linguistic import PersonBylineLF, PersonTitleLF
from zonener.weak.orgs import BreadcrumbLF, ParkBodyLF
from zonener.weak.patterns import OrgSuffixLF


def _votes(lf, text, label=None):
    return [text[v.start:v.end] for v in lf.apply(DocContext(text)) if label is None or v.label == label]


def _labelled(text: str, label: str) -> list[str]:
    """Entities of ``label`` the whole labeller gives ``text``."""
    from zonener.spans import Document
    from zonener.weak import WeakLabeler

    return [e.text for e in WeakLabeler.from_resources().label([Document("x", text)])[0].entities if e.label == label]


def test_footer_credits_are_persons():
    t = "项目顺利投产。\n责任编辑：郑丽华　　校对：黄涛\n联系人：吴建平　联系电话：0451-1234\n审核：通过"
    assert _votes(PersonBylineLF(), t, "PERSON") == ["郑丽华", "黄涛", "吴建平"]


def test_three_char_name_before_verb_and_function_word():
    t = "管委会副主任贺志强表示，园区主任孔卫东发布了规划，书记曹明等出席，董事长冯科来到现场。"
    assert _votes(PersonTitleLF(), t, "PERSON") == ["贺志强", "孔卫东", "曹明", "冯科"]


def test_dotted_name_after_title():
    t = "管委会副主任阿里木·买买提接受采访"
    assert _votes(PersonTitleLF(), t, "PERSON") == ["阿里木·买买提"]


def test_company_keeps_place_and_brand():
    t = "由湖南鸣正乐器制造有限公司投资建设。吉林正和生物能源有限公司落户，包头鑫达新材料有限公司签约。"
    assert _votes(OrgSuffixLF(), t, "ORG") == ["湖南鸣正乐器制造有限公司", "吉林正和生物能源有限公司", "包头鑫达新材料有限公司"]


def test_sub_units_stay_with_parent():
    t = "联合中国科学院南京分院、四川大学化学与材料学院、江南大学苏州校区、扬子日报社等单位，校区内道路"
    assert _votes(OrgSuffixLF(), t, "ORG") == ["中国科学院南京分院", "四川大学化学与材料学院", "江南大学苏州校区", "扬子日报社"]
    t2 = "改变华南农业大学东区校区内的排水"
    assert _votes(OrgSuffixLF(), t2, "ORG") == ["华南农业大学"]


def test_park_body_department_and_lead_in():
    t = "——对话合肥高新区管委会主任。答：企业可拨打成都高新区经济发展局电话。泉州高新区管委会经济发展处处长说"
    assert _votes(ParkBodyLF(), t, "ORG") == ["合肥高新区管委会", "成都高新区经济发展局", "泉州高新区管委会经济发展处"]


def test_headline_lead_and_bare_company():
    t = "——记湖北华光电子股份有限公司董事长。该事项已经公司董事会审议，尚需提交公司股东大会。"
    assert _votes(OrgSuffixLF(), t, "ORG") == ["湖北华光电子股份有限公司"]


def test_alliance_and_breadcrumb():
    t = "首页 > 新闻中心 > 园区动态\n担任江西省物理学会理事、合肥高新区智能产业联盟理事长"
    assert _votes(OrgSuffixLF(), t, "ORG") == ["江西省物理学会", "合肥高新区智能产业联盟"]
    assert "新闻中心" in _votes(BreadcrumbLF(), t, "O")


def test_customs_chiefs_and_company_roles_are_titles():
    t = "西永海关关长谭志刚介绍，通关时间缩短。公司董事长、首席科学家陈立川表示，将扩大产能。"
    assert _labelled(t, "PERSON") == ["谭志刚", "陈立川"]


def test_customs_exchanges_bank_branches_and_role_words():
    t = ("今年以来，青岛海关深入推进改革。公司股票于7月在上交所上市。园区公司与中国农业银行青岛分行签约。"
         "公司全资子公司青岛恒远新材料有限公司将投资建设新项目，这有利于公司长远发展。推行“管委会+公司”模式。")
    assert _labelled(t, "ORG") == ["青岛海关", "上交所", "中国农业银行青岛分行", "青岛恒远新材料有限公司"]
