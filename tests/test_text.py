"""Sentence splitting, chunking and boilerplate marking keep exact offsets."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zonener.text import boilerplate_spans, chunk_spans, matching_view, segment_spans, sentence_index, sentence_spans

ALPHABET = st.sampled_from(list("白银高新区工业增加值同比增长。！？；;!?\n ，,、15.%亿元ABC\u3000\t"))


@given(st.text(alphabet=ALPHABET, max_size=300))
@settings(max_examples=200, deadline=None)
def test_sentences_are_exact_trimmed_and_ordered(text):
    spans = sentence_spans(text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip()
        assert not any(ch in "\n" for ch in piece)
        assert not any(ch in "。！？；;!?" for ch in piece[:-1])
        prev = e
    # nothing but whitespace and terminators is left out
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert all(text[i].isspace() or text[i] in "。！？；;!?" for i in range(len(text)) if i not in covered)


@given(st.text(alphabet=ALPHABET, max_size=400), st.integers(min_value=1, max_value=40))
@settings(max_examples=200, deadline=None)
def test_chunks_respect_max_len_and_cover_sentences(text, max_len):
    chunks = chunk_spans(text, max_len)
    for s, e in chunks:
        assert 0 <= s < e <= len(text) and e - s <= max_len
    for a, b in zip(chunks, chunks[1:]):
        assert a[1] <= b[0]
    covered = set()
    for s, e in chunks:
        covered.update(range(s, e))
    for s, e in sentence_spans(text):
        assert all(i in covered or text[i].isspace() for i in range(s, e))


@given(st.text(alphabet=ALPHABET, max_size=400), st.integers(min_value=1, max_value=40))
@settings(max_examples=200, deadline=None)
def test_segments_pack_whole_sentences(text, max_len):
    segs = segment_spans(text, max_len)
    sents = sentence_spans(text)
    # every sentence lies inside exactly one segment; segments are ordered and disjoint
    for s, e in sents:
        assert sum(a <= s and e <= b for a, b in segs) == 1
    for a, b in zip(segs, segs[1:]):
        assert a[1] <= b[0]
    for a, b in segs:
        inside = [(s, e) for s, e in sents if a <= s and e <= b]
        assert inside and inside[0][0] == a and inside[-1][1] == b
        # longer than max_len only when it is a single long sentence
        assert b - a <= max_len or len(inside) == 1


def test_segments_equal_chunks_when_sentences_fit():
    text = "园区增长15%。签约项目10个；总投资3.56亿元!\n新行"
    assert segment_spans(text, 12) == chunk_spans(text, 12)
    assert segment_spans("甲" * 30 + "。", 10) == [(0, 31)]


def test_sentence_rule_examples():
    text = "今年以来，园区增长15%。签约项目10个；总投资3.56亿元!\n新行"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["今年以来，园区增长15%。", "签约项目10个；", "总投资3.56亿元!", "新行"]
    idx = sentence_index(text)
    assert idx[0] == idx[5] != idx[text.index("签")]


def test_long_sentence_is_cut_at_a_comma():
    text = "甲" * 30 + "，" + "乙" * 30 + "。"
    chunks = chunk_spans(text, 40)
    assert text[chunks[0][0] : chunks[0][1]].endswith("，")


def test_boilerplate_lines_are_marked_not_removed():
    text = "当前位置: 首页 > 新闻\n正文内容。\n來源:未知 日期:2017-07-13 點擊:次\n扫一扫在手机打开当前页"
    marked = [text[s:e] for s, e in boilerplate_spans(text)]
    assert marked == ["当前位置: 首页 > 新闻", "來源:未知 日期:2017-07-13 點擊:次", "扫一扫在手机打开当前页"]
    assert "正文内容。" not in marked


def test_matching_view_is_one_to_one():
    t = "西寧經濟技術開發區１５．０３％（ＡＢ）"
    v = matching_view(t)
    assert len(v) == len(t)
    assert v == "西宁经济技术开发区15.03%(AB)"
