"""Training: config composition, alignment, a tiny end-to-end run, resume, checkpoint loading."""
from __future__ import annotations

import json
import random

import pytest
import torch
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from zonener.modeling.alignment import decode_spans, encode, token_tags
from zonener.paths import CONFIG_DIR, register_resolvers
from zonener.spans import Document, Entity, write_jsonl

from .conftest import require_m3e

register_resolvers()

GROUPS = {
    "model": ["bert-base-chinese", "chinese-roberta-wwm-ext", "local", "tiny"],
    "data": ["seeds", "jsonl", "cluener", "resume"],
    "debug": ["default"],
    "experiment": ["m3e-small", "park-news"],
}


def make_cfg(*overrides: str):
    with initialize_config_dir(str(CONFIG_DIR), version_base="1.3"):
        return compose("train", overrides=list(overrides))


@pytest.mark.parametrize("group,option", [(g, o) for g, opts in GROUPS.items() for o in opts])
def test_every_config_group_composes(group, option, tmp_path, monkeypatch):
    monkeypatch.setenv("ZONENER_MODEL", str(tmp_path))
    cfg = make_cfg(f"{group}={option}", f"output_dir={tmp_path}", *(["data.train=x.jsonl"] if option == "jsonl" else []))
    resolved = OmegaConf.to_container(cfg, resolve=True)
    assert resolved["model"]["lr"] > 0 and resolved["data"]["kind"] in {"weak", "jsonl", "cluener", "bmes"}
    assert resolved["task"] == "pipeline"


def test_park_news_experiment_reads_the_synthetic_corpus(tmp_path):
    from zonener.corpus import read_documents

    from zonener.training.weak_data import extra_sources

    cfg = make_cfg("experiment=park-news", f"output_dir={tmp_path}")
    (synthetic, no_limit), (cluener, limit) = extra_sources(cfg.data.extra_corpus, cfg.data.extra_limit)
    docs = read_documents(synthetic)
    assert len(docs) == 348 and no_limit is None
    assert cluener.endswith("cluener2020/train.jsonl") and limit == 3000
    assert sum(len(d.text) for d in docs) > 200_000
    from zonener.training.data import load_split

    dev = load_split(cfg.data, "dev")  # the seeds' gold and the annotated dev articles
    assert len(dev) == 45 and {d.id for d in dev} >= {"q1", "y4", "n1", "s4"}


def test_several_extra_corpora_with_their_own_limits(tmp_path):
    from zonener.train import check_config
    from zonener.training.weak_data import extra_sources, training_documents
    from zonener.weak import WeakLabeler

    a, b = tmp_path / "a", tmp_path / "b.txt"
    a.mkdir()
    for i in range(3):
        (a / f"{i}.txt").write_text(f"白银高新区今年新增企业{i + 10}家。", encoding="utf-8")
    b.write_text("兰州新区实现地区生产总值300亿元。\n", encoding="utf-8")
    cfg = make_cfg("model=tiny", f"output_dir={tmp_path}/o", f"data.extra_corpus=[{a},{b}]", "data.extra_limit=[2,null]", "train.augment.copies=0")
    assert extra_sources(cfg.data.extra_corpus, cfg.data.extra_limit) == [(str(a), 2), (str(b), None)]
    check_config(cfg)
    docs = training_documents(cfg, WeakLabeler.from_resources().label([Document("s", "青岛高新区签约。")]), tmp_path)
    assert len(docs) == 1 + 2 + 1 and any(e.text == "兰州新区" for e in docs[-1].entities)
    with pytest.raises(ValueError, match="data.extra_limit has 3 entries for 2 data.extra_corpus sources"):
        check_config(make_cfg("model=tiny", f"data.extra_corpus=[{a},{b}]", "data.extra_limit=[1,2,3]"))
    with pytest.raises(ValueError, match="data.extra_corpus: .*missing does not exist"):
        check_config(make_cfg("model=tiny", f"data.extra_corpus=[{a},{tmp_path / 'missing'}]"))


def test_model_card_names_each_extra_source_and_how_it_was_labelled(tmp_path):
    from zonener.training.report import model_card

    rows = [{"text": "华为公司总裁任正非说。", "label": {"company": {"华为公司": [[0, 3]]}}}]
    clue = tmp_path / "cluener.jsonl"
    clue.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
    cfg = make_cfg("model=tiny", f"output_dir={tmp_path}", f"data.extra_corpus=[{tmp_path},{clue}]", "data.extra_limit=[null,5]")
    lines = [line for line in model_card(cfg, {}).splitlines() if line.startswith("- Extra text")]
    assert lines == [f"- Extra text, weak-labelled the same way: `{tmp_path}`.",
                     f"- Extra text, its hand-made ORG/PERSON labels, weak labels for the other types: `{clue}` (first 5)."]


def test_required_overrides_apply(tmp_path):
    cfg = make_cfg("model.name_or_path=/m", f"data.corpus={tmp_path}", f"output_dir={tmp_path}/o", "train.epochs=3", "seed=7")
    assert (cfg.model.name_or_path, cfg.data.corpus, cfg.output_dir, cfg.train.epochs, cfg.seed) == ("/m", str(tmp_path), f"{tmp_path}/o", 3, 7)


def test_invalid_override_is_rejected():
    from hydra.errors import ConfigCompositionException

    with pytest.raises(ConfigCompositionException):
        make_cfg("model=no-such-model")


@pytest.fixture(scope="module")
def m3e_tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(require_m3e())


@pytest.mark.parametrize(
    "text,entity",
    [
        ("工业增加值同比增长15.03%，", (9, 15, "AMOUNT")),
        ("入驻iCampus园区", (2, 9, "PARK")),
        ("1-8月，高新区", (0, 4, "DATE")),
        ("西寧經濟技術開發區匯聚", (0, 9, "PARK")),
    ],
)
def test_alignment_round_trips_hard_strings(m3e_tokenizer, text, entity):
    from zonener.evaluate import char_tags

    s, e, lab = entity
    tags = char_tags(len(text), [Entity(s, e, lab, text[s:e])])
    enc = encode(m3e_tokenizer, text)
    spans = decode_spans(enc.offsets, token_tags(enc.offsets, tags))
    assert [(a, b, c) for a, b, c, _ in spans] == [entity]


def test_quote_marks_at_span_edges_are_repaired():
    from zonener.modeling.alignment import repair_quote_spans

    t = "深化“放管服”改革，推行“标准地”出让和“亩均论英雄”改革。"
    a, b, c = t.index("“放管服"), t.index("标准地"), t.index("“亩均")
    spans = [
        (a, a + 1, "POLICY", 0.9), (a + 1, a + 7, "POLICY", 0.8),  # a lone “ then the rest of the name: joined
        (b - 1, b, "POLICY", 0.7),  # a lone “ with no name after it: dropped
        (c + 1, c + 9, "POLICY", 0.9),  # the name closes a quote opened right before it: the opener joins
    ]
    got = [(t[s:e], lab) for s, e, lab, _ in repair_quote_spans(t, spans)]
    assert got == [("“放管服”改革", "POLICY"), ("“亩均论英雄”改革", "POLICY")]


def test_span_edges_lose_separators_final_conjunctions_and_enclosing_marks():
    from zonener.modeling.alignment import repair_span_edges

    t = "推进“最多跑一次”改革和“百千万工程”，落实《若干措施》、王和、信和公司、产值和”"
    def span(piece, lab):
        s = t.index(piece)
        return (s, s + len(piece), lab, 0.9)
    spans = [
        span("“最多跑一次”改革和", "POLICY"),  # final conjunction of a POLICY: cut
        span("“百千万工程”，", "POLICY"),  # separator cut, then the enclosing quotes
        span("《若干措施》、", "POLICY"),  # the book-title marks enclose the whole name
        span("王和", "PERSON"),  # a person's name may end in 和
        span("信和公司、", "ORG"),
        span("、", "ORG"),  # nothing left: dropped
        span("和”", "METRIC"),  # two characters: too short to lose the conjunction, loses the stray mark
    ]
    got = [(t[s:e], lab) for s, e, lab, _ in repair_span_edges(t, spans)]
    assert got == [("“最多跑一次”改革", "POLICY"), ("百千万工程", "POLICY"), ("若干措施", "POLICY"), ("王和", "PERSON"), ("信和公司", "ORG"), ("和", "METRIC")]


PARKS = ["白银高新区", "兰州新区", "银南工业园", "青岛高新区", "江宁开发区", "西宁经开区"]
METRICS = ["工业增加值", "固定资产投资", "营业收入", "税收收入"]


def fixture_docs(n: int, seed: int) -> list[Document]:
    """Sentences with a learnable pattern: PARK + METRIC + 增长 + AMOUNT."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        park, metric = rng.choice(PARKS), rng.choice(METRICS)
        amount = f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%"
        text = f"今年{park}{metric}同比增长{amount}。"
        ents = []
        for surf, lab in ((park, "PARK"), (metric, "METRIC"), (amount, "AMOUNT")):
            s = text.index(surf)
            ents.append(Entity(s, s + len(surf), lab, surf, f"T{len(ents) + 1}", 0.9))
        docs.append(Document(f"d{i}", text, ents))
    return docs


def tiny_overrides(tmp_path, train_file, dev_file, *extra):
    return [
        "model=tiny",
        "task=ner",
        "data=jsonl",
        f"data.train={train_file}",
        f"data.dev={dev_file}",
        f"output_dir={tmp_path / 'out'}",
        "train.progress=false",
        "train.precision=fp32",
        "train.batch_size=8",
        f"weak.cache_dir={tmp_path / 'cache'}",
        *extra,
    ]


@pytest.fixture()
def fixture_files(tmp_path):
    train, dev = tmp_path / "train.jsonl", tmp_path / "dev.jsonl"
    write_jsonl(train, fixture_docs(48, 1))
    write_jsonl(dev, fixture_docs(12, 2))
    return train, dev


def test_tiny_end_to_end_train_learns_fixture(tmp_path, fixture_files):
    from zonener.train import run

    cfg = make_cfg(*tiny_overrides(tmp_path, *fixture_files, "train.epochs=8", "model.lr=3e-3"))
    metrics = run(cfg)
    out = tmp_path / "out"
    assert metrics["ner"]["best_dev_f1"] >= 0.8
    for name in ("config.yaml", "metrics.json", "README.md", "ner_curves.png", "ner_per_type_f1.png", "ner/config.json", "ner/metrics.json", "ner/zonener_config.yaml"):
        assert (out / name).is_file(), name
    # train.o_confidence=auto resolved for weak (jsonl) labels and recorded
    assert "o_confidence: 0.3" in (out / "config.yaml").read_text(encoding="utf-8")
    # the saved tokenizer shows whitespace to the model, and the model card says so
    assert 'Replace' in (out / "ner" / "tokenizer.json").read_text(encoding="utf-8")
    assert "`|` token" in (out / "README.md").read_text(encoding="utf-8")
    config = json.loads((out / "ner" / "config.json").read_text(encoding="utf-8"))
    assert config["id2label"]["1"] == "B-PARK" and config["label2id"]["I-DATE"] == 16
    # the entity threshold was chosen on dev, stored in the checkpoint and used by the Extractor
    chosen = metrics["ner"]["entity_threshold"]
    by_t = chosen["dev_f1_by_threshold"]
    assert chosen["dev_f1"] == max(by_t.values()) >= by_t["0.0"]
    assert config["zonener"]["entity_threshold"] == chosen["threshold"] and config["zonener"]["task"] == "ner"
    # the model card reports the dev scores at that threshold, which is what inference gives
    assert chosen["dev"]["f1"] == pytest.approx(chosen["dev_f1"]) and "PARK" in chosen["dev"]["per_type"]
    card = (out / "README.md").read_text(encoding="utf-8")
    assert f"entity threshold {chosen['threshold']:.2f})" in card
    assert f"| **micro** | {chosen['dev']['precision']:.3f} | {chosen['dev']['recall']:.3f} | {chosen['dev']['f1']:.3f} |" in card

    from zonener.predict import Extractor

    assert Extractor.from_pretrained(out, device="cpu").ner.min_score == chosen["threshold"]
    assert Extractor.from_pretrained(out, device="cpu", entity_threshold=0.0).ner.min_score == 0.0

    from transformers import pipeline

    ner = pipeline("token-classification", model=str(out / "ner"), aggregation_strategy="simple")
    found = {(x["start"], x["end"], x["entity_group"]) for x in ner("今年兰州新区营业收入同比增长12.5%。")}
    assert (2, 6, "PARK") in found and (6, 10, "METRIC") in found


def test_resume_continues_an_interrupted_run(tmp_path, fixture_files):
    from zonener.train import run

    first = run(make_cfg(*tiny_overrides(tmp_path, *fixture_files, "train.epochs=1")))
    assert len(first["ner"]["history"]) == 1
    resumed = run(make_cfg(*tiny_overrides(tmp_path, *fixture_files, "train.epochs=3", "train.resume=true")))
    hist = resumed["ner"]["history"]
    assert [h["epoch"] for h in hist] == [1, 2, 3]
    assert hist[0] == first["ner"]["history"][0]
    assert hist[2]["step"] == 3 * hist[0]["step"]


def test_missing_model_gives_actionable_error(tmp_path, fixture_files):
    from zonener.modeling.loading import ModelNotFoundError
    from zonener.train import run

    overrides = [o for o in tiny_overrides(tmp_path, *fixture_files) if o != "model=tiny"]
    cfg = make_cfg(*overrides, "model=local", f"model.name_or_path={tmp_path}/absent")
    with pytest.raises(ModelNotFoundError, match="model.name_or_path"):
        run(cfg)


@pytest.mark.integration
def test_default_job_on_seeds_with_real_encoder(tmp_path):
    from zonener.train import run

    m3e = require_m3e()
    cfg = make_cfg("experiment=m3e-small", f"model.name_or_path={m3e}", "task=ner", "train.progress=false", f"output_dir={tmp_path}", f"weak.cache_dir={tmp_path / 'cache'}")
    metrics = run(cfg)
    assert metrics["ner"]["best_dev_f1"] >= 0.6
    assert (tmp_path / "ner" / "model.safetensors").is_file()


def test_cluener_extra_corpus_uses_its_org_and_person_labels(tmp_path):
    from zonener.training.extra_data import load_extra_corpus
    from zonener.weak import WeakLabeler

    rows = [
        {"text": "华为公司总裁任正非说，今年营收增长12%。", "label": {"company": {"华为公司": [[0, 3]]}, "name": {"任正非": [[6, 8]]}}},
        {"text": "《变形金刚》票房过亿。", "label": {"movie": {"变形金刚": [[1, 4]]}}},
    ]
    p = tmp_path / "cluener.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    docs = load_extra_corpus(p, WeakLabeler(None), limit=None)
    first = {(e.text, e.label) for e in docs[0].entities}
    assert {("华为公司", "ORG"), ("任正非", "PERSON"), ("12%", "AMOUNT")} <= first
    assert not any(e.label == "POLICY" for e in docs[1].entities)  # a film title in 《》 is not a policy


def test_bmes_reader_spans_and_malformed_lines(tmp_path, caplog):
    from zonener.training.data import read_bmes

    p = tmp_path / "x.char.bmes"
    p.write_text("张 B-NAME\n三 E-NAME\n任 O\n经 B-TITLE\n理 E-TITLE\n\n京 S-LOC\n-NAME\n", encoding="utf-8")
    docs = read_bmes(p)
    assert [(e.text, e.label) for e in docs[0].entities] == [("张三", "NAME"), ("经理", "TITLE")]
    assert [(e.text, e.label) for e in docs[1].entities] == [("京", "LOC")]
    assert "x.char.bmes:8" in caplog.text
    with pytest.raises(ValueError, match="x.char.bmes:8"):
        read_bmes(p, strict=True)


def test_viterbi_repairs_invalid_iob2_paths():
    import numpy as np

    from zonener.modeling.alignment import viterbi_iob2

    labels = ["O", "B-PARK", "I-PARK", "B-ORG", "I-ORG"]
    # per-token argmax would be O, I-PARK, I-ORG: two fragments starting with I-
    probs = np.array([
        [0.60, 0.30, 0.02, 0.06, 0.02],
        [0.10, 0.35, 0.45, 0.05, 0.05],
        [0.10, 0.05, 0.40, 0.05, 0.40],
    ])
    path = [labels[i] for i in viterbi_iob2(np.log(probs), labels)]
    assert path == ["O", "B-PARK", "I-PARK"]
    assert viterbi_iob2(np.zeros((0, 5)), labels) == []


def test_precision_auto_follows_the_hardware_and_bad_values_are_named(tmp_path, caplog):
    import torch

    from zonener.modeling.precision import default_precision
    from zonener.train import _resolve_precision, check_config

    cfg = make_cfg("model=tiny", f"output_dir={tmp_path}")
    assert cfg.train.precision == "auto"
    _resolve_precision(cfg)
    assert cfg.train.precision == default_precision(torch.device("cuda" if torch.cuda.is_available() else "cpu"))
    with pytest.raises(ValueError, match="train.precision='fp16'"):
        check_config(make_cfg("model=tiny", "train.precision=fp16"))


def test_o_confidence_auto_depends_on_the_label_source_and_bad_values_are_named(tmp_path):
    from zonener.train import _resolve_o_confidence, check_config

    weak = make_cfg("model=tiny", f"output_dir={tmp_path}")
    assert weak.train.o_confidence == "auto"
    _resolve_o_confidence(weak)
    assert weak.train.o_confidence == 0.3  # weak labels: O is partly "no rule fired"
    gold = make_cfg("model=tiny", "data=resume", f"output_dir={tmp_path}")
    _resolve_o_confidence(gold)
    assert gold.train.o_confidence == 1.0  # annotated corpus: O is a decision
    fixed = make_cfg("model=tiny", "train.o_confidence=0.5")
    _resolve_o_confidence(fixed)
    assert fixed.train.o_confidence == 0.5
    for bad in ("0", "1.5", "often"):
        with pytest.raises(ValueError, match="train.o_confidence"):
            check_config(make_cfg("model=tiny", f"train.o_confidence={bad}"))


@pytest.fixture()
def local_encoder(tmp_path):
    """A saved tiny BertModel without a token-classification head, loaded like a pretrained encoder."""
    from transformers import BertModel

    from tiny_checkpoint import VOCAB_TEXT

    from zonener.modeling.loading import build_char_tokenizer, tiny_bert_config

    path = tmp_path / "encoder"
    tok = build_char_tokenizer([VOCAB_TEXT], path)
    torch.manual_seed(0)
    BertModel(tiny_bert_config(len(tok), hidden_size=32, num_layers=1, num_heads=2)).save_pretrained(path)
    return path


def test_the_new_head_of_a_pretrained_encoder_follows_the_seed(tmp_path, local_encoder, monkeypatch):
    """Before, the classifier head was drawn from an unseeded generator: two runs with one seed differed."""
    import zonener.training.ner_task as ner_task
    from zonener.schema import ENTITY_LABELS

    heads = []

    def capture(*, model, **_):
        heads.append(model.classifier.weight.detach().clone())
        return {"best_epoch": 1, "best_f1": 0.0, "stopped_early": False, "history": []}

    monkeypatch.setattr(ner_task, "run_training", capture)
    docs = fixture_docs(4, 1)
    for seed in (1, 1, 2):
        torch.manual_seed(1000 + len(heads))  # whatever state earlier code left behind
        cfg = make_cfg("model=local", f"model.name_or_path={local_encoder}", f"seed={seed}", "task=ner", "train.entity_thresholds=null", "train.o_confidence=0.3",
                       f"weak.cache_dir={tmp_path / 'cache'}", f"output_dir={tmp_path / 'out'}")
        ner_task.train_ner(cfg, docs, docs, list(ENTITY_LABELS), tmp_path / "out")
    assert torch.equal(heads[0], heads[1])
    assert not torch.equal(heads[0], heads[2])
