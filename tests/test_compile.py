"""Extractor(compile=True) / --compile: same entities as the eager model, clear errors."""
from __future__ import annotations

import pytest

from tiny_checkpoint import build_lexicon_ner, build_random_ner, lexicon_spans
from zonener.spans import read_jsonl

torch = pytest.importorskip("torch")

from zonener.predict import Extractor, PredictError, main  # noqa: E402

TEXTS = [
    "白银高新区今年实现产值五亿元。兰州化工在白银高新区落户，周栋说。" * 3,  # several windows
    "今年白银高新区签约项目，落实奖励办法。",
    "",
    "产值",
]


def test_compiled_model_gives_the_eager_entities_and_scores(tmp_path):
    """A context-dependent random model: every span and score survives compilation."""
    ckpt = build_random_ner(tmp_path / "ner", max_length=32)
    kw = {"device": "cpu", "precision": "fp32", "entity_threshold": 0.0, "decoding": "argmax"}
    eager = Extractor.from_pretrained(ckpt, **kw)
    compiled = Extractor.from_pretrained(ckpt, compile=True, **kw)
    assert compiled.ner.model is not eager.ner.model and hasattr(compiled.ner.model, "_orig_mod")
    for batch in (TEXTS, TEXTS[1:2]):  # a batch of many windows, and of one
        a, b = eager.extract(batch), compiled.extract(batch)
        assert sum(len(d.entities) for d in a) > 5
        for x, y in zip(a, b):
            assert [(e.start, e.end, e.label) for e in x.entities] == [(e.start, e.end, e.label) for e in y.entities]
            assert [e.score for e in y.entities] == pytest.approx([e.score for e in x.entities], abs=1e-4)


def test_cli_compile_flag(tmp_path):
    ckpt = build_lexicon_ner(tmp_path / "ner", max_length=32)
    src = tmp_path / "in.txt"
    src.write_text(TEXTS[0], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["--quiet", "--model", str(ckpt), "--input", str(src), "--output", str(out), "--precision", "fp32", "--compile"]) == 0
    (doc,) = read_jsonl(out)
    assert doc.text == TEXTS[0]
    assert [(e.start, e.end, e.label) for e in doc.entities] == lexicon_spans(TEXTS[0])


def test_a_failing_compile_is_a_clear_error_at_load(tmp_path, monkeypatch):
    import zonener.modeling.compiling as compiling

    def broken_compile(model, **kw):
        def call(**inputs):
            raise RuntimeError("InvalidCxxCompiler: No working C++ compiler found")

        return call

    monkeypatch.setattr(compiling.torch, "compile", broken_compile)
    ckpt = build_lexicon_ner(tmp_path / "ner", max_length=32)
    with pytest.raises(PredictError, match=r"ner: torch.compile failed \(RuntimeError: InvalidCxxCompiler.*C\+\+ compiler.*without --compile"):
        Extractor.from_pretrained(ckpt, device="cpu", precision="fp32", compile=True)
    # the eager path does not touch torch.compile
    assert Extractor.from_pretrained(ckpt, device="cpu", precision="fp32").extract("白银高新区")[0].entities
