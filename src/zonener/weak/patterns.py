"""Head-noun patterns with left-boundary detection for PARK, PROJECT, POLICY and ORG,
plus 《》 titles, quoted programme names and shared-head lists.

The name part left of a head word is found by :func:`lf.left_name_start`
(jieba tokens + dictionary POS + a stop list of trigger verbs such as
引进/落地/建设/开工/实施), so the LFs generalise to unseen names.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lf import HARD_BOUNDARY, NEG, DocContext, LabelingFunction, Vote, cut, jieba_pos, left_name_start, lexicons, list_items, place_names, strip_span


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=None)
def _head_re(key: str) -> re.Pattern:
    return re.compile(_alt(lexicons()[key]))


@lru_cache(maxsize=64)
def _by_len(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _generic(name: str, generic: frozenset[str]) -> bool:
    if not name:
        return True
    if name in generic:
        return True
    # composed only of generic pieces (e.g. 省级重点)
    rest = name
    changed = True
    ordered = _by_len(generic)
    while rest and changed:
        changed = False
        for g in ordered:
            if len(g) >= 1 and rest.startswith(g):
                rest = rest[len(g):]
                changed = True
                break
    return not rest


@lru_cache(maxsize=None)
def _gen(key: str) -> frozenset[str]:
    return frozenset(lexicons()[key])


# verbs and time words that name what a company or institute does (先进制造技术研究院, 未来能源科技)
_ORG_KEEP = frozenset({"制造", "研发", "生产", "未来", "智造", "创新"})
_ORG_BREAK = frozenset({"p", "c", "u", "uj", "ul", "r", "y"})
_ORG_NAME_WORDS = {"投资", "发展", "服务", "管理", "建设", "科技", "创新", "生产", "研发", "制造", "合作", "交流", "新", "主要",
                   "创业", "孵化", "产业", "技术", "工程", "咨询", "运营", "开发", "控股", "集团", "实业", "贸易", "物流", "能源"}


@lru_cache(maxsize=1)
def _project_stop() -> frozenset[str]:
    keep = {"产业", "技术", "科技", "创新", "新", "生产", "研发", "制造", "服务", "合作", "开发", "运营", "物流", "能源", "一体化"}
    extra = {"施工建设", "投资建设", "跑出", "增强", "保证", "填报", "携", "代建", "深入开展", "后期", "建设", "上线",
             "已有", "共建", "租下", "走进", "叮嘱", "察看", "签署"}
    return frozenset(w for w in lexicons()["name_boundary_stop"] if w not in keep) | extra


@lru_cache(maxsize=1)
def _org_stop() -> frozenset[str]:
    return frozenset(w for w in lexicons()["name_boundary_stop"] if w not in _ORG_NAME_WORDS)


_JOIN = frozenset({"和", "与", "及", "的"})


def _project_start(ctx: DocContext, head_start: int, max_len: int = 30) -> int:
    """Left boundary of a project name: verbs such as 生产/研发 stay inside, 和/与/及/的 are
    crossed between name parts, a money amount (投资3.2亿元) stops it."""
    return left_name_start(ctx, head_start, max_len, stop=_project_stop(), allow_digits=True, break_pos=_ORG_BREAK,
                           verb_break=False, join_words=_JOIN, money_stop=True)


# not a name: a size class (10亿元以上项目 is a METRIC), a superlative (单体投资最大的制造业项目), a slogan number (一号工程)
_PROJECT_NOT_NAME = re.compile(r"(?:以上|以下|[\d.]+[万千百亿]*元|最[大多高早]的?[\u4e00-\u9fff]{0,6})$|^[一二三四五六七八九十\d]+号$")
_COUNT_AFTER = re.compile(r"\s*(?:达到?|为|共)?[\d一二两三四五六七八九十百千]+(?:\.\d+)?[个项家]")
_COUNT = re.compile(r"^(?:[\d一二两三四五六七八九十百千]+|一大|几)(?:个|条|家|项|座|批|栋|处|大)")
# a count right after a line or plant head counts a kind of line, it names none (稀土抛光粉生产线2条, …等生产线共26条)
_LINES_COUNTED = re.compile(r"\s*(?:达到?|为|共|合计)?[\d一二两三四五六七八九十百千]+(?:\.\d+)?[条座栋个家]")
_LINE_HEADS = frozenset({"生产线", "产线", "生产基地", "制造基地", "研发基地", "产业基地", "基地", "厂房", "工厂", "电站", "储能电站", "数据中心", "算力中心"})
_DATE_IN_NAME = re.compile(r"\d{4}年(?:度|[一二三四1-4]季度|[上下]半年|\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?")
_AGREEMENT_AFTER = re.compile(r"(?:投资)?(?:合作)?(?:协议|合同|框架协议)")
# verbs a project name may start with (生产基地, 研发中心, 制造项目)
_NAME_VERBS = frozenset({"生产", "研发", "制造", "创新", "孵化", "加工", "检测", "储能", "仓储", "物流", "配送", "服务", "运营", "综合利用", "循环利用"})


def _after_leading_verb(view: str, s: int, hs: int) -> int:
    """Start of a project name after a leading multi-character verb the name
    finder let in (租用|标准厂房, 实行|科技项目, 纳入|承诺制范围的工业项目); a
    place the dictionary tags as a verb (包头) and name verbs (生产, 研发) stay."""
    toks = cut(view[s:hs])
    if toks and len(toks[0]) >= 2 and jieba_pos().get(toks[0]) == "v" and toks[0] not in _NAME_VERBS and toks[0] not in place_names():
        return s + len(toks[0])
    return s


def _generic_after_de(name: str, generic: frozenset[str]) -> bool:
    """A description ending in 的 + a generic word is no name (利长远的重大项目, 拉动大的好项目)."""
    k = name.rfind("的")
    return k >= 0 and _generic(name[k + 1:], generic)
_PHASE = re.compile(r"[一二三四五六七八九十\d]+期(?:工程|项目)?")


_FTZ_HEADS = ("自由贸易试验区", "自贸试验区", "自贸区", "自由贸易区")
_PARK_QUAL = re.compile(r"[首第]?[一二两三四五六七八九十百千万亿\d]+(?:个|级|家|大|批)|首个|首批")


# what is left of a park head when a count or a period comes before it
_COUNT_OR_TIME_UNITS = frozenset([*"个家批座所类年月度", "年度", "季度", "月度"])
_YEARS_BEFORE = frozenset("些多来近每")
_STRONG_PARK_HEADS = frozenset({"高新技术产业开发区", "经济技术开发区", "经济开发区", "高新技术开发区", "高新区", "经开区", "开发区", "综合保税区", "综保区"})

_CN_PREFIX = re.compile(r"中国[(（][\u4e00-\u9fff]{2,5}[)）]")
# a parenthesis right after a park's head that belongs to its name: a sub-park (南京高新区(江宁园)),
# a Latin alias (苏州生物医药产业园（BioBAY）) or a type letter (保税物流中心（B型）)
_PARK_PAREN = re.compile(r"[(（](?!简称|以下|下称|含|即|原)(?:[A-Za-z][A-Za-z0-9\-·&]{0,15}|[A-Z]型|[\u4e00-\u9fff]{1,6}(?:园|园区|片区))[)）]")
# branded clusters named after a national brand (中国声谷, 中国V谷, 中国稀金谷) and the
# Zhongguancun sub-parks (中关村昌平园, 中关村海淀园), whose short form (昌平园) follows in the text
BRAND_PARK = re.compile(r"中国[\u4e00-\u9fffA-Z]{1,3}谷|中关村((?:海淀|昌平|顺义|大兴|亦庄|房山|通州|东城|西城|朝阳|丰台|石景山|门头沟|平谷|怀柔|密云|延庆)园)")


# time words that open a sentence before a park's name (未来|青岛高新区将…)
_PARK_LEAD_TIME = ("未来", "今后", "目前", "当前", "如今", "近年来", "下一步")


def _park_name_start(view: str, s: int, hs: int) -> int:
    """Start of a park's name after leading verbs and time words the name finder
    let in (全力支持|枣庄高新区, 打响|国家高新区, 未来|青岛高新区), and before a
    place joined by a middle dot (南宁·中关村科技园)."""
    from .orgs import _LEAD_POS, _lead_sorted

    name = view[s:hs]
    for w in _lead_sorted():
        if name.startswith(w) and len(name) - len(w) >= 2:
            name, s = name[len(w):], s + len(w)
            break
    pos, toks = jieba_pos(), cut(name)
    # multi-character verbs and adverbs only: jieba splits unknown places into characters with stray tags (横|州市)
    while len(toks) > 1 and len(toks[0]) >= 2 and pos.get(toks[0]) in _LEAD_POS and toks[0] not in place_names() and len(name) - len(toks[0]) >= 2:
        name, s, toks = name[len(toks[0]):], s + len(toks[0]), toks[1:]
    if s > 0 and view[s - 1].isdigit():
        for w in ("年度", "季度", "年", "月"):
            if name.startswith(w) and len(name) - len(w) >= 2:
                name, s = name[len(w):], s + len(w)  # 2025年度|现代农业产业园: the period is a date
                break
    for w in _PARK_LEAD_TIME:
        if name.startswith(w) and len(name) - len(w) >= 2:
            s += len(w)
            break
    if view[s - 1:s] in ("·", "•"):
        for n in (3, 2):
            if s - 1 - n >= 0 and view[s - 1 - n:s - 1] in place_names():
                return s - 1 - n
    return s


def _verb_alone(name: str) -> bool:
    """A name part that is one adverb, idiom or trigger verb and no place
    (明确, 紧紧围绕, 支持), or one character that is no noun (用|好|综合保税区).
    Words jieba only tags as verbs stay names: it tags counties so (射洪 vn, 包头 v)."""
    from .orgs import _lead_sorted

    toks = cut(name)
    if len(toks) != 1 or name in place_names():
        return False
    p = jieba_pos().get(name)
    return p in _ADVERB_POS or name in _lead_sorted() or (len(name) == 1 and p in ("a", "m", "q", "r", "u"))


_ADVERB_POS = frozenset({"d", "ad", "p", "c", "l", "i"})


class ParkHeadLF(LabelingFunction):
    """<proper name> + park head (高新区, 经开区, 工业园, 产业园, 新区 …)."""

    name = "park_head"
    labels = ("PARK", NEG)
    prior = 0.8

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        weak = set(lexicons()["park_weak_heads"])
        generic = _gen("park_generic_names")
        for m in _head_re("park_heads").finditer(view):
            hs, he = m.span()
            # do not match a head inside a longer head-like word: 园区 of 工业园区 handled by alternation order
            s = left_name_start(ctx, hs, 10, allow_digits=False)
            # national designations keep their 中国（省市） prefix: 中国（重庆）跨境电子商务综合试验区
            cn = _CN_PREFIX.search(view, max(0, s - 12), hs)
            if cn is not None and cn.end() >= s - 1 and cn.end() <= hs:
                s = min(s, cn.start())
            inner = [x for x in _head_re("park_heads").finditer(view, s, hs) if x.group() in _STRONG_PARK_HEADS]
            if inner and m.group() not in _FTZ_HEADS and hs - inner[-1].end() >= 2:
                s = inner[-1].end()  # a zone inside a zone: 经开区|泾渭新城 (the outer park is its own match)
            if view[s:s + 1] == "年" and hs - s > 2 and view[s - 1:s] in _YEARS_BEFORE:
                s += 1  # 这些年|昆明经开区, 多年|…
            s = _park_name_start(view, s, hs)
            name = view[s:hs]
            if name and _verb_alone(name):
                out.append(self.vote(s, he, NEG))  # 进一步明确|高新区, 紧紧围绕|高新区: no name
                continue
            if name.endswith("省") and name[:-1] in place_names() and m.group() in _STRONG_PARK_HEADS:
                out.append(self.vote(s, he, NEG))  # 在山东省开发区中: a province's zones, collectively
                continue
            if name in _COUNT_OR_TIME_UNITS:
                # 全市13个开发区, 2023年开发区工作: a count or period before a bare head, no name
                out.append(self.vote(s, he, NEG))
                continue
            # bare 园区 after a word is the common noun (那时候园区, 下一步园区, 标杆园区); named parks end
            # in 工业园区/产业园区/科技园区, which the alternation matches first
            if _generic(name, generic) or m.group() == "园区" or (m.group() in weak and (len(name) < 2 or _PARK_QUAL.search(name))):
                out.append(self.vote(s if s < hs else hs, he, NEG))
                continue
            prev = out[-1] if out else None
            if m.group() == "片区" and prev is not None and prev.label == "PARK" and prev.start <= s <= prev.end < hs and view[prev.start:prev.end].endswith(_FTZ_HEADS):
                # a free-trade zone's area is named with the zone: 中国（广西）自由贸易试验区钦州港片区
                out[-1] = self.vote(prev.start, he, "PARK")
                continue
            # park + 管委会 -> ORG (named body); park + 二期 -> PROJECT: handled by other LFs
            paren = _PARK_PAREN.match(view, he)
            out.append(self.vote(s, paren.end() if paren else he, "PARK"))
        out.extend(self._brand_parks(view))
        return out

    def _brand_parks(self, view: str) -> list[Vote]:
        out, short = [], set()
        for m in BRAND_PARK.finditer(view):
            out.append(self.vote(m.start(), m.end(), "PARK"))
            if m.group(1):
                short.add(m.group(1))
        if short:
            for m in re.finditer(_alt(short), view):
                if view[max(0, m.start() - 3):m.start()] != "中关村":
                    out.append(self.vote(m.start(), m.end(), "PARK"))
        return out


class ParkListLF(LabelingFunction):
    """Shared-head lists: A、B等(高新区|产业园区) → each item is a PARK."""

    name = "park_list"
    labels = ("PARK",)
    prior = 0.7
    _rx = re.compile(r"((?:[\u4e00-\u9fff]{2,8}、)*[\u4e00-\u9fff]{2,8})等(?:[一二三四五六七八九十\d]+个)?(?:国家级|省级)?(高新区|开发区|经开区|产业园区|工业园区|园区|产业园|工业园)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        view = ctx.view
        for m in self._rx.finditer(view):
            items_s = m.start(1)
            for _, s, e in list_items(m):
                if s == items_s:
                    s = left_name_start(ctx, e, 8, allow_digits=False) if not _head_re("park_heads").search(view[s:e]) else s
                    if s >= e:
                        continue
                    s = max(s, items_s)
                if _head_re("park_heads").search(view[s:e]):
                    continue  # the head LF handles it
                out.append(self.vote(s, e, "PARK"))
        return out


_ORG_FOLLOW = re.compile(r"(?:等|和|与|及|通过|在|将|已|于|的|是|为|被|把|投资|落户|签约|入驻|建设|宣布|成立|公司|集团|(?:[\u4e00-\u9fff]{0,2})(?:国内|全国|最大|首个))")


@lru_cache(maxsize=1)
def _target_rx() -> re.Pattern:
    return re.compile(_alt(lexicons()["org_target_verbs"]))


class _LazyTarget:
    def search(self, s: str):
        return _target_rx().search(s)


_TARGET = _LazyTarget()


_COMPANY_SUFFIXES = frozenset({"股份有限公司", "有限责任公司", "有限公司", "控股集团", "集团公司", "集团", "公司"})
_ITEM_OF_PROJECTS = re.compile(r"等(?:一批|重大|重点)?项目")
_VERB_BEFORE = re.compile(r"(?:已经|已|尚需|需要|需|提交|报请|经过|经|由|向|给|到|本|该|原|构成|有利于|利于|对|为|使|让|子|母)$")
# a relation word before a company name stays outside it: 全资子公司|嘉兴恒屹新能源材料有限公司
_ORG_ROLE_LEAD = re.compile(r"^(?:其|公司)?(?:全资|控股|参股)?(?:子公司|孙公司|母公司|股东)")


class OrgSuffixLF(LabelingFunction):
    """<name> + organisation suffix (有限公司, 集团, 研究院, 大学, 管委会 …)."""

    name = "org_suffix"
    labels = ("ORG", NEG)
    prior = 0.75

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        generic = _gen("org_generic_names")
        weak = set(lexicons()["org_weak_suffixes"])
        park_rx = _head_re("park_heads")
        from .orgs import place_anchor, strip_headline_lead, strip_leading_verbs, subunit_end
        covered = 0  # end of the last parent + sub-unit span: its unit suffix is not matched again
        for m in _head_re("org_suffixes").finditer(view):
            hs, he = m.span()
            suf = m.group()
            if hs < covered:
                continue
            if suf in ("科技", "电子", "股份", "电器") and he < len(view) and view[he] not in HARD_BOUNDARY and not _ORG_FOLLOW.match(view, he):
                continue
            s = left_name_start(ctx, hs, 16, stop=_org_stop(), allow_digits=True, break_pos=_ORG_BREAK,
                                keep_words=_ORG_KEEP)
            name = view[s:hs]
            name, s = strip_leading_verbs(name, s)
            s0 = s
            name, s = strip_headline_lead(view, name, s)
            if s > s0:
                out.append(self.vote(s0, he, NEG))  # ——记X有限公司: the lead-in is no part of the name
            if (suf == "公司" and _VERB_BEFORE.search(name)) or "+" in view[s - 1:he + 1]:
                out.append(self.vote(s, he, NEG))  # 事项已经公司…审议, 有利于公司, “管委会+公司”模式: not a name
                continue
            lead = _ORG_ROLE_LEAD.match(name)
            if lead and len(name) - lead.end() >= 2:
                out.append(self.vote(s, he, NEG))
                s, name = s + lead.end(), name[lead.end():]
            if suf in _COMPANY_SUFFIXES:
                s = place_anchor(ctx, s, hs)
                name = view[s:hs]
            # a target that is only striven for: 打造区域性科技创新中心 → O
            if suf.endswith("中心") and _TARGET.search(view[ctx.sentence_of(s)[0]:s][-14:]):
                out.append(self.vote(s, he, NEG))
                continue
            if suf in weak and len(name) < 2:
                continue
            if _generic(name, generic) or _COUNT.match(name):
                # 7个海外人才离岸创新中心, 两家银行, 12家合作社: counted kinds, no name
                out.append(self.vote(s if s < hs else hs, he, NEG))
                continue
            # bodies whose only name part is a generic park word are not ORG
            pm = park_rx.search(name)
            if pm and (pm.start() == 0 or _generic(name[: pm.start()], _gen("park_generic_names"))):
                out.append(self.vote(s, he, NEG))
                continue
            if suf in ("管委会", "管理委员会"):
                # a park's named management body; followed by a title → the person's employer is the PARK
                pm = list(park_rx.finditer(name))
                if not pm:
                    continue
            end = subunit_end(view, he, suf)
            if end > he:
                covered = end
            if _ITEM_OF_PROJECTS.match(view, end) and suf not in _COMPANY_SUFFIXES:
                continue  # A、B检测中心等项目: an item of a project list
            out.append(self.vote(s, end, "ORG"))
        return out


class ProjectHeadLF(LabelingFunction):
    """<name> + project head (项目, 工程, 生产线, 基地, 厂房, 二期 …)."""

    name = "project_head"
    labels = ("PROJECT", NEG)
    prior = 0.6

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        generic = _gen("project_generic_names")
        abstract = lexicons()["policy_abstract_words"]
        for m in _head_re("project_heads").finditer(view):
            hs, he = m.span()
            head = m.group()
            if head.endswith("工程") and view[he:he + 1] in ("院", "师", "学", "化"):
                continue  # 中国工程院, 工程师
            # a head inside a longer name continues (项目建设 etc.)
            s = _project_after_park(view, _project_start(ctx, hs), hs)
            date = None
            for date in _DATE_IN_NAME.finditer(view, s, hs):
                pass
            if date is not None and hs - date.end() >= 2:
                s = date.end()  # 2023年|建成投产年产5000吨…: the date stays outside, and so does the verb after it
            s = _after_leading_verb(view, s, hs)
            name = view[s:hs]
            if head in _LINE_HEADS and _LINES_COUNTED.match(view, he):
                continue
            if head == "项目" and _AGREEMENT_AFTER.match(view, he):
                continue  # 签订项目投资协议: the agreement's kind, no project
            if _COUNT.match(name) or _PROJECT_NOT_NAME.search(name) or _generic_after_de(name, generic):
                out.append(self.vote(s, he, NEG))
                continue
            if head == "项目" and (name.endswith("类") or (name.endswith("产业") and len(name) <= 5)):
                # a kind of project (新能源产业项目); counted (5G通信类项目7个, 重大产业项目32个) it is a METRIC: no say
                if not _COUNT_AFTER.match(view, he):
                    out.append(self.vote(s, he, NEG))
                continue
            if head == "工程" and any(w in name for w in abstract) and not any(w in name for w in lexicons()["project_construction_words"]):
                continue  # 培育工程 etc. → POLICY
            if head in ("改造", "技改", "提升改造", "扩建", "二期", "三期", "四期", "一期") and len(name) < 3:
                continue
            if _generic(name, generic) or len(name) < 2:
                if not _COUNT_AFTER.match(view, he):  # 新开工项目56个 is a METRIC: no say on it
                    out.append(self.vote(s if s < hs else hs, he, NEG))
                continue
            # 等项目: list items handled by ProjectListLF; here the head is not part of the items
            if view[hs - 1:hs] == "等":
                continue
            # a project name must not start with a generic qualifier
            out.append(self.vote(s, he, "PROJECT"))
        return out


def _project_after_park(view: str, s: int, hs: int) -> int:
    """A park or place joined to a project name by 的 stays outside it (潍坊高新区的|鲲鹏…基地项目,
    陇西县的|…二期项目), and so does a named park before a generic word (株洲高新区|重大项目);
    a park naming its own works stays inside (南宁高新区心圩中学扩建工程项目)."""
    from .orgs import is_place
    name = view[s:hs]
    cut = 0
    for m in _head_re("park_heads").finditer(name):
        rest = name[m.end():]
        if m.start() >= 2 and len(rest) >= 2 and (rest[0] == "的" or (len(rest) <= 4 and _generic(rest, _gen("project_generic_names")))):
            cut = m.end()
    k = name.rfind("的")
    if cut <= k < len(name) - 2 and k > 0 and (k == cut or is_place(name[cut:k])):
        cut = k + 1
    if cut and len(name) - cut >= 2:
        s += cut
        if view[s:s + 1] == "的":
            s += 1
    return s


class ProjectListLF(LabelingFunction):
    """Lists closed by a project head: A、B等(一批)(…)项目 → each item a PROJECT
    (not 用地、融资等方面…项目: a list of aspects)."""

    name = "project_list"
    labels = ("PROJECT",)
    prior = 0.55
    _rx = re.compile(r"((?:[^，,。；;：:、\n《》“”]{2,30}、)*[^，,。；;：:、\n《》“”]{2,30})等(?!方面|要素|领域|行业|环节|问题|方式|渠道|手段)(?:一批|[一二三四五六七八九十\d]+[个项])?[^，,。；;等、\n]{0,10}?(?:项目|工程|生产线)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        view = ctx.view
        generic = _gen("project_generic_names")
        for m in self._rx.finditer(view):
            if m.group().endswith("生产线") and _LINES_COUNTED.match(view, m.end()):
                continue
            for _, s, e in list_items(m):
                s, e = strip_span(view, s, e)
                s = max(s, _project_start(ctx, e))
                name = view[s:e]
                if len(name) < 2 or _generic(name, generic) or _COUNT.match(name):
                    continue
                out.append(self.vote(s, e, "PROJECT"))
        return out


class AnnualCapacityProjectLF(LabelingFunction):
    """<company> 年产<amount><product> (生产线|项目)? → PROJECT."""

    name = "project_capacity"
    labels = ("PROJECT",)
    prior = 0.75
    _rx = re.compile(r"年产(?:能)?\d+(?:\.\d+)?[万千亿]?(?:吨|件|套|台|辆|片|只|吉瓦时|GWh|兆瓦|平方米|立方米|米)[^，,。；;、\n等和及]{1,16}")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        view = ctx.view
        for m in self._rx.finditer(view):
            s = left_name_start(ctx, m.start(), 10, allow_digits=False)
            e = m.end()
            if s == m.start():
                continue
            head = _head_re("project_heads").search(view, m.start(), e)
            if head is not None:  # the name ends at its head: …正极材料项目|开工建设
                e = head.end()
            out.append(self.vote(s, e, "PROJECT"))
        return out


class PhaseProjectLF(LabelingFunction):
    """<park or company> 二期/三期 (工程|项目) → PROJECT (a planned development work)."""

    name = "project_phase"
    labels = ("PROJECT",)
    prior = 0.6

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        view = ctx.view
        for m in _PHASE.finditer(view):
            s = left_name_start(ctx, m.start(), 16, allow_digits=False)
            if m.start() - s < 2:
                continue
            e = m.end()
            tail = re.match(r"[^，,。；;、\n等和及]{0,8}?(?:项目|工程)", view[e:e + 10])
            if tail:
                e += tail.end()
            out.append(self.vote(s, e, "PROJECT"))
        return out


class BookTitleLF(LabelingFunction):
    """《…》 → POLICY without the marks (news outlets → ORG)."""

    name = "policy_title"
    labels = ("POLICY", "ORG")
    prior = 0.9
    _rx = re.compile(r"《([^《》\n]{2,60})》")
    _outlet = re.compile(r"(?:日报|晚报|时报|报|周刊|杂志|新闻|电视台|网)$")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        for m in self._rx.finditer(ctx.view):
            s, e = m.span(1)
            label = "ORG" if self._outlet.search(m.group(1)) and len(m.group(1)) <= 8 else "POLICY"
            out.append(self.vote(s, e, label))
        return out


class QuotedProgrammeLF(LabelingFunction):
    """“X” + policy head (改革, 行动, 专项行动, 战略, 工程, 机制 …) → POLICY, inner quotes kept."""

    name = "policy_quoted"
    labels = ("POLICY",)
    prior = 0.85

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        heads = _alt(lexicons()["policy_heads"])
        # “放管服”改革, “一网通办”改革试点 (a second head joins), 「通關+物流」一體化改革
        rx = re.compile(rf"[“\"「‘]([^“”\"「」‘’\n]{{1,20}})[”\"」’]((?:[\u4e00-\u9fff]{{0,6}}?)(?:{heads})(?:{heads})?)")
        for m in rx.finditer(ctx.view):
            if any(c in _LIST_JOINERS for c in m.group(2)):
                continue  # “赣鄱英才555工程”等人才政策: the quote is one item of a kind, the head names the kind
            out.append(self.vote(m.start(), m.end(), "POLICY"))
        return out


_LIST_JOINERS = frozenset("等和与及")


@lru_cache(maxsize=1)
def _policy_stop() -> frozenset[str]:
    keep = set(lexicons()["policy_keep_words"])
    return frozenset(w for w in lexicons()["name_boundary_stop"] if w not in keep)


_POLICY_COUNT = re.compile(r"^(?:[\d一二两三四五六七八九十百]+(?:多|余)?(?:个|项|大|条|年|套)?|十一个|几)$")
# a numbered group of programmes named by their kind (四大攻坚, 十大专项): the items are the policies
_POLICY_GROUP = re.compile(r"^[两三四五六七八九十\d]+大[\u4e00-\u9fff]{0,4}$")


def policy_trim(view: str, s: int, hs: int) -> int:
    """Scope words, places and parks before a policy name stay outside:
    国家结构性减税 → 结构性减税; 赣县区(赣州高新区)高企攻坚行动 → 高企攻坚行动; 国家高新区争先晋位攻坚战."""
    from .orgs import is_place
    name = view[s:hs]
    # after the last park head or closing bracket inside the name
    cut_at = 0
    for m in _head_re("park_heads").finditer(name):
        if m.end() < len(name) and m.start() >= 0:
            cut_at = max(cut_at, m.end())
    k = max(name.rfind(")"), name.rfind("）"))
    if k >= 0 and "(" not in name[k:] and len(name) - k - 1 >= 2:
        cut_at = max(cut_at, k + 1)
    if len(name) - cut_at >= 2:
        s += cut_at
        name = name[cut_at:]
    scopes = sorted(lexicons()["policy_scope_prefixes"], key=len, reverse=True) + lexicons()["policy_leading_verbs"]
    changed = True
    while changed:
        changed = False
        for w in scopes:
            if name.startswith(w) and len(name) - len(w) >= 2:
                s, name, changed = s + len(w), name[len(w):], True
                break
        if not changed:
            for n in range(min(4, len(name) - 2), 1, -1):
                if is_place(name[:n]) and name[n:n + 1] not in "特新":
                    s, name, changed = s + n, name[n:], True
                    break
    return s


def _quoted_start(view: str, s: int, he: int) -> int:
    """A name quoted whole (“园区用工保障百日攻坚行动”) starts after its opening quote."""
    close = view[he:he + 1]
    opener = {"”": "“", "」": "「", "’": "‘"}.get(close)
    if opener is None:
        return s
    k = view.rfind(opener, max(0, s - 20), s + 1)
    if k < 0 or any(c in view[k + 1:he] for c in (close, "，", "。", "；", "、", "\n")):
        return s
    return k + 1


_PLAN_AS_VERB = re.compile(r"(?:实施|在|于|投资|开工|建设|推进|年内|到|用|将|新|引进|完成|启动|总投资|打造|建成|今年|明年|再|通过|对|把|为)")


class PolicyHeadLF(LabelingFunction):
    """<name> + policy head (改革, 机制, 战略, 计划, 办法, 方案 …) → POLICY; generic names negative."""

    name = "policy_head"
    labels = ("POLICY", NEG)
    prior = 0.6

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        generic = _gen("policy_generic_names")
        abstract = lexicons()["policy_abstract_words"]
        construction = lexicons()["project_construction_words"]
        for m in _head_re("policy_heads").finditer(view):
            hs, he = m.span()
            head = m.group()
            if view[hs - 1:hs] in "”\"》":
                continue  # quoted/title LFs handle it
            if head == "计划" and _PLAN_AS_VERB.match(view, he):
                continue  # 两江新区计划实施…, 公司计划在2025年前…: 计划 is a verb
            if view[he:he + 1] in ("书", "证", "图", "表") or view[he:he + 2] in ("许可",) or (head == "战略" and view[he:he + 2] == "合作"):
                continue  # 中标通知书, 工程规划许可证, 施工方案图纸, 签订战略合作协议
            s = left_name_start(ctx, hs, 16, stop=_policy_stop(), allow_digits=False, verb_break=False, break_pos=_ORG_BREAK)
            if view[s - 1:s] == "《" and view[he:he + 1] == "》":
                continue  # a title, short ones too (《若干措施》): the title LF handles it
            q = _quoted_start(view, s, he)
            quoted_whole = view[q - 1:q] in ("“", "「", "‘") and view[he:he + 1] in ("”", "」", "’")
            s = q if quoted_whole else policy_trim(view, s, hs)  # a name quoted whole keeps its scope words and places
            name = view[s:hs]
            if _POLICY_COUNT.match(name) or _POLICY_GROUP.match(name):
                out.append(self.vote(s, he, NEG))
                continue
            if head == "工程" and (not any(w in name for w in abstract) or any(w in name for w in construction)):
                continue
            if head in ("试点", "规划", "清单", "通知", "意见", "决定", "规定", "行动", "计划", "政策", "制度") and len(name) < 2:
                out.append(self.vote(s if s < hs else hs, he, NEG))
                continue
            if _generic(name, generic) or len(name) < 2:
                out.append(self.vote(s if s < hs else hs, he, NEG))
                continue
            out.append(self.vote(s, he, "POLICY"))
        return out


def _after_last_verb(view: str, s: int, e: int) -> int:
    """Start of a list's first policy after the last leading verb (我们全面落实|留抵退税)."""
    item = view[s:e]
    cut = max((item.rfind(w) + len(w) for w in lexicons()["policy_leading_verbs"] if 0 <= item.rfind(w) < len(item) - len(w) - 1), default=0)
    return policy_trim(view, s + cut, e)


class PolicyListLF(LabelingFunction):
    """A、B、C等(N个)专项行动 → each item a POLICY."""

    name = "policy_list"
    labels = ("POLICY",)
    prior = 0.6
    _rx = re.compile(r"((?:[\u4e00-\u9fff“”]{2,14}、)+[\u4e00-\u9fff“”]{2,14})等“?(?:[一二三四五六七八九十\d]+[个项大])?[\u4e00-\u9fff]{0,4}?(?:专项行动|行动|改革|政策|工程)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        view = ctx.view
        generic = _gen("policy_generic_names")
        for m in self._rx.finditer(view):
            for k, s, e in list_items(m):
                if k == 0:
                    first = left_name_start(ctx, e, 14)
                    # 深入实施|产业强链补链: when the name finder stops at the verb, trim it instead
                    s = max(s, first) if e - first >= 2 else _after_last_verb(view, s, e)
                if e - s < 2 or _generic(view[s:e], generic):
                    continue
                out.append(self.vote(s, e, "POLICY"))
        return out


def pattern_lfs() -> list[LabelingFunction]:
    return [
        ParkHeadLF(), ParkListLF(), OrgSuffixLF(), ProjectHeadLF(), ProjectListLF(),
        AnnualCapacityProjectLF(), PhaseProjectLF(), BookTitleLF(), QuotedProgrammeLF(),
        PolicyHeadLF(), PolicyListLF(),
    ]
