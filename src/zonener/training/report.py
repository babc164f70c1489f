"""Plots and the model card written next to a trained model."""
from __future__ import annotations

import io
from pathlib import Path

from omegaconf import DictConfig

from ..modeling.thresholds import DEFAULT_LIST_MIN_SCORE
from ..spans import atomic_write_text


def _plot_curves(runs: dict[str, list[dict]], title: str, path: Path) -> None:
    """Train loss and dev micro-F1 per epoch of each run (one run, or the members of an average)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, ax1 = plt.subplots(figsize=(6, 3.6))
    ax2 = ax1.twinx()
    for (name, history), style in zip(runs.items(), ("-", "--", ":", "-.") * len(runs)):
        epochs = [h["epoch"] for h in history]
        suffix = f" ({name})" if len(runs) > 1 else ""
        ax1.plot(epochs, [h["train_loss"] for h in history], "o" + style, color="tab:blue", label="train loss" + suffix)
        ax2.plot(epochs, [h["dev"]["f1"] for h in history], "s" + style, color="tab:red", label="dev micro-F1" + suffix)
    ax1.set_xlabel("epoch")
    ax1.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax1.set_ylabel("train loss", color="tab:blue")
    ax2.set_ylabel("dev micro-F1", color="tab:red")
    if len(runs) > 1:
        ax2.legend(*[a + b for a, b in zip(ax1.get_legend_handles_labels(), ax2.get_legend_handles_labels())], fontsize=7, loc="center right")
    ax2.set_ylim(0, 1)
    ax1.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plot_per_type(per_type: dict, title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(per_type)
    f1 = [per_type[k]["f1"] for k in labels]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    bars = ax.bar(labels, f1, color="tab:green")
    for b, v in zip(bars, f1):
        ax.text(b.get_x() + b.get_width() / 2, v + 0.01, f"{v:.2f}", ha="center", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("F1")
    ax.set_title(title)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _best(m: dict) -> dict:
    """The dev scores of the model that was kept (the best epoch's, or the weight
    average's), at its dev-chosen entity threshold when it has one: what inference gives."""
    if (m.get("entity_threshold") or {}).get("dev"):
        return m["entity_threshold"]["dev"]
    if m.get("averaged"):
        return m["averaged"]["dev"]
    return next((h["dev"] for h in m.get("history", []) if h["epoch"] == m.get("best_epoch")), {})


def _runs(m: dict) -> dict[str, list[dict]]:
    if m.get("averaged"):
        return {f"seed {x['seed']}": x["history"] for x in m["averaged"]["members"] if x.get("history")}
    return {"model": m["history"]} if m.get("history") else {}


def write_reports(cfg: DictConfig, metrics: dict, out_dir: Path) -> None:
    """PNG curves and per-type F1 for each trained part, and ``README.md`` (model card)."""
    for part in ("ner", "re"):
        m = metrics.get(part)
        if not m or not _runs(m):
            continue
        _plot_curves(_runs(m), f"{part.upper()} training", out_dir / f"{part}_curves.png")
        best = _best(m)
        if best.get("per_type"):
            which = "weight average" if m.get("averaged") else "best epoch"
            if (m.get("entity_threshold") or {}).get("dev"):
                which += f", entity threshold {m['entity_threshold']['threshold']:.2f}"
            _plot_per_type(best["per_type"], f"{part.upper()} dev F1 per type ({which})", out_dir / f"{part}_per_type_f1.png")
    atomic_write_text(out_dir / "README.md", model_card(cfg, metrics))


def model_card(cfg: DictConfig, metrics: dict) -> str:
    buf = io.StringIO()
    w = buf.write
    w(f"# zonener model — {cfg.data.name}\n\n")
    w("Entity (and relation) extraction for Chinese industrial-park news, trained with "
      "zonener (`python -m zonener.train`).\n\n")
    w("## Data\n\n")
    if cfg.data.kind == "weak":
        w(f"- Training text: `{cfg.data.corpus}`, labelled by zonener's labelling functions "
          f"(aggregator `{cfg.weak.aggregator}`, gazetteer `{cfg.weak.gazetteer or 'bundled'}`); no hand labels were used for training.\n")
        w(f"- Model selection: gold dev set `{cfg.data.dev}` (seqeval, strict IOB2 on characters).\n")
        if cfg.data.get("extra_corpus"):
            from .extra_data import is_cluener
            from .weak_data import extra_sources

            for path, limit in extra_sources(cfg.data.extra_corpus, cfg.data.get("extra_limit")):
                how = "its hand-made ORG/PERSON labels, weak labels for the other types" if is_cluener(Path(path)) else "weak-labelled the same way"
                w(f"- Extra text, {how}: `{path}`" + (f" (first {limit})" if limit else "") + ".\n")
        if cfg.train.confidence_weighting:
            w(f"- Loss: token cross-entropy weighted by the weak labels' confidence; characters they leave O weigh {cfg.train.o_confidence}.\n")
    else:
        w(f"- Dataset `{cfg.data.name}`: train `{cfg.data.train}`, dev `{cfg.data.dev}`, test `{cfg.data.test}`.\n")
    for t in metrics.get("ner", {}).get("self_training", []):
        w(f"- Self-training: teacher `{t['name']}` (dev micro-F1 {t['best_dev_f1']:.3f}) relabelled the training text "
          f"(its spans scoring ≥ {t['min_score']:.2f} plus the weak spans they do not overlap); the next model learned from that.\n")
    if metrics.get("ner", {}).get("averaged"):
        members = metrics["ner"]["averaged"]["members"]
        w(f"- Weight average: `ner/` is the parameter-wise mean of {len(members)} models trained the same way with seeds "
          + ", ".join(f"{x['seed']} (dev micro-F1 {x['best_dev_f1']:.3f}, `{x['name']}/`)" for x in members) + ".\n")
    w(f"- Encoder: `{cfg.model.name_or_path or 'tiny random BERT'}`; max length {cfg.model.max_length}; "
      f"lr {cfg.model.lr}; epochs {cfg.train.epochs}; precision {cfg.train.precision}; seed {cfg.seed}"
      + ("; whitespace runs reach the model as a `|` token (a normaliser step in `tokenizer.json`)" if cfg.model.get("visible_whitespace") else "")
      + ".\n\n")
    w("## Scores\n\n")
    for part in ("ner", "re"):
        m = metrics.get(part)
        if not m:
            continue
        best = _best(m)
        which = f"average of {len(m['averaged']['members'])} models" if m.get("averaged") else f"best epoch {m.get('best_epoch')}"
        if (m.get("entity_threshold") or {}).get("dev"):
            which += f", entity threshold {m['entity_threshold']['threshold']:.2f}"
        w(f"### {part.upper()} (dev, {which})\n\n")
        w("| type | P | R | F1 |\n|---|---|---|---|\n")
        for lab, s in best.get("per_type", {}).items():
            w(f"| {lab} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |\n")
        if best:
            w(f"| **micro** | {best.get('precision', 0):.3f} | {best.get('recall', 0):.3f} | {best.get('f1', 0):.3f} |\n\n")
        if m.get("entity_threshold"):
            t = m["entity_threshold"]
            w(f"Entities scoring below **{t['threshold']:.2f}** (mean token probability), and one-character spans, are dropped at inference; "
              f"chosen on dev: micro-F1 {t['dev_f1_by_threshold']['0.0']:.3f} → {t['dev_f1']:.3f}. "
              f"An item of a 、-list scoring at least {DEFAULT_LIST_MIN_SCORE} stays when a sibling of its type passed "
              "(`--list-entity-threshold`); `--entity-threshold 0` keeps all.\n\n")
        if m.get("test"):
            w(f"Test micro-F1: {m['test']['f1']:.3f}\n\n")
    w("## Use\n\n```python\nfrom transformers import pipeline\n"
      "ner = pipeline(\"token-classification\", model=\"OUTPUT_DIR/ner\", aggregation_strategy=\"simple\")\n"
      "```\n\nor `python -m zonener.predict --model OUTPUT_DIR --input docs/ --output out.jsonl`.\n\n")
    w("## Limitations\n\n"
      "- Trained on weak labels: systematic errors of the labelling functions (boundaries of long project and "
      "policy names, METRIC vs. plain noun) are learned too.\n"
      "- The dev set is small (a few dozen articles); scores on it are optimistic for other sources and styles.\n"
      "- Documents are processed in sentence-packed segments of one window; a single sentence longer than the window "
      "runs in overlapping windows. Relations are only sought within a sentence.\n")
    return buf.getvalue()
