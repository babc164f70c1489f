"""Length-sorted inference batches bounded by item count and padded size."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

# padded tokens per inference batch (fastest on a 2-core CPU in scripts/bench_predict.py)
DEFAULT_BATCH_TOKENS = 1024


def token_budget_batches(lengths: Sequence[int], batch_size: int, batch_tokens: int | None) -> Iterator[list[int]]:
    """Indices of ``lengths`` in length order, cut into batches of at most
    ``batch_size`` items and, beyond a batch's first item, at most
    ``batch_tokens`` padded tokens (longest length × items; None: no limit).
    Short sequences go many to a batch, long ones few, which keeps the
    attention matrices in cache."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batch: list[int] = []
    for i in order:
        padded = lengths[i] * (len(batch) + 1)  # sorted: this item is the longest so far
        if batch and (len(batch) == batch_size or (batch_tokens is not None and padded > batch_tokens)):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch
