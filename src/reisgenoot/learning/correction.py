"""A learned correction of a packaged linear model, trained in numpy on confirmed work.

The learned models of Reisgenoot (:class:`reisgenoot.language.linear.LinearModel`) are trained
by committed scripts on broad data; a municipality's confirmed work then corrects them. The
correction is a sparse multinomial logistic regression whose logits are *added* to the
packaged model's logits as they are at run time (``base``): only the features seen in the
confirmed examples and the classes they involve (the confirmed one and the one the packaged
model proposed instead) get weights. Rows of the packaged training data ("anchors", when a
capability ships them) keep everything else in place, and an L2 penalty keeps the correction
small. Mini-batch gradient descent with momentum in numpy: no scikit-learn at run time, seconds for thousands of rows.

:func:`merged` writes the correction into a copy of the packaged model, so the learned version
is a complete model file in the packaged format and loads the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reisgenoot.language.linear import LinearModel, from_triples

__all__ = ["Correction", "Rows", "balanced", "fit", "merged"]

Array = npt.NDArray[np.float64]
L2 = 0.01
STEPS = 150  # at least this many steps
EPOCHS = 4  # and at least this many passes over the rows
BATCH = 512
RATE = 0.5
MOMENTUM = 0.9
KEEP = 0.05  # smallest correction weight written


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


def _softmax(logits: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: npt.NDArray[np.float32] = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def _sparse(
    features: Sequence[Mapping[str, float]], column_of: Mapping[str, int]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for r, feats in enumerate(features):
        for name, value in feats.items():
            column = column_of.get(name)
            if column is not None:
                rows.append(r)
                cols.append(column)
                values.append(value)
    return (
        np.array(rows, dtype=np.int64),
        np.array(cols, dtype=np.int64),
        np.array(values, dtype=np.float32),
    )


def fit(data: Rows, *, l2: float = L2, steps: int = STEPS, epochs: int = EPOCHS) -> Correction:
    """Mini-batch gradient descent on the correction; the rows should be in random order, so each batch
    mixes confirmed examples and anchors."""
    local_rows = [f for f, own in zip(data.features, data.local, strict=True) if own]
    vocabulary = tuple(sorted({name for feats in local_rows for name in feats}))
    column_of = {name: i for i, name in enumerate(vocabulary)}
    own = data.local
    chosen = sorted(set(data.labels[own].tolist()) | set(data.base[own].argmax(axis=1).tolist()))
    delta = np.zeros((max(len(vocabulary), 1), max(len(chosen), 1)), dtype=np.float32)
    if not vocabulary or not chosen:
        return Correction(vocabulary, tuple(chosen), delta)
    rows, cols, values = _sparse(data.features, column_of)
    count = len(data.features)
    base = data.base.astype(np.float32)
    moment = np.zeros_like(delta)
    picked = np.array(chosen)
    starts = np.searchsorted(rows, np.arange(count + 1))
    batches = [(lo, min(lo + BATCH, count)) for lo in range(0, count, BATCH)]
    for step in range(1, max(steps, epochs * len(batches)) + 1):
        lo, hi = batches[(step - 1) % len(batches)]
        first, last = starts[lo], starts[hi]
        if first == last:
            continue
        batch_rows = rows[first:last] - lo
        batch_cols = cols[first:last]
        batch_values = values[first:last, None]
        logits = base[lo:hi].copy()
        filled = np.unique(batch_rows)  # rows with at least one corrected feature
        heads = np.searchsorted(batch_rows, filled)
        added = np.add.reduceat(batch_values * delta[batch_cols], heads)
        logits[filled[:, None], picked[None, :]] += added
        probabilities = _softmax(logits)
        probabilities[np.arange(hi - lo), data.labels[lo:hi]] -= 1.0
        share = data.weights[lo:hi] / data.weights[lo:hi].sum()
        error = (probabilities[:, picked] * share[:, None]).astype(np.float32)
        order = np.argsort(batch_cols, kind="stable")
        used, starts_of = np.unique(batch_cols[order], return_index=True)
        gradient = (
            np.add.reduceat((batch_values * error[batch_rows])[order], starts_of) + l2 * delta[used]
        )
        # Lazy momentum: only the features of this batch move. Not Adam: a word shared by
        # many confirmed conversations must grow faster than a word said once.
        moment[used] = MOMENTUM * moment[used] + gradient
        delta[used] -= RATE * moment[used]
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
