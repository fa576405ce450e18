"""A learned correction of a packaged linear model, trained in numpy on confirmed work.

The learned models of Reisgenoot (:class:`reisgenoot.language.linear.LinearModel`) are trained
by committed scripts on broad data; a municipality's confirmed work then corrects them. The
correction is a sparse multinomial logistic regression whose logits are *added* to the
packaged model's logits as they are at run time (``base``): only the features seen in the
confirmed examples and the classes they involve (by default the confirmed one and the one the
packaged model proposed instead; the UPL learner passes the confirmed ones only, ADR 47) get
weights. Rows of the packaged training data ("anchors", when a capability ships them) keep
everything else in place, and an L2 penalty keeps the correction small. Mini-batch gradient descent with momentum in numpy: no scikit-learn at run time. The
sparse products of a batch (its rows times the correction, its error back to the features) are
gathers and batched matrix products over padded blocks of entries of about the same length,
prepared once per batch (:class:`_Segments`): about 9 s of CPU for 12,000 rows and 449 classes
where ``np.add.reduceat`` took 37 s.

:func:`merged` writes the correction into a copy of the packaged model, so the learned version
is a complete model file in the packaged format and loads the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reisgenoot.language.linear import LinearModel, entries, from_triples

__all__ = ["Correction", "Rows", "balanced", "confirmed_classes", "fit", "merged", "spread_penalty"]

Array = npt.NDArray[np.float64]
Array32 = npt.NDArray[np.float32]
L2 = 0.01
STEPS = 150  # at least this many steps
EPOCHS = 4  # and at least this many passes over the rows
BATCH = 512
RATE = 0.5
MOMENTUM = 0.9
KEEP = 0.05  # smallest correction weight written
CHUNK = 2048  # entries per block of a sparse product (its temporaries stay in the CPU cache)


@dataclass(frozen=True, slots=True)
class Rows:
    """Training rows: features, the packaged model's run-time logits, label, weight, and
    whether a row is confirmed work (``local``) or an anchor."""

    features: Sequence[Mapping[str, float]]
    base: npt.NDArray[np.float32]  # (rows, classes)
    labels: npt.NDArray[np.int64]
    weights: Array
    local: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Correction:
    """Weights added to the logits: ``delta[f, c]`` for feature ``vocabulary[f]`` and class
    ``columns[c]``."""

    vocabulary: tuple[str, ...]
    columns: tuple[int, ...]
    delta: npt.NDArray[np.float32]


def balanced(
    labels: npt.NDArray[np.int64], local: npt.NDArray[np.bool_], power: float
) -> npt.NDArray[np.float64]:
    """A factor per row that evens out how often each product was confirmed: a confirmed row
    of a product confirmed ``n`` times gets ``n ** -power`` (0: as is, 1: every product counts
    the same), scaled so the confirmed rows keep their total weight. Without it a stream in
    which thirty products make 80 % teaches the words those products share with others to
    point at them (a shift of the prior, not knowledge of the words). Anchors get 1."""
    factor = np.ones(len(labels), dtype=np.float64)
    if not local.any() or power == 0:
        return factor
    counts = np.bincount(labels[local])
    own = counts[labels[local]].astype(np.float64) ** -power
    factor[local] = own * (len(own) / own.sum())
    return factor


def confirmed_classes(data: Rows) -> list[int]:
    """The classes of the confirmed rows: the only ones a correction restricted to them changes
    (a product the packaged model proposes wrongly is then outscored, not pushed down on every
    word of the conversations it was wrongly proposed for)."""
    return sorted(set(data.labels[data.local].tolist()))


def spread_penalty(data: Rows, strength: float) -> dict[str, float]:
    """A factor on the L2 penalty per feature: ``1 + strength * k`` for a feature that the
    anchors (rows of the packaged training data) have under ``k`` different classes. A word said
    about many products is held near the packaged model; a word of one product may move."""
    seen: dict[str, set[int]] = {}
    for feats, label, own in zip(data.features, data.labels.tolist(), data.local, strict=True):
        if not own:
            for name in feats:
                seen.setdefault(name, set()).add(label)
    return {name: 1.0 + strength * len(classes) for name, classes in seen.items()}


def _softmax(logits: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: npt.NDArray[np.float32] = shifted / shifted.sum(axis=1, keepdims=True)
    return result


@dataclass(frozen=True, slots=True)
class _Block:
    """Segments of about the same length, padded to ``width`` (padding: value 0)."""

    segments: npt.NDArray[np.int64]  # which segment each row of the block is
    index: npt.NDArray[np.int64]  # (segments, width): rows of the source to gather
    values: Array32  # (segments, width)


@dataclass(frozen=True, slots=True)
class _Segments:
    """Sums over segments of sorted entries: ``out[s] = Σ values[e] * source[index[e]]`` over
    the entries ``e`` of segment ``s`` (a sparse-times-dense product in numpy). Segments of about
    the same length are padded into blocks of about ``CHUNK`` entries, so each block is one
    gather and one batched matrix product, and its temporaries stay in the CPU cache
    (``np.add.reduceat`` over short segments is many times slower)."""

    count: int
    blocks: tuple[_Block, ...]

    @classmethod
    def of(
        cls, keys: npt.NDArray[np.int64], index: npt.NDArray[np.int64], values: Array32
    ) -> _Segments:
        """Segments of entries with the same (sorted) ``keys``."""
        if not len(keys):
            return cls(0, ())
        heads = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        lengths = np.diff(np.append(heads, len(keys)))
        order = np.argsort(lengths, kind="stable")
        blocks: list[_Block] = []
        first = 0
        sizes = lengths[order].tolist()
        for end in range(1, len(order) + 1):
            if end == len(order) or (end + 1 - first) * sizes[end] > CHUNK:
                chosen = order[first:end]
                width = int(sizes[end - 1])
                offsets = np.arange(width)
                inside = offsets[None, :] < lengths[chosen][:, None]
                at = np.minimum(heads[chosen][:, None] + offsets[None, :], len(keys) - 1)
                blocks.append(
                    _Block(
                        chosen,
                        np.where(inside, index[at], 0),
                        np.where(inside, values[at], 0).astype(np.float32),
                    )
                )
                first = end
        return cls(len(heads), tuple(blocks))

    @property
    def widest(self) -> int:
        return max((block.index.size for block in self.blocks), default=0)

    def sums(self, source: Array32, buffer: Array32) -> Array32:
        out = np.empty((self.count, source.shape[1]), dtype=np.float32)
        for block in self.blocks:
            rows, width = block.index.shape
            gathered = buffer[: rows * width]
            np.take(source, block.index.ravel(), axis=0, out=gathered, mode="clip")
            out[block.segments] = np.matmul(
                block.values[:, None, :], gathered.reshape(rows, width, -1)
            )[:, 0, :]
        return out


@dataclass(frozen=True, slots=True)
class _Batch:
    """One mini-batch (rows ``lo:hi``): its entries by row (logits) and by column (gradient)."""

    lo: int
    hi: int
    filled: npt.NDArray[np.int64]  # batch rows with at least one corrected feature
    used: npt.NDArray[np.int64]  # the corrected features the batch has
    by_row: _Segments  # gathers rows of the correction
    by_column: _Segments  # gathers rows of the batch's error

    @classmethod
    def of(
        cls,
        lo: int,
        hi: int,
        rows: npt.NDArray[np.int64],
        cols: npt.NDArray[np.int64],
        values: Array32,
    ) -> _Batch:
        local = rows - lo
        order = np.argsort(cols, kind="stable")
        return cls(
            lo,
            hi,
            np.unique(local),
            np.unique(cols),
            _Segments.of(local, cols, values),
            _Segments.of(cols[order], local[order], values[order]),
        )


def fit(
    data: Rows,
    *,
    l2: float = L2,
    steps: int = STEPS,
    epochs: int = EPOCHS,
    columns: Sequence[int] | None = None,
    penalty: Mapping[str, float] | None = None,
) -> Correction:
    """Mini-batch gradient descent on the correction; the rows should be in random order, so each batch
    mixes confirmed examples and anchors.

    ``columns``: the classes that get weights (default: the confirmed classes and the ones the
    packaged model proposed instead on the confirmed rows). ``penalty``: a factor on the L2
    penalty per feature (default 1), so a feature can be held closer to the packaged model."""
    local_rows = [f for f, own in zip(data.features, data.local, strict=True) if own]
    vocabulary = tuple(sorted({name for feats in local_rows for name in feats}))
    column_of = {name: i for i, name in enumerate(vocabulary)}
    own = data.local
    chosen = (
        sorted(set(data.labels[own].tolist()) | set(data.base[own].argmax(axis=1).tolist()))
        if columns is None
        else sorted(set(columns))
    )
    delta = np.zeros((max(len(vocabulary), 1), max(len(chosen), 1)), dtype=np.float32)
    if not vocabulary or not chosen:
        return Correction(vocabulary, tuple(chosen), delta)
    rows, cols, values = entries(data.features, column_of)
    strength = np.full((len(vocabulary), 1), l2, dtype=np.float32)
    if penalty:
        strength[:, 0] *= [penalty.get(name, 1.0) for name in vocabulary]
    count = len(data.features)
    base = data.base.astype(np.float32)
    moment = np.zeros_like(delta)
    picked = np.array(chosen)
    every = len(chosen) == base.shape[1]  # all classes: plain row indexing
    starts = np.searchsorted(rows, np.arange(0, count + BATCH, BATCH).clip(max=count))
    batches = [
        _Batch.of(
            lo, min(lo + BATCH, count), rows[first:last], cols[first:last], values[first:last]
        )
        for lo, first, last in zip(range(0, count, BATCH), starts[:-1], starts[1:], strict=True)
    ]
    widest = max(s.widest for batch in batches for s in (batch.by_row, batch.by_column))
    buffer = np.empty((widest, len(chosen)), dtype=np.float32)
    for step in range(1, max(steps, epochs * len(batches)) + 1):
        batch = batches[(step - 1) % len(batches)]
        lo, hi = batch.lo, batch.hi
        if not len(batch.used):
            continue
        logits = base[lo:hi].copy()
        added = batch.by_row.sums(delta, buffer)
        if every:
            logits[batch.filled] += added
        else:
            logits[batch.filled[:, None], picked[None, :]] += added
        probabilities = _softmax(logits)
        probabilities[np.arange(hi - lo), data.labels[lo:hi]] -= 1.0
        share = (data.weights[lo:hi] / data.weights[lo:hi].sum()).astype(np.float32)
        error = (probabilities if every else probabilities[:, picked]) * share[:, None]
        gradient = batch.by_column.sums(error, buffer)
        # Lazy momentum: only the features of this batch move. Not Adam: a word shared by
        # many confirmed conversations must grow faster than a word said once.
        current = delta[batch.used]
        moving = moment[batch.used]
        moving *= MOMENTUM
        moving += gradient
        moving += current * strength[batch.used]  # the L2 penalty's gradient
        moment[batch.used] = moving
        moving *= RATE
        current -= moving
        delta[batch.used] = current
    return Correction(vocabulary, tuple(chosen), delta)


def merged(model: LinearModel, correction: Correction, *, keep: float = KEEP) -> LinearModel:
    """``model`` with ``correction`` added to its sparse weights (scaled by its temperature, so
    the run-time logits ``logits / temperature`` grow by exactly the correction)."""
    names = sorted(model.features, key=model.features.__getitem__)
    counts = np.diff(model.sparse_start)
    rows = np.repeat(np.arange(len(names), dtype=np.int64), counts)
    weights: dict[tuple[int, int], float] = dict(
        zip(
            zip(rows.tolist(), model.sparse_class.tolist(), strict=True),
            model.sparse_weight.tolist(),
            strict=True,
        )
    )
    index = dict(model.features)
    for f, c in zip(*np.nonzero(np.abs(correction.delta) >= keep), strict=True):
        name = correction.vocabulary[int(f)]
        if name not in index:
            index[name] = len(names)
            names.append(name)
        key = (index[name], correction.columns[int(c)])
        weights[key] = weights.get(key, 0.0) + float(correction.delta[f, c]) * model.temperature
    keys = list(weights)
    return from_triples(
        model.classes,
        names,
        [k[0] for k in keys],
        [k[1] for k in keys],
        [weights[k] for k in keys],
        model.dense,
        model.intercept,
        temperature=model.temperature,
        dense_scale=model.dense_scale,
    )
