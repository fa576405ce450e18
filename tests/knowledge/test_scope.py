"""The in-scope model's e5 projection: stored, read at run time, and deciding out of scope."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from reisgenoot.knowledge.answering import Answerer
from reisgenoot.knowledge.confidence import (
    SCOPE_REPORT,
    SCOPE_VECTOR,
    Logistic,
    Projection,
    report_evidence,
    scope_vectors,
)

QUESTION = "hoe vraag ik een paspoort aan"


def test_a_projection_survives_the_calibration_file_and_reads_its_inputs() -> None:
    q, d = np.array([1.0, 0.0, 2.0]), np.array([0.5, 1.0, 0.0])
    projection = Projection("q+qd", np.arange(6, dtype=np.float64) / 10, -0.25)
    again = Projection.from_data(projection.to_dict())
    assert again is not None and again.mode == "q+qd"
    assert np.allclose(again.design(q, d), [1.0, 0.0, 2.0, 10.0, 0.0, 0.0])
    assert again.logit(q, d) == pytest.approx(0.0 + 0.0 + 0.4 + 3.0 - 0.25)
    # another embedder's vectors do not fit the weights: no evidence either way
    assert again.logit(np.ones(4), np.ones(4)) == 0.0
    assert Projection.from_data(None) is None
    assert Projection.from_data({"mode": "pca", "weights": [], "intercept": 0}) is None


def test_the_projection_decides_out_of_scope_through_the_in_scope_model(
    answerer: Answerer,
) -> None:
    ranking = answerer.retriever.rank(QUESTION, limit=3)
    found = scope_vectors(answerer.retriever, ranking)
    assert found is not None
    q, d = found
    assert q.shape == d.shape and float(np.abs(d).sum()) > 0  # the best section's vector
    reads_vector = Logistic((SCOPE_VECTOR,), (1.0,), 0.0)
    toward = Projection("q", np.asarray(q, dtype=np.float64) * 10, 0.0)
    away = Projection("q", -np.asarray(q, dtype=np.float64) * 10, 0.0)
    base = replace(answerer.policy, in_scope=reads_vector, in_scope_below=0.5)
    inside = replace(base, projection=toward)
    outside = replace(base, projection=away)
    assert inside.scope(ranking, answerer.retriever) > 0.99
    assert outside.scope(ranking, answerer.retriever) < 0.01
    # without the retriever (or without e5) the projection reads as neutral
    assert outside.scope(ranking) == pytest.approx(0.5)
    assert Answerer(answerer.retriever, inside).decide(QUESTION).reason == "answered"
    assert Answerer(answerer.retriever, outside).decide(QUESTION).reason == "out_of_scope"


def test_a_clear_report_raises_the_scope_and_other_questions_keep_theirs(
    answerer: Answerer,
) -> None:
    """ADR 94: ``scope_report`` reads the own-case head's ``melding`` above 0.5 only."""
    assert report_evidence(0.0) == 0.0 and report_evidence(0.5) == 0.0
    assert report_evidence(0.75) == pytest.approx(0.5) and report_evidence(1.0) == 1.0
    ranking = answerer.retriever.rank(QUESTION, limit=3)
    reading = ranking.understanding
    assert reading is not None
    reads_report = Logistic((SCOPE_REPORT,), (8.0,), -4.0)
    policy = replace(answerer.policy, in_scope=reads_report, in_scope_below=0.5)
    intents = dict.fromkeys(reading.own_intents, 0.0)
    report = replace(
        ranking, understanding=replace(reading, gate_intents=intents | {"melding": 1.0})
    )
    other = replace(
        ranking, understanding=replace(reading, gate_intents=intents | {"melding": 0.4})
    )
    assert policy.scope(report) == pytest.approx(0.982, abs=1e-3)
    assert policy.scope(other) == pytest.approx(0.018, abs=1e-3)  # below the floor: no evidence
