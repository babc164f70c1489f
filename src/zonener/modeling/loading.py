"""Finding pretrained models offline, and the ``tiny`` random model for tests."""
from __future__ import annotations

import copy
import logging
import os
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# the token each run of whitespace becomes (in the bert-base-chinese vocabulary)
WHITESPACE_TOKEN = "|"
_SHOWS_WHITESPACE = 'Replace(pattern=Regex("\\s+")'  # how that step prints


class ModelNotFoundError(OSError):
    """No usable model at the given name or path."""


def resolve_model(name_or_path: str, allow_download: bool = True) -> str:
    """Return a local directory (or a cached hub id) that ``from_pretrained`` can load.

    Order: an existing local directory; the Hugging Face cache; the hub (only
    when ``allow_download`` and ``HF_HUB_OFFLINE`` is not set). Raises
    :class:`ModelNotFoundError` with instructions when none works. Never
    falls back to random weights.
    """
    path = Path(os.path.expanduser(str(name_or_path)))
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelNotFoundError(f"{path}: directory has no config.json; point model.name_or_path at a Hugging Face model directory")
        return str(path)
    if path.suffix or str(name_or_path).startswith((".", "/", "~")):
        raise ModelNotFoundError(_help(name_or_path, f"{path} does not exist"))
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(str(name_or_path), local_files_only=True)
    except Exception:  # noqa: BLE001 - any cache miss means "not cached"
        pass
    offline = os.environ.get("HF_HUB_OFFLINE", "0").lower() in {"1", "true", "yes"}
    if allow_download and not offline:
        try:
            return snapshot_download(str(name_or_path), allow_patterns=["*.json", "*.txt", "*.safetensors", "*.model"])
        except Exception as exc:  # noqa: BLE001
            raise ModelNotFoundError(_help(name_or_path, f"download failed ({type(exc).__name__})")) from None
    raise ModelNotFoundError(_help(name_or_path, "not in the local Hugging Face cache and downloads are off"))


def _help(name: str, why: str) -> str:
    return (
        f"cannot load model {name!r}: {why}.\n"
        "Point zonener at a local Hugging Face model directory, e.g.\n"
        "  python -m zonener.train model=local model.name_or_path=/path/to/bert-dir\n"
        "  (this repo's CI uses ../shared/models/m3e-small), or set ZONENER_MODEL=/path/to/bert-dir,\n"
        "or pre-populate the Hugging Face cache (HF_HOME) on a machine with internet access,\n"
        "or use model=tiny for a randomly initialised smoke-test model."
    )


def build_char_tokenizer(texts: Iterable[str], out_dir: str | Path):
    """A BERT WordPiece tokenizer whose vocabulary is every character of ``texts``.

    ASCII letters and digits also get ``##`` continuation pieces, so Latin
    words and digit runs tokenise without ``[UNK]``.
    """
    from transformers import BertTokenizer

    chars: set[str] = set()
    for t in texts:
        chars.update(ch.lower() for ch in t if not ch.isspace())
    ascii_alnum = [chr(c) for c in range(48, 58)] + [chr(c) for c in range(97, 123)]
    vocab = list(SPECIAL_TOKENS) + sorted(chars.union(ascii_alnum, WHITESPACE_TOKEN)) + [f"##{c}" for c in ascii_alnum]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizer(vocab={t: i for i, t in enumerate(vocab)}, do_lower_case=True, tokenize_chinese_chars=True)
    tok.save_pretrained(out_dir)
    return tok


def with_visible_whitespace(tokenizer):
    """A copy of a fast tokenizer that turns every run of whitespace into one ``|`` token.

    BERT tokenizers drop spaces and newlines, so "通讯员 赵优 赵海忠" or a photo
    caption ending in a newline before the next paragraph reach the model as
    one unbroken string of characters and names run into each other. The
    replacement is a step of the tokenizer's normaliser: offsets still point
    into the original text, and the saved ``tokenizer.json`` carries it to
    ``AutoTokenizer`` and ``pipeline`` users. Returned unchanged when the
    vocabulary has no ``|``.
    """
    from tokenizers import Regex, normalizers
    from transformers import PreTrainedTokenizerFast

    if WHITESPACE_TOKEN not in tokenizer.get_vocab():
        log.warning("vocabulary has no %r token: whitespace stays invisible to the model", WHITESPACE_TOKEN)
        return tokenizer
    backend = copy.deepcopy(tokenizer.backend_tokenizer)
    if _SHOWS_WHITESPACE in repr(backend.normalizer):
        return tokenizer
    step = normalizers.Replace(Regex(r"\s+"), WHITESPACE_TOKEN)
    backend.normalizer = normalizers.Sequence([step, backend.normalizer] if backend.normalizer else [step])
    special = {k: getattr(tokenizer, k) for k in ("cls_token", "sep_token", "pad_token", "unk_token", "mask_token") if getattr(tokenizer, k, None)}
    return PreTrainedTokenizerFast(tokenizer_object=backend, model_max_length=tokenizer.model_max_length, **special)


def tiny_bert_config(vocab_size: int, hidden_size: int = 64, num_layers: int = 2, num_heads: int = 2, max_positions: int = 512, **extra):
    """Config of a few-layer BERT, randomly initialised when a model is built from it."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=hidden_size * 4,
        max_position_embeddings=max_positions,
        **extra,
    )
