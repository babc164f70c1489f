"""Hand annotation of seeds/000_81280cdaaaf25ec3.txt (self-contained helper)."""
import json
import os
import re
from collections import Counter

STEM = "000_81280cdaaaf25ec3"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SRC = os.path.join(ROOT, "seeds", STEM + ".txt")
OUT = os.path.join(HERE, STEM + ".jsonl")

text = open(SRC, encoding="utf-8").read()

SENT_END = set("。！？；;!?\n")


def sentences(t):
    out, s = [], 0
    for i, ch in enumerate(t):
        if ch in SENT_END:
            out.append((s, i + 1))
            s = i + 1
    if s < len(t):
        out.append((s, len(t)))
    return out


# Each annotation: key sentence-start substring (unique prefix identifying the sentence),
# entities: list of (surface, label, occurrence index within sentence),
# relations: list of (head_idx, tail_idx, label) indexing into the entity list.
ANN = [
    ("努力当好", [("白银高新区", "PARK", 0), ("周栋", "PERSON", 0)],
     [(1, 0, "works_for")]),
    ("今年以来,白银高新区", [
        ("今年以来", "DATE", 0),
        ("白银高新区", "PARK", 0),
        ("“工业强市、产业兴市”战略", "POLICY", 0),
        ("“四强”行动", "POLICY", 0),
    ], [(1, 2, "implements"), (1, 3, "implements")]),
    ("1-8月,高新区工业增加值", [
        ("1-8月", "DATE", 0),
        ("工业增加值", "METRIC", 0),
        ("15.03%", "AMOUNT", 0),
        ("固定资产投资", "METRIC", 0),
        ("114%", "AMOUNT", 0),
    ], [(1, 2, "metric_value"), (3, 4, "metric_value"),
        (1, 0, "metric_time"), (3, 0, "metric_time")]),
    ("近日,白银高新区党工委书记", [("白银高新区", "PARK", 0), ("周栋", "PERSON", 0)],
     [(1, 0, "works_for")]),
    ("周栋说", [("周栋", "PERSON", 0)], []),
    ("高标准谋划产业布局", [("银南工业园", "PARK", 0), ("银东工业园", "PARK", 0)], []),
    ("高规格谋划", [("银东工业园二期", "PROJECT", 0), ("高新区科创城", "PROJECT", 0)], []),
    ("实施长期停产企业", [
        ("“腾笼换鸟”专项行动", "POLICY", 0),
        ("府院联动机制", "POLICY", 0),
        ("盘活长期停产企业", "METRIC", 0),
        ("12家", "AMOUNT", 0),
        ("腾退土地", "METRIC", 0),
        ("849亩", "AMOUNT", 0),
    ], [(2, 3, "metric_value"), (4, 5, "metric_value")]),
    ("把招商引资作为", [
        ("招商引资重点项目清单", "POLICY", 0),
        ("招商引资优惠政策清单", "POLICY", 0),
        ("投资客商信息库", "POLICY", 0),
        ("中核钛白全钒液流储能全产业链项目", "PROJECT", 0),
        ("银石中科年产10万吨纳米氧化锌", "PROJECT", 0),
        ("产业项目", "METRIC", 0),
        ("9个", "AMOUNT", 0),
        ("签约总额", "METRIC", 0),
        ("126亿元", "AMOUNT", 0),
    ], [(5, 6, "metric_value"), (7, 8, "metric_value")]),
    ("深化与上海张江", [
        ("上海张江", "PARK", 0),
        ("博克斯生物年产700吨水杨腈生产线", "PROJECT", 0),
        ("甘肃特鑫氟年产5000吨含氟医药中间体", "PROJECT", 0),
    ], []),
    ("牢牢把握", [("创新驱动战略", "POLICY", 0), ("“强科技”行动", "POLICY", 0)], []),
    ("积极培育科技创新平台", [
        ("兰州大学白银产业技术研究院", "ORG", 0),
        ("中核钛白省级协同创新基地", "ORG", 0),
        ("兰州大学-龙盛肽谷绿色化学技术创新联合实验室", "ORG", 0),
        ("省级以上创新平台", "METRIC", 0),
        ("24个", "AMOUNT", 0),
    ], [(3, 4, "metric_value")]),
    ("银光聚银公司", [("银光聚银公司", "ORG", 0), ("康寓信", "ORG", 0)], []),
    ("2022年高新区企业", [
        ("2022年", "DATE", 0),
        ("省市级科技计划项目", "METRIC", 0),
        ("21项", "AMOUNT", 0),
        ("登记省市科技成果", "METRIC", 0),
        ("17项", "AMOUNT", 0),
        ("技术市场交易额", "METRIC", 0),
        ("1.2亿元", "AMOUNT", 0),
        ("科技进步对经济增长的贡献率", "METRIC", 0),
        ("56%", "AMOUNT", 0),
    ], [(1, 2, "metric_value"), (3, 4, "metric_value"), (5, 6, "metric_value"),
        (7, 8, "metric_value"),
        (1, 0, "metric_time"), (3, 0, "metric_time"), (5, 0, "metric_time"),
        (7, 0, "metric_time")]),
    ("加快推动园区扩容提质", [
        ("1.9亿元", "AMOUNT", 0),
        ("银南工业园基础设施提升改造", "PROJECT", 0),
        ("6.8亿元", "AMOUNT", 0),
        ("银东工业园基础设施一期(二片区)", "PROJECT", 0),
        ("3.2亿元", "AMOUNT", 0),
        ("银东工业园综合管网及市政配套设施", "PROJECT", 0),
        ("项目", "METRIC", 0),
        ("8个", "AMOUNT", 0),
        ("敷设园区道路", "METRIC", 0),
        ("10.9公里", "AMOUNT", 0),
        ("管网", "METRIC", 1),  # occurrence 0 is inside 综合管网 (project name)
        ("42.6公里", "AMOUNT", 0),
        ("新增绿化面积", "METRIC", 0),
        ("715亩", "AMOUNT", 0),
    ], [(1, 0, "project_amount"), (3, 2, "project_amount"), (5, 4, "project_amount"),
        (6, 7, "metric_value"), (8, 9, "metric_value"), (10, 11, "metric_value"),
        (12, 13, "metric_value")]),
    ("聚焦化工园区", [
        ("危险化学品运输车辆停车场", "PROJECT", 0),
        ("银南工业园应急水池", "PROJECT", 0),
    ], []),
    ("以市场主体需求为导向", [
        ("“放管服”改革", "POLICY", 0),
        ("78个", "AMOUNT", 0),
        ("新注册登记企业", "METRIC", 0),
        ("49家", "AMOUNT", 0),
    ], [(2, 3, "metric_value")]),
    ("全面落实国家和省市", [
        ("稳住经济一揽子政策措施", "POLICY", 0),
        ("工业企业扩产增效奖励办法", "POLICY", 0),
        ("稳经济保市场主体保就业促创业政策措施", "POLICY", 0),
        ("留抵退税", "POLICY", 0),
        ("小微企业租金减免", "POLICY", 0),
        ("招商引资优惠政策奖补", "POLICY", 0),
        ("资金", "METRIC", 0),
        ("5.86亿元", "AMOUNT", 0),
    ], [(6, 7, "metric_value")]),
    ("以“强工业”为主线", [
        ("工业倍增", "POLICY", 0),
        ("延链补链强链", "POLICY", 0),
        ("中小企业培育行动", "POLICY", 0),
    ], []),
    ("强化重大项目支撑", [
        ("全年", "DATE", 0),
        ("新续建产业项目", "METRIC", 0),
        ("21个", "AMOUNT", 0),
        ("投资", "METRIC", 0),
        ("40.73亿元", "AMOUNT", 0),
        ("153%", "AMOUNT", 0),
    ], [(1, 2, "metric_value"), (3, 4, "metric_value"), (3, 5, "metric_value"),
        (1, 0, "metric_time"), (3, 0, "metric_time")]),
    ("东方钛业", [
        ("东方钛业硫磷铁钛锂绿色循环产业项目", "PROJECT", 0),
        ("靖煤集团清洁高效气化气项目", "PROJECT", 0),
        ("华鑫九和固废综合利用", "PROJECT", 0),
        ("伊博化工高纯度五氯化磷", "PROJECT", 0),
    ], []),
    ("实施规上工业企业", [
        ("规上工业企业和高新技术企业倍增计划", "POLICY", 0),
        ("2025年", "DATE", 0),
    ], []),
    ("实施优质企业培育工程", [
        ("优质企业培育工程", "POLICY", 0),
        ("“专精特新”企业", "METRIC", 0),
        ("7家", "AMOUNT", 0),
        ("专精特新“小巨人”企业", "METRIC", 1),  # occurrence 0 is in the narrative chain
        ("4家", "AMOUNT", 0),
    ], [(1, 2, "metric_value"), (3, 4, "metric_value")]),
    ("周栋表示", [("周栋", "PERSON", 0), ("白银高新区", "PARK", 0)], []),
]

sents = sentences(text)
entities, relations = [], []
used_sents = set()
for key, ents, rels in ANN:
    cands = [(s, e) for s, e in sents if text[s:e].startswith(key)]
    assert len(cands) == 1, (key, cands)
    s0, e0 = cands[0]
    assert (s0, e0) not in used_sents, key
    used_sents.add((s0, e0))
    sent = text[s0:e0]
    local = []
    for surf, lab, occ in ents:
        pos = [m.start() for m in re.finditer(re.escape(surf), sent)]
        assert len(pos) > occ, (key, surf, occ, pos)
        st = s0 + pos[occ]
        ent = {"start": st, "end": st + len(surf), "label": lab, "text": surf}
        entities.append(ent)
        local.append(ent)
    for h, t, lab in rels:
        relations.append((local[h], local[t], lab))

entities.sort(key=lambda x: x["start"])
for i, e in enumerate(entities, 1):
    e["id"] = "T%d" % i
ents_out = [{"id": e["id"], "start": e["start"], "end": e["end"], "label": e["label"],
             "text": e["text"]} for e in entities]
rels_out = [{"head": h["id"], "tail": t["id"], "label": lab} for h, t, lab in relations]
rec = {"id": STEM, "text": text, "entities": ents_out, "relations": rels_out}
with open(OUT, "w", encoding="utf-8") as f:
    f.write(json.dumps(rec, ensure_ascii=False) + "\n")

# ---------------- validation ----------------
LABELS = {"PARK", "PROJECT", "POLICY", "METRIC", "AMOUNT", "ORG", "PERSON", "DATE"}
SIG = {
    "located_in": ({"PROJECT", "ORG"}, {"PARK"}),
    "has_metric": ({"PARK"}, {"METRIC"}),
    "metric_value": ({"METRIC"}, {"AMOUNT"}),
    "metric_time": ({"METRIC"}, {"DATE"}),
    "project_amount": ({"PROJECT"}, {"AMOUNT"}),
    "invests_in": ({"ORG"}, {"PROJECT"}),
    "implements": ({"PARK", "ORG"}, {"POLICY"}),
    "works_for": ({"PERSON"}, {"PARK", "ORG"}),
}
rec = json.loads(open(OUT, encoding="utf-8").read())
T = rec["text"]
assert T == text
byid = {}
prev_end = -1
for e in rec["entities"]:
    assert T[e["start"]:e["end"]] == e["text"], e
    assert e["label"] in LABELS, e
    assert e["start"] >= prev_end, ("overlap", e)
    assert e["text"] == e["text"].strip() and e["text"][-1] not in "，,。、》" and e["text"][0] not in "《,，、", e
    prev_end = e["end"]
    byid[e["id"]] = e
seen = set()
for r in rec["relations"]:
    h, t = byid[r["head"]], byid[r["tail"]]
    hs, ts = SIG[r["label"]]
    assert h["label"] in hs and t["label"] in ts, r
    a, b = sorted([h["start"], t["start"]])
    a2 = min(h["end"], t["end"])
    lo, hi = min(h["start"], t["start"]), max(h["end"], t["end"])
    assert not any(c in SENT_END for c in T[lo:hi]), ("cross-sentence", r)
    k = (r["head"], r["tail"], r["label"])
    assert k not in seen, r
    seen.add(k)
print("entities", len(rec["entities"]), dict(Counter(e["label"] for e in rec["entities"])))
print("relations", len(rec["relations"]), dict(Counter(r["label"] for r in rec["relations"])))
