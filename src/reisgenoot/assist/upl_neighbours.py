"""The nearest training examples as a second opinion on a question's UPL product (ADR 57).

The linear UPL model (:mod:`reisgenoot.assist.upl_model`) learns weights per product; a
product with a handful of examples is easily outweighed by products the training conversations
hold often. Here every training example with a sentence vector (the writers' utterances, the
training conversations, the product names) is kept as it is, and a question scores each
product by the cosine of its vector with that product's **nearest** example, times ``weight``,
added to the model's logits. One close example is enough, however many examples other
products have.

e5 vectors share a large common part, and a conversation's vector differs from a short
utterance's by its style. Each example's vector is therefore centred on the mean of its kind
(conversation, utterance, product names) before it is normalised, and a question's vector on
the mean of the training conversations (``offset``): what is left is closer to what the
text is about.

``scripts/train_upl.py`` writes the packaged file (``assist/data/upl_neighbours.npz``, float16);
without it (or without sentence vectors) the products are scored by the linear model alone.
Running needs numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import tables

__all__ = ["DEFAULT_FILE", "WEIGHT", "Neighbours", "build", "packaged"]

DEFAULT_FILE = "upl_neighbours.npz"
WEIGHT = 16.0  # logits per unit of cosine (ADR 57: 8–16 measured best over refits)
RUN_KIND = "conversation"  # what a question's vector is made of at run time

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True, eq=False)
class Neighbours:
    """Centred unit vectors of training examples and the index of each one's product."""

    vectors: FloatArray  # (examples, dim)
    labels: npt.NDArray[np.int32]  # index into ``products``
    products: tuple[str, ...]
    offset: FloatArray  # (dim,): subtracted from a question's vector
    weight: float = WEIGHT

    def nearest(self, vector: npt.ArrayLike) -> FloatArray:
        """Per product of ``products``: the cosine of ``vector`` with its nearest example
        (products without an example get the lowest cosine found)."""
        query = np.asarray(vector, dtype=np.float32) - self.offset
        norm = float(np.linalg.norm(query))
        found = np.full(len(self.products), -np.inf, dtype=np.float32)
        if not norm:
            return np.zeros(len(self.products), dtype=np.float32)
        order, starts, present = _runs(self)
        if len(order):
            cosines = self.vectors @ (query / norm)
            found[present] = np.maximum.reduceat(cosines[order], starts)
        seen = np.isfinite(found)
        found[~seen] = found[seen].min() if seen.any() else 0.0
        return found

    def bonus(self, vector: npt.ArrayLike, classes: Sequence[str]) -> FloatArray:
        """What to add to the logits of ``classes`` (products it does not know: nothing)."""
        where, known = _alignment(self, tuple(classes))
        result = np.zeros(len(classes), dtype=np.float32)
        result[known] = self.weight * self.nearest(vector)[where]
        return result

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            vectors=self.vectors.astype(np.float16),
            labels=self.labels.astype(np.int32),
            products=np.array(list(self.products)),
            offset=self.offset.astype(np.float32),
            weight=np.array(self.weight),
        )

    @classmethod
    def load(cls, path: Path | str) -> Neighbours:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                data["vectors"].astype(np.float32),
                data["labels"].astype(np.int32),
                tuple(str(p) for p in data["products"]),
                data["offset"].astype(np.float32),
                float(data["weight"]),
            )


@lru_cache(maxsize=8)
def _runs(
    neighbours: Neighbours,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The examples ordered by product, where each product's run starts, and its product."""
    order = np.argsort(neighbours.labels, kind="stable")
    ordered = neighbours.labels[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) else order
    return order, starts.astype(np.int64), ordered[starts].astype(np.int64)


@lru_cache(maxsize=8)
def _alignment(
    neighbours: Neighbours, classes: tuple[str, ...]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Positions in ``neighbours.products`` of the ``classes`` it knows, and theirs."""
    position = {name: i for i, name in enumerate(neighbours.products)}
    known = [i for i, name in enumerate(classes) if name in position]
    return np.array([position[classes[i]] for i in known], dtype=np.int64), np.array(
        known, dtype=np.int64
    )


def build(
    vectors: npt.ArrayLike,
    products: Sequence[str],
    kinds: Sequence[str],
    *,
    weight: float = WEIGHT,
) -> Neighbours:
    """Neighbours from examples' sentence vectors, their products and kinds (e.g.
    ``conversation``, ``utterance``, ``names``); rows that are all zero (no vector) are left
    out. Each kind is centred on its own mean; a question at run time on the conversations'."""
    matrix = np.asarray(vectors, dtype=np.float32)
    have = np.abs(matrix).sum(axis=1) > 0
    kind_array = np.asarray(list(kinds))
    centred = matrix.copy()
    means: dict[str, Any] = {}
    for kind in dict.fromkeys(kinds):
        rows = (kind_array == kind) & have
        if rows.any():
            means[kind] = matrix[rows].mean(axis=0)
            centred[rows] -= means[kind]
    centred = centred[have]
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    keep = norms[:, 0] > 0
    names = tuple(dict.fromkeys(products))
    index = {name: i for i, name in enumerate(names)}
    labels = np.array([index[p] for p, h in zip(products, have, strict=True) if h], np.int32)
    offset = means.get(RUN_KIND, np.zeros(matrix.shape[1], dtype=np.float32))
    return Neighbours(
        (centred[keep] / norms[keep]).astype(np.float32),
        labels[keep],
        names,
        np.asarray(offset, dtype=np.float32),
        weight,
    )


@cache
def packaged() -> Neighbours | None:
    """The packaged neighbours (read once per process), or None without the file."""
    return tables.packaged_file(DEFAULT_FILE, Neighbours.load)
