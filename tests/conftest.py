"""Shared fixtures: paths to the repo, the gold set and the optional real encoder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# test helpers (tiny_checkpoint.py) live beside this file
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "data" / "gold" / "seeds.jsonl"
SHARED = Path(os.environ.get("ZONENER_SHARED", ROOT.parent / "shared"))
M3E = Path(os.environ.get("ZONENER_TEST_MODEL", SHARED / "models" / "m3e-small"))


@pytest.fixture(scope="session")
def gold_docs():
    from zonener.spans import read_jsonl

    return read_jsonl(GOLD)


def require_m3e() -> Path:
    if not (M3E / "config.json").is_file():
        pytest.skip(f"real encoder not found at {M3E} (set ZONENER_TEST_MODEL)")
    return M3E


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    """A training-style output_dir: lexicon NER (max_length 32) in ner/, biased relation model in re/."""
    from tiny_checkpoint import build_output_dir

    return build_output_dir(tmp_path_factory.mktemp("tiny-model"), ner="lexicon", with_re=True, max_length=32)


@pytest.fixture(scope="session")
def tiny_extractor(tiny_model_dir):
    from zonener.predict import Extractor

    return Extractor.from_pretrained(tiny_model_dir, device="cpu", precision="fp32", batch_size=4)
