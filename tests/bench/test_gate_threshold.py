"""The person gate's threshold sweep, shared by the shipped fit and the writer-held-out probe."""

from __future__ import annotations

import numpy as np

from reisgenoot.bench.gate_threshold import MAX_GATE_ON_ANSWERABLE, gate_threshold


def test_the_threshold_catches_most_person_questions_within_the_answerable_budget() -> None:
    answerable_scores = np.arange(100) / 200  # 0.0 … 0.495
    person_scores = np.linspace(0.3, 0.8, 10)
    scores = np.r_[answerable_scores, person_scores]
    person = np.r_[np.zeros(100, bool), np.ones(10, bool)]
    t = gate_threshold(scores, np.zeros(110, bool), person, ~person)
    # the lowest threshold that flags at most 3 of the 100 answerable questions
    assert t == 0.49
    assert (answerable_scores >= t).mean() <= MAX_GATE_ON_ANSWERABLE
    assert (answerable_scores >= t - 0.01).mean() > MAX_GATE_ON_ANSWERABLE


def test_the_own_case_rule_counts_as_caught_and_as_flagged() -> None:
    scores = np.array([0.1, 0.2, 0.9, 0.3])
    person = np.array([False, False, True, True])
    # the rule flags the second person question, so a high threshold catches both
    rule = np.array([False, False, False, True])
    assert gate_threshold(scores, rule, person, ~person) == 0.21  # flags no answerable one
    # a rule on an answerable question spends the whole budget: no threshold keeps within it
    assert gate_threshold(scores, np.array([True, False, False, False]), person, ~person) == 0.5
