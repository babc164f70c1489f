"""ORG LFs from grammar and context (no name lists):

- ``org_gov``: <place> + government-body suffix (青岛市委, 城阳区人民政府,
  灵武市委, XX省发展改革委, 新疆生产建设兵团党委). The name part must be a place
  (ends in 省/市/县/区/州/旗, a known province/city, jieba ``ns``) or a known body;
  bare 市委/市政府/省委省政府 get a negative vote.
- ``org_park_body``: <named park> + body (管委会, 服务专班, 行政审批服务部,
  专委会 …) → ORG (青岛高新区服务专班); a generic park word (高新区管委会) → O.
- ``org_alias``: a short name declared in brackets, 阿斯利康投资(中国)有限公司(以下简称阿斯利康)
  → the short name is ORG (PARK after a park name) at every mention in the document.
- ``org_source``: the publisher in a 来源：X byline (a newspaper, site, media
  centre or office → ORG; a bare park name → PARK).
- ``org_short_name``: a company named in full (深圳市拓源新能源科技有限公司) and
  later by its core name without place and legal or trade suffixes (拓源新能源).
- ``org_context``: bare company names from context: 与X合作/签约/签署, and
  lists A、B、C等(一批)…入驻/落户/进驻 (companies that move into a park).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lf import NEG, DocContext, LabelingFunction, Vote, cut, jieba_pos, left_name_start, lexicons, list_items, place_names
from .patterns import _gen, _generic, _head_re, _org_stop


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def is_place(name: str) -> bool:
    """A place name: a known province/city, jieba ``ns``, or ending in an administrative suffix."""
    if len(name) < 2:
        return False
    if name in place_names() or name in lexicons()["gov_org_words"]:
        return True
    if name[-1] in "省市县区州旗盟" and len(name) >= 2 and name[:-1] not in ("全", "我", "本", "该", "各", "城", "市", "地", "辖", "园", "社", "小", "新", "老", "郊", "城区", "片"):
        return True
    pos = jieba_pos().get(name)
    return pos == "ns"


def _is_park_name(name: str) -> bool:
    """A named park exactly (青岛高新区), not a generic park word."""
    m = None
    for m in _head_re("park_heads").finditer(name):
        pass
    return bool(m) and m.end() == len(name) and m.start() >= 2 and not _generic(name[: m.start()], _gen("park_generic_names"))


@lru_cache(maxsize=1)
def _lead_sorted() -> tuple[str, ...]:
    return tuple(sorted(lexicons()["org_leading_verbs"], key=lambda w: (-len(w), w)))


def strip_leading_verbs(name: str, s: int) -> tuple[str, int]:
    """Drop leading trigger verbs / prepositions left inside a name window (建设羊绒纺织研究院 → 羊绒纺织研究院)."""
    lead = _lead_sorted()
    changed = True
    while changed:
        changed = False
        for w in lead:
            if name.startswith(w) and len(name) - len(w) >= 2:
                name, s = name[len(w):], s + len(w)
                changed = True
                break
    # jieba: leading verbs / adverbs / prepositions (严格贯彻落实, 充分发挥); a place is never one (包头 is tagged v)
    pos = jieba_pos()
    toks = cut(name)
    while (len(toks) > 1 and pos.get(toks[0]) in _LEAD_POS and len(name) - len(toks[0]) >= 2
           and toks[0] not in place_names()):
        name, s = name[len(toks[0]):], s + len(toks[0])
        toks = toks[1:]
    return name, s


# feature-headline lead-ins before a name: ——对话X管委会主任, ——记X有限公司董事长
_HEADLINE_LEAD = ("对话", "专访", "走进", "探访", "聚焦", "寻访", "记")


def strip_headline_lead(view: str, name: str, s: int) -> tuple[str, int]:
    """Drop a headline lead-in word right after a dash, colon or line start."""
    if s == 0 or view[s - 1] in "—-－:：\n 　":
        for w in _HEADLINE_LEAD:
            if name.startswith(w) and len(name) - len(w) >= 2:
                return name[len(w):], s + len(w)
    return name, s


_ANCHOR_GAP = 4
_ANCHOR_BREAK = frozenset({"p", "u", "uj", "ul", "r", "y"})


def place_anchor(ctx: DocContext, s: int, hs: int) -> int:
    """Move a company name's start left over a short brand to the place that begins it
    (贵州|鸣正|乐器制造有限公司, 黑龙江|正和|生物能源有限公司: the walk stopped at 正 / 和 / 包装)."""
    view = ctx.view
    lo = max(ctx.sentence_of(s)[0], s - _ANCHOR_GAP - 4)
    i = s
    while i > lo and "\u4e00" <= view[i - 1] <= "\u9fff":
        i -= 1
    if i == s:
        return s
    toks = cut(view[i:s])
    stop = _stop_set()
    pos = jieba_pos()
    gap = 0
    for k in range(len(toks) - 1, -1, -1):
        t = toks[k]
        if is_place(t) and len(t) >= 2 and gap > 0:
            return s - gap - len(t)
        if gap + len(t) > _ANCHOR_GAP or (len(t) >= 2 and (t in stop or pos.get(t) in _ANCHOR_BREAK)) or pos.get(t) in _ANCHOR_BREAK:
            return s
        gap += len(t)
    return s


# sub-units written onto their parent stay one ORG (中国科学院武汉分院, 东南大学无锡校区, 云南大学物理与天文学院,
# 新华日报社, XX管委会行政审批处)
_SUBUNIT = re.compile(r"([\u4e00-\u9fffA-Za-z0-9]{0,14}?)(分院|分公司|分行|支行|分所|分校|校区|天文台|研究所|研究院|研究中心|"
                      r"学院|重点实验室|实验室|研究生院|医院)")
_DEPT = re.compile(r"([\u4e00-\u9fff]{2,6}?)(办公室|处|局|科|部)(?![门分])")
_LOCATIVE = frozenset("内里中外旁")
_SUB_BAD_POS = frozenset({"p", "c", "u", "uj", "ul", "r", "y", "d", "v"})


def _unit_mid_ok(mid: str) -> bool:
    """The words between a parent and its unit name a field or place, not a verb phrase or a new item."""
    if not mid:
        return True
    toks = cut(mid)
    pos = jieba_pos()
    if pos.get(toks[0]) in _SUB_BAD_POS or toks[0] in ("等", "的", "和", "及", "与", "或"):
        return False
    return not any((t in _org_stop() and t not in ("与", "和", "及")) or t in ("等", "的", "各") or pos.get(t) in ("d", "r")
                   for t in toks)


def subunit_end(view: str, he: int, suf: str) -> int:
    """End of the sub-unit that continues an ORG ending at ``he``, or ``he``."""
    if suf.endswith("报") and view[he:he + 1] == "社":
        return he + 1
    rx = _DEPT if suf in ("管委会", "管理委员会") else _SUBUNIT
    m = rx.match(view, he)
    # 校区内 / 医院里: the unit used as a place, not as a body
    if m and _unit_mid_ok(m.group(1)) and (m.group(1) or rx is _DEPT) and view[m.end():m.end() + 1] not in _LOCATIVE:
        return m.end()
    return he


@lru_cache(maxsize=1)
def _stop_set() -> frozenset[str]:
    return frozenset(lexicons()["name_boundary_stop"])


@lru_cache(maxsize=None)
def _rx_of(key: str) -> re.Pattern:
    return re.compile(_alt(lexicons()[key]))


def trailing_name(name: str, s: int) -> tuple[str, int]:
    """Keep the tokens after the last verb / adverb / function word (岛高新区严格贯彻落实青岛 → 青岛)."""
    pos = jieba_pos()
    toks = cut(name)
    cut_at = 0
    off = 0
    for t in toks:
        off += len(t)
        if pos.get(t) in _LEAD_POS and len(t) >= 2 or t in _stop_set():
            cut_at = off
    if len(name) - cut_at >= 2:
        return name[cut_at:], s + cut_at
    return name, s


_LEAD_POS = frozenset({"v", "vn", "d", "ad", "p", "c", "i", "l"})


_GOV_BREAK = frozenset({"p", "c", "u", "uj", "ul", "r", "y", "v", "d"})


class GovBodyLF(LabelingFunction):
    name = "org_gov"
    labels = ("ORG", NEG)
    prior = 0.75

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        rx = _rx_of("gov_body_suffixes")
        for m in rx.finditer(view):
            hs, he = m.span()
            suf = m.group()
            # 市委常委 stays 市委 (title outside); 市委书记 etc. fine. Skip a suffix glued into a longer word
            if suf in ("办公室", "办公厅") and hs > 0 and not is_place(view[max(0, hs - 3):hs]):
                continue
            s = left_name_start(ctx, hs, 12, allow_digits=False, break_pos=_GOV_BREAK)
            name = view[s:hs]
            if not name:
                # the suffix itself may carry the place: 青岛市委 → 青岛 + 市委
                continue
            place_ok = False
            known = lexicons()["gov_org_words"]
            for k in range(0, len(name) - 1):
                if name[k:] in known:
                    s, name, place_ok = s + k, name[k:], True
                    break
            if not place_ok:
                name, s = trailing_name(name, s)
                for k in range(0, len(name) - 1):
                    cand = name[k:]
                    if len(cand) > 8:
                        continue
                    if (is_place(cand) or _is_park_name(cand)
                            or (suf[0] in "省市县区" and len(cand) >= 2 and cand[-1] not in "委府" and is_place(cand + suf[0]))):
                        s += k
                        place_ok = True
                        break
            if not place_ok and suf == "海关" and len(name) >= 2 and not _generic(name[-2:], _gen("org_generic_names")):
                # customs offices are named after their two-character district: (经)东疆海关, 西永海关
                s, name, place_ok = hs - 2, name[-2:], True
            if not place_ok:
                if _generic(name, _gen("org_generic_names")) or re.fullmatch(r"(?:[省市县区]委?)+(?:[省市县区]政府)?", name + suf):
                    out.append(self.vote(s, he, NEG))
                continue
            out.append(self.vote(s, he, "ORG"))
        return out


class ParkBodyLF(LabelingFunction):
    name = "org_park_body"
    labels = ("ORG", NEG)
    prior = 0.75

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        body = _rx_of("park_body_suffixes")
        generic = _gen("park_generic_names")
        for m in _head_re("park_heads").finditer(view):
            hs, he = m.span()
            b = body.match(view, he)
            if not b:
                continue
            s = left_name_start(ctx, hs, 12, allow_digits=False)
            name, s = strip_leading_verbs(view[s:hs], s)
            name, s = strip_headline_lead(view, name, s)
            name, s = trailing_name(name, s)  # 企业可拨打西安高新区 → 西安高新区
            if _generic(name, generic) or len(name) < 2:
                out.append(self.vote(s if s < hs else hs, b.end(), NEG))
                continue
            out.append(self.vote(s, subunit_end(view, b.end(), b.group()), "ORG"))
        return out


_ALIAS_LEFT_OK = frozenset("的在与和及由将是为对把向从了被让给同跟即其中称")


class AliasLF(LabelingFunction):
    name = "org_alias"
    labels = ("ORG", "PARK")
    prior = 0.85
    _rx = re.compile(r"[(（](?:以下简称|以下称|下称|简称)[:：]?[“\"]?([^“”\"()（）,，。\n]{2,12}?)[”\"]?[)）]")
    _org_end = re.compile(r"(?:有限公司|有限责任公司|集团|公司|大学|学院|研究院|研究所|银行|委员会|管委会|中心|协会)$")

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        aliases: list[tuple[str, str]] = []
        decl: list[tuple[int, int]] = []
        for m in self._rx.finditer(view):
            before = view[max(0, m.start() - 40):m.start()]
            # a company name with a bracketed region inside: 阿斯利康投资(中国)有限公司
            if self._org_end.search(before):
                lab = "ORG"
            elif _head_re("park_heads").search(before[-6:]):
                lab = "PARK"
            else:
                continue
            alias = m.group(1)
            if _generic(alias, _gen("park_generic_names")) or _generic(alias, _gen("org_generic_names")) or re.fullmatch(
                    _head_re("park_heads").pattern + "|" + _head_re("org_suffixes").pattern, alias):
                continue
            aliases.append((alias, lab))
            decl.append((max(0, m.start() - 40), m.start()))
        if not aliases:
            return out
        for alias, lab in sorted(set(aliases)):
            for k in re.finditer(re.escape(alias), view):
                s, e = k.span()
                # not inside a longer name (阿斯利康投资(中国)有限公司, 新疆石河子经开区)
                if s > 0 and "\u4e00" <= view[s - 1] <= "\u9fff" and view[s - 1] not in _ALIAS_LEFT_OK:
                    continue
                if e < len(view) and (view[e] in "(（" or _head_re("org_suffixes").match(view, e)):
                    continue
                if any(a <= s < b for a, b in decl):
                    continue  # the declared full name itself
                out.append(self.vote(s, e, lab))
        return out


_BARE_DEPT = re.compile(r"(?:局|处|科|办|厅|委)$")


class OrgContextLF(LabelingFunction):
    name = "org_context"
    labels = ("ORG",)
    prior = 0.55
    _partner = re.compile(r"(?:与|同)([\u4e00-\u9fffA-Za-z]{2,16}?)(?:合作共建|合作|签约|签署|达成|共建|联合)")
    _enter = re.compile(r"((?:[\u4e00-\u9fffA-Za-z]{2,10}、)+[\u4e00-\u9fffA-Za-z]{2,10})等(?:一批)?[^，,。；;\n]{0,14}?(?:相继|先后|陆续|纷纷)?(?:入驻|落户|进驻|落地)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        out: list[Vote] = []
        park_rx = _head_re("park_heads")
        proj_rx = _head_re("project_heads")
        generic = _gen("org_generic_names")
        for m in self._partner.finditer(view):
            s, e = m.span(1)
            name = m.group(1)
            if park_rx.search(name) or proj_rx.search(name) or _generic(name, generic) or name in ("企业", "高校", "院所", "科研院所"):
                continue
            if name.startswith(("各", "相关", "有关", "国内", "国外", "多家", "一批")) or is_place(name):
                continue
            if _BARE_DEPT.search(name) and not any(is_place(name[:k]) for k in range(2, min(len(name) - 1, 6))):
                continue  # 会同财政金融局: a department with no place or park name is generic
            out.append(self.vote(s, e, "ORG"))
        for m in self._enter.finditer(view):
            for k, s, e in list_items(m):
                if k == 0:
                    s = max(s, left_name_start(ctx, e, 10, allow_digits=False))
                if e - s < 2 or proj_rx.search(view[s:e]) or park_rx.search(view[s:e]):
                    continue
                out.append(self.vote(s, e, "ORG"))
        return out


class SourceBylineLF(LabelingFunction):
    name = "org_source"
    labels = ("ORG", "PARK")
    prior = 0.85
    _rx = re.compile(r"(?:来源|来自|稿源|出处)\s*[:：]\s*([\u4e00-\u9fffA-Za-z（）()]{2,24})(?=\s|$)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        for m in self._rx.finditer(ctx.view):
            name = m.group(1)
            if _generic(name, _gen("org_generic_names")) or name in ("网络", "本网", "本站", "综合", "网友"):
                continue
            park = _head_re("park_heads").search(name)
            out.append(self.vote(*m.span(1), "PARK" if park and park.end() == len(name) and park.start() >= 2 else "ORG"))
        return out


_LEGAL_SUFFIX = re.compile(r"(?:集团)?(?:股份)?有限(?:责任)?公司$|(?:集团)?公司$")
_TRADE_SUFFIX = re.compile(r"(?:科技|技术|发展|实业|投资|控股|集团|贸易|工程|管理|服务|咨询|产业|股份)$")
_ADMIN_AFTER_PLACE = re.compile(r"^[省市区县州]")


def company_short_names(full: str) -> list[str]:
    """Core names a company is later called by: 深圳市拓源新能源科技有限公司 →
    拓源新能源科技, 拓源新能源 (three characters at least)."""
    name = _LEGAL_SUFFIX.sub("", full)
    name = re.sub(r"[(（][^)）]{1,6}[)）]", "", name)
    changed = True
    while changed:
        changed = False
        place = next((p for p in _places_by_len() if name.startswith(p) and len(name) - len(p) >= 3), None)
        if place is not None:
            name = _ADMIN_AFTER_PLACE.sub("", name[len(place):]) if len(name) - len(place) > 3 else name[len(place):]
            changed = True
    out = []
    while len(name) >= 3:
        out.append(name)
        trimmed = _TRADE_SUFFIX.sub("", name)
        if trimmed == name:
            break
        name = trimmed
    generic = _gen("org_generic_names")
    return [n for n in out if n != full and not _generic(n, generic) and not is_place(n)]


@lru_cache(maxsize=1)
def _places_by_len() -> tuple[str, ...]:
    return tuple(sorted(place_names(), key=len, reverse=True))


class CompanyShortNameLF(LabelingFunction):
    name = "org_short_name"
    labels = ("ORG",)
    prior = 0.75
    _after_not = re.compile(r"(?:项目|基地|工厂|产业园|园区|科技|技术|股份|有限|集团|公司)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        from .patterns import OrgSuffixLF

        view = ctx.view
        fulls = [(v.start, v.end) for v in OrgSuffixLF().apply(ctx) if v.label == "ORG" and view[v.start:v.end].endswith("公司")]
        shorts = sorted({n for s, e in fulls for n in company_short_names(view[s:e])}, key=len, reverse=True)
        out: list[Vote] = []
        taken: list[tuple[int, int]] = list(fulls)
        for name in shorts:
            for m in re.finditer(re.escape(name), view):
                s, e = m.span()
                if any(a < e and s < b for a, b in taken):
                    continue
                if s > 0 and "\u4e00" <= view[s - 1] <= "\u9fff" and view[s - 1] not in _ALIAS_LEFT_OK:
                    continue
                if self._after_not.match(view, e):
                    continue
                taken.append((s, e))
                out.append(self.vote(s, e, "ORG"))
        return out


class BreadcrumbLF(LabelingFunction):
    """Breadcrumb items (首页 > 新闻中心 > 工作动态) are page furniture: a negative vote on each."""

    name = "org_breadcrumb"
    labels = (NEG,)
    prior = 0.8
    _line = re.compile(r"^[ \t]*(?:首页|当前位置|您现在的位置|你的位置)[^\n]*?[>＞»][^\n]*$", re.M)

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        for m in self._line.finditer(ctx.view):
            for it in re.finditer(r"[^>＞»:：\s]+", m.group()):
                out.append(self.vote(m.start() + it.start(), m.start() + it.end(), NEG))
        return out


def org_lfs() -> list[LabelingFunction]:
    return [GovBodyLF(), ParkBodyLF(), AliasLF(), SourceBylineLF(), CompanyShortNameLF(), OrgContextLF(), BreadcrumbLF()]
