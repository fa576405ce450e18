"""A multinomial linear classifier over sparse named features and an optional dense vector.

The learned models (tone and escalation here, :mod:`reisgenoot.language.tone_model`; UPL
product, outcome and follow-up in agent assist) are this model with their own features.
Running it needs numpy only; :func:`fit` (training) needs scikit-learn (the ``test`` and
``bench`` extras).

Stored as one ``.npz`` file without pickles: class names and feature names as JSON text, the
sparse weights as (feature, class, weight) triples, the dense weights as a matrix, the
intercept and a temperature (calibration of the probabilities).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["LinearModel", "entries", "fit"]

FloatArray = npt.NDArray[np.float32]
MAX_SPARSE = 400_000  # strongest sparse weights kept when saving (keeps the file small)


def entries(
    features: Sequence[Mapping[str, float]],
    column_of: Mapping[str, int],
    dtype: npt.DTypeLike = np.float32,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[Any]]:
    """The known features of ``features`` as (row, column, value) entries, sorted by row;
    features ``column_of`` does not know are left out."""
    counts = [sum(1 for name in feats if name in column_of) for feats in features]
    rows = np.repeat(np.arange(len(features), dtype=np.int64), counts)
    cols = np.fromiter(
        (column_of[name] for feats in features for name in feats if name in column_of),
        dtype=np.int64,
        count=len(rows),
    )
    values = np.fromiter(
        (value for feats in features for name, value in feats.items() if name in column_of),
        dtype=dtype,
        count=len(rows),
    )
    return rows, cols, values


@dataclass(frozen=True, slots=True)
class LinearModel:
    """``softmax((sparse·W + dense·D + b) / temperature)`` over ``classes``."""

    classes: tuple[str, ...]
    features: Mapping[str, int]
    sparse_start: npt.NDArray[np.int64]  # CSR over features: rows of (class, weight)
    sparse_class: npt.NDArray[np.int32]
    sparse_weight: FloatArray
    dense: FloatArray  # (dim, classes); dim 0 when the model reads no vector
    intercept: FloatArray
    temperature: float = 1.0
    dense_scale: float = 1.0

    @property
    def dim(self) -> int:
        return int(self.dense.shape[0])

    def logits(self, feats: Mapping[str, float], vector: FloatArray | None = None) -> FloatArray:
        """Unscaled scores per class (``vector`` may be ``None``: the dense part is left out)."""
        scores = self.intercept.astype(np.float32).copy()
        for name, value in feats.items():
            row = self.features.get(name)
            if row is None:
                continue
            start, end = self.sparse_start[row], self.sparse_start[row + 1]
            scores[self.sparse_class[start:end]] += self.sparse_weight[start:end] * value
        if vector is not None and self.dim:
            scores += (np.asarray(vector, dtype=np.float32) * self.dense_scale) @ self.dense
        return scores

    def sparse_logits(self, rows: Sequence[Mapping[str, float]], chunk: int = 2048) -> FloatArray:
        """:meth:`logits` of many feature mappings at once, without the dense part: one row
        of scores per mapping (what a learner needs for thousands of training rows)."""
        classes = len(self.classes)
        found = np.empty((len(rows), classes), dtype=np.float32)
        for first in range(0, len(rows), chunk):
            part = rows[first : first + chunk]
            which, at, values = entries(part, self.features, np.float64)
            starts = self.sparse_start[at]
            counts = self.sparse_start[at + 1] - starts
            # The stored weights of every (row, feature): one run of the CSR per entry.
            offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            spread = np.repeat(starts, counts) + offsets
            keys = np.repeat(which, counts) * classes
            sums = np.bincount(
                keys + self.sparse_class[spread],
                weights=self.sparse_weight[spread] * np.repeat(values, counts),
                minlength=len(part) * classes,
            )
            found[first : first + len(part)] = sums.reshape(len(part), classes) + self.intercept
        return found

    def probabilities(
        self, feats: Mapping[str, float], vector: FloatArray | None = None
    ) -> FloatArray:
        return softmax(self.logits(feats, vector) / self.temperature)

    def with_temperature(self, temperature: float) -> LinearModel:
        return LinearModel(
            self.classes,
            self.features,
            self.sparse_start,
            self.sparse_class,
            self.sparse_weight,
            self.dense,
            self.intercept,
            float(temperature),
            self.dense_scale,
        )

    def save(self, path: Path) -> None:
        """Write the model to ``path`` (``.npz``, no pickles)."""
        arrays: dict[str, Any] = self.arrays()
        np.savez_compressed(path, **arrays)

    def arrays(self, prefix: str = "") -> dict[str, npt.NDArray[Any]]:
        """The model as named arrays (``prefix`` lets several models share one file)."""
        names = sorted(self.features, key=self.features.__getitem__)
        counts = np.diff(self.sparse_start)
        rows = np.repeat(np.arange(len(names), dtype=np.int32), counts)
        found = dict(
            meta=np.array(
                json.dumps(
                    {
                        "classes": list(self.classes),
                        "features": names,
                        "temperature": self.temperature,
                        "dense_scale": self.dense_scale,
                    },
                    ensure_ascii=False,
                )
            ),
            rows=rows,
            cols=self.sparse_class.astype(np.int32),
            weights=self.sparse_weight.astype(np.float16),
            dense=self.dense.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
        )
        return {prefix + key: value for key, value in found.items()}

    @classmethod
    def load(cls, path: Path | str) -> LinearModel:
        """Read a model written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as data:
            return cls.from_arrays(data)

    @classmethod
    def from_arrays(cls, data: Mapping[str, Any], prefix: str = "") -> LinearModel:
        """The model of :meth:`arrays` (with the same ``prefix``)."""
        meta = json.loads(str(data[prefix + "meta"]))
        return from_triples(
            meta["classes"],
            meta["features"],
            data[prefix + "rows"],
            data[prefix + "cols"],
            data[prefix + "weights"],
            data[prefix + "dense"],
            data[prefix + "intercept"],
            temperature=float(meta.get("temperature", 1.0)),
            dense_scale=float(meta.get("dense_scale", 1.0)),
        )


def softmax(scores: FloatArray) -> FloatArray:
    shifted = np.exp(scores - scores.max())
    result: FloatArray = (shifted / shifted.sum()).astype(np.float32)
    return result


def from_triples(
    classes: Sequence[str],
    features: Sequence[str],
    rows: npt.ArrayLike,
    cols: npt.ArrayLike,
    weights: npt.ArrayLike,
    dense: npt.ArrayLike,
    intercept: npt.ArrayLike,
    *,
    temperature: float = 1.0,
    dense_scale: float = 1.0,
) -> LinearModel:
    row_array = np.asarray(rows, dtype=np.int64)
    order = np.argsort(row_array, kind="stable")
    counts = np.bincount(row_array, minlength=len(features))
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return LinearModel(
        tuple(classes),
        {name: i for i, name in enumerate(features)},
        start,
        np.asarray(cols, dtype=np.int32)[order],
        np.asarray(weights, dtype=np.float32)[order],
        np.asarray(dense, dtype=np.float32).reshape(-1, len(classes)),
        np.asarray(intercept, dtype=np.float32),
        temperature,
        dense_scale,
    )


def fit(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[str],
    vectors: FloatArray | None = None,
    *,
    sample_weight: Sequence[float] | None = None,
    c: float = 4.0,
    dense_scale: float = 1.0,
    min_count: int = 1,
    max_iter: int = 300,
    members: int = 1,
    seed: int = 0,
    member_weights: Sequence[Sequence[float]] = (),
) -> LinearModel:
    """Train the model with scikit-learn's multinomial logistic regression (L2, ``C=c``).

    ``rows`` are the sparse features per example, ``vectors`` the dense vectors (one row each,
    or ``None``); features seen in fewer than ``min_count`` examples are dropped.

    ``members`` > 1 bags the fit: that many regressions, each on every example with its weight
    times a draw from Exp(1) (a Bayesian bootstrap, ``seed``), whose weights and intercepts are
    averaged into one model (the mean of their logits). A model that a few examples sway less,
    at the cost of ``members`` fits; running it costs the same as one.

    ``member_weights`` (one factor per example for each member) replaces the draws: each
    member's weights are ``sample_weight`` times its factors. E.g. fits of the same recipe
    whose random part differs (factor 0 for the examples a draw leaves out), averaged so that
    no one draw decides the model (each fitted from zero: members warm-started from the
    previous one stopped short of their optimum, ADR 69).
    """
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for feats in rows:
        for name in feats:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, k in counts.items() if k >= min_count)
    index = {n: i for i, n in enumerate(names)}
    data, col, ptr = [], [], [0]
    for feats in rows:
        for name, value in feats.items():
            if name in index:
                col.append(index[name])
                data.append(value)
        ptr.append(len(col))
    matrix = sparse.csr_matrix((data, col, ptr), shape=(len(rows), len(names)), dtype=np.float64)
    dim = 0
    if vectors is not None:
        dim = vectors.shape[1]
        matrix = sparse.hstack([matrix, sparse.csr_matrix(vectors * dense_scale)], format="csr")
    base = np.ones(len(rows)) if sample_weight is None else np.asarray(sample_weight, float)
    coefs, intercepts = [], []
    for weight in _member_weights(base, members, seed, member_weights):
        learner = LogisticRegression(C=c, max_iter=max_iter, tol=1e-3)
        learner.fit(matrix, list(labels), sample_weight=weight)
        coefs.append(np.asarray(learner.coef_, dtype=np.float64))
        intercepts.append(np.asarray(learner.intercept_, dtype=np.float64))
    classes = [str(x) for x in learner.classes_]
    coef = np.mean(coefs, axis=0).astype(np.float32)
    intercept = np.mean(intercepts, axis=0).astype(np.float32)
    if len(classes) == 2:  # binary: scikit-learn keeps one row; make it two symmetric ones
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2], dtype=np.float32)
    lexical = coef[:, : len(names)].T  # (features, classes)
    dense = coef[:, len(names) :].T if dim else np.zeros((0, len(classes)), np.float32)
    flat = np.abs(lexical).ravel()
    keep = flat.size if flat.size <= MAX_SPARSE else MAX_SPARSE
    threshold = np.partition(flat, flat.size - keep)[flat.size - keep] if keep else 0.0
    feat_rows, class_cols = np.nonzero(np.abs(lexical) >= max(threshold, 1e-4))
    return from_triples(
        classes,
        names,
        feat_rows,
        class_cols,
        lexical[feat_rows, class_cols],
        dense,
        intercept,
        dense_scale=dense_scale,
    )


def _member_weights(
    base: npt.NDArray[np.float64],
    members: int,
    seed: int,
    given: Sequence[Sequence[float]],
) -> list[npt.NDArray[np.float64]]:
    """The examples' weights of each member of :func:`fit`."""
    if given:
        return [base * np.asarray(factors, dtype=float) for factors in given]
    if members == 1:
        return [base]
    draws = np.random.default_rng(seed)
    return [base * draws.exponential(1.0, size=len(base)) for _ in range(members)]
