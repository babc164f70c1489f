"""LF analysis report: coverage, overlaps, conflicts, and (with gold) per-LF and
aggregated precision/recall/F1. Writes ``report.json`` and PNG charts (Agg)."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..evaluate import evaluate_documents
from ..spans import Document, atomic_write_text
from .lf import NEG, Vote


def lf_statistics(labeler, docs: list[Document], gold: list[Document] | None = None) -> dict:
    gold_by = {d.id: d for d in gold or []}
    stats: dict[str, dict] = {n: {"votes": 0, "docs": 0, "chars": 0, "overlaps": 0, "conflicts": 0, "labels": defaultdict(int), "tp": 0, "gold": 0}
                              for n in labeler.lf_names}
    total_chars = sum(len(d.text) for d in docs) or 1
    for d in docs:
        votes: list[Vote] = labeler.lf_votes(d)
        by_lf = defaultdict(list)
        for v in votes:
            by_lf[v.lf].append(v)
        # index: char -> set of (lf, label)
        cover = defaultdict(set)
        for v in votes:
            for i in range(v.start, v.end):
                cover[i].add((v.lf, v.label))
        g = gold_by.get(d.id)
        gspans = {(e.start, e.end): e.label for e in g.entities} if g else {}
        for lf, vs in by_lf.items():
            st = stats.setdefault(lf, {"votes": 0, "docs": 0, "chars": 0, "overlaps": 0, "conflicts": 0, "labels": defaultdict(int), "tp": 0, "gold": 0})
            st["docs"] += 1
            chars = set()
            for v in vs:
                st["votes"] += 1
                st["labels"][v.label] += 1
                chars.update(range(v.start, v.end))
                others = set()
                for i in range(v.start, v.end):
                    others |= {x for x in cover[i] if x[0] != lf}
                if others:
                    st["overlaps"] += 1
                if any(lab != v.label for _, lab in others):
                    st["conflicts"] += 1
                if g is not None and v.label != NEG and gspans.get((v.start, v.end)) == v.label:
                    st["tp"] += 1
            st["chars"] += len(chars)
        if g is not None:
            for lf, st in stats.items():
                labs = set(getattr(next((x for x in labeler.lfs if x.name == lf), None), "labels", ())) or {"PARK", "ORG", "PERSON", "POLICY", "PROJECT"}
                st["gold"] += sum(1 for lab in gspans.values() if lab in labs)
    out = {}
    for lf, st in stats.items():
        pos_votes = st["votes"] - st["labels"].get(NEG, 0)
        row = {"votes": st["votes"], "documents": st["docs"], "coverage_chars": st["chars"] / total_chars,
               "overlaps": st["overlaps"], "conflicts": st["conflicts"], "labels": dict(sorted(st["labels"].items())),
               "weight": round(labeler.weights.get(lf, 0.0), 4)}
        if gold is not None:
            p = st["tp"] / pos_votes if pos_votes else 0.0
            r = st["tp"] / st["gold"] if st["gold"] else 0.0
            row.update(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)
        out[lf] = row
    return out


def write_report(labeler, docs: list[Document], labeled: list[Document], out_dir: str | Path, gold: list[Document] | None = None) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lfs = lf_statistics(labeler, docs, gold)
    report = {"aggregator": labeler.aggregator_name, "documents": len(docs), "characters": sum(len(d.text) for d in docs),
              "entities": sum(len(d.entities) for d in labeled), "relations": sum(len(d.relations) for d in labeled), "lfs": lfs}
    label_counts = defaultdict(int)
    for d in labeled:
        for e in d.entities:
            label_counts[e.label] += 1
    report["entity_counts"] = dict(sorted(label_counts.items()))
    if gold is not None:
        ids = {d.id for d in gold}
        report["aggregated"] = evaluate_documents(gold, [d for d in labeled if d.id in ids])
    atomic_write_text(out_dir / "report.json", json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    _plots(report, out_dir)
    return report


def _plots(report: dict, out_dir: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = sorted(report["lfs"])
    fig, ax = plt.subplots(figsize=(10, max(3, 0.3 * len(names))))
    ax.barh(names, [report["lfs"][n]["coverage_chars"] for n in names], color="tab:blue")
    ax.set_xlabel("share of characters covered")
    ax.set_title("LF coverage")
    fig.tight_layout()
    fig.savefig(out_dir / "lf_coverage.png", dpi=80)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(10, max(3, 0.3 * len(names))))
    ax.barh(names, [report["lfs"][n]["overlaps"] for n in names], label="overlaps", color="tab:orange")
    ax.barh(names, [report["lfs"][n]["conflicts"] for n in names], label="conflicts", color="tab:red")
    ax.legend()
    ax.set_title("LF overlaps and conflicts (votes)")
    fig.tight_layout()
    fig.savefig(out_dir / "lf_conflicts.png", dpi=80)
    plt.close(fig)
    if "aggregated" in report:
        fig, ax = plt.subplots(figsize=(10, max(3, 0.3 * len(names))))
        ax.barh(names, [report["lfs"][n].get("precision", 0) for n in names], color="tab:green")
        ax.set_xlim(0, 1)
        ax.set_title("LF precision against gold (exact span and label)")
        fig.tight_layout()
        fig.savefig(out_dir / "lf_precision.png", dpi=80)
        plt.close(fig)
        per = report["aggregated"]["ner"]["per_type"]
        labs = sorted(per)
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.bar(labs, [per[x]["f1"] for x in labs], color="tab:purple")
        ax.set_ylim(0, 1)
        ax.set_title("aggregated weak labels: strict F1 per type")
        fig.tight_layout()
        fig.savefig(out_dir / "aggregated_f1.png", dpi=80)
        plt.close(fig)
