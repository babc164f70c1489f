"""zonener.predict: the CLI over every input kind, windowing, errors, and the Python API."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import threading

import pytest

from tiny_checkpoint import build_lexicon_ner, build_random_ner, lexicon_spans
from zonener.spans import Document, Entity, dumps, read_jsonl

pytest.importorskip("torch")

from zonener.modeling.precision import cpu_supports_bf16, default_precision  # noqa: E402
from zonener.modeling.thresholds import keep_confident_spans  # noqa: E402
from zonener.predict import Extractor, PredictError, main  # noqa: E402

TEXT_A = "白银高新区今年实现产值五亿元。兰州化工在白银高新区落户，周栋说。"
TEXT_B = "今年白银高新区签约项目，落实奖励办法。"


def spans_of(doc: Document) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label) for e in doc.entities]


def run_cli(*args: str) -> int:
    return main(["--quiet", *args])


def check_record(doc: Document, text: str) -> None:
    assert doc.text == text
    assert spans_of(doc) == lexicon_spans(text)
    assert [e.id for e in doc.entities] == [f"T{i}" for i in range(1, len(doc.entities) + 1)]
    assert all(e.score is not None and 0 < e.score <= 1 for e in doc.entities)


def test_cli_txt_file(tiny_model_dir, tmp_path):
    src = tmp_path / "news-1.txt"
    src.write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert run_cli("--model", str(tiny_model_dir), "--input", str(src), "--output", str(out), "--precision", "fp32") == 0
    (doc,) = read_jsonl(out)  # read_jsonl validates every record
    assert doc.id == "news-1"
    check_record(doc, TEXT_A)
    rels = {(doc.entity_by_id()[r.head].text, doc.entity_by_id()[r.tail].text, r.label) for r in doc.relations}
    assert ("白银高新区", "产值", "has_metric") in rels
    assert ("产值", "五亿元", "metric_value") in rels
    assert ("兰州化工", "白银高新区", "located_in") in rels
    assert all(r.score is not None for r in doc.relations)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert set(raw) >= {"id", "text", "entities", "relations"} and "score" in raw["entities"][0]


def test_cli_directory_sorted_and_encodings(tiny_model_dir, tmp_path):
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    (d / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (d / "a.txt").write_bytes(TEXT_A.encode("gb18030"))
    (d / "sub" / "c.txt").write_text("\ufeff" + TEXT_B, encoding="utf-8")  # BOM: not part of the text
    (d / "skip.md").write_text("not a document", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert run_cli("--model", str(tiny_model_dir), "--input", str(d), "--output", str(out), "--precision", "fp32") == 0
    docs = read_jsonl(out)
    assert [x.id for x in docs] == ["a", "b", "c"]
    for doc, text in zip(docs, [TEXT_A, TEXT_B, TEXT_B]):
        check_record(doc, text)


def test_cli_jsonl_order_text_and_extra_keys(tiny_model_dir, tmp_path):
    texts = [
        TEXT_B,
        "  白银高新区\r\n产值　五亿元 ，ＡＢＣ😀周栋\t",  # CRLF, full-width space and letters, emoji, tab
        "",
        TEXT_A,
        " \n\t\u3000 ",
        "没有实体的句子。",
    ]
    src = tmp_path / "in.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            rec = {"id": f"z{9 - i}", "text": t, "source": f"site-{i}", "meta": {"n": i}}
            if i == 0:  # input entities are replaced by predictions unless --use-input-entities
                rec["entities"] = [{"id": "T1", "start": 0, "end": 2, "label": "DATE", "text": "今年"}]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out = tmp_path / "pred.jsonl"
    assert run_cli("--model", str(tiny_model_dir), "--input", str(src), "--output", str(out), "--block-size", "2", "--batch-size", "3", "--precision", "fp32") == 0
    docs = read_jsonl(out)
    assert [x.id for x in docs] == [f"z{9 - i}" for i in range(len(texts))]
    for i, (doc, text) in enumerate(zip(docs, texts)):
        check_record(doc, text)
        assert doc.extra == {"source": f"site-{i}", "meta": {"n": i}}
    assert docs[2].entities == [] and docs[4].entities == [] and docs[5].entities == []
    assert docs[2].relations == [] and docs[4].relations == []


def test_cli_stdin_text_and_jsonl(tiny_model_dir, monkeypatch, capsys):
    class FakeStdin:
        def __init__(self, data: bytes):
            self.buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", FakeStdin(TEXT_A.encode("utf-8")))
    assert run_cli("--model", str(tiny_model_dir), "--input", "-", "--output", "-", "--precision", "fp32") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["id"] == "stdin" and rec["text"] == TEXT_A
    assert [(e["start"], e["end"], e["label"]) for e in rec["entities"]] == lexicon_spans(TEXT_A)

    jsonl = "".join(dumps(Document(f"s{i}", t)) + "\n" for i, t in enumerate([TEXT_B, "", TEXT_A]))
    monkeypatch.setattr(sys, "stdin", FakeStdin(jsonl.encode("utf-8")))
    assert run_cli("--model", str(tiny_model_dir), "--input", "-", "--output", "-", "--precision", "fp32") == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in recs] == ["s0", "s1", "s2"]
    assert [r["text"] for r in recs] == [TEXT_B, "", TEXT_A]


def test_cli_subprocess_stdin_to_stdout(tiny_model_dir):
    """The real entry point: `python -m zonener.predict ... --input - --output -`."""
    proc = subprocess.run(
        [sys.executable, "-m", "zonener.predict", "--model", str(tiny_model_dir), "--input", "-", "--output", "-", "--precision", "fp32"],
        input=TEXT_B.encode("utf-8"),
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    rec = json.loads(proc.stdout.decode("utf-8"))
    assert rec["text"] == TEXT_B
    assert [(e["start"], e["end"], e["label"]) for e in rec["entities"]] == lexicon_spans(TEXT_B)
    assert b"predict" in proc.stderr  # the progress bar goes to stderr


def test_window_boundaries_match_single_window(tmp_path):
    """A document ~10 windows long, entities at every offset modulo the stride:
    windowed decoding gives exactly the spans of one long window (and of the lexicon)."""
    from zonener.modeling.alignment import window_starts

    ckpt = build_lexicon_ner(tmp_path / "ner", max_length=32)
    parts = []
    for k in range(24):
        parts.append("今年" * (k % 5) + "白银高新区实现产值五亿元" + "，" * (k % 3))
    text = "".join(parts)
    windowed = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32")
    whole = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32", max_length=512)
    assert windowed.ner.window == 30 and len(text) > 10 * windowed.ner.window
    (a,) = windowed.extract(text)
    (b,) = whole.extract(text)
    assert spans_of(a) == spans_of(b) == lexicon_spans(text)
    # some entity really crosses a window edge (each character is one token here)
    starts = window_starts(len(text), windowed.ner.window, windowed.ner.stride)
    edges = {s + windowed.ner.window for s in starts} | set(starts)
    assert any(e.start < edge < e.end for e in a.entities for edge in edges)


def test_windowing_with_context_dependent_model_stays_valid(tmp_path):
    from zonener.spans import validate_document

    ckpt = build_random_ner(tmp_path / "ner", max_length=32)
    ex = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32", batch_size=3)
    texts = [TEXT_A * 7, TEXT_B * 11, "", TEXT_A]
    docs = ex.extract(texts)
    assert [d.text for d in docs] == texts
    assert sum(len(d.entities) for d in docs) > 10
    for d in docs:
        validate_document(d)


def test_use_input_entities(tiny_model_dir, tmp_path):
    text = TEXT_A
    ents = [
        Entity(0, 5, "PARK", "白银高新区", "P1", 0.5),
        Entity(9, 11, "METRIC", "产值", "M7"),
        Entity(11, 14, "AMOUNT", "五亿元", "A2"),
    ]
    src = tmp_path / "gold.jsonl"
    src.write_text(dumps(Document("g1", text, ents, [], {"split": "dev"})) + "\n" + dumps(Document("g2", "")) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert run_cli("--model", str(tiny_model_dir), "--input", str(src), "--output", str(out), "--use-input-entities", "--precision", "fp32") == 0
    d1, d2 = read_jsonl(out)
    assert [(e.id, e.start, e.end, e.label, e.score) for e in d1.entities] == [("P1", 0, 5, "PARK", 0.5), ("M7", 9, 11, "METRIC", None), ("A2", 11, 14, "AMOUNT", None)]
    assert {(r.head, r.tail, r.label) for r in d1.relations} == {("P1", "M7", "has_metric"), ("M7", "A2", "metric_value")}
    assert d1.extra == {"split": "dev"}
    assert d2.entities == [] and d2.relations == []


def _err(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_errors_exit_2_with_messages(tiny_model_dir, tmp_path, capsys):
    txt = tmp_path / "a.txt"
    txt.write_text(TEXT_A, encoding="utf-8")
    missing = tmp_path / "no-such-run"
    assert run_cli("--model", str(missing), "--input", str(txt), "--output", "-") == 2
    err = _err(capsys)
    assert str(missing) in err and "python -m zonener.train" in err

    empty = tmp_path / "empty-dir"
    empty.mkdir()
    assert run_cli("--model", str(empty), "--input", str(txt), "--output", "-") == 2
    assert "config.json" in _err(capsys)

    assert run_cli("--model", str(tiny_model_dir), "--input", str(tmp_path / "nope.txt"), "--output", "-") == 2
    assert "nope.txt" in _err(capsys)

    bad = tmp_path / "bad.jsonl"
    bad.write_text(dumps(Document("ok", TEXT_B)) + "\n" + '{"id": "x", "text": \n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    assert run_cli("--model", str(tiny_model_dir), "--input", str(bad), "--output", str(out), "--precision", "fp32") == 2
    assert f"{bad}:2" in _err(capsys)
    assert out.read_text(encoding="utf-8") == "previous\n"  # atomic: the old output is untouched
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    assert run_cli("--model", str(tiny_model_dir), "--input", str(txt), "--output", "-", "--use-input-entities") == 2
    assert "JSONL" in _err(capsys)

    ner_only = tmp_path / "ner-only"
    build_lexicon_ner(ner_only)
    jl = tmp_path / "in.jsonl"
    jl.write_text(dumps(Document("a", TEXT_A)) + "\n", encoding="utf-8")
    assert run_cli("--model", str(ner_only), "--input", str(jl), "--output", "-", "--use-input-entities") == 2
    assert "relation model" in _err(capsys)


def test_cuda_unavailable_is_a_clear_error(tiny_model_dir, tmp_path, capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA is available here")
    txt = tmp_path / "a.txt"
    txt.write_text(TEXT_A, encoding="utf-8")
    assert run_cli("--model", str(tiny_model_dir), "--input", str(txt), "--output", "-", "--device", "cuda") == 2
    err = _err(capsys)
    assert "CUDA is not available" in err and "--device cpu" in err


def test_bare_ner_checkpoint_and_bf16(tmp_path):
    ckpt = build_lexicon_ner(tmp_path / "ner", max_length=32)
    ex = Extractor.from_pretrained(ckpt, device="cpu", precision="bf16")
    assert not ex.has_relations and ex.precision == "bf16"
    (doc,) = ex.extract(TEXT_A)
    assert spans_of(doc) == lexicon_spans(TEXT_A)
    assert doc.relations == []


def test_token_budget_batches():
    from zonener.modeling.batching import token_budget_batches

    lengths = [5, 32, 10, 10, 3, 52, 4, 11, 11, 11]
    batches = list(token_budget_batches(lengths, 4, 40))
    # every item once, in length order
    assert [i for b in batches for i in b] == sorted(range(len(lengths)), key=lengths.__getitem__)
    for b in batches:
        assert len(b) <= 4 and (len(b) == 1 or max(lengths[i] for i in b) * len(b) <= 40)
    # an item longer than the budget still gets a batch of its own
    assert [5] in batches
    assert [len(b) for b in token_budget_batches(lengths, 3, None)] == [3, 3, 3, 1]


def test_batching_does_not_change_predictions(tmp_path):
    ckpt = build_random_ner(tmp_path / "ner", max_length=32)
    texts = [TEXT_A * 3, TEXT_B, "", TEXT_A, TEXT_B * 5, "白银"]
    outs = []
    for size, tokens in [(1, None), (3, 64), (32, 100000)]:
        ex = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32", batch_size=size, batch_tokens=tokens)
        outs.append([[(e.start, e.end, e.label, round(e.score, 4)) for e in d.entities] for d in ex.extract(texts)])
    assert outs[0] == outs[1] == outs[2]
    assert sum(map(len, outs[0])) > 5


def test_bf16_stores_linear_weights_in_bf16_and_uses_bf16_attention(tmp_path):
    import torch

    from zonener.modeling.bf16_attention import NAME

    ckpt = build_lexicon_ner(tmp_path / "ner", max_length=32)
    ex = Extractor.from_pretrained(ckpt, device="cpu", precision="bf16")
    dtypes = {type(m).__name__: m.weight.dtype for m in ex.ner.model.modules() if hasattr(m, "weight")}
    assert dtypes["Linear"] == torch.bfloat16 and dtypes["LayerNorm"] == dtypes["Embedding"] == torch.float32
    assert ex.ner.model.config._attn_implementation == NAME
    ex32 = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32")
    assert next(ex32.ner.model.parameters()).dtype == torch.float32
    with pytest.raises(PredictError, match="batch_tokens"):
        Extractor.from_pretrained(ckpt, device="cpu", batch_tokens=0)


def test_entity_threshold_drops_low_scoring_entities(tmp_path):
    ckpt = build_random_ner(tmp_path / "ner", max_length=32)
    texts = [TEXT_A * 3, TEXT_B * 2]
    every = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32", entity_threshold=0.0).extract(texts)
    scores = sorted(e.score for d in every for e in d.entities if e.end - e.start >= 2)
    t = scores[len(scores) // 2]
    kept = Extractor.from_pretrained(ckpt, device="cpu", precision="fp32", entity_threshold=t, list_entity_threshold=None).extract(texts)
    for a, b in zip(every, kept):
        # a threshold in force also drops one-character spans (the random model emits many)
        assert spans_of(b) == [(e.start, e.end, e.label) for e in a.entities if e.score >= t and e.end - e.start >= 2]
    assert 0 < sum(len(d.entities) for d in kept) < len(scores)
    with pytest.raises(PredictError, match="entity_threshold"):
        Extractor.from_pretrained(ckpt, device="cpu", entity_threshold=1.5)
    with pytest.raises(PredictError, match="list_entity_threshold"):
        Extractor.from_pretrained(ckpt, device="cpu", list_entity_threshold=-0.1)


def test_cli_rejects_a_bad_list_entity_threshold(tiny_model_dir, tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text(TEXT_A, encoding="utf-8")
    assert run_cli("--model", str(tiny_model_dir), "--input", str(src), "--output", str(tmp_path / "o.jsonl"), "--list-entity-threshold", "2") == 2
    assert "list_entity_threshold must be within [0, 1], got 2.0" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_list_siblings_of_a_confident_item_are_kept():
    text = "开工仪式上，甲乙光电模组、丙丁精密传动、戊己医疗器械等6个项目开工，园区、庚辛公司出席。"
    def span(name, label, score):
        s = text.index(name)
        return (s, s + len(name), label, score)
    a, b, c = span("甲乙光电模组", "PROJECT", 0.95), span("丙丁精密传动", "PROJECT", 0.6), span("戊己医疗器械", "PROJECT", 0.45)
    org = span("庚辛公司", "ORG", 0.7)  # next to a 、 but in another clause, and no confident ORG sibling
    assert keep_confident_spans(text, [a, b, c, org], 0.9) == [a, b]
    assert keep_confident_spans(text, [a, b, c, org], 0.9, 0.4) == [a, b, c]
    assert keep_confident_spans(text, [a, b, c, org], 0.9, None) == [a]
    # a confident sibling of another type vouches for nothing
    assert keep_confident_spans(text, [(a[0], a[1], "ORG", 0.95), b, c], 0.9) == [(a[0], a[1], "ORG", 0.95)]
    # the same items in two clauses: the confident one only vouches for its own clause
    two = "甲乙光电模组、丙丁精密传动开工。戊己医疗器械、壬癸新材料签约。"
    s1, s2 = two.index("丙丁精密传动"), two.index("戊己医疗器械")
    spans = [(0, 6, "PROJECT", 0.95), (s1, s1 + 6, "PROJECT", 0.6), (s2, s2 + 6, "PROJECT", 0.6)]
    assert keep_confident_spans(two, spans, 0.9) == spans[:2]
    # a plain threshold at or below the list floor is left as it is
    assert keep_confident_spans(text, [a, b, c], 0.3) == [a, b, c]


def test_default_precision_follows_cpu_flags(tiny_model_dir):
    import torch

    assert isinstance(cpu_supports_bf16(), bool)
    assert default_precision(torch.device("cpu")) == ("bf16" if cpu_supports_bf16() else "fp32")
    assert Extractor.from_pretrained(tiny_model_dir, device="cpu", precision="auto").precision == default_precision(torch.device("cpu"))


def test_python_api(tiny_extractor):
    import zonener

    assert zonener.Extractor is Extractor
    (one,) = tiny_extractor.extract(TEXT_A)
    assert one.id == "doc-0"
    check_record(one, TEXT_A)
    many = tiny_extractor.extract([TEXT_A, "", TEXT_B])
    assert [d.id for d in many] == ["doc-0", "doc-1", "doc-2"]
    assert [d.text for d in many] == [TEXT_A, "", TEXT_B]
    docs = tiny_extractor.extract([Document("x1", TEXT_B, extra={"url": "u"}), Document("x0", TEXT_A)])
    assert [d.id for d in docs] == ["x1", "x0"] and docs[0].extra == {"url": "u"}
    check_record(docs[1], TEXT_A)
    assert docs[1].relations  # re/ loaded: relations predicted
    with pytest.raises(TypeError):
        tiny_extractor.extract([42])  # type: ignore[list-item]


def test_extract_documents_streams(tiny_model_dir):
    ex = Extractor.from_pretrained(tiny_model_dir, device="cpu", precision="fp32", block_size=3)
    consumed = []

    def source():
        for i in range(10):
            consumed.append(i)
            yield Document(f"d{i}", TEXT_A if i % 2 else TEXT_B)

    it = ex.extract_documents(source())
    first = next(it)
    assert first.id == "d0" and len(consumed) == 3  # one block read, not the whole corpus
    rest = list(it)
    assert [d.id for d in rest] == [f"d{i}" for i in range(1, 10)]


def test_thread_safe_reads(tiny_extractor):
    texts = [TEXT_A * (1 + i % 4) for i in range(12)]
    expected = [spans_of(d) for d in tiny_extractor.extract(texts)]
    results: dict[int, list] = {}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            results[k] = [spans_of(d) for d in tiny_extractor.extract(texts)]
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[k] == expected for k in range(4))


def test_api_errors(tmp_path, tiny_model_dir):
    with pytest.raises(PredictError, match="does not exist"):
        Extractor.from_pretrained(tmp_path / "missing")
    with pytest.raises(PredictError, match="precision"):
        Extractor.from_pretrained(tiny_model_dir, device="cpu", precision="fp16")
    ner_only = build_lexicon_ner(tmp_path / "n")
    ex = Extractor.from_pretrained(ner_only, device="cpu", precision="fp32")
    with pytest.raises(PredictError, match="relation model"):
        ex.extract([Document("a", TEXT_A)], use_input_entities=True)


def test_relation_rules_as_relation_source(tiny_model_dir):
    from zonener.predict import Extractor

    ex = Extractor.from_pretrained(tiny_model_dir, device="cpu", precision="fp32", relation_source="rules")
    assert ex.re is None and ex.has_relations
    doc = ex.extract("白银高新区产值五亿元。")[0]
    ents = {e.id: e.text for e in doc.entities}
    triples = {(ents[r.head], r.label, ents[r.tail]) for r in doc.relations}
    assert ("产值", "metric_value", "五亿元") in triples and ("白银高新区", "has_metric", "产值") in triples
    # the rules also relate entities given in the input (--use-input-entities --relations rules)
    given = Document("g", "兰州新区税收五亿元。", [Entity(0, 4, "PARK", "兰州新区", "T1"), Entity(4, 6, "METRIC", "税收", "T2"), Entity(6, 9, "AMOUNT", "五亿元", "T3")])
    out = ex.extract([given], use_input_entities=True)[0]
    assert {(r.head, r.label, r.tail) for r in out.relations} == {("T1", "has_metric", "T2"), ("T2", "metric_value", "T3")}


def test_one_character_spans_go_when_a_threshold_is_in_force():
    text = "1位科学家入选中国工程院院士。"
    stray = (7, 8, "ORG", 0.95)  # 中 of 中国工程院
    whole = (7, 12, "ORG", 0.93)
    count = (0, 2, "AMOUNT", 0.91)
    assert keep_confident_spans(text, [count, stray, whole], 0.9) == [count, whole]
    # threshold 0 is the decoding as it is (what pipeline parity compares)
    assert keep_confident_spans(text, [count, stray, whole], 0.0) == [count, stray, whole]


@pytest.mark.parametrize("head_dim", [16, 24])  # scale 1/4 (folded into the query) and 1/sqrt(24)
def test_bf16_attention_matches_eager_attention_under_autocast(head_dim):
    import torch
    from transformers.models.bert.modeling_bert import eager_attention_forward

    from zonener.modeling.bf16_attention import bf16_attention

    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, 9, head_dim, generator=g).bfloat16() for _ in range(3))
    keep = torch.ones(2, 9, dtype=torch.bool)
    keep[1, 6:] = False  # the second sequence is padded
    as_bool = keep[:, None, None, :].expand(2, 1, 9, 9)
    additive = torch.zeros(2, 1, 9, 9).masked_fill(~as_bool, torch.finfo(torch.float32).min)
    module = torch.nn.Module().eval()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        want, _ = eager_attention_forward(module, q, k, v, additive)
        got_bool, _ = bf16_attention(module, q, k, v, as_bool)
        got_add, _ = bf16_attention(module, q, k, v, additive)
        want_free, _ = eager_attention_forward(module, q[:1], k[:1], v[:1], None)
        got_free, _ = bf16_attention(module, q[:1], k[:1], v[:1], None)
    assert got_bool.dtype == torch.bfloat16 and got_bool.shape == want.shape == (2, 9, 3, head_dim)
    for got, ref in ((got_bool, want), (got_add, want), (got_free, want_free)):
        assert (got.float() - ref.float()).abs().max() <= 2 ** -6  # a bf16 rounding step at |x| < 2


def test_bf16_attention_keeps_the_entities_of_eager_attention(tmp_path):
    ckpt = build_random_ner(tmp_path / "ner", max_length=32)
    texts = [TEXT_A * 3, TEXT_B, TEXT_A, "白银", TEXT_B * 4]  # padded batches, windows
    fast = Extractor.from_pretrained(ckpt, device="cpu", precision="bf16", decoding="argmax", entity_threshold=0.0)
    eager = Extractor.from_pretrained(ckpt, device="cpu", precision="bf16", decoding="argmax", entity_threshold=0.0)
    eager.ner.model.set_attn_implementation("eager")
    a, b = fast.extract(texts), eager.extract(texts)
    assert [spans_of(d) for d in a] == [spans_of(d) for d in b]
    assert sum(len(d.entities) for d in a) > 5
    assert max(abs(x.score - y.score) for d, e in zip(a, b) for x, y in zip(d.entities, e.entities)) < 0.02
