"""Weight averaging ("model soup") of token-classification checkpoints.

Models fine-tuned from the same pretrained encoder on the same labels (several
seeds of one recipe, or one recipe with and without a data source) can be
averaged parameter by parameter into one model of the same size, which
usually scores above each member (README, Results). The average is a plain
Hugging Face checkpoint: nothing changes for ``pipeline`` or ``zonener.predict``.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..spans import atomic_write_text


def _labels(member: Path) -> dict:
    cfg_file = member / "config.json"
    if not cfg_file.is_file():
        raise ValueError(f"{member}: not a checkpoint directory (no config.json)")
    try:
        config = json.loads(cfg_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{cfg_file}: not valid JSON ({exc})") from exc
    return {str(k): v for k, v in (config.get("id2label") or {}).items()}


def average_checkpoints(members: Sequence[str | Path], out_dir: str | Path) -> Path:
    """Write the uniform average of ``members``' weights to ``out_dir``.

    The members must share the label set and every parameter's name and
    shape (ValueError naming the first member that does not); the config,
    tokenizer and ``zonener`` settings come from the first member, except its
    entity threshold, which was chosen for that member alone: choose the
    average's own (``select_entity_threshold``). ``out_dir`` is replaced atomically.
    """
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from ..training.loop import atomic_replace_dir

    members = [Path(m) for m in members]
    if len(members) < 2:
        raise ValueError(f"averaging needs at least two checkpoints, got {len(members)}")
    labels = _labels(members[0])
    for m in members[1:]:
        if _labels(m) != labels:
            raise ValueError(f"{m}: its labels (config.json id2label) differ from {members[0]}'s")
    model = AutoModelForTokenClassification.from_pretrained(members[0])
    total = {k: v.detach().double().clone() for k, v in model.state_dict().items()}
    for m in members[1:]:
        sd = AutoModelForTokenClassification.from_pretrained(m).state_dict()
        if sd.keys() != total.keys():
            raise ValueError(f"{m}: its parameters differ from {members[0]}'s (another architecture?)")
        for k, v in sd.items():
            if v.shape != total[k].shape:
                raise ValueError(f"{m}: parameter {k} has shape {tuple(v.shape)}, {members[0]} has {tuple(total[k].shape)}")
            total[k] += v.double()
    ref = model.state_dict()
    model.load_state_dict({k: (v / len(members)).to(ref[k].dtype) for k, v in total.items()})
    settings = dict(getattr(model.config, "zonener", None) or {})
    settings.pop("entity_threshold", None)
    model.config.zonener = settings
    out_dir = Path(out_dir)
    tmp = out_dir.parent / f".{out_dir.name}.avg.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    model.save_pretrained(tmp)
    AutoTokenizer.from_pretrained(members[0]).save_pretrained(tmp)
    if (members[0] / "zonener_config.yaml").is_file():
        shutil.copy2(members[0] / "zonener_config.yaml", tmp / "zonener_config.yaml")
    atomic_write_text(tmp / "averaged_from.json", json.dumps([str(m) for m in members], ensure_ascii=False, indent=1))
    atomic_replace_dir(tmp, out_dir)
    return out_dir

