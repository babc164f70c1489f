"""zonener.predict finds the same entity spans as the plain transformers pipeline.

``pipeline("token-classification", aggregation_strategy="simple")`` on the
``ner/`` folder of a checkpoint is the reference. The fixtures are CJK text
where every character is one token, and the NER window covers each text, so
both see the same context and must agree exactly in fp32.
"""
from __future__ import annotations

import pytest

from tiny_checkpoint import build_lexicon_ner, build_random_ner, lexicon_spans

transformers = pytest.importorskip("transformers")

from zonener.predict import Extractor  # noqa: E402

TEXTS = [
    "白银高新区今年实现产值五亿元。",
    "兰州化工在白银高新区落户，周栋说明了奖励办法。",
    "今年签约项目实现同比增长，产值增长。",
    "测试文本" * 6,
    "产值",
    "说",
    "区新高银白工化州兰元亿五值产栋周法办励奖",
    "白银高新区兰州化工产值五亿元周栋奖励办法" * 3,
]


def pipeline_spans(ckpt, texts):
    pipe = transformers.pipeline("token-classification", model=str(ckpt), aggregation_strategy="simple", device="cpu")
    return [{(int(x["start"]), int(x["end"]), x["entity_group"]) for x in pipe(t)} for t in texts]


def extractor_spans(ckpt, texts, **kw):
    kw.setdefault("decoding", "argmax")  # the pipeline's own decoding
    ex = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32", batch_size=3, **kw)
    return [{(e.start, e.end, e.label) for e in d.entities} for d in ex.extract(texts)]


def test_parity_random_tiny_model(tmp_path):
    ckpt = build_random_ner(tmp_path / "ner", max_length=128)
    ours = extractor_spans(ckpt, TEXTS)
    theirs = pipeline_spans(ckpt, TEXTS)
    assert sum(map(len, theirs)) > 20  # non-trivial: a random head tags plenty
    assert len({lab for s in theirs for _, _, lab in s}) >= 3
    assert ours == theirs


def test_parity_lexicon_model(tmp_path):
    ckpt = build_lexicon_ner(tmp_path / "ner", max_length=128)
    ours = extractor_spans(ckpt, TEXTS)
    theirs = pipeline_spans(ckpt, TEXTS)
    assert ours == theirs == [set(lexicon_spans(t)) for t in TEXTS]


@pytest.mark.integration
def test_parity_real_encoder_random_head(tmp_path):
    """m3e-small's encoder with a random 17-tag head: >= 99% identical spans on seed paragraphs."""
    from conftest import ROOT, require_m3e

    m3e = require_m3e()
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from zonener.schema import bio_labels

    tags = bio_labels()
    model = AutoModelForTokenClassification.from_pretrained(
        m3e, num_labels=len(tags), id2label=dict(enumerate(tags)), label2id={t: i for i, t in enumerate(tags)}
    )
    model.config.zonener = {"task": "ner", "max_length": 512}
    model.save_pretrained(tmp_path / "ner")
    AutoTokenizer.from_pretrained(m3e).save_pretrained(tmp_path / "ner")
    lines = [ln for f in sorted((ROOT / "seeds").glob("*.txt")) for ln in f.read_text(encoding="utf-8").splitlines() if 20 <= len(ln) <= 300]
    texts = lines[:12]
    ours = extractor_spans(tmp_path / "ner", texts)
    theirs = pipeline_spans(tmp_path / "ner", texts)
    a = {(i, *s) for i, x in enumerate(ours) for s in x}
    b = {(i, *s) for i, x in enumerate(theirs) for s in x}
    assert len(a & b) / max(1, len(a | b)) >= 0.99
