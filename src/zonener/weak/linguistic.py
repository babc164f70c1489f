"""ORG and PERSON LFs from linguistic cues.

- ``person_title``: an official's title right before a name (党工委书记周栋,
  管委会主任周栋, 董事长王科): common surname + 1–2 given-name characters;
  jieba's dictionary is used to reject ordinary words.
- ``person_speech``: surname-initial 2–3 character word before a speech verb
  (周栋说, 王科表示) at the start of a clause.
- ``org_list``: items of a list closed by 等(一批)?(企业|公司|龙头企业 …).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lf import HARD_BOUNDARY, DocContext, LabelingFunction, Vote, cut, jieba_pos, left_name_start, lexicons, list_items


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(lexicons()["surnames"])


_AFTER_NAME = ("表示", "出席", "宣布", "要求", "指出", "强调", "介绍", "致辞", "讲话", "主持", "调研", "会见", "参加", "带队", "率队",
               "一行", "同志", "认为", "透露", "坦言", "称", "说", "在", "等", "和", "与", "为", "对", "向", "是", "的", "还", "也", "则")


_VERB_POS = frozenset({"v", "vn", "d", "p", "c"})
_FUNC_POS = frozenset({"p", "c", "u", "uj", "ul", "d", "r", "y"})  # 蒋明等出席: 等 ends the name


def _verb_follows(view: str, i: int) -> bool:
    """A cue word (表示, 在) or a dictionary verb / adverb / preposition of 2+ chars starts at ``i``."""
    if view.startswith(_AFTER_NAME, i):
        return True
    toks = cut(view[i:i + 6])
    return bool(toks) and len(toks[0]) >= 2 and jieba_pos().get(toks[0]) in _VERB_POS


def _name_len(view: str, s: int) -> int:
    """Length (2 or 3) of a Chinese personal name starting at ``s``, or 0."""
    if s >= len(view) or view[s] not in _surnames():
        return 0
    stop_after = lexicons()["person_stop_after"]
    pos = jieba_pos()

    def cjk(i: int) -> bool:
        return i < len(view) and "\u4e00" <= view[i] <= "\u9fff"

    if not cjk(s + 1):
        return 0
    # prefer 3 when the third char is not a boundary/verb and the 2-char reading is not followed by a word start
    if pos.get(view[s + 2:s + 4]) in _VERB_POS:
        return 2 if _two_ok(view[s:s + 2], pos) else 0  # 王科来到: the third char starts a verb
    if cjk(s + 2) and view[s + 2] not in stop_after and not cjk(s + 3) or (cjk(s + 2) and view[s + 2] not in stop_after and cjk(s + 3) and view[s + 3] in stop_after):
        cand3 = view[s:s + 3]
        p = pos.get(cand3)
        if p is None or p.startswith("nr"):
            return 3
    # a three-character name right before a verb or function word: 陈立明表示, 刘雅琴宣布, 孙建国在致辞中
    if cjk(s + 2) and view[s + 2] not in stop_after and view.startswith(_AFTER_NAME, s + 3):
        p = pos.get(view[s:s + 3])
        if p is None or p.startswith("nr"):
            return 3
    # the third character is glued to a following verb only by the stop list (刘志强表示, 钱卫东发布):
    # keep it when the 2-char reading leaves a non-word (强表) and the rest starts with a verb
    if (cjk(s + 2) and _verb_follows(view, s + 3) and view[s + 2:s + 4] not in pos
            and view[s + 2] not in _AFTER_NAME and pos.get(view[s + 2]) not in _FUNC_POS):
        p = pos.get(view[s:s + 3])
        if p is None or p.startswith("nr"):
            return 3
    return 2 if _two_ok(view[s:s + 2], pos) else 0


def _two_ok(cand2: str, pos: dict[str, str]) -> bool:
    """A 2-char name is not an ordinary dictionary word (nr words are names)."""
    p = pos.get(cand2)
    return p is None or p.startswith("nr")


class PersonTitleLF(LabelingFunction):
    name = "person_title"
    labels = ("PERSON",)
    prior = 0.85

    def apply(self, ctx: DocContext) -> list[Vote]:
        view = ctx.view
        titles = sorted(set(lexicons()["person_titles"]), key=len, reverse=True)
        rx = re.compile("|".join(map(re.escape, titles)))
        out = []
        for m in rx.finditer(view):
            s = m.end()
            n = _dotted_len(view, s) or _name_len(view, s)
            if n:
                out.append(self.vote(s, s + n, "PERSON"))
        return out


_DOT = re.compile(r"[一-鿿]{1,6}[·•・‧][一-鿿]")


def _dotted_len(view: str, s: int) -> int:
    """Length of a transliterated name with a middle dot (艾力·买买提接受 → 艾力·买买提), or 0:
    the part after the dot ends where a verb or cue word starts."""
    m = _DOT.match(view, s)
    if not m:
        return 0
    dot = m.end() - 1
    for e in range(dot + 3, min(dot + 8, len(view)) + 1):
        if not "\u4e00" <= view[e - 1] <= "\u9fff":
            return 0
        if e == len(view) or not "\u4e00" <= view[e] <= "\u9fff" or _verb_follows(view, e):
            return e - s
    return 0


class PersonSpeechLF(LabelingFunction):
    name = "person_speech"
    labels = ("PERSON",)
    prior = 0.6
    _rx = re.compile(r"(?:^|(?<=[，,。；;：:\n“]))([\u4e00-\u9fff]{2,3}?)(?:说|表示|介绍|指出|强调|认为|告诉记者)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        pos = jieba_pos()
        for m in self._rx.finditer(ctx.view):
            name = m.group(1)
            if name[0] not in _surnames() or name in pos:
                continue
            out.append(self.vote(m.start(1), m.end(1), "PERSON"))
        return out


@lru_cache(maxsize=4)
def _org_list_rx(src: str) -> re.Pattern:
    mods = "|".join(re.escape(w) for w in sorted(lexicons()["org_list_modifiers"], key=lambda w: (-len(w), w)))
    return re.compile(src.format(mods=mods))


class OrgListLF(LabelingFunction):
    name = "org_list"
    labels = ("ORG",)
    prior = 0.55
    _rx_src = r"((?:[\u4e00-\u9fffA-Za-z]{{2,10}}、)+[\u4e00-\u9fffA-Za-z]{{2,10}})等(?:一批|[一二三四五六七八九十百千\d]+余?家)?(?:{mods})*(?:企业|公司|单位|高校|院所|机构)"

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        view = ctx.view
        rx = _org_list_rx(self._rx_src)
        for m in rx.finditer(view):
            for k, s, e in list_items(m):
                if k == 0:
                    from .orgs import strip_leading_verbs
                    s = max(s, left_name_start(ctx, e, 10, allow_digits=False))
                    s = strip_leading_verbs(view[s:e], s)[1]
                if e - s >= 2:
                    out.append(self.vote(s, e, "ORG"))
        return out


class OrgInvestorLF(LabelingFunction):
    """支持/推动 A、B 增资扩股|上市|扩产: the listed objects are companies."""

    name = "org_support"
    labels = ("ORG",)
    prior = 0.5
    _rx = re.compile(r"(?:支持|推动|鼓励|帮助|引导)((?:[\u4e00-\u9fff]{2,8}、)*[\u4e00-\u9fff]{2,8}?)(?:增资扩股|上市|扩产|挂牌|融资|技改)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        for m in self._rx.finditer(ctx.view):
            for _, s, e in list_items(m):
                if e - s >= 2 and ctx.view[s] not in HARD_BOUNDARY:
                    out.append(self.vote(s, e, "ORG"))
        return out


class PersonBylineLF(LabelingFunction):
    """Bylines: ► 高欣 / ◎通讯员 赵优 赵海忠 / (记者 魏依晨 通讯员 杨天宇) / 摄影/王亚东 / a name alone ending a paragraph."""

    name = "person_byline"
    labels = ("PERSON",)
    prior = 0.8
    _lead = re.compile(r"(?:►|◎|●|记者|通讯员|摄影|撰稿)[ \t/:：]*((?:[\u4e00-\u9fff]{2,4}[ \t、]+)*[\u4e00-\u9fff]{2,4})")
    _tail = re.compile(r"(?<=[。！？”])[ \t]+([\u4e00-\u9fff]{2,3})[ \t]*$", re.M)
    # page-footer credits: 责任编辑：王萌 / 编辑：马晓燕　审核：周斌 / 联系人：孙立伟
    _footer = re.compile(r"(?:责任编辑|责编|编辑|审核|审校|校对|终审|联系人|作者)[ \t]*[:：][ \t]*"
                         r"((?:[\u4e00-\u9fff]{2,3}(?![ \t]*[:：])[ \t、,，]+)*[\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff]|[ \t]*[:：])")

    def apply(self, ctx: DocContext) -> list[Vote]:
        out = []
        view = ctx.view
        sur = _surnames()
        pos = jieba_pos()
        for m in [*self._lead.finditer(view), *self._footer.finditer(view)]:
            for nm in re.finditer(r"[\u4e00-\u9fff]+", m.group(1)):
                w = nm.group()
                if w in ("记者", "通讯员", "本报记者", "摄影", "特约记者", "见习记者"):
                    continue
                if 2 <= len(w) <= 3 and w[0] in sur and (w not in pos or pos[w].startswith("nr")):
                    out.append(self.vote(m.start(1) + nm.start(), m.start(1) + nm.end(), "PERSON"))
        for m in self._tail.finditer(view):
            w = m.group(1)
            if w[0] in sur and (w not in pos or pos[w].startswith("nr")):
                out.append(self.vote(m.start(1), m.end(1), "PERSON"))
        return out


class OutletLF(LabelingFunction):
    """News outlets: XX日报讯 / 本报 names → ORG."""

    name = "org_outlet"
    labels = ("ORG",)
    prior = 0.8
    _rx = re.compile(r"([\u4e00-\u9fff]{2,6}(?:日报|晚报|时报|商报|新闻网|电视台))(?=讯|记者|社|客户端|[ \t]*[(（]?记者)")

    def apply(self, ctx: DocContext) -> list[Vote]:
        return [self.vote(*m.span(1), "ORG") for m in self._rx.finditer(ctx.view)]


def linguistic_lfs() -> list[LabelingFunction]:
    return [PersonTitleLF(), PersonSpeechLF(), PersonBylineLF(), OutletLF(), OrgListLF(), OrgInvestorLF()]
