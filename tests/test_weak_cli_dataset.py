import json
import subprocess
import sys

from zonener.spans import Document, Entity, read_jsonl
from zonener.weak.bootstrap import grow_gazetteers
from zonener.weak.cli import main
from zonener.weak.dataset import build_ner_dataset
from zonener.weak import WeakLabeler


def test_cli_directory_and_report(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("1-8月,白银高新区工业增加值同比增长15.03%。", encoding="utf-8")
    (d / "b.txt").write_text("西寧經濟技術開發區上半年招聘人員4484人。", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": "1-8月,白银高新区工业增加值同比增长15.03%。",
                                "entities": [{"start": 0, "end": 4, "label": "DATE"}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    rep = tmp_path / "rep"
    assert main(["--input", str(d), "--output", str(out), "--report", str(rep), "--gold", str(gold), "-q"]) == 0
    docs = read_jsonl(out)
    assert [x.id for x in docs] == ["a", "b"]
    assert any(e.text == "西寧經濟技術開發區" and e.label == "PARK" for e in docs[1].entities)
    r = json.loads((rep / "report.json").read_text(encoding="utf-8"))
    assert "aggregated" in r and "amount_grammar" in r["lfs"]
    assert (rep / "lf_coverage.png").exists() and (rep / "lf_conflicts.png").exists()


def test_cli_bad_input(tmp_path, capsys):
    assert main(["--input", str(tmp_path / "missing.txt"), "--output", str(tmp_path / "o.jsonl")]) != 0
    assert "missing.txt" in capsys.readouterr().err


def test_cli_subprocess_stdin(tmp_path):
    out = tmp_path / "o.jsonl"
    p = subprocess.run([sys.executable, "-m", "zonener.weak", "--input", "-", "--output", str(out), "-q"],
                       input="2023年签约项目10个。".encode(), capture_output=True)
    assert p.returncode == 0, p.stderr
    assert read_jsonl(out)[0].id == "stdin"


def test_build_ner_dataset_tags_offsets(tmp_path):
    text = "白银高新区增长15%"
    doc = Document("x", text, [Entity(0, 5, "PARK", "白银高新区", "T1", 0.9), Entity(7, 10, "AMOUNT", "15%", "T2", 0.8)])
    ds = build_ner_dataset([doc], cache_dir=tmp_path, o_confidence=0.7)
    row = ds[0]
    assert row["tags"] == ["B-PARK"] + ["I-PARK"] * 4 + ["O", "O", "B-AMOUNT", "I-AMOUNT", "I-AMOUNT"]
    assert len(row["confidence"]) == len(text)
    assert abs(row["confidence"][0] - 0.9) < 1e-6 and abs(row["confidence"][5] - 0.7) < 1e-6
    ds2 = build_ner_dataset([doc], cache_dir=tmp_path, o_confidence=0.7)
    assert ds2[0]["tags"] == row["tags"]
    assert len(list(tmp_path.glob("weak-ner-*"))) == 1


def test_grow_gazetteers(tmp_path):
    lab = WeakLabeler.from_resources()
    preds = [Document(str(i), "银川经开区", [Entity(0, 5, "PARK", "银川经开区", "T1", 0.95)]) for i in range(2)]
    gaz = grow_gazetteers(lab, preds, min_score=0.9, min_count=2)
    assert "银川经开区" in gaz["names"]["PARK"]
    gaz1 = grow_gazetteers(lab, preds[:1], min_score=0.9, min_count=2)
    assert "银川经开区" not in gaz1["names"].get("PARK", []) or "银川经开区" in lab.gazetteer["names"].get("PARK", [])


def test_bootstrap_round_grows_gazetteer_from_model_predictions(tmp_path, tiny_model_dir):
    from zonener.weak.bootstrap import main as bootstrap_main
    from zonener.weak.gazetteer import load_gazetteer

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(2):
        (corpus / f"n{i}.txt").write_text("白银高新区产值五亿元。", encoding="utf-8")
    out = tmp_path / "gaz.json"
    assert bootstrap_main(["--model", str(tiny_model_dir), "--input", str(corpus), "--output", str(out), "--min-score", "0", "--min-count", "2"]) == 0
    names = load_gazetteer(out)["names"]
    assert "白银高新区" in names["PARK"]
