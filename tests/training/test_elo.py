"""The Elo learner model: pure functions, partial credit, target ~0.775."""

from __future__ import annotations

import pytest

from reisgenoot.training.elo import (
    TARGET,
    Rating,
    TraineeProfile,
    expected,
    k_factor,
    pick_next,
    priors,
    record,
    update,
)


def test_expected_and_k() -> None:
    assert expected(0.0, 0.0) == pytest.approx(0.5)
    assert expected(1.0, 0.0) > 0.7
    assert k_factor(0) == pytest.approx(0.8)
    assert k_factor(20) == pytest.approx(0.4)


def test_partial_credit_moves_ratings_in_opposite_directions() -> None:
    ability, difficulty = update(Rating(0.0), Rating(0.0), 0.9)
    assert ability.value > 0 > difficulty.value
    assert ability.count == difficulty.count == 1
    ability, difficulty = update(Rating(0.0), Rating(0.0), 0.5)
    assert ability.value == pytest.approx(0.0) and difficulty.value == pytest.approx(0.0)
    low, _ = update(Rating(0.0), Rating(0.0), 0.2)
    assert low.value < 0


def test_record_updates_each_skill_and_the_history() -> None:
    profile, difficulty = record(
        TraineeProfile(), Rating(-1.5), "paspoort-vakantie", {"empathie": 100, "b1": 40}
    )
    assert profile.skills["empathie"].value > profile.skills["b1"].value
    assert profile.history == ("paspoort-vakantie",)
    assert difficulty.count == 1


def test_new_trainee_starts_easy_and_moves_up() -> None:
    difficulties = priors([("a1", 1), ("b1", 1), ("a2", 2), ("a3", 3)])
    first = pick_next(TraineeProfile(), difficulties)
    assert first in {"a1", "b1"}
    assert abs(expected(0.0, difficulties[first].value) - TARGET) < 0.1
    strong = TraineeProfile(
        skills={
            "empathie": Rating(3.0, 10),
            "toon": Rating(3.0, 10),
            "volledigheid": Rating(3.0, 10),
            "juistheid": Rating(3.0, 10),
            "b1": Rating(3.0, 10),
            "afsluiting": Rating(3.0, 10),
        }
    )
    assert pick_next(strong, difficulties) == "a3"


def test_recent_scenarios_are_skipped_and_pick_is_deterministic() -> None:
    difficulties = priors([("a1", 1), ("b1", 1), ("a2", 2)])
    profile = TraineeProfile(history=("a1",))
    assert pick_next(profile, difficulties) == "b1"
    assert pick_next(profile, difficulties) == pick_next(profile, difficulties)
    with pytest.raises(ValueError):
        pick_next(profile, {})
