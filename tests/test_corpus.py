"""Corpus reading: encodings, inputs kinds, clear errors."""
from __future__ import annotations

import io
import json
import sys

import pytest

from zonener.corpus import CorpusError, decode_bytes, read_documents, read_text_file

SIMPLIFIED = "白银高新区1-8月工业增加值同比增长15.03%，固定资产投资同比增长114%。"
TRADITIONAL = "西寧經濟技術開發區匯聚著1500多家企業，規模以上工業企業達190家。"


@pytest.mark.parametrize(
    "text,encoding",
    [
        (SIMPLIFIED, "utf-8"),
        (SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED, "gb18030"),
        (SIMPLIFIED, "gbk"),
        (TRADITIONAL, "big5"),
        (TRADITIONAL, "utf-8"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path, text, encoding):
    p = tmp_path / f"doc-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    assert read_text_file(p) == text


def test_binary_file_is_rejected_with_file_name(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CorpusError, match="image.txt"):
        read_text_file(p)


def test_undecodable_bytes_are_rejected(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(b"\x81\xff\xfe\x80" * 50)
    with pytest.raises(CorpusError, match="junk.txt"):
        read_text_file(p)


def test_text_is_never_rewritten(tmp_path):
    raw = "  第一行\r\n全角ＡＢＣ１２３，“引号”\u3000\n\n"
    p = tmp_path / "keep.txt"
    p.write_text(raw, encoding="utf-8", newline="")
    assert read_text_file(p) == raw


def test_directory_ids_are_file_stems_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes("甲".encode("gbk"))
    (tmp_path / "ignored.md").write_text("x", encoding="utf-8")
    docs = read_documents(tmp_path)
    assert [(d.id, d.text) for d in docs] == [("a", "甲"), ("b", "乙")]


def test_empty_file_is_an_empty_document(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert read_documents(tmp_path / "empty.txt")[0].text == ""


def test_jsonl_and_stdin(tmp_path, monkeypatch):
    rec = {"id": "d1", "text": "白银高新区", "entities": [{"id": "T1", "start": 0, "end": 5, "label": "PARK", "text": "白银高新区"}]}
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_documents(p)[0].entities[0].label == "PARK"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(p.read_bytes())))
    assert read_documents("-")[0].id == "d1"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SIMPLIFIED.encode("gb18030"))))
    docs = read_documents("-")
    assert docs[0].id == "stdin" and docs[0].text == SIMPLIFIED


def test_missing_path_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        read_documents(tmp_path / "nope")


def test_decode_bytes_reports_encoding():
    assert decode_bytes(SIMPLIFIED.encode("gb18030"))[1] == "gb18030"
    assert decode_bytes(TRADITIONAL.encode("big5"))[1] == "big5"
