"""New LF families (ORG grammars, project/policy boundaries, relation triggers) on hand-written sentences."""
from zonener.spans import Document, Entity
from zonener.weak import label_relations
from zonener.weak.lf import DocContext
from zonener.weak.linguistic import OrgListLF
from zonener.weak.orgs import AliasLF, GovBodyLF, OrgContextLF, ParkBodyLF
from zonener.weak.patterns import OrgSuffixLF, PolicyHeadLF, ProjectHeadLF


def _votes(lf, text, label=None):
    return [text[v.start:v.end] for v in lf.apply(DocContext(text)) if label is None or v.label == label]


def test_gov_body_named_vs_generic():
    t = "园区严格贯彻落实青岛市委、市政府部署,灵武市委常委出席,城阳区人民政府下发通知,省委省政府要求"
    assert _votes(GovBodyLF(), t, "ORG") == ["青岛市委", "灵武市委", "城阳区人民政府"]
    assert "省委省政府" in _votes(GovBodyLF(), t, "O")


def test_gov_body_traditional_and_known_body():
    t = "西寧市人民政府印發通知。海关总署党委部署"
    assert _votes(GovBodyLF(), t, "ORG") == ["西寧市人民政府", "海关总署党委"]


def test_park_body_named_only():
    t = "青岛高新区服务专班主动上门,高新区管委会负责,济南高新区行政审批服务部介绍"
    assert _votes(ParkBodyLF(), t, "ORG") == ["青岛高新区服务专班", "济南高新区行政审批服务部"]
    assert "高新区管委会" in _votes(ParkBodyLF(), t, "O")


def test_alias_declared_short_name_every_mention():
    t = "华创医药投资(中国)有限公司(以下简称华创)与园区签约。其中,华创将建设研发中心。"
    assert _votes(AliasLF(), t, "ORG") == ["华创", "华创"]
    t2 = "西寧經濟技術開發區(簡稱開發區)是國家級開發區"
    assert _votes(AliasLF(), t2) == []  # a generic short form is not an alias


def test_org_context_partner_and_entry_list():
    t = "园区与华盛智能合作共建实验室,与山东省达成协议。\n比亞迪鋰電池、華泰汽車等一批企業相繼入駐"
    got = _votes(OrgContextLF(), t, "ORG")
    assert "华盛智能" in got and "山东省" not in got
    assert "比亞迪鋰電池" in got and "華泰汽車" in got


def test_org_list_modifiers_and_suffixes():
    t = "充分发挥蒙牛、伊利等头部企业作用。收回紫金矿业闲置土地,推进精工电子通过并购上市,着力打造区域性科技创新中心"
    assert _votes(OrgListLF(), t, "ORG") == ["蒙牛", "伊利"]
    org = _votes(OrgSuffixLF(), t, "ORG")
    assert "紫金矿业" in org and "精工电子" in org
    assert "区域性科技创新中心" not in org


def test_project_boundary_keeps_conjunctions_and_verbs():
    t = "在丰田燃料电池研发与生产项目建设现场。其中包括瑞孚迪生命科学仪器和医疗设备生产基地项目。投资3.2亿元银东管网改造项目"
    got = _votes(ProjectHeadLF(), t, "PROJECT")
    assert "丰田燃料电池研发与生产项目" in got
    assert "瑞孚迪生命科学仪器和医疗设备生产基地项目" in got
    assert "银东管网改造项目" in got


def test_policy_boundary_scope_and_verbs_outside():
    t = "全面落實國家結構性減稅政策,大力实施创新驱动战略,赣县区(赣州高新区)高企攻坚行动布置会,完善三大机制"
    got = _votes(PolicyHeadLF(), t, "POLICY")
    assert "結構性減稅政策" in got and "创新驱动战略" in got and "高企攻坚行动" in got
    assert "三大机制" not in got


def _doc(text, spans):
    ents = []
    for i, (s, lab) in enumerate(spans):
        st = text.index(s)
        ents.append(Entity(st, st + len(s), lab, s, id=f"T{i + 1}"))
    return Document("x", text, ents)


def _rels(doc):
    by = {e.id: e.text for e in doc.entities}
    return sorted((by[r.head], by[r.tail], r.label) for r in label_relations(doc))


def test_relations_located_in_launch_list_and_move():
    d = _doc("石河子经开区已推进新签约项目24个,其中包括东旭显示材料产业园项目、万吨铝箔项目等",
             [("石河子经开区", "PARK"), ("东旭显示材料产业园项目", "PROJECT"), ("万吨铝箔项目", "PROJECT")])
    assert ("东旭显示材料产业园项目", "石河子经开区", "located_in") in _rels(d)
    d = _doc("東惠光顯有限公司於2021年將企業搬遷至南寧高新區", [("東惠光顯有限公司", "ORG"), ("南寧高新區", "PARK")])
    assert _rels(d) == [("東惠光顯有限公司", "南寧高新區", "located_in")]
    d = _doc("以航天产业园建设为契机,以国家锂电中心为平台,加快天瀚锂电池项目建设",
             [("航天产业园", "PARK"), ("天瀚锂电池项目", "PROJECT")])
    assert _rels(d) == []


def test_relations_implements_issuer_and_implementer():
    d = _doc("青岛高新区严格贯彻落实青岛市委、市政府深化功能区改革的若干措施",
             [("青岛高新区", "PARK"), ("青岛市委", "ORG"), ("深化功能区改革的若干措施", "POLICY")])
    assert _rels(d) == sorted([("青岛高新区", "深化功能区改革的若干措施", "implements"),
                               ("青岛市委", "深化功能区改革的若干措施", "implements")])


def test_relations_project_amount_far_figures():
    d = _doc("機械廠房二期工程項目位於南寧中關村科技園,總投資約1.76億元,總建築面積約3.7萬平方米",
             [("機械廠房二期工程項目", "PROJECT"), ("南寧中關村科技園", "PARK"), ("1.76億元", "AMOUNT"), ("3.7萬平方米", "AMOUNT")])
    got = _rels(d)
    assert ("機械廠房二期工程項目", "1.76億元", "project_amount") in got
    assert ("機械廠房二期工程項目", "3.7萬平方米", "project_amount") in got


def test_metric_drops_light_verbs_after_the_park_and_never_tags_shares():
    from zonener.weak.metric import MetricGrammarLF, MetricLexiconLF

    t = "1-6月，银川经开区实现规模以上工业总产值286.4亿元，占全市比重达32.6%；税收占比达81.8%。"
    got = set(_votes(MetricGrammarLF(), t, "METRIC")) | set(_votes(MetricLexiconLF(), t, "METRIC"))
    assert "规模以上工业总产值" in got and "税收" in got
    assert not any(x.startswith(("实现", "占")) or x in ("占比", "比重") for x in got)


def test_single_project_investment_is_not_a_metric_but_totals_are():
    from zonener.weak.metric import MetricGrammarLF, MetricLexiconLF

    def metrics(text):
        return set(_votes(MetricGrammarLF(), text, "METRIC")) | set(_votes(MetricLexiconLF(), text, "METRIC"))

    assert metrics("四川锦程半导体有限公司投资65亿元建设的锦程芯片项目开工。") == set()
    assert metrics("华铂新能源将投资35亿元在鹰潭高新区建设储能电池项目。") == set()
    assert "总投资" not in metrics("车载显示模组项目总投资18.6亿元。")
    assert "总投资" in metrics("集中开工重大产业项目32个，总投资388.6亿元。")
    assert metrics("31个省市重点项目完成投资68.4亿元。") == {"投资"}


def test_metric_lexicon_needs_the_value_right_after_the_name():
    from zonener.weak.metric import MetricLexiconLF

    assert _votes(MetricLexiconLF(), "围绕研发投入、高新技术企业培育、成果转化等方面，给予每家企业30万元奖励。", "METRIC") == []
    assert {"工业增加值", "营业收入"} <= set(_votes(MetricLexiconLF(), "工业增加值、营业收入分别增长12.1%、15.3%。", "METRIC"))


def test_park_names_keep_place_prefixes_jieba_mistags():
    from zonener.weak.patterns import ParkHeadLF

    # jieba's dictionary tags 大连 as an adverb and 包头 as a verb, and splits 西咸 into 西|咸
    t = "今年4月，大连高新区集中兑现奖补资金。1-8月，西咸新区规上工业总产值增长9%。目前，包头稀土高新区已集聚企业42家。"
    assert {"大连高新区", "西咸新区", "包头稀土高新区"} <= set(_votes(ParkHeadLF(), t, "PARK"))


def test_periods_counts_and_events_are_not_single_projects():
    from zonener.weak import WeakLabeler

    text = ("一季度洛阳高新区新开工项目12个，总投资56亿元。两江新区一季度32个重大项目集中开工。"
            "上半年共有9个项目实现拿地即开工。华泰新能源年产20万吨正极材料项目开工建设。")
    doc = WeakLabeler.from_resources().label([Document("d", text)])[0]
    projects = [e.text for e in doc.entities if e.label == "PROJECT"]
    assert projects == ["华泰新能源年产20万吨正极材料项目"]


def test_metric_leaves_zone_short_names_and_headline_phrases_outside():
    from zonener.weak.metric import MetricGrammarLF

    t = "今年1-4月，南沙新设外商投资企业186家。成都高新区二季度重大项目集中签约 总投资286.5亿元"
    got = _votes(MetricGrammarLF(), t, "METRIC")
    assert "新设外商投资企业" in got and "总投资" in got


def _labelled(text):
    from zonener.weak import WeakLabeler

    doc = WeakLabeler.from_resources().label([Document("d", text)])[0]
    return [(e.label, e.text) for e in doc.entities]


def test_park_names_never_start_with_a_period_or_a_category():
    got = _labelled("二季度遂宁高新区新签约项目18个。2024年绵阳经开区实际利用外资9亿元。今年以来南昌高新区新增企业320家。"
                    "该区入选首批省级近零碳园区建设试点，下半年园区将争创国家级零碳园区。")
    parks = [t for lab, t in got if lab == "PARK"]
    assert parks == ["遂宁高新区", "绵阳经开区", "南昌高新区"]
    assert ("DATE", "二季度") in got and ("DATE", "2024年") in got


def test_park_heads_for_free_trade_areas_and_science_cities():
    from zonener.weak.patterns import ParkHeadLF

    t = "一季度，中国（福建）自由贸易试验区福州片区新设企业增长。星河生物科技拟在长安国际生物城投资8亿元，毗邻滨江科学城。"
    assert _votes(ParkHeadLF(), t, "PARK") == ["中国（福建）自由贸易试验区福州片区", "长安国际生物城", "滨江科学城"]
    assert _votes(ParkHeadLF(), "基础设施一期（二片区）已完工", "PARK") == []


def test_source_byline_names_the_publisher():
    from zonener.weak.orgs import SourceBylineLF

    t = "2024-03-02\u3000来源：江城晚报\u3000发布时间：2024-03-02\n来源：德阳经开区\n来源: 网络\n"
    assert [(v.label, t[v.start:v.end]) for v in SourceBylineLF().apply(DocContext(t))] == [("ORG", "江城晚报"), ("PARK", "德阳经开区")]


def test_company_and_institute_names_keep_what_they_do():
    got = _votes(OrgSuffixLF(), "两地共建的苏州先进制造技术研究院已集聚研发人员300人。由华东未来能源科技有限公司投资建设。", "ORG")
    assert got == ["苏州先进制造技术研究院", "华东未来能源科技有限公司"]


def test_categories_and_lists_of_aspects_are_not_projects():
    got = _labelled("园区累计培育国家级绿色工厂15家，首条生产线已试产，让更多好项目落地。"
                    "在用地、融资、人才等方面全力保障项目建设。星辰新材料、瀚海储能等一批重点项目开工。")
    projects = [t for lab, t in got if lab == "PROJECT"]
    assert projects == ["星辰新材料", "瀚海储能"]


def test_figures_of_one_project_and_share_denominators_are_not_metrics():
    got = _labelled("星海储能电站项目，总投资36亿元，达产后预计年产值80亿元。智能终端产业园项目完成投资4.2亿元。"
                    "高新技术产业产值占规上工业总产值的比重达到61%。今年重点项目21个，总投资312亿元。")
    metrics = [t for lab, t in got if lab == "METRIC"]
    # a qualified count (重点项目21个) is a METRIC (annotation guide); a bare 项目 never is
    assert metrics == ["高新技术产业产值", "重点项目", "总投资"]
    assert ("AMOUNT", "36亿元") in got and ("AMOUNT", "80亿元") in got


def test_metric_heads_for_times_throughput_and_energy():
    got = _labelled("一季度，企业开办时间压缩至0.5个工作日，集装箱吞吐量达到86.2万标箱，年发电量达2.1亿千瓦时。")
    assert [t for lab, t in got if lab == "METRIC"] == ["企业开办时间", "集装箱吞吐量", "年发电量"]


def test_three_character_names_before_verbs_stay_whole():
    from zonener.weak.linguistic import PersonTitleLF

    t = "高新区党工委书记杨志远出席活动并讲话。副市长何秀兰宣布项目开工。管委会主任周栋表示，园区将继续发力。"
    assert _votes(PersonTitleLF(), t, "PERSON") == ["杨志远", "何秀兰", "周栋"]


def test_plan_as_a_verb_and_counted_land_are_not_policies():
    got = _labelled("今年，滨湖新区计划实施重点项目40个。公司计划在2026年前投产。"
                    "园区深化“标准地”改革，累计出让“标准地”32宗。园区印发《产业园区三年行动计划》。")
    assert [t for lab, t in got if lab == "POLICY"] == ["“标准地”改革", "产业园区三年行动计划"]


def test_company_short_names_follow_the_full_name():
    from zonener.weak.orgs import CompanyShortNameLF, company_short_names

    assert company_short_names("深圳市拓源新能源科技有限公司") == ["拓源新能源科技", "拓源新能源"]
    t = "园区与杭州云栖智能装备有限公司签订协议。云栖智能装备将投资12亿元建设总部。云栖智能装备项目年内开工。"
    assert _votes(CompanyShortNameLF(), t, "ORG") == ["云栖智能装备"]


def test_entry_lists_with_approximate_counts():
    got = _labelled("目前，星途汽车、渝安动力等3200余家企业已在园区集聚。")
    assert [t for lab, t in got if lab == "ORG"] == ["星途汽车", "渝安动力"]


def test_has_metric_goes_to_the_subject_parks_of_the_sentence():
    d = _doc("今年以来，甲城高新区、乙河经开区等园区加快布局氢能装备，新开工氢能项目14个，总投资286亿元",
             [("甲城高新区", "PARK"), ("乙河经开区", "PARK"), ("新开工氢能项目", "METRIC"), ("总投资", "METRIC")])
    got = [r for r in _rels(d) if r[2] == "has_metric"]
    assert got == sorted((p, m, "has_metric") for p in ("甲城高新区", "乙河经开区") for m in ("新开工氢能项目", "总投资"))
    # a park inside 以…为核心 is not the subject; a clause with its own ORG is the ORG's figure
    d = _doc("丙山高新区已形成以丁水产业园为核心的发展格局，集聚新能源企业230余家，丙山研究院已集聚研发人员320名",
             [("丙山高新区", "PARK"), ("丁水产业园", "PARK"), ("新能源企业", "METRIC"), ("丙山研究院", "ORG"), ("研发人员", "METRIC")])
    assert [r for r in _rels(d) if r[2] == "has_metric"] == [("丙山高新区", "新能源企业", "has_metric")]


def test_located_in_and_invests_in_across_a_park_and_the_amount():
    d = _doc("华川新材料有限公司在临江经开区投资3.8亿元建设的电池隔膜项目于8月投产，可年产隔膜6亿平方米",
             [("华川新材料有限公司", "ORG"), ("临江经开区", "PARK"), ("3.8亿元", "AMOUNT"), ("电池隔膜项目", "PROJECT"), ("6亿平方米", "AMOUNT")])
    got = _rels(d)
    assert ("华川新材料有限公司", "电池隔膜项目", "invests_in") in got
    assert ("电池隔膜项目", "3.8亿元", "project_amount") in got and ("电池隔膜项目", "6亿平方米", "project_amount") in got
    assert ("华川新材料有限公司", "临江经开区", "located_in") not in got
    d = _doc("星海冷链枢纽项目在滨港综合保税区签约落户，项目由远洋控股有限公司全资建设",
             [("星海冷链枢纽项目", "PROJECT"), ("滨港综合保税区", "PARK"), ("远洋控股有限公司", "ORG")])
    got = _rels(d)
    assert ("星海冷链枢纽项目", "滨港综合保税区", "located_in") in got and ("远洋控股有限公司", "星海冷链枢纽项目", "invests_in") in got
    d = _doc("目前，云岭汽车、蓝湾动力等800余家企业已在江北新区集聚",
             [("云岭汽车", "ORG"), ("蓝湾动力", "ORG"), ("江北新区", "PARK")])
    assert _rels(d) == [("云岭汽车", "江北新区", "located_in"), ("蓝湾动力", "江北新区", "located_in")]


def test_implements_levers_headlines_and_co_signers():
    d = _doc("今年以来，东湖经开区以“绿电进园”工程为抓手，加快能源转型", [("东湖经开区", "PARK"), ("“绿电进园”工程", "POLICY")])
    assert _rels(d) == [("东湖经开区", "“绿电进园”工程", "implements")]
    d = _doc("西山高新区：“一网通办”改革跑出加速度", [("西山高新区", "PARK"), ("“一网通办”改革", "POLICY")])
    assert _rels(d) == [("西山高新区", "“一网通办”改革", "implements")]
    d = _doc("北岸高新区与南湖工业园区签署《科技创新合作框架协议》", [("北岸高新区", "PARK"), ("南湖工业园区", "PARK"), ("科技创新合作框架协议", "POLICY")])
    assert _rels(d) == [("北岸高新区", "科技创新合作框架协议", "implements"), ("南湖工业园区", "科技创新合作框架协议", "implements")]
