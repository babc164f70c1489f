"""scripts/batch_infer.py: shards, manifest, resume, process split and merge."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tiny_checkpoint import lexicon_spans
from zonener.spans import Document, dumps, read_jsonl

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["白银高新区今年实现产值五亿元。", "兰州化工在白银高新区落户，周栋说。", "", "没有实体。"]


@pytest.fixture(scope="module")
def bi():
    spec = importlib.util.spec_from_file_location("batch_infer", ROOT / "scripts" / "batch_infer.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


@pytest.fixture(autouse=True)
def _fresh_accelerate_state():
    """batch_infer creates accelerate's PartialState singleton; leave none behind for other tests."""
    yield
    from accelerate.state import AcceleratorState

    AcceleratorState._reset_state(reset_partial_state=True)


def write_corpus(path: Path, n: int = 25, prefix: str = "d") -> list[Document]:
    docs = [Document(f"{prefix}{i:03d}", TEXTS[i % len(TEXTS)] * (1 + i % 3), extra={"n": i}) for i in range(n)]
    path.write_text("".join(dumps(d) + "\n" for d in docs), encoding="utf-8")
    return docs


def run(bi, *args: str) -> dict:
    return bi.run(bi.build_parser().parse_args(["--quiet", "--precision", "fp32", *args]))


def test_shards_manifest_and_merge(bi, tiny_model_dir, tmp_path):
    src = tmp_path / "in.jsonl"
    docs = write_corpus(src)
    out = tmp_path / "out"
    merged = tmp_path / "merged.jsonl"
    summary = run(bi, "--model", str(tiny_model_dir), "--input", str(src), "--output-dir", str(out), "--shard-size", "10", "--merge", str(merged))
    assert summary["processed"] == [0, 1, 2] and summary["skipped"] == [] and summary["merged"] == 25
    assert sorted(p.name for p in out.glob("part-*.jsonl")) == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert [len(read_jsonl(out / f"part-0000{k}.jsonl")) for k in range(3)] == [10, 10, 5]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n_docs"] == 25 and [s["file"] for s in manifest["shards"]] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert manifest["shards"][1]["ids_sha256"] == bi.ids_hash([d.id for d in docs[10:20]])
    result = read_jsonl(merged)
    assert [d.id for d in result] == [d.id for d in docs]
    assert [d.text for d in result] == [d.text for d in docs]
    assert [d.extra for d in result] == [d.extra for d in docs]
    assert all([(e.start, e.end, e.label) for e in r.entities] == lexicon_spans(r.text) for r in result)
    # merge-only mode
    merged2 = tmp_path / "merged2.jsonl"
    assert bi.main(["--output-dir", str(out), "--merge", str(merged2)]) == 0
    assert merged2.read_bytes() == merged.read_bytes()


def test_resume_redoes_only_missing_or_changed_shards(bi, tiny_model_dir, tmp_path):
    src = tmp_path / "in.jsonl"
    docs = write_corpus(src)
    out = tmp_path / "out"
    args = ("--model", str(tiny_model_dir), "--input", str(src), "--output-dir", str(out), "--shard-size", "10")
    assert run(bi, *args)["processed"] == [0, 1, 2]
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}

    (out / "part-00001.jsonl").unlink()
    summary = run(bi, *args)
    assert summary["processed"] == [1] and summary["skipped"] == [0, 2]
    for name in ("part-00000.jsonl", "part-00002.jsonl", "part-00000.meta.json", "part-00002.meta.json"):
        assert (out / name).stat().st_mtime_ns == stamps[name]
    assert len(read_jsonl(out / "part-00001.jsonl")) == 10

    # nothing to do on a complete run
    assert run(bi, *args)["processed"] == []

    # a changed document id in shard 2 is detected by the id hash
    docs[21].id = "renamed"
    src.write_text("".join(dumps(d) + "\n" for d in docs), encoding="utf-8")
    summary = run(bi, *args)
    assert summary["processed"] == [2] and summary["skipped"] == [0, 1]
    assert read_jsonl(out / "part-00002.jsonl")[1].id == "renamed"

    # a different relation threshold changes the content: everything is redone
    assert run(bi, *args, "--threshold", "0.9")["processed"] == [0, 1, 2]

    # a shorter input: stale shards are removed from the output folder
    write_corpus(src, n=12)
    assert run(bi, *args, "--threshold", "0.9")["n_shards"] == 2
    assert not (out / "part-00002.jsonl").exists()


def test_processes_split_shards_round_robin(bi, tiny_model_dir, tmp_path, monkeypatch):
    import accelerate

    class FakeState:
        def __init__(self, rank: int, world: int):
            self.process_index, self.num_processes = rank, world
            self.is_main_process = rank == 0
            self.device = "cpu"

        def wait_for_everyone(self) -> None:
            pass

    src = tmp_path / "in.jsonl"
    write_corpus(src, n=45)
    out = tmp_path / "out"
    args = ("--model", str(tiny_model_dir), "--input", str(src), "--output-dir", str(out), "--shard-size", "10")
    monkeypatch.setattr(accelerate, "PartialState", lambda **kw: FakeState(1, 2))
    assert run(bi, *args)["processed"] == [1, 3]
    monkeypatch.setattr(accelerate, "PartialState", lambda **kw: FakeState(0, 2))
    summary = run(bi, *args, "--merge", str(tmp_path / "all.jsonl"))
    assert summary["processed"] == [0, 2, 4] and summary["merged"] == 45
    assert [d.id for d in read_jsonl(tmp_path / "all.jsonl")] == [f"d{i:03d}" for i in range(45)]


def test_errors(bi, tiny_model_dir, tmp_path, capsys):
    assert bi.main(["--output-dir", str(tmp_path / "o"), "--merge", str(tmp_path / "m.jsonl")]) == 2
    assert "no manifest" in capsys.readouterr().err
    assert bi.main(["--model", str(tmp_path / "missing"), "--input", str(tmp_path), "--output-dir", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
