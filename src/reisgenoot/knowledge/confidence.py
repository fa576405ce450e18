"""When to answer and when to hand over: two calibrated models over the ranking's evidence.

- **confidence**: the probability that the first article is right (a logistic model over
  :data:`FEATURES`). Below ``threshold`` the question goes to a person as ``low_confidence``,
  below ``out_of_scope_below`` as ``out_of_scope``.
- **in scope**: the probability that the kennisbank answers the question at all, whichever
  article comes first. Below ``in_scope_below`` the question is ``out_of_scope``. It reads the
  same evidence, including how much of the question's product probability falls on products
  the kennisbank covers (a question about huurtoeslag, which no article covers, is out of
  scope even when an article about kwijtschelding shares its words), and — when the
  calibration holds one — a learned **projection** of the question's e5 vector ``q`` and of
  its agreement with the best article's best section ``q * d`` (the feature ``scope_vector``,
  :class:`Projection`; ADR 61), and — when the calibration names it — the question's
  reading of a **report** (feature ``scope_report``, :func:`report_evidence`; ADR 94): a
  resident reporting a broken lamp or a missed bin shares few words with the article that
  answers it, so the ranking's evidence alone reads such a report as out of scope.

Both are fitted on the development sets by ``scripts/knowledge_models.py`` (weights in
``data/calibration.json``, thresholds chosen by cross-validation so that at most about one in
ten answerable questions is handed over).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from reisgenoot.knowledge.retrieval import Ranking, Retriever, calibration_data

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
SCOPE_VECTOR = "scope_vector"  # the projection's logit, read by the in-scope model only
SCOPE_REPORT = "scope_report"  # the report reading (:func:`report_evidence`), in-scope model only
REPORT_INTENT = "melding"
REPORT_FLOOR = 0.5  # below this probability of a report the evidence is 0
AGREEMENT_SCALE = 20.0  # q * d is small per dimension; scaled to the range of q
PROJECTION_MODES = ("q", "qd", "q+qd")


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
class Projection:
    """A logistic projection of the question's e5 vector: can the kennisbank answer it?

    ``mode`` names the inputs: ``q`` (the question vector), ``qd`` (``q * d`` scaled by
    :data:`AGREEMENT_SCALE`, ``d`` the vector of the best article's best section) or both.
    Fitted by ``scripts/knowledge_scope.py fit`` on broad data; the logit is the in-scope
    model's :data:`SCOPE_VECTOR` evidence.
    """

    mode: str
    weights: npt.NDArray[np.float64]
    intercept: float

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Projection | None:
        if not data or data.get("mode") not in PROJECTION_MODES:
            return None
        return cls(
            str(data["mode"]), np.asarray(data["weights"], dtype=np.float64),
            float(data["intercept"]),
        )  # fmt: skip

    def design(self, q: npt.NDArray[Any], d: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        q64 = np.asarray(q, dtype=np.float64)
        agreement = q64 * np.asarray(d, dtype=np.float64) * AGREEMENT_SCALE
        parts = {"q": [q64], "qd": [agreement], "q+qd": [q64, agreement]}[self.mode]
        return np.concatenate(parts)

    def logit(self, q: npt.NDArray[Any], d: npt.NDArray[Any]) -> float:
        x = self.design(q, d)
        if x.shape != self.weights.shape:
            return 0.0  # another embedder's vectors: no evidence either way
        return float(x @ self.weights) + self.intercept

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "weights": [round(float(w), 5) for w in self.weights],
            "intercept": round(self.intercept, 6),
        }


def scope_vectors(
    retriever: Retriever, ranking: Ranking
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]] | None:
    """The question's e5 vector and the best article's best-section vector (None: no e5)."""
    if not ranking.hits or not retriever.semantic or retriever.dense is None:
        return None
    q = retriever.query_vector(ranking.query)
    top = ranking.hits[0]
    index = next((i for i, doc in enumerate(retriever.docs) if doc is top.doc), None)
    found = None
    if index is not None:
        found = retriever.dense.section_vector(index, top.section or "titel")
    return q, (found if found is not None else np.zeros_like(q))


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
    projection: Projection | None = None

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
            projection=Projection.from_data(scope.get("projection")),
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

    def scope(self, ranking: Ranking, retriever: Retriever | None = None) -> float:
        """The probability that the kennisbank answers the question (1 without a model).

        With a :class:`Projection` the question's vectors come from ``retriever`` (its query
        vector cache: no second embedding); without e5 the projection reads as neutral (0).
        """
        if not ranking.hits:
            return 0.0
        if self.in_scope is None:
            return 1.0
        values = ranking.features
        if SCOPE_VECTOR in self.in_scope.features:
            found = scope_vectors(retriever, ranking) if retriever is not None else None
            logit = self.projection.logit(*found) if self.projection and found else 0.0
            values = {**values, SCOPE_VECTOR: logit}
        if SCOPE_REPORT in self.in_scope.features and ranking.understanding is not None:
            report = ranking.understanding.own_intents.get(REPORT_INTENT, 0.0)
            values = {**values, SCOPE_REPORT: report_evidence(report)}
        return self.in_scope.probability(values)

    def reason(self, confidence: float, scope: float = 1.0) -> str:
        """``answered``, ``low_confidence`` or ``out_of_scope`` for these probabilities."""
        if confidence < self.out_of_scope_below or scope < self.in_scope_below:
            return "out_of_scope"
        if confidence < self.threshold:
            return "low_confidence"
        return "answered"


def report_evidence(probability: float) -> float:
    """How surely the question reports a problem: 0 up to :data:`REPORT_FLOOR` of the
    own-case head's ``melding`` probability (the four-writer intents, ADR 89), 1 at certainty.
    Only a clear report moves the in-scope decision; every other question keeps its scope."""
    return max(0.0, probability - REPORT_FLOOR) / (1.0 - REPORT_FLOOR)


def confidence_features(ranking: Ranking, names: tuple[str, ...] = FEATURES) -> list[float]:
    """The evidence the models read, in ``names`` order."""
    return [float(ranking.features.get(name, 0.0)) for name in names]
