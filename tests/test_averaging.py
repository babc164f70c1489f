"""Weight averaging of NER checkpoints, and seeded initialisation of the heads that are averaged."""
from __future__ import annotations

import json

import pytest
import torch

from zonener.modeling.averaging import average_checkpoints

from .test_train import fixture_files, make_cfg, tiny_overrides  # noqa: F401 (fixture_files is a fixture)
from tiny_checkpoint import build_random_ner


def _weights(path):
    from transformers import AutoModelForTokenClassification

    return AutoModelForTokenClassification.from_pretrained(path).state_dict()


def test_average_is_the_parameter_mean_and_forgets_member_thresholds(tmp_path):
    a = build_random_ner(tmp_path / "a", seed=1)
    b = build_random_ner(tmp_path / "b", seed=2)
    cfg_a = json.loads((a / "config.json").read_text(encoding="utf-8"))
    cfg_a["zonener"]["entity_threshold"] = 0.8
    (a / "config.json").write_text(json.dumps(cfg_a), encoding="utf-8")

    out = average_checkpoints([a, b], tmp_path / "avg")
    wa, wb, avg = _weights(a), _weights(b), _weights(out)
    assert not torch.equal(wa["classifier.weight"], wb["classifier.weight"])
    for k in wa:
        assert torch.allclose(avg[k], (wa[k] + wb[k]) / 2, atol=1e-6), k
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert "entity_threshold" not in config["zonener"] and config["zonener"]["task"] == "ner"
    assert config["id2label"] == cfg_a["id2label"]
    assert json.loads((out / "averaged_from.json").read_text(encoding="utf-8")) == [str(a), str(b)]

    from transformers import pipeline

    ner = pipeline("token-classification", model=str(out))
    assert isinstance(ner("白银高新区产值五亿元"), list)


def test_averaging_refuses_members_that_do_not_match(tmp_path):
    a = build_random_ner(tmp_path / "a", seed=1)
    b = build_random_ner(tmp_path / "b", seed=2)
    cfg_b = json.loads((b / "config.json").read_text(encoding="utf-8"))
    cfg_b["id2label"]["1"] = "B-OTHER"
    (b / "config.json").write_text(json.dumps(cfg_b), encoding="utf-8")
    with pytest.raises(ValueError, match=f"{b}.*labels"):
        average_checkpoints([a, b], tmp_path / "avg")
    with pytest.raises(ValueError, match="no config.json"):
        average_checkpoints([a, tmp_path / "absent"], tmp_path / "avg")
    with pytest.raises(ValueError, match="at least two"):
        average_checkpoints([a], tmp_path / "avg")
    assert not (tmp_path / "avg").exists()


def test_training_with_average_seeds_writes_the_average_of_its_members(tmp_path, fixture_files):
    from zonener.train import run

    cfg = make_cfg(*tiny_overrides(tmp_path, *fixture_files, "train.epochs=8", "model.lr=3e-3", "train.average_seeds=2", "seed=5"))
    metrics = run(cfg)
    out = tmp_path / "out"
    members = metrics["ner"]["averaged"]["members"]
    assert [m["name"] for m in members] == ["ner_seed5", "ner_seed6"]
    w5, w6, avg = _weights(out / "ner_seed5"), _weights(out / "ner_seed6"), _weights(out / "ner")
    assert not torch.equal(w5["classifier.weight"], w6["classifier.weight"])
    for k in avg:
        assert torch.allclose(avg[k], (w5[k] + w6[k]) / 2, atol=1e-6), k
    # the average is a model in its own right: it learns the fixture, with its own threshold
    assert metrics["ner"]["best_dev_f1"] == metrics["ner"]["averaged"]["dev"]["f1"] >= 0.8
    config = json.loads((out / "ner" / "config.json").read_text(encoding="utf-8"))
    assert config["zonener"]["entity_threshold"] == metrics["ner"]["entity_threshold"]["threshold"]
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "Weight average" in card and "average of 2 models" in card and "`ner_seed6/`" in card
    assert (out / "ner_curves.png").is_file() and (out / "ner_per_type_f1.png").is_file()

    # the script does the same for runs trained separately
    import importlib.util

    from zonener.paths import PROJECT_ROOT

    spec = importlib.util.spec_from_file_location("average_checkpoints", PROJECT_ROOT / "scripts" / "average_checkpoints.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    post = tmp_path / "post"
    assert script.main([str(out / "ner_seed5"), str(out / "ner_seed6"), "--out", str(post), "--dev", str(fixture_files[1])]) == 0
    for k, v in _weights(post / "ner").items():
        assert torch.allclose(v, avg[k], atol=1e-6), k
    saved = json.loads((post / "metrics.json").read_text(encoding="utf-8"))
    assert saved["entity_threshold"]["threshold"] == metrics["ner"]["entity_threshold"]["threshold"]
    assert saved["dev"]["f1"] == pytest.approx(metrics["ner"]["entity_threshold"]["dev_f1"])
    assert script.main([str(out / "ner_seed5"), str(tmp_path / "nothing"), "--out", str(post)]) == 2


@pytest.mark.parametrize("bad", ["train.average_seeds=0", "train.average_seeds=1.5", "train.average_seeds=2 train.self_training.rounds=1"])
def test_bad_average_seeds_is_named(tmp_path, bad):
    from zonener.train import check_config

    cfg = make_cfg("model=tiny", *bad.split())
    with pytest.raises(ValueError, match="train.average_seeds"):
        check_config(cfg)
