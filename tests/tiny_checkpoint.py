"""Tiny checkpoints for the inference tests, built in seconds on a CPU.

* :func:`build_lexicon_ner` — a BERT token classifier whose prediction for a
  token depends only on the token itself (position embeddings, attention and
  feed-forward outputs are zeroed, so every layer is the identity up to
  LayerNorm). It tags characters by a fixed table, so its spans are known in
  advance and do not depend on windowing: the reference for window tests.
* :func:`build_random_ner` — a randomly initialised tiny BERT with a random
  head: context-dependent, many spans; used for pipeline parity.
* :func:`build_re` — a tiny :class:`RelationClassifier` whose head bias makes
  every schema-valid candidate pair come out as its (unique) relation type.

Each writes a training-style ``output_dir`` layout (``ner/``, ``re/``) with
``config.zonener`` set, exactly as ``python -m zonener.train`` does.
"""
from __future__ import annotations

from pathlib import Path

import torch

from zonener.modeling.loading import build_char_tokenizer, tiny_bert_config, with_visible_whitespace
from zonener.schema import RELATION_CLASSES, bio_labels

TAGS = bio_labels()
ID2LABEL = dict(enumerate(TAGS))
LABEL2ID = {t: i for i, t in ID2LABEL.items()}

#: character -> IOB2 tag of the lexicon model (everything else is O).
#: 白银高新区 -> PARK, 兰州化工 -> ORG, 产值 -> METRIC, 五亿元 -> AMOUNT,
#: 周栋 -> PERSON, 奖励办法 -> POLICY.
LEXICON = {
    "白": "B-PARK", "银": "I-PARK", "高": "I-PARK", "新": "I-PARK", "区": "I-PARK",
    "兰": "B-ORG", "州": "I-ORG", "化": "I-ORG", "工": "I-ORG",
    "产": "B-METRIC", "值": "I-METRIC",
    "五": "B-AMOUNT", "亿": "I-AMOUNT", "元": "I-AMOUNT",
    "周": "B-PERSON", "栋": "I-PERSON",
    "奖": "B-POLICY", "励": "I-POLICY", "办": "I-POLICY", "法": "I-POLICY",
}

#: vocabulary source: the lexicon plus ordinary filler characters
VOCAB_TEXT = "".join(LEXICON) + "今年实现了同比增长的和在落户签约项目。，、；！？“”《》0123456789abcdefghijklmnopqrstuvwxyz说明书测试文本"


def _save(model, tok, path: Path, zonener: dict) -> Path:
    model.config.zonener = zonener
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return path


def build_lexicon_ner(path: str | Path, max_length: int = 32) -> Path:
    from transformers import BertForTokenClassification

    path = Path(path)
    tok = build_char_tokenizer([VOCAB_TEXT], path)
    hidden = 32
    config = tiny_bert_config(len(tok), hidden_size=hidden, num_layers=1, num_heads=2, num_labels=len(TAGS), id2label=ID2LABEL, label2id=LABEL2ID)
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    with torch.no_grad():
        emb = model.bert.embeddings
        emb.position_embeddings.weight.zero_()
        emb.token_type_embeddings.weight.zero_()
        emb.word_embeddings.weight.zero_()
        vocab = tok.get_vocab()
        for tid in vocab.values():
            emb.word_embeddings.weight[tid, LABEL2ID["O"]] = 8.0
        for ch, tag in LEXICON.items():
            tid = vocab[ch]
            emb.word_embeddings.weight[tid].zero_()
            emb.word_embeddings.weight[tid, LABEL2ID[tag]] = 8.0
        for layer in model.bert.encoder.layer:
            layer.attention.output.dense.weight.zero_()
            layer.attention.output.dense.bias.zero_()
            layer.output.dense.weight.zero_()
            layer.output.dense.bias.zero_()
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        for k in range(len(TAGS)):
            model.classifier.weight[k, k] = 1.0
    return _save(model, tok, path, {"task": "ner", "max_length": max_length})


def lexicon_spans(text: str) -> list[tuple[int, int, str]]:
    """The spans :func:`build_lexicon_ner` predicts for ``text`` (B opens, I continues)."""
    from zonener.modeling.alignment import decode_spans

    offsets = [(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]
    labels = [LEXICON.get(text[s], "O") for s, _ in offsets]
    return [(s, e, lab) for s, e, lab, _ in decode_spans(offsets, labels)]


def build_random_ner(path: str | Path, max_length: int = 128, seed: int = 0, visible_whitespace: bool = False) -> Path:
    from transformers import BertForTokenClassification

    path = Path(path)
    tok = build_char_tokenizer([VOCAB_TEXT], path)
    tok = with_visible_whitespace(tok) if visible_whitespace else tok
    config = tiny_bert_config(len(tok), hidden_size=32, num_layers=2, num_heads=2, num_labels=len(TAGS), id2label=ID2LABEL, label2id=LABEL2ID)
    torch.manual_seed(seed)
    model = BertForTokenClassification(config)
    with torch.no_grad():  # larger head weights: confident, varied predictions
        model.classifier.weight.normal_(0.0, 1.0)
    return _save(model, tok, path, {"task": "ner", "max_length": max_length})


def build_re(path: str | Path, max_length: int = 64) -> Path:
    from zonener.modeling.relation import MARKER_TOKENS, RelationClassifier

    path = Path(path)
    tok = build_char_tokenizer([VOCAB_TEXT], path)
    tok.add_special_tokens({"additional_special_tokens": MARKER_TOKENS})
    id2label = dict(enumerate(RELATION_CLASSES))
    config = tiny_bert_config(len(tok), hidden_size=32, num_layers=1, num_heads=2, num_labels=len(id2label), id2label=id2label, label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(0)
    model = RelationClassifier(config)
    with torch.no_grad():
        last = model.classifier[-1]
        last.bias.fill_(10.0)
        last.bias[0] = 0.0  # no_relation loses to any schema-valid relation
    return _save(model, tok, path, {"task": "re", "max_length": max_length, "max_distance": None, "architecture": "RelationClassifier"})


def build_output_dir(path: str | Path, ner: str = "lexicon", with_re: bool = True, max_length: int = 32) -> Path:
    """A ``python -m zonener.train``-style output_dir with ``ner/`` (and ``re/``)."""
    path = Path(path)
    if ner == "lexicon":
        build_lexicon_ner(path / "ner", max_length=max_length)
    else:
        build_random_ner(path / "ner", max_length=max_length)
    if with_re:
        build_re(path / "re")
    return path
