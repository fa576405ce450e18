"""When to answer and when to hand over: two calibrated models over the ranking's evidence.

- **confidence**: the probability that the first article is right (a logistic model over
  :data:`FEATURES`). Below ``threshold`` the question goes to a person as ``low_confidence``,
  below ``out_of_scope_below`` as ``out_of_scope``.
- **in scope**: the probability that the kennisbank answers the question at all, whichever
  article comes first. Below ``in_scope_below`` the question is ``out_of_scope``. It reads the
  same evidence, including how much of the question's product probability falls on products
  the kennisbank covers (a question about huurtoeslag, which no article covers, is out of
  scope even when an article about kwijtschelding shares its words).

Both are fitted on the development sets by ``scripts/knowledge_models.py`` (weights in
``data/calibration.json``, thresholds chosen by cross-validation so that at most about one in
ten answerable questions is handed over).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reisgenoot.knowledge.retrieval import Ranking, calibration_data

FEATURES = (
    "rerank",
    "rerank_margin",
    "dense",
    "coverage",
    "lexical",
    "unknown",
    "title",
    "covered",
    "product",
    "intent_agreement",
    "intent_section",
    "title_coverage",
    "question_in_title",
    "product_max",
)
LEGACY_FEATURES = ("dense", "coverage", "lexical", "unknown", "title")


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


@dataclass(frozen=True, slots=True)
class Logistic:
    """A logistic model over named evidence (raw values: the scaling is folded in)."""

    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Logistic | None:
        if not data:
            return None
        return cls(
            tuple(str(f) for f in data["features"]),
            tuple(float(c) for c in data["coefficients"]),
            float(data["intercept"]),
        )

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept + sum(
            c * float(values.get(name, 0.0))
            for name, c in zip(self.features, self.coefficients, strict=True)
        )
        return _sigmoid(z)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "coefficients": [round(c, 6) for c in self.coefficients],
            "intercept": round(self.intercept, 6),
        }


@dataclass(frozen=True, slots=True)
class AnswerPolicy:
    """Confidence model, in-scope model and the hand-off thresholds.

    ``features`` defaults to :data:`FEATURES` when there is a coefficient for each of them,
    otherwise to the five of the first calibration (:data:`LEGACY_FEATURES`).
    """

    coefficients: tuple[float, ...] = (2.66, -0.05, 1.65, -2.71, 41.6)
    intercept: float = -40.9
    threshold: float = 0.54
    out_of_scope_below: float = 0.27
    features: tuple[str, ...] | None = None
    in_scope: Logistic | None = None
    in_scope_below: float = 0.0

    @classmethod
    def from_data(cls) -> AnswerPolicy:
        data = calibration_data().get("confidence")
        if not data:
            return cls()
        features = tuple(str(f) for f in data.get("features", LEGACY_FEATURES))
        if not set(features) <= set(FEATURES) | set(LEGACY_FEATURES):
            return cls()  # fitted on evidence this version does not compute
        scope = calibration_data().get("in_scope") or {}
        return cls(
            coefficients=tuple(float(c) for c in data["coefficients"]),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            out_of_scope_below=float(data["out_of_scope_below"]),
            features=features,
            in_scope=Logistic.from_data(scope),
            in_scope_below=float(scope.get("threshold", 0.0)),
        )

    @property
    def names(self) -> tuple[str, ...]:
        if self.features is not None:
            return self.features
        return FEATURES if len(self.coefficients) == len(FEATURES) else LEGACY_FEATURES

    def model(self) -> Logistic:
        return Logistic(self.names, self.coefficients, self.intercept)

    def confidence(self, ranking: Ranking) -> float:
        """The probability that the first article answers the question (0 without hits)."""
        if not ranking.hits:
            return 0.0
        return self.model().probability(ranking.features)

    def scope(self, ranking: Ranking) -> float:
        """The probability that the kennisbank answers the question (1 without a model)."""
        if not ranking.hits:
            return 0.0
        return self.in_scope.probability(ranking.features) if self.in_scope else 1.0

    def reason(self, confidence: float, scope: float = 1.0) -> str:
        """``answered``, ``low_confidence`` or ``out_of_scope`` for these probabilities."""
        if confidence < self.out_of_scope_below or scope < self.in_scope_below:
            return "out_of_scope"
        if confidence < self.threshold:
            return "low_confidence"
        return "answered"


def confidence_features(ranking: Ranking, names: tuple[str, ...] = FEATURES) -> list[float]:
    """The evidence the models read, in ``names`` order."""
    return [float(ranking.features.get(name, 0.0)) for name in names]
