"""Mention-replacement augmentation of weakly labelled training text.

With only a handful of seed articles, a tagger memorises the seed names.
Copies of each labelled sentence with its entity mentions swapped for other
mentions of the same type (from the rest of the corpus, from names generated
out of general lexicons — a place + a park head word, a company + a project
tail — and optionally from a public NER corpus's company, organisation and
person names) teach it to rely on context and head words instead; digits in
amounts and dates are redrawn. Relations keep their entity ids, so the
relation model trains on the copies too.
"""
from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from pathlib import Path

from ..spans import Document, Entity, Relation
from ..text import sentence_spans

_DIGIT = re.compile(r"\d")
_CLUENER_TO_OURS = {"company": "ORG", "organization": "ORG", "government": "ORG", "name": "PERSON", "address": "PLACE"}


def external_names(path: str | Path | None, limit: int = 4000) -> dict[str, list[str]]:
    """Company/organisation/government (→ ORG), person and address names from a
    CLUENER-style JSONL file; an empty dict if the file is not there."""
    out: dict[str, set[str]] = {}
    if not path or not Path(path).is_file():
        return {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                labels = json.loads(line).get("label") or {}
            except json.JSONDecodeError:
                continue
            for typ, names in labels.items():
                ours = _CLUENER_TO_OURS.get(typ)
                if ours:
                    out.setdefault(ours, set()).update(n for n in names if 2 <= len(n) <= 20)
    return {k: sorted(v)[:limit] for k, v in out.items()}


def build_pools(docs: Sequence[Document], lexicons: dict, external: dict[str, list[str]], rng: random.Random) -> dict[str, list[str]]:
    """Replacement mentions per entity type."""
    pools: dict[str, set[str]] = {}
    for d in docs:
        for e in d.entities:
            pools.setdefault(e.label, set()).add(e.text)
    places = list(lexicons.get("provinces_cities", [])) + [p for p in external.get("PLACE", []) if len(p) <= 6]
    heads = list(lexicons.get("park_heads", []))
    if places and heads:
        pools.setdefault("PARK", set()).update(rng.choice(places) + rng.choice(heads) for _ in range(400))
    for lab in ("ORG", "PERSON"):
        pools.setdefault(lab, set()).update(external.get(lab, []))
    orgs = sorted(pools.get("ORG", set()))
    tails = [p[len(p) // 3 :] for p in sorted(pools.get("PROJECT", set())) if len(p) >= 6]
    if orgs and tails:
        pools.setdefault("PROJECT", set()).update(rng.choice(orgs)[:8] + rng.choice(tails) for _ in range(400))
    pools.setdefault("POLICY", set()).update(lexicons.get("policy_lexicon", []))
    pools.setdefault("METRIC", set()).update(lexicons.get("metric_lexicon", []))
    return {k: sorted(v) for k, v in pools.items()}


def _redraw_digits(s: str, rng: random.Random) -> str:
    return _DIGIT.sub(lambda m: str(rng.randint(1 if m.start() == 0 else 0, 9)), s)


def augment_documents(docs: Sequence[Document], copies: int, replace_prob: float, pools: dict[str, list[str]], seed: int) -> list[Document]:
    """``copies`` variants of every sentence that holds entities, one document each."""
    rng = random.Random(seed)
    out: list[Document] = []
    for d in docs:
        for si, (s, e) in enumerate(sentence_spans(d.text)):
            ents = sorted((x for x in d.entities if s <= x.start and x.end <= e), key=lambda x: x.start)
            if not ents:
                continue
            ids = {x.id for x in ents}
            rels = [r for r in d.relations if r.head in ids and r.tail in ids]
            for k in range(copies):
                pieces, new_ents, pos, cur = [], [], 0, s
                for x in ents:
                    pieces.append(d.text[cur : x.start])
                    pos += x.start - cur
                    surface = x.text
                    if rng.random() < replace_prob:
                        if x.label in ("AMOUNT", "DATE"):
                            surface = _redraw_digits(x.text, rng)
                        elif pools.get(x.label):
                            surface = rng.choice(pools[x.label])
                    pieces.append(surface)
                    new_ents.append(Entity(pos, pos + len(surface), x.label, surface, x.id, x.score))
                    pos += len(surface)
                    cur = x.end
                pieces.append(d.text[cur:e])
                text = "".join(pieces)
                out.append(Document(f"{d.id}-s{si}-aug{k}", text, new_ents, [Relation(r.head, r.tail, r.label, r.score) for r in rels]))
    return out
