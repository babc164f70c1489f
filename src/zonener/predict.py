"""Inference: entities (and relations) for any corpus, as span JSONL.

Command line::

    python -m zonener.predict --model runs/x --input news/ --output pred.jsonl
    python -m zonener.predict --model runs/x --input gold.jsonl --output - --use-input-entities
    cat doc.txt | python -m zonener.predict --model runs/x/ner --input - --output -

``--model`` is a ``python -m zonener.train`` output_dir (``ner/`` and, when
present, ``re/``) or a bare NER checkpoint directory. Input is read in
blocks, so memory does not grow with the corpus; the output is written
atomically (``-`` = stdout). User errors exit with status 2 and a message.

Python::

    from zonener import Extractor
    ex = Extractor.from_pretrained("runs/x")
    docs = ex.extract(["白银高新区……"])              # list[Document]
    for doc in ex.extract_documents(iter_documents("news/")):  # streaming
        ...
"""
from __future__ import annotations

import argparse
import itertools
import logging
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .modeling.precision import default_precision, slow_bf16_warning
from .modeling.thresholds import DEFAULT_LIST_MIN_SCORE
from .spans import Document, Entity, SpanFormatError, validate_document

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32
DEFAULT_BLOCK_SIZE = 256
DEFAULT_OVERLAP = 64


class PredictError(ValueError):
    """A user error: bad model directory, device, precision or input."""


# --------------------------------------------------------------------------- devices


def resolve_device(device: str | None):
    """``None`` → cuda when available, else cpu. ``cuda`` without CUDA is an error."""
    import torch

    if device is None or device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(device)
    except RuntimeError:
        raise PredictError(f"--device {device!r}: expected cpu, cuda or cuda:N") from None
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise PredictError(
                f"--device {device}: CUDA is not available (torch {torch.__version__}, "
                f"built with CUDA: {torch.version.cuda or 'no'}); use --device cpu"
            )
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise PredictError(f"--device {device}: only {torch.cuda.device_count()} CUDA device(s) visible")
    elif dev.type != "cpu":
        raise PredictError(f"--device {device!r}: expected cpu or cuda")
    return dev


# --------------------------------------------------------------------------- checkpoints


def _has_config(path: Path) -> bool:
    return (path / "config.json").is_file()


def locate_checkpoints(model_dir: str | Path) -> tuple[Path | None, Path | None]:
    """(ner_dir, re_dir) inside a training output_dir, or (model_dir, None) for a bare NER checkpoint."""
    import json

    path = Path(model_dir).expanduser()
    how = (
        "pass --model the output_dir of `python -m zonener.train` (it holds ner/ and optionally re/) "
        "or a NER checkpoint directory with config.json"
    )
    if not path.exists():
        raise PredictError(f"model directory {path} does not exist; {how}")
    if not path.is_dir():
        raise PredictError(f"--model {path} is a file, not a directory; {how}")
    ner = path / "ner" if _has_config(path / "ner") else None
    rel = path / "re" if _has_config(path / "re") else None
    if ner is None and rel is None:
        if not _has_config(path):
            raise PredictError(f"{path}: no ner/config.json, re/config.json or config.json found; {how}")
        try:
            cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PredictError(f"{path / 'config.json'}: unreadable ({exc})") from None
        task = (cfg.get("zonener") or {}).get("task")
        if task == "re":
            rel = path
        else:
            ner = path
    return ner, rel


def _linear_weights_to_bf16(model) -> None:
    """Store the linear layers in bf16 once. Under bf16 autocast they compute
    in bf16 anyway, so the numbers are autocast's, minus a weight cast on every
    call; layer norms, softmax and embeddings stay fp32 as autocast keeps them."""
    import torch

    for m in model.modules():
        if isinstance(m, torch.nn.Linear):
            m.to(dtype=torch.bfloat16)


def _zonener_meta(config) -> dict:
    meta = getattr(config, "zonener", None)
    return dict(meta) if isinstance(meta, dict) else {}


def _check_ner_labels(id2label: dict, where: Path) -> None:
    from .schema import ENTITY_LABELS

    bad = sorted(
        lab for lab in id2label.values() if lab != "O" and not (lab[:2] in ("B-", "I-") and lab[2:] in ENTITY_LABELS)
    )
    if bad:
        raise PredictError(
            f"{where}: model labels {bad[:5]} are not IOB2 tags of the schema's entity types "
            f"({', '.join(ENTITY_LABELS)}); is this a zonener NER checkpoint?"
        )


# --------------------------------------------------------------------------- extractor


class Extractor:
    """Loaded NER (+ relation) models; call :meth:`extract` or :meth:`extract_documents`.

    Safe to share between threads: model calls are serialised by a lock.
    """

    def __init__(self, ner_predictor=None, re_predictor=None, block_size: int = DEFAULT_BLOCK_SIZE, model_dir: str | None = None, relation_rules: bool = False):
        if ner_predictor is None and re_predictor is None:
            raise PredictError("an Extractor needs a NER model, a relation model or both")
        self.ner = ner_predictor
        self.re = re_predictor
        #: relations from zonener.weak's relation rules instead of the relation model
        self.relation_rules = relation_rules
        self.block_size = block_size
        self.model_dir = model_dir
        self._lock = threading.Lock()

    @property
    def has_relations(self) -> bool:
        return self.re is not None or self.relation_rules

    @classmethod
    def from_pretrained(
        cls,
        model_dir: str | Path,
        device: str | None = None,
        precision: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threshold: float = 0.5,
        max_length: int | None = None,
        overlap: int | None = None,
        block_size: int = DEFAULT_BLOCK_SIZE,
        relations: bool = True,
        decoding: str = "viterbi",
        relation_source: str = "model",
        batch_tokens: int | None = None,
        entity_threshold: float | None = None,
        list_entity_threshold: float | None = DEFAULT_LIST_MIN_SCORE,
        compile: bool = False,
    ) -> "Extractor":
        """Load ``model_dir`` (training output_dir or NER checkpoint) once.

        ``precision`` None → bf16 where the hardware supports it, else fp32.
        ``max_length`` None → the length the model was trained with.
        ``relations=False`` ignores an ``re/`` checkpoint.
        ``decoding``: ``viterbi`` (valid IOB2 paths, quote marks at span edges
        repaired) or ``argmax`` (per token, exactly what transformers'
        token-classification pipeline does).
        ``batch_tokens``: most padded tokens per NER window or relation
        sentence batch (None: 1024, the fastest on a 2-core CPU; raise it on GPUs).
        ``entity_threshold``: drop entities scoring below it (None: the value
        chosen on dev at training time, ``zonener.entity_threshold`` in
        ``ner/config.json``, else 0).
        ``list_entity_threshold``: a 、-list item scoring at least this is
        kept when a sibling item of its type passed ``entity_threshold``
        (甲、乙、丙等6个项目); None: no exception.
        ``relation_source``: ``model`` (the ``re/`` checkpoint, if present) or
        ``rules`` (zonener.weak's relation rules over the predicted entities;
        about as accurate end to end on held-out articles — README, Results).
        ``compile``: torch.compile the NER model (inductor, weights frozen),
        compiling it here once (18-30 s on 2 CPU cores); worth it
        for long runs (zonener.modeling.compiling).
        """
        if relation_source not in ("model", "rules"):
            raise PredictError(f"relation_source must be 'model' or 'rules', got {relation_source!r}")
        use_rules = relations and relation_source == "rules"
        if batch_size < 1:
            raise PredictError(f"batch_size must be >= 1, got {batch_size}")
        if entity_threshold is not None and not 0.0 <= entity_threshold <= 1.0:
            raise PredictError(f"entity_threshold must be within [0, 1], got {entity_threshold}")
        if list_entity_threshold is not None and not 0.0 <= list_entity_threshold <= 1.0:
            raise PredictError(f"list_entity_threshold must be within [0, 1], got {list_entity_threshold}")
        if batch_tokens is not None and batch_tokens < 1:
            raise PredictError(f"batch_tokens must be >= 1, got {batch_tokens}")
        if not 0.0 <= threshold <= 1.0:
            raise PredictError(f"threshold must be within [0, 1], got {threshold}")
        ner_dir, re_dir = locate_checkpoints(model_dir)
        dev = resolve_device(device)
        if precision is None or precision == "auto":
            precision = default_precision(dev)
        if precision not in ("fp32", "bf16"):
            raise PredictError(f"precision must be fp32 or bf16, got {precision!r}")
        if (why := slow_bf16_warning(precision, dev)) is not None:
            log.warning("%s", why)
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        from .modeling.batching import DEFAULT_BATCH_TOKENS
        from .modeling.ner import NerPredictor

        if precision == "bf16" and dev.type == "cuda" and not torch.cuda.is_bf16_supported():
            raise PredictError(f"--precision bf16: {torch.cuda.get_device_name(dev)} has no bf16 support; use fp32")
        if batch_tokens is None:
            batch_tokens = DEFAULT_BATCH_TOKENS

        ner_pred = re_pred = None
        # bf16 on a CPU: eager attention, which beats SDPA's CPU kernel in bf16
        # (scripts/bench_predict.py)
        load_kw = {"attn_implementation": "eager"} if precision == "bf16" and dev.type == "cpu" else {}
        if ner_dir is not None:
            try:
                model = AutoModelForTokenClassification.from_pretrained(ner_dir, **load_kw)
                tok = AutoTokenizer.from_pretrained(ner_dir)
            except (OSError, ValueError) as exc:
                raise PredictError(f"{ner_dir}: cannot load the NER checkpoint ({exc})") from None
            if not getattr(tok, "is_fast", False):
                raise PredictError(f"{ner_dir}: needs a fast tokenizer (tokenizer.json) for character offsets")
            _check_ner_labels(model.config.id2label, ner_dir)
            meta = _zonener_meta(model.config)
            length = int(max_length or meta.get("max_length") or min(512, model.config.max_position_embeddings))
            length = min(length, model.config.max_position_embeddings)
            ov = overlap if overlap is not None else min(DEFAULT_OVERLAP, (length - 2) // 4)
            model.to(dev).eval()
            if precision == "bf16":
                _linear_weights_to_bf16(model)
                if dev.type == "cpu":
                    from .modeling.bf16_attention import use_bf16_attention

                    use_bf16_attention(model)  # scores and softmax in bf16: fewer copies of the largest tensors
            min_score = float(meta.get("entity_threshold", 0.0)) if entity_threshold is None else entity_threshold
            ner_pred = NerPredictor(model, tok, max_length=length, overlap=ov, batch_size=batch_size, precision=precision, device=dev, decoding=decoding, batch_tokens=batch_tokens, min_score=min_score, list_min_score=list_entity_threshold)
            if compile:
                from .modeling.compiling import CompileError

                try:
                    ner_pred.compile()
                except CompileError as exc:
                    raise PredictError(f"{ner_dir}: {exc}") from None
        if re_dir is not None and relations and not use_rules:
            from .modeling.relation import RelationClassifier, RelationPredictor

            try:
                rmodel = RelationClassifier.from_pretrained(re_dir, **load_kw)
                rtok = AutoTokenizer.from_pretrained(re_dir)
            except (OSError, ValueError) as exc:
                raise PredictError(f"{re_dir}: cannot load the relation checkpoint ({exc})") from None
            meta = _zonener_meta(rmodel.config)
            rmodel.to(dev).eval()
            if precision == "bf16":
                # all of it in bf16: no other implementation to agree with, the same
                # relations on the seeds, and faster than bf16 linears alone
                rmodel.to(dtype=torch.bfloat16)
            re_pred = RelationPredictor(
                rmodel,
                rtok,
                max_length=int(meta.get("max_length") or 192),
                batch_size=batch_size,
                precision=precision,
                threshold=threshold,
                max_distance=meta.get("max_distance"),
                batch_tokens=batch_tokens,
            )
        if ner_pred is None and re_pred is None:
            raise PredictError(f"{model_dir}: only a relation model found and relations=False")
        ex = cls(ner_pred, re_pred, block_size=block_size, model_dir=str(model_dir), relation_rules=use_rules)
        ex.device, ex.precision = dev, precision
        return ex

    # ------------------------------------------------------------------ API

    def extract(self, texts: str | Sequence[str] | Sequence[Document], use_input_entities: bool = False) -> list[Document]:
        """Entities (and relations) for one text, a list of texts or a list of Documents.

        Plain strings get ids ``doc-0``, ``doc-1`` …; Documents keep their id,
        text and extra keys. Returns a list in input order.
        """
        if isinstance(texts, (str, Document)):
            texts = [texts]  # type: ignore[list-item]
        return list(self.extract_documents(texts, use_input_entities=use_input_entities))

    def extract_documents(self, docs: Iterable[str | Document], use_input_entities: bool = False) -> Iterator[Document]:
        """Stream: reads ``docs`` in blocks of ``block_size`` and yields results in order."""
        if use_input_entities and not self.has_relations:
            raise PredictError("use_input_entities needs relations: a relation model (re/ in the model directory) or relation_source='rules'")
        if not use_input_entities and self.ner is None:
            raise PredictError("no NER model loaded: pass a model directory with ner/, or use use_input_entities with input entities")
        it = iter(docs)
        counter = itertools.count()
        while True:
            block = [_as_document(x, next(counter)) for x in itertools.islice(it, self.block_size)]
            if not block:
                return
            yield from self._process_block(block, use_input_entities)

    def _process_block(self, block: list[Document], use_input_entities: bool) -> list[Document]:
        with self._lock:
            if use_input_entities:
                out = [
                    Document(d.id, d.text, [Entity(e.start, e.end, e.label, e.text, e.id, e.score) for e in d.entities], [], dict(d.extra))
                    for d in block
                ]
            else:
                spans = self.ner.predict([d.text for d in block])
                out = []
                for d, sp in zip(block, spans):
                    ents = [Entity(s, e, lab, d.text[s:e], f"T{i}", score) for i, (s, e, lab, score) in enumerate(sp, 1)]
                    out.append(Document(d.id, d.text, ents, [], dict(d.extra)))
            if self.relation_rules:
                from .weak import label_relations

                for d in out:
                    d.relations = label_relations(d)
            elif self.re is not None:
                rels = self.re.predict(out)
                for d, r in zip(out, rels):
                    d.relations = r
        for d in out:
            validate_document(d, source="<predictions>")
        return out


def _as_document(x: str | Document, i: int) -> Document:
    if isinstance(x, Document):
        return x
    if isinstance(x, str):
        return Document(f"doc-{i}", x)
    raise TypeError(f"expected str or Document, got {type(x).__name__}")


# --------------------------------------------------------------------------- CLI


def add_prediction_options(p: argparse.ArgumentParser) -> None:
    """The model and runtime options shared by ``zonener.predict`` and ``scripts/batch_infer.py``."""
    p.add_argument("--use-input-entities", action="store_true", help="keep the entities of the input JSONL and predict only relations")
    p.add_argument("--no-relations", action="store_true", help="ignore re/ and predict entities only")
    p.add_argument("--relations", choices=("model", "rules"), default="model", help="relation source: the re/ model (default) or the relation rules of zonener.weak over the predicted entities")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="windows (NER) or sentences (relations) per forward pass")
    p.add_argument("--batch-tokens", type=int, default=None, help="most padded tokens per forward pass, NER and relations (default 1024, best on a 2-core CPU; raise on GPUs)")
    p.add_argument("--block-size", type=int, default=DEFAULT_BLOCK_SIZE, help="documents read and processed at a time (bounds memory)")
    p.add_argument("--device", default=None, help="cpu or cuda[:N] (default: cuda when available, else cpu)")
    p.add_argument("--precision", choices=("auto", "fp32", "bf16"), default=None, help="default (auto): bf16 on CPUs with AMX/AVX512-BF16 and bf16-capable GPUs, else fp32")
    p.add_argument("--threshold", type=float, default=0.5, help="minimum relation probability (default 0.5)")
    p.add_argument("--entity-threshold", type=float, default=None, help="minimum entity score (default: the one chosen on dev at training time, stored in ner/config.json; 0 keeps all)")
    p.add_argument("--list-entity-threshold", type=float, default=DEFAULT_LIST_MIN_SCORE, help=f"minimum score of a 、-list item whose sibling of the same type passed --entity-threshold (default {DEFAULT_LIST_MIN_SCORE}; 1 turns the exception off)")
    p.add_argument("--max-length", type=int, default=None, help="NER window in tokens (default: the training max_length)")
    p.add_argument("--decoding", choices=("viterbi", "argmax"), default="viterbi", help="viterbi: best valid IOB2 tag path, span edges repaired (quote marks, separators, a final 和) (default); argmax: per token, as transformers' pipeline")
    p.add_argument("--compile", action="store_true", help="torch.compile the NER model first (18-30 s on 2 CPU cores; faster on long runs, see README Benchmarks)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def extractor_from_args(args: argparse.Namespace, device: str | None = None) -> "Extractor":
    """Load the Extractor the command-line options describe."""
    ex = Extractor.from_pretrained(
        args.model,
        device=device or args.device,
        precision=args.precision,
        batch_size=args.batch_size,
        batch_tokens=args.batch_tokens,
        entity_threshold=args.entity_threshold,
        list_entity_threshold=args.list_entity_threshold,
        threshold=args.threshold,
        max_length=args.max_length,
        block_size=args.block_size,
        relations=not args.no_relations,
        decoding=args.decoding,
        relation_source=args.relations,
        compile=args.compile,
    )
    if args.use_input_entities and not ex.has_relations:
        raise PredictError(f"--use-input-entities: {args.model} has no relation model (re/config.json)")
    return ex


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m zonener.predict",
        description="Extract entities and relations from Chinese industrial-park news into span JSONL.",
    )
    p.add_argument("--model", required=True, help="training output_dir (ner/ and optional re/) or a NER checkpoint directory")
    p.add_argument("--input", required=True, help=".txt file, directory of .txt files, span JSONL file, or - for stdin")
    p.add_argument("--output", default="-", help="output span JSONL (written atomically); - = stdout (default)")
    add_prediction_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .corpus import iter_documents
    from .spans import AtomicWriter, dumps

    if args.block_size < 1:
        raise PredictError(f"--block-size must be >= 1, got {args.block_size}")
    if args.use_input_entities and args.no_relations:
        raise PredictError("--use-input-entities predicts relations only; it cannot be combined with --no-relations")
    if args.input != "-" and not Path(args.input).exists():
        raise PredictError(f"--input {args.input}: no such file or directory")
    if args.use_input_entities and args.input != "-" and (Path(args.input).is_dir() or Path(args.input).suffix.lower() not in {".jsonl", ".json", ".ndjson"}):
        raise PredictError("--use-input-entities needs span JSONL input (a .jsonl file or JSONL on stdin)")
    ex = extractor_from_args(args)
    log.info("model %s on %s, precision %s", args.model, ex.device, ex.precision)
    bar = tqdm(desc="predict", unit="doc", file=sys.stderr, disable=args.quiet, dynamic_ncols=True)
    n = 0

    def write_all(fh) -> None:
        nonlocal n
        for doc in ex.extract_documents(iter_documents(args.input), use_input_entities=args.use_input_entities):
            fh.write(dumps(doc) + "\n")
            n += 1
            bar.update(1)

    try:
        if args.output == "-":
            write_all(sys.stdout)
            sys.stdout.flush()
        else:
            with AtomicWriter(args.output) as fh:
                write_all(fh)
    finally:
        bar.close()
    log.info("wrote %d documents to %s", n, args.output)
    return n


def _quiet_transformers() -> None:
    """No "Loading weights" bars from transformers: the CLI shows its own progress."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except Exception:  # noqa: BLE001 - cosmetic only
        pass


USER_ERRORS = (PredictError, SpanFormatError, FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, UnicodeDecodeError)


def run_cli(parser: argparse.ArgumentParser, run_fn, argv: Sequence[str] | None, log_level: int = logging.WARNING) -> int:
    """Parse, run, and turn user errors into ``error: …`` on stderr with exit status 2."""
    from .corpus import CorpusError
    from .modeling.loading import ModelNotFoundError

    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s: %(message)s")
    args = parser.parse_args(argv)
    _quiet_transformers()
    try:
        run_fn(args)
    except (*USER_ERRORS, CorpusError, ModelNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `| head`
        return 0
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
