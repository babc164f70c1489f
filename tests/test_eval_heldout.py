"""scripts/eval_heldout.py on the held-out annotated articles (data/gold/synthetic_test.jsonl)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("eval_heldout", ROOT / "scripts" / "eval_heldout.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_weak_labels_and_a_model_on_the_heldout_set(tiny_model_dir, tmp_path, capsys):
    out = tmp_path / "scores.json"
    assert load_script().main(["--model", str(tiny_model_dir), "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {"NER: weak labels", "relations on gold entities: rules", "NER: model", "relations end to end: rules on model entities"} <= set(rows)
    for r in rows.values():
        assert 0.0 <= r["precision"] <= 1.0 and 0.0 <= r["recall"] <= 1.0 and 0.0 <= r["f1"] <= 1.0
    # regression guards for the labelling functions on text nobody tuned them on
    # (measured: NER 0.806, relation rules on gold entities 0.929)
    assert rows["NER: weak labels"]["f1"] >= 0.78
    assert rows["relations on gold entities: rules"]["f1"] >= 0.90
    assert "16 documents" in capsys.readouterr().out


def test_lexicon_entries_found_only_in_the_held_out_article():
    spec = importlib.util.spec_from_file_location("lexicon_leak", ROOT / "scripts" / "lexicon_leak.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    lex = {"_comment": "x", "policy_lexicon": ["留抵退税", "工业倍增", "改革"], "surnames": ["王", "李"], "metric_lexicon": ["工业增加值"]}
    held = "累计落实留抵退税。实施工业倍增行动，深化改革，工业增加值增长5%。王"
    others = ["全面深化改革", "工业倍增计划", "工业增加值增长"]
    assert mod.only_in(held, others, lex) == {"policy_lexicon": ["留抵退税"]}
