"""Shared fixtures: paths to the repo, the gold set and the optional real encoder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

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
