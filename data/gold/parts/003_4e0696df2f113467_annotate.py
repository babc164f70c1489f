import json, re
STEM = "003_4e0696df2f113467"
PATH = f"/work/main/seeds/{STEM}.txt"
OUT = f"/work/main/data/gold/parts/{STEM}.jsonl"
text = open(PATH, encoding="utf-8").read()

# sentence segmentation
ENDS = set("。！？；;!?\n")
sents = []
s = 0
for i, ch in enumerate(text):
    if ch in ENDS:
        sents.append((s, i + 1)); s = i + 1
if s < len(text):
    sents.append((s, len(text)))

def find_sent(key):
    c = [(a, b) for a, b in sents if key in text[a:b]]
    assert len(c) == 1, (key, len(c))
    return c[0]

# each sentence: key, entities [(name, surface, label, occ)], relations [(head, tail, label)]
ANN = [
    ("1月31日,记者来到", [
        ("d1", "1月31日", "DATE", 0),
        ("p1", "枣庄高新区", "PARK", 0),
        ("p2", "枣庄高新区", "PARK", 1),
        ("w", "王广部", "PERSON", 0)],
     [("w", "p2", "works_for")]),
    ("今年市委、市政府对枣庄高新区", [
        ("d", "今年", "DATE", 0),
        ("p", "枣庄高新区", "PARK", 0)], []),
    ("建区30多年来", [
        ("a", "30多年", "AMOUNT", 0),
        ("p", "枣庄高新区", "PARK", 0)], []),
    ("枣庄高新区如何不断在新产业中", [
        ("p", "枣庄高新区", "PARK", 0)], []),
    ("印发了《枣庄高新区2019年工作要点》", [
        ("x1", "枣庄高新区2019年工作要点", "POLICY", 0),
        ("x2", "全区10项惠民实事", "POLICY", 0)], []),
    ("实施“产业强区”战略", [
        ("x", "“产业强区”战略", "POLICY", 0)], []),
    ("把2019年作为项目建设推进年", [
        ("d", "2019年", "DATE", 0),
        ("d2", "年内", "DATE", 0),
        ("a", "29个", "AMOUNT", 0)], []),
    ("深入实施创新驱动发展战略", [
        ("x", "创新驱动发展战略", "POLICY", 0)], []),
    ("问:枣庄高新区作为山东新旧动能转换综合试验区", [
        ("p", "枣庄高新区", "PARK", 0),
        ("p2", "山东新旧动能转换综合试验区", "PARK", 0)], []),
    ("全力支持枣庄高新区规划布局", [
        ("p", "枣庄高新区", "PARK", 0)], []),
    ("为抓好全市经济工作会议", [
        ("p", "枣庄高新区", "PARK", 0)], []),
    ("以航天科工新能源军民融合产业园建设为契机", [
        ("p", "航天科工新能源军民融合产业园", "PARK", 0),
        ("o", "国家锂电中心", "ORG", 0),
        ("j", "天瀚锂电池项目", "PROJECT", 0),
        ("o2", "精工电子", "ORG", 0)], []),
    ("重点培育天衢高端铝制品", [
        ("j", "天衢高端铝制品", "PROJECT", 0)], []),
    ("以互联网小镇、智能制造小镇为依托", [
        ("p1", "互联网小镇", "PARK", 0),
        ("p2", "智能制造小镇", "PARK", 0),
        ("j", "中移铁通智能产品", "PROJECT", 0)], []),
    ("实施华润三九三期扩建工程", [
        ("j1", "华润三九三期扩建工程", "PROJECT", 0),
        ("o1", "威智百科", "ORG", 0),
        ("o2", "海王药业", "ORG", 0),
        ("j2", "植物药用蛋白", "PROJECT", 0),
        ("j3", "东滕阿胶", "PROJECT", 0)], []),
    ("以鲁南大数据产业园为载体", [
        ("p", "鲁南大数据产业园", "PARK", 0),
        ("p2", "泰盈产业园", "PARK", 0),
        ("j1", "全国密码技术公共算力中心项目", "PROJECT", 0),
        ("j2", "云溪科创项目", "PROJECT", 0)],
     [("j1", "p", "located_in"), ("j2", "p", "located_in")]),
    ("答:2019年,全区上下", [
        ("d", "2019年", "DATE", 0)], []),
]

ents = []
rels = []
for key, es, rs in ANN:
    a, b = find_sent(key)
    sent = text[a:b]
    names = {}
    for name, surf, lab, occ in es:
        pos = -1
        for _ in range(occ + 1):
            pos = sent.find(surf, pos + 1)
            assert pos >= 0, (key, surf, occ)
        e = {"start": a + pos, "end": a + pos + len(surf), "label": lab, "text": surf}
        names[name] = e
        ents.append(e)
    for h, t, l in rs:
        rels.append((names[h], names[t], l))

ents.sort(key=lambda e: e["start"])
for i, e in enumerate(ents):
    e["id"] = f"T{i+1}"
out_ents = [{"id": e["id"], "start": e["start"], "end": e["end"], "label": e["label"], "text": e["text"]} for e in ents]
out_rels = [{"head": h["id"], "tail": t["id"], "label": l} for h, t, l in rels]
rec = {"id": STEM, "text": text, "entities": out_ents, "relations": out_rels}
with open(OUT, "w", encoding="utf-8") as f:
    f.write(json.dumps(rec, ensure_ascii=False) + "\n")

# validation
SIG = {"located_in": ({"PROJECT", "ORG"}, {"PARK"}), "has_metric": ({"PARK"}, {"METRIC"}),
       "metric_value": ({"METRIC"}, {"AMOUNT"}), "metric_time": ({"METRIC"}, {"DATE"}),
       "project_amount": ({"PROJECT"}, {"AMOUNT"}), "invests_in": ({"ORG"}, {"PROJECT"}),
       "implements": ({"PARK", "ORG"}, {"POLICY"}), "works_for": ({"PERSON"}, {"PARK", "ORG"})}
LABELS = {"PARK", "PROJECT", "POLICY", "METRIC", "AMOUNT", "ORG", "PERSON", "DATE"}
r = json.loads(open(OUT, encoding="utf-8").read())
assert r["text"] == text
byid = {e["id"]: e for e in r["entities"]}
prev = -1
for e in r["entities"]:
    assert r["text"][e["start"]:e["end"]] == e["text"]
    assert e["label"] in LABELS
    assert e["start"] >= prev, e
    prev = e["end"]
for x in r["relations"]:
    h, t = byid[x["head"]], byid[x["tail"]]
    hs, ts = SIG[x["label"]]
    assert h["label"] in hs and t["label"] in ts, x
    lo, hi = min(h["start"], t["start"]), max(h["end"], t["end"])
    assert not any(c in ENDS for c in text[lo:hi]), x
from collections import Counter
print("entities", len(r["entities"]), Counter(e["label"] for e in r["entities"]))
print("relations", len(r["relations"]), Counter(x["label"] for x in r["relations"]))
# occurrences of key strings not annotated (sanity)
for surf in ["枣庄高新区", "2019年", "项目"]:
    for m in re.finditer(surf, text):
        cov = any(e["start"] <= m.start() < e["end"] for e in r["entities"])
        if not cov: print("uncovered", surf, m.start(), text[max(0,m.start()-8):m.end()+8])
