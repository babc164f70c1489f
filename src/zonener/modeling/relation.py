"""Relation classification with typed entity markers and entity-start pooling.

One forward pass per sentence, not per pair: every entity of the sentence is
wrapped in typed markers (``[E:PARK]`` … ``[/E]``), the encoder reads the
marked sentence once, and each ordered candidate pair (head, tail) is
classified from the concatenated hidden states at the two start markers.
Only those marker states are read, so the last encoder layer is computed for
the marker positions alone (its keys and values still see every token): the
same numbers as the full encoder for about a fifth less work.
Classes outside the pair's type signature are masked out, so the model can
only predict schema-valid relations (or ``no_relation``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch
from torch import nn
from transformers import BertConfig, BertModel, BertPreTrainedModel
from transformers.masking_utils import create_bidirectional_mask

from ..schema import ENTITY_LABELS, NO_RELATION, RELATION_CLASSES, relations_for
from ..spans import Document, Entity, Relation
from ..text import sentence_index, sentence_spans
from .batching import DEFAULT_BATCH_TOKENS, token_budget_batches

END_MARKER = "[/E]"


def start_marker(label: str) -> str:
    return f"[E:{label}]"


MARKER_TOKENS = [start_marker(lab) for lab in ENTITY_LABELS] + [END_MARKER]


def candidate_pairs(doc: Document, max_distance: int | None = None) -> list[tuple[Entity, Entity]]:
    """Ordered entity pairs in one sentence whose types fit some relation signature.

    ``max_distance`` (characters between the two spans) drops far pairs when set.
    """
    sid = sentence_index(doc.text)
    ents = sorted(doc.entities, key=lambda e: (e.start, e.end))
    out = []
    for h in ents:
        for t in ents:
            if h is t or sid[h.start] != sid[t.start] or not relations_for(h.label, t.label):
                continue
            if max_distance is not None and max(h.start, t.start) - min(h.end, t.end) > max_distance:
                continue
            out.append((h, t))
    return out


@dataclass
class RelationInstance:
    """One marked sentence and the candidate pairs in it."""

    doc_index: int
    input_ids: list[int]
    marker_pos: dict[str, int]  # entity id -> token index of its start marker
    pairs: list[tuple[str, str]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)


def marked_tokens(tokenizer, text: str, start: int, end: int, entities: Sequence[Entity], max_length: int) -> tuple[list[int], dict[str, int]]:
    """Token ids of ``text[start:end]`` with typed markers around ``entities``.

    Offsets come from the tokenizer over the original text, so the markers
    land exactly at entity boundaries whatever the characters. If the marked
    sentence is longer than ``max_length``, it is trimmed around the entities.
    """
    from .alignment import encode

    enc = encode(tokenizer, text, start, end)
    vocab = tokenizer.convert_tokens_to_ids
    ids: list[int] = [tokenizer.cls_token_id]
    pos: dict[str, int] = {}
    open_ent: Entity | None = None
    for tid, (s, e) in zip(enc.input_ids, enc.offsets):
        if open_ent is not None and s >= open_ent.end:
            ids.append(vocab(END_MARKER))
            open_ent = None
        if open_ent is None:
            hit = next((x for x in entities if x.start <= s < x.end), None)
            if hit is not None:
                pos[hit.id] = len(ids)
                ids.append(vocab(start_marker(hit.label)))
                open_ent = hit
        ids.append(tid)
    if open_ent is not None:
        ids.append(vocab(END_MARKER))
    ids.append(tokenizer.sep_token_id)
    if len(ids) > max_length:
        lo = min(pos.values(), default=0)
        hi = max(pos.values(), default=0)
        left = max(1, min(lo - 8, len(ids) - max_length + 1))
        left = max(1, min(left, hi + 8 - (max_length - 2)))
        body = ids[left : left + max_length - 2]
        ids = [tokenizer.cls_token_id, *body, tokenizer.sep_token_id]
        pos = {k: v - left + 1 for k, v in pos.items() if left <= v < left + max_length - 2}
    return ids, pos


def build_instances(tokenizer, docs: Sequence[Document], max_length: int, with_labels: bool, max_distance: int | None = None) -> list[RelationInstance]:
    """Marked sentences with their candidate pairs (and gold/weak labels)."""
    label2id = {lab: i for i, lab in enumerate(RELATION_CLASSES)}
    out: list[RelationInstance] = []
    for di, doc in enumerate(docs):
        pairs = candidate_pairs(doc, max_distance)
        if not pairs:
            continue
        gold = {(r.head, r.tail): r.label for r in doc.relations} if with_labels else {}
        by_sentence: dict[tuple[int, int], list[tuple[Entity, Entity]]] = {}
        spans = sentence_spans(doc.text)
        for h, t in pairs:
            sent = next((sp for sp in spans if sp[0] <= h.start < sp[1]), None)
            if sent is not None:  # an entity on whitespace between sentences has no sentence to mark
                by_sentence.setdefault(sent, []).append((h, t))
        for (s, e), sent_pairs in by_sentence.items():
            ents = [x for x in doc.entities if s <= x.start and x.end <= e]
            ids, pos = marked_tokens(tokenizer, doc.text, s, e, ents, max_length)
            inst = RelationInstance(di, ids, pos)
            for h, t in sent_pairs:
                if h.id in pos and t.id in pos:
                    inst.pairs.append((h.id, t.id))
                    inst.labels.append(label2id[gold.get((h.id, t.id), NO_RELATION)])
            if inst.pairs:
                out.append(inst)
    return out


def valid_class_mask(head_label: str, tail_label: str) -> list[bool]:
    allowed = set(relations_for(head_label, tail_label)) | {NO_RELATION}
    return [c in allowed for c in RELATION_CLASSES]


class RelationClassifier(BertPreTrainedModel):
    """BERT encoder + MLP over [head start marker ; tail start marker] hidden states."""

    config_class = BertConfig
    base_model_prefix = "bert"

    def __init__(self, config: BertConfig):
        super().__init__(config)
        self.bert = BertModel(config, add_pooling_layer=False)
        h = config.hidden_size
        self.classifier = nn.Sequential(nn.Dropout(config.hidden_dropout_prob), nn.Linear(2 * h, h), nn.GELU(), nn.Dropout(config.hidden_dropout_prob), nn.Linear(h, config.num_labels))
        self.post_init()

    def forward(self, input_ids, attention_mask, head_index, tail_index, class_mask=None, labels=None, class_weights=None):
        """``head_index``/``tail_index``: (batch, pairs) token positions; -1 pads pairs."""
        wanted = torch.cat([head_index, tail_index], dim=1).clamp(min=0)
        # each marker once: a sentence with many entities has far more pairs than markers
        needed = torch.zeros_like(input_ids, dtype=torch.bool).scatter_(1, wanted, True)
        order = needed.to(torch.int8).argsort(dim=1, descending=True, stable=True)
        slot = torch.empty_like(order).scatter_(1, order, torch.arange(order.size(1), device=order.device).expand_as(order))
        hidden = self.encode_at(input_ids, attention_mask, order[:, : int(needed.sum(1).max())])
        pick = lambda idx: hidden.gather(1, slot.gather(1, idx.clamp(min=0)).unsqueeze(-1).expand(-1, -1, hidden.size(-1)))  # noqa: E731
        logits = self.classifier(torch.cat([pick(head_index), pick(tail_index)], dim=-1)).float()
        if class_mask is not None:
            logits = logits.masked_fill(~class_mask, -1e4)
        loss = None
        if labels is not None:
            valid = head_index >= 0
            loss = nn.functional.cross_entropy(logits[valid], labels[valid], weight=class_weights)
        return {"loss": loss, "logits": logits}

    def encode_at(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
        """Last-layer hidden states at ``positions`` (batch, k): every layer but
        the last runs on all tokens; the last one only for the k positions."""
        hidden = self.bert.embeddings(input_ids=input_ids)
        layers = self.bert.encoder.layer
        mask = create_bidirectional_mask(config=self.config, inputs_embeds=hidden, attention_mask=attention_mask)
        for layer in layers[:-1]:
            hidden = layer(hidden, mask)
        last = layers[-1]
        sa = last.attention.self
        picked = hidden.gather(1, positions.unsqueeze(-1).expand(-1, -1, hidden.size(-1)))
        heads = lambda x: x.view(x.size(0), x.size(1), -1, sa.attention_head_size).transpose(1, 2)  # noqa: E731
        q, k, v = heads(sa.query(picked)), heads(sa.key(hidden)), heads(sa.value(hidden))
        scores = torch.matmul(q, k.transpose(2, 3)) * sa.scaling
        scores = scores.masked_fill(~attention_mask.bool()[:, None, None, :], torch.finfo(scores.dtype).min)
        probs = nn.functional.dropout(scores.softmax(-1), p=sa.dropout.p, training=self.training)
        context = torch.matmul(probs, v).transpose(1, 2).reshape(picked.shape[0], picked.shape[1], -1)
        attended = last.attention.output(context, picked)
        return last.output(last.intermediate(attended), attended)


def collate_relations(instances: Sequence[RelationInstance], docs_entities: Sequence[dict[str, Entity]], pad_id: int) -> dict[str, torch.Tensor]:
    n = max(len(x.input_ids) for x in instances)
    p = max(len(x.pairs) for x in instances)
    b = len(instances)
    ids = torch.full((b, n), pad_id, dtype=torch.long)
    mask = torch.zeros((b, n), dtype=torch.long)
    hi = torch.full((b, p), -1, dtype=torch.long)
    ti = torch.full((b, p), -1, dtype=torch.long)
    cm = torch.ones((b, p, len(RELATION_CLASSES)), dtype=torch.bool)
    labels = torch.zeros((b, p), dtype=torch.long)
    for i, x in enumerate(instances):
        ids[i, : len(x.input_ids)] = torch.tensor(x.input_ids)
        mask[i, : len(x.input_ids)] = 1
        ents = docs_entities[x.doc_index]
        for j, (h, t) in enumerate(x.pairs):
            hi[i, j] = x.marker_pos[h]
            ti[i, j] = x.marker_pos[t]
            cm[i, j] = torch.tensor(valid_class_mask(ents[h].label, ents[t].label))
            if x.labels:
                labels[i, j] = x.labels[j]
    return {"input_ids": ids, "attention_mask": mask, "head_index": hi, "tail_index": ti, "class_mask": cm, "labels": labels}


class RelationPredictor:
    """Adds scored relations to documents whose entities are already known."""

    def __init__(self, model: RelationClassifier, tokenizer, max_length: int = 192, batch_size: int = 32, precision: str = "fp32", threshold: float = 0.5, max_distance: int | None = None, batch_tokens: int | None = DEFAULT_BATCH_TOKENS):
        self.model, self.tokenizer = model, tokenizer
        self.max_length, self.batch_size, self.precision = max_length, batch_size, precision
        self.batch_tokens = batch_tokens
        self.threshold, self.max_distance = threshold, max_distance
        self.device = next(model.parameters()).device

    @torch.inference_mode()
    def predict(self, docs: Sequence[Document]) -> list[list[Relation]]:
        from .ner import autocast_context

        insts = build_instances(self.tokenizer, docs, self.max_length, with_labels=False, max_distance=self.max_distance)
        ents = [d.entity_by_id() for d in docs]
        out: list[list[Relation]] = [[] for _ in docs]
        self.model.eval()
        for idx in token_budget_batches([len(x.input_ids) for x in insts], self.batch_size, self.batch_tokens):
            batch_insts = [insts[i] for i in idx]
            batch = collate_relations(batch_insts, ents, self.tokenizer.pad_token_id or 0)
            batch.pop("labels")
            batch = {k: v.to(self.device) for k, v in batch.items()}
            with autocast_context(self.device, self.precision):
                logits = self.model(**batch)["logits"]
            probs = logits.float().softmax(-1).cpu()
            for i, inst in enumerate(batch_insts):
                for j, (h, t) in enumerate(inst.pairs):
                    k = int(probs[i, j].argmax())
                    if k != 0 and float(probs[i, j, k]) >= self.threshold:
                        out[inst.doc_index].append(Relation(h, t, RELATION_CLASSES[k], float(probs[i, j, k])))
        for rels in out:
            rels.sort(key=lambda r: (int(r.head[1:]) if r.head[1:].isdigit() else 0, int(r.tail[1:]) if r.tail[1:].isdigit() else 0, r.label))
        return out
