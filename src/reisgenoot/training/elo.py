"""Elo ratings for the adaptive path: per trainee per skill, and per scenario (pure functions).

On a logit scale: P(success) = σ(θ_trainee − d_scenario). After a session with partial credit
s ∈ [0, 1] (from the rubric), θ += K(n)·(s − P) and d −= K(n)·(s − P), with the
production-proven uncertainty K(n) = 0.8 / (1 + 0.05·n) (Pelánek 2016; proso-apps). The next
scenario is the one whose expected success is closest to the target of about 0.775 (Math Garden
uses .75, proso .8), skipping the ones just played.

Nothing here is stored: the web slice persists :class:`TraineeProfile` per trainee. Ratings
are formative (VISION principle 9): for the trainee and their opleider, never for ranking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "LEVEL_DIFFICULTY",
    "SKILLS",
    "TARGET",
    "Rating",
    "TraineeProfile",
    "expected",
    "k_factor",
    "pick_next",
    "priors",
    "record",
    "scenario_prior",
    "update",
]

SKILLS = ("empathie", "toon", "volledigheid", "juistheid", "b1", "afsluiting")
TARGET = 0.775
LEVEL_DIFFICULTY = {1: -1.5, 2: 0.0, 3: 1.5}


@dataclass(frozen=True, slots=True)
class Rating:
    """A rating on the logit scale and the number of updates behind it."""

    value: float = 0.0
    count: int = 0


@dataclass(frozen=True, slots=True)
class TraineeProfile:
    """A trainee's skill ratings and the scenarios played, most recent last."""

    skills: Mapping[str, Rating] = field(default_factory=dict)
    history: tuple[str, ...] = ()

    @property
    def ability(self) -> float:
        """Overall ability: the mean of the skill ratings (0 for a new trainee)."""
        values = [self.skills.get(skill, Rating()).value for skill in SKILLS]
        return sum(values) / len(values)

    def to_dict(self) -> dict[str, object]:
        return {
            "vaardigheden": {
                name: {"waarde": round(r.value, 3), "aantal": r.count}
                for name, r in self.skills.items()
            },
            "gespeeld": list(self.history),
        }


def expected(ability: float, difficulty: float) -> float:
    """Expected success of a trainee with ``ability`` on an item of ``difficulty``."""
    return 1.0 / (1.0 + math.exp(difficulty - ability))


def k_factor(count: int) -> float:
    """Update size after ``count`` earlier updates: large at first, then smaller."""
    return 0.8 / (1.0 + 0.05 * count)


def update(ability: Rating, difficulty: Rating, score: float) -> tuple[Rating, Rating]:
    """New (ability, difficulty) after a result with partial credit ``score`` in [0, 1]."""
    score = min(1.0, max(0.0, score))
    surprise = score - expected(ability.value, difficulty.value)
    new_ability = Rating(ability.value + k_factor(ability.count) * surprise, ability.count + 1)
    new_difficulty = Rating(
        difficulty.value - k_factor(difficulty.count) * surprise, difficulty.count + 1
    )
    return new_ability, new_difficulty


def scenario_prior(level: int) -> Rating:
    """The author's prior difficulty of a scenario from its level (1, 2 or 3)."""
    return Rating(LEVEL_DIFFICULTY.get(level, 0.0), 0)


def record(
    profile: TraineeProfile,
    difficulty: Rating,
    scenario: str,
    skill_scores: Mapping[str, float],
) -> tuple[TraineeProfile, Rating]:
    """Update each skill with its score (0–100 or 0–1) and the scenario with the mean score.

    Returns the new profile and the new difficulty of the scenario.
    """
    credits = {name: _credit(value) for name, value in skill_scores.items() if name in SKILLS}
    skills = dict(profile.skills)
    for name, credit in credits.items():
        skills[name], _unused = update(skills.get(name, Rating()), difficulty, credit)
    mean = sum(credits.values()) / len(credits) if credits else 0.0
    overall = Rating(profile.ability, min((r.count for r in profile.skills.values()), default=0))
    _ability, new_difficulty = update(overall, difficulty, mean)
    new_profile = replace(profile, skills=skills, history=(*profile.history, scenario))
    return new_profile, new_difficulty


def _credit(value: float) -> float:
    return value / 100.0 if value > 1.0 else value


def pick_next(
    profile: TraineeProfile,
    difficulties: Mapping[str, Rating],
    *,
    target: float = TARGET,
    avoid_recent: int = 2,
) -> str:
    """The scenario whose expected success is closest to ``target``.

    The last ``avoid_recent`` scenarios played are skipped when there is another choice;
    ties go to the scenario played least, then to the name (deterministic).
    """
    if not difficulties:
        raise ValueError("no scenarios to pick from")
    recent = set(profile.history[-avoid_recent:]) if avoid_recent else set()
    names = [name for name in difficulties if name not in recent] or list(difficulties)
    played = _counts(profile.history)
    ability = profile.ability
    return min(
        sorted(names),
        key=lambda name: (
            round(abs(expected(ability, difficulties[name].value) - target), 6),
            played.get(name, 0),
        ),
    )


def _counts(history: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in history:
        counts[name] = counts.get(name, 0) + 1
    return counts


def priors(levels: Iterable[tuple[str, int]]) -> dict[str, Rating]:
    """Starting difficulties for (scenario name, level) pairs."""
    return {name: scenario_prior(level) for name, level in levels}
