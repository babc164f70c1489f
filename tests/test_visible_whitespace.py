"""Spaces and newlines reach the NER model as a ``|`` token (modeling/loading.py)."""
from __future__ import annotations

import logging

import pytest
from omegaconf import OmegaConf

from tiny_checkpoint import ID2LABEL, LABEL2ID, VOCAB_TEXT, build_random_ner

from zonener.modeling.alignment import encode
from zonener.modeling.loading import WHITESPACE_TOKEN, build_char_tokenizer, with_visible_whitespace
from zonener.modeling.ner import build_features

BYLINE = "通讯员 赵优 赵海忠\n\n\u3000晏瑞一 ab 12"


def _tokens(tok, text):
    enc = encode(tok, text)
    return [(tok.convert_ids_to_tokens(i), text[s:e]) for i, (s, e) in zip(enc.input_ids, enc.offsets)]


def test_each_whitespace_run_is_one_token_with_offsets_into_the_text(tmp_path):
    plain = build_char_tokenizer([BYLINE], tmp_path / "tok")
    shown = with_visible_whitespace(plain)
    toks = _tokens(shown, BYLINE)
    seps = [t for t in toks if t[0] == WHITESPACE_TOKEN]
    assert len(seps) == 5  # " ", " ", "\n\n\u3000", " ", " "
    assert all(piece.isspace() for _, piece in seps)
    # the other tokens and their offsets are exactly those of the plain tokenizer
    assert [t for t in toks if t[0] != WHITESPACE_TOKEN] == _tokens(plain, BYLINE)
    assert [p for _, p in toks][:7] == ["通", "讯", "员", " ", "赵", "优", " "]


def test_saved_tokenizer_keeps_the_step_and_wrapping_twice_changes_nothing(tmp_path):
    from transformers import AutoTokenizer

    shown = with_visible_whitespace(build_char_tokenizer([BYLINE], tmp_path / "tok"))
    shown.save_pretrained(tmp_path / "saved")
    loaded = AutoTokenizer.from_pretrained(tmp_path / "saved")
    a, b = encode(shown, BYLINE), encode(loaded, BYLINE)
    assert (a.input_ids, a.offsets) == (b.input_ids, b.offsets)
    assert loaded.convert_tokens_to_ids(WHITESPACE_TOKEN) in b.input_ids
    assert with_visible_whitespace(loaded) is loaded


def test_vocabulary_without_the_token_is_left_alone(caplog):
    from transformers import BertTokenizer

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "张", "三"]
    tok = BertTokenizer(vocab={t: i for i, t in enumerate(vocab)})
    with caplog.at_level(logging.WARNING):
        assert with_visible_whitespace(tok) is tok
    assert "whitespace stays invisible" in caplog.text


def test_training_features_tag_the_separator_outside(tmp_path):
    tok = with_visible_whitespace(build_char_tokenizer(["记者张三李四"], tmp_path / "tok"))
    text = "记者 张三 李四"
    tags = ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON"]
    (feat,) = build_features(tok, [text], [tags], LABEL2ID, max_length=32)
    labels = [ID2LABEL[i] for i in feat.labels[1:-1]]
    assert labels == ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON"]
    assert tok.convert_ids_to_tokens(feat.input_ids[3]) == WHITESPACE_TOKEN


@pytest.mark.parametrize("visible", [True, False])
def test_ner_model_config_switch(tmp_path, visible):
    from zonener.training.ner_task import load_ner_model

    cfg = OmegaConf.create({"tiny": True, "hidden_size": 16, "num_layers": 1, "num_heads": 2, "visible_whitespace": visible})
    _, tok = load_ner_model(cfg, ["PERSON"], ["张三 李四"], tmp_path)
    seps = [t for t, _ in _tokens(tok, "张三 李四") if t == WHITESPACE_TOKEN]
    assert len(seps) == (1 if visible else 0)


def test_pipeline_parity_on_text_with_whitespace(tmp_path):
    """The saved tokenizer gives transformers' pipeline the same view as zonener.predict."""
    from test_pipeline_parity import extractor_spans, pipeline_spans

    ckpt = build_random_ner(tmp_path / "ner", max_length=128, visible_whitespace=True)
    texts = ["白银高新区 今年\n\n实现产值 五亿元。", "周栋\u3000\u3000兰州化工 abc 12 落户", VOCAB_TEXT[:20] + "\n" + VOCAB_TEXT[20:40]]
    theirs = pipeline_spans(ckpt, texts)
    assert sum(map(len, theirs)) > 5
    assert extractor_spans(ckpt, texts) == theirs
