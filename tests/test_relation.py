"""Relation classification: candidates, markers, a tiny end-to-end train, loading."""
from __future__ import annotations

import random
import subprocess
import sys

import pytest

from zonener.modeling.alignment import encode
from zonener.modeling.relation import END_MARKER, MARKER_TOKENS, candidate_pairs, marked_tokens, start_marker
from zonener.spans import Document, Entity, Relation, write_jsonl

from .conftest import require_m3e
from .test_train import make_cfg


def doc(text: str, spans: list[tuple[str, str]], rels=()) -> Document:
    ents, pos = [], 0
    for surf, lab in spans:
        s = text.index(surf, pos)
        ents.append(Entity(s, s + len(surf), lab, surf, f"T{len(ents) + 1}"))
        pos = s + len(surf)
    return Document("d", text, ents, [Relation(h, t, lab) for h, t, lab in rels])


def test_candidates_follow_type_signatures_and_both_directions():
    d = doc("白银高新区工业增加值增长15%，周栋说。", [("白银高新区", "PARK"), ("工业增加值", "METRIC"), ("15%", "AMOUNT"), ("周栋", "PERSON")])
    pairs = {(h.text, t.text) for h, t in candidate_pairs(d)}
    # PARK->METRIC, METRIC->AMOUNT, PERSON->PARK are valid; reverse directions are not
    assert pairs == {("白银高新区", "工业增加值"), ("工业增加值", "15%"), ("周栋", "白银高新区")}


def test_candidates_never_cross_sentences():
    d = doc("白银高新区发展迅速。工业增加值增长15%；周栋说", [("白银高新区", "PARK"), ("工业增加值", "METRIC"), ("15%", "AMOUNT"), ("周栋", "PERSON")])
    pairs = {(h.text, t.text) for h, t in candidate_pairs(d)}
    assert pairs == {("工业增加值", "15%")}


def test_max_distance_drops_far_pairs():
    d = doc("工业增加值" + "很" * 40 + "15%", [("工业增加值", "METRIC"), ("15%", "AMOUNT")])
    assert len(candidate_pairs(d)) == 1 and candidate_pairs(d, max_distance=10) == []


def test_instances_skip_entities_outside_every_sentence(marker_tokenizer):
    from zonener.modeling.relation import build_instances

    text = "工业增加值15%。\n 营业收入12亿元。"
    d = Document("d", text, [Entity(0, 5, "METRIC", "工业增加值", "T1"), Entity(5, 8, "AMOUNT", "15%", "T2"),
                             Entity(10, 15, "METRIC", " 营业收入", "T3"), Entity(15, 19, "AMOUNT", "12亿元", "T4")])
    insts = build_instances(marker_tokenizer, [d], 64, with_labels=False)
    # the whitespace-led span has no sentence to be marked in; the other pair is kept
    assert [p for i in insts for p in i.pairs] == [("T1", "T2")]


@pytest.fixture(scope="module")
def marker_tokenizer():
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(require_m3e())
    tok.add_special_tokens({"additional_special_tokens": MARKER_TOKENS})
    return tok


@pytest.mark.parametrize(
    "text,spans",
    [
        ("工业增加值同比增长15.03%。", [("工业增加值", "METRIC"), ("15.03%", "AMOUNT")]),
        ("西寧經濟技術開發區1-8月產值", [("西寧經濟技術開發區", "PARK"), ("1-8月", "DATE"), ("產值", "METRIC")]),
        ("iCampus园区入驻 ABC公司", [("iCampus园区", "PARK"), ("ABC公司", "ORG")]),
    ],
)
def test_markers_wrap_exactly_the_entities(marker_tokenizer, text, spans):
    d = doc(text, spans)
    ids, pos = marked_tokens(marker_tokenizer, d.text, 0, len(d.text), d.entities, 128)
    toks = marker_tokenizer.convert_ids_to_tokens(ids)
    for e in d.entities:
        i = pos[e.id]
        assert toks[i] == start_marker(e.label)
        j = toks.index(END_MARKER, i)
        assert ids[i + 1 : j] == encode(marker_tokenizer, d.text, e.start, e.end).input_ids


PARKS = ["白银高新区", "兰州新区", "银南工业园", "青岛高新区"]
METRICS = ["工业增加值", "固定资产投资", "营业收入"]


def relation_fixture(n: int, seed: int) -> list[Document]:
    """PARK METRIC AMOUNT sentences; the amount after 增长 is the metric's value,
    a second METRIC without a value ('和税收') has none."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        park, m1 = rng.choice(PARKS), rng.choice(METRICS)
        amount = f"{rng.randint(2, 90)}%"
        text = f"{park}{m1}增长{amount}，税收平稳。"
        d = doc(text, [(park, "PARK"), (m1, "METRIC"), (amount, "AMOUNT")], [("T1", "T2", "has_metric"), ("T2", "T3", "metric_value")])
        d.id = f"r{i}"
        out.append(d)
    return out


def test_tiny_relation_train_reaches_f1_and_loads_in_fresh_process(tmp_path):
    from zonener.train import run

    train, dev = tmp_path / "train.jsonl", tmp_path / "dev.jsonl"
    write_jsonl(train, relation_fixture(40, 1))
    write_jsonl(dev, relation_fixture(10, 2))
    out = tmp_path / "out"
    cfg = make_cfg(
        "model=tiny", "task=re", "data=jsonl", f"data.train={train}", f"data.dev={dev}", f"output_dir={out}",
        "train.progress=false", "train.precision=fp32", "re.epochs=12", "re.batch_size=8", "re.lr=3e-3", "train.augment.copies=0", f"weak.cache_dir={tmp_path / 'cache'}",
    )
    metrics = run(cfg)
    assert metrics["re"]["best_dev_f1"] >= 0.9
    assert (out / "re" / "config.json").is_file() and (out / "re_curves.png").is_file()
    code = (
        "import sys; from transformers import AutoTokenizer; "
        "from zonener.modeling.relation import RelationClassifier, RelationPredictor; "
        "from zonener.spans import read_jsonl; "
        f"m = RelationClassifier.from_pretrained(r'{out / 're'}'); t = AutoTokenizer.from_pretrained(r'{out / 're'}'); "
        f"docs = read_jsonl(r'{dev}'); "
        "rels = RelationPredictor(m, t).predict(docs); "
        "print(m.config.id2label[1], sum(len(r) for r in rels))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    label, n = res.stdout.split()
    assert label == "located_in" and int(n) >= 18


@pytest.mark.parametrize("attn", ["eager", "sdpa"])
def test_marker_only_last_layer_matches_the_full_encoder(attn):
    """RelationClassifier computes its last layer at the marker positions only;
    the logits must equal those from the full encoder's last hidden states."""
    import torch
    from transformers import BertConfig

    from zonener.modeling.relation import RelationClassifier
    from zonener.schema import RELATION_CLASSES

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=50, hidden_size=32, num_hidden_layers=3, num_attention_heads=4, intermediate_size=64, num_labels=len(RELATION_CLASSES))
    cfg._attn_implementation = attn
    model = RelationClassifier(cfg).eval()
    ids = torch.randint(1, 50, (3, 12))
    mask = torch.ones_like(ids)
    mask[1, 8:] = 0
    mask[2, 5:] = 0
    ids[mask == 0] = 0
    head = torch.tensor([[1, 3, 2], [4, 6, -1], [2, -1, -1]])
    tail = torch.tensor([[3, 1, 5], [6, 4, -1], [3, -1, -1]])
    with torch.no_grad():
        fast = model(ids, mask, head, tail)["logits"]
        hidden = model.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        at = lambda idx: hidden.gather(1, idx.clamp(min=0).unsqueeze(-1).expand(-1, -1, hidden.size(-1)))  # noqa: E731
        full = model.classifier(torch.cat([at(head), at(tail)], dim=-1))
    assert torch.allclose(fast, full, atol=1e-5)
