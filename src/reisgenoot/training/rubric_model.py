"""A small learned judgement per rubric criterion: multinomial logistic regression, numpy only.

The rubric's rules (``rubric.py``) find what a trainee did: acknowledgements, questions and
the facts they asked, recaps, the close check, a goodbye. How opleiders weigh those
observations into a level (is one "vervelend voor u" a 1 or a 2 in a conversation with a
grieving resident?) is learned from transcripts that opleiders judged:
``scripts/train_rubric_model.py`` fits one model per criterion on the own set and the blind
dev set and writes ``data/rubriek_model.json``; the bench reports the blind dev figure by
cross-validation (folds by scenario), so it is never in-sample.

The features (:mod:`.rubric_features`) are counts and shares of observable phrasing, never an
assessment of the trainee's emotions (contracts §10). Fitting and prediction are plain numpy:
standardised features, softmax, L2-regularised full-batch gradient descent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["CriterionModel", "fit", "load_models"]

MODEL_FILE = "rubriek_model.json"
Array = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CriterionModel:
    """One criterion: the features it reads, their scaling, and the weights per level."""

    criterion: str
    levels: tuple[str, ...]
    features: tuple[str, ...]
    mean: Array
    scale: Array
    weights: Array  # levels × features
    bias: Array  # levels

    def probabilities(self, values: Mapping[str, float]) -> Array:
        row = np.array([float(values.get(name, 0.0)) for name in self.features])
        z = (row - self.mean) / self.scale
        logits = self.weights @ z + self.bias
        logits -= logits.max()
        exp = np.exp(logits)
        result: Array = exp / exp.sum()
        return result

    def predict(self, values: Mapping[str, float]) -> str:
        """The most probable level, as the level's text ("0", "1", "goed" …)."""
        return self.levels[int(np.argmax(self.probabilities(values)))]

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "levels": list(self.levels),
            "features": list(self.features),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "weights": [[round(float(x), 6) for x in row] for row in self.weights],
            "bias": [round(float(x), 6) for x in self.bias],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CriterionModel:
        return cls(
            criterion=str(data["criterion"]),
            levels=tuple(str(x) for x in data["levels"]),
            features=tuple(str(x) for x in data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=np.asarray(data["bias"], dtype=np.float64),
        )


def fit(
    criterion: str,
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[str],
    levels: Sequence[str],
    features: Sequence[str],
    *,
    l2: float = 1.0,
    weights: Sequence[float] | None = None,
    steps: int = 600,
) -> CriterionModel:
    """Fit a softmax regression of ``labels`` (each one of ``levels``) on ``rows``."""
    x = np.array([[float(row.get(name, 0.0)) for name in features] for row in rows])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    index = {level: i for i, level in enumerate(levels)}
    y = np.zeros((len(rows), len(levels)))
    for i, label in enumerate(labels):
        y[i, index[str(label)]] = 1.0
    w_items = np.ones(len(rows)) if weights is None else np.asarray(weights, dtype=np.float64)
    w_items = w_items / w_items.sum()
    w = np.zeros((len(levels), len(features)))
    b = np.zeros(len(levels))
    rate = 0.5
    for _ in range(steps):
        logits = z @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - y) * w_items[:, None]
        w -= rate * (error.T @ z + l2 * w / len(rows))
        b -= rate * error.sum(axis=0)
    return CriterionModel(criterion, tuple(levels), tuple(features), mean, scale, w, b)


@cache
def load_models() -> Mapping[str, CriterionModel]:
    """The shipped models per criterion (empty when the file is absent)."""
    path = resources.files("reisgenoot.training").joinpath("data", MODEL_FILE)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {item["criterion"]: CriterionModel.from_dict(item) for item in data["models"]}
