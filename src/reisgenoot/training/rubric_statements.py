"""The feedback statements of the rubric and the trainee turns they quote.

A :class:`Statement` says about one criterion whether something went well or can grow, in
Dutch addressed to the trainee with "je", with the trainee's own words as the quote where there
are any. The texts are in ``data/rubriek.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reisgenoot.training.analysis import TurnAnalysis
from reisgenoot.training.datafiles import texts

__all__ = [
    "LEVELS",
    "SAY_BELOW",
    "TRAINEE",
    "RubricTurn",
    "Statement",
    "confident",
    "contradicted",
    "quote",
    "say",
]

TRAINEE = "medewerker"
LEVELS: dict[str, tuple[str | int, ...]] = {
    "feiten": ("fout", "deels", "goed"),
    "empathie": (0, 1, 2),
    "vragen": (0, 1, 2),
    "samenvatten": (0, 1),
    "afsluiten": (0, 1, 2),
}
"""Each criterion's levels, lowest first."""
_TEXTS: Mapping[str, Any] = texts("rubriek.yaml")


@dataclass(frozen=True, slots=True)
class Statement:
    """One feedback statement: about which criterion, good or to grow, and the quote."""

    criterion: str
    positive: bool
    text: str
    quote: str | None = None
    kind: str = "algemeen"
    """``fout`` for a stated factual error, ``ontbreekt`` for an omission, else ``algemeen``."""

    def to_dict(self) -> dict[str, object]:
        return {
            "criterium": self.criterion,
            "goed": self.positive,
            "tekst": self.text,
            "citaat": self.quote,
            "soort": self.kind,
        }


@dataclass(slots=True)
class RubricTurn:
    text: str
    analysis: TurnAnalysis
    index: int


def say(key: str, **values: object) -> str:
    return str(_TEXTS["uitspraken"][key]).format(**values)


def quote(turn: RubricTurn | None) -> str | None:
    return turn.text if turn is not None else None


SAY_BELOW = 0.2
"""A statement is said only when the learned chance that an opleider contradicts it is below
this. ADR 48 chose 0.25 by cross-validation on blind dev among 0.15, 0.2, 0.25, 0.3, 0.35 and
0.5; with the asking of ADR 51 the cross-validated blind dev figures are 474 statements,
3.4 % wrong at 0.25, and 460 statements, 2.6 % wrong at 0.2 (0.15: 446, 2.5 %). Of the
statements 0.2 leaves out, 4 in 14 were wrong against 3.4 % of all: ADR 51 takes 0.2."""


KEEP_ERRORS = True
"""A stated factual error is always said: the level ``fout`` must name the sentence it means."""


def contradicted(criterion: str, positive: bool, kind: str, level: str | int) -> bool:
    """Whether a criterion's ``level`` contradicts a statement about it.

    Praise is contradicted by the lowest level, a growth point by the highest; a stated factual
    error (``kind`` ``fout``) by any feiten level but ``fout``, a missing explanation
    (``ontbreekt``) by ``goed``. The bench counts a statement wrong by this rule against the
    opleider's level; the feedback page keeps a statement only when the rubric's own level does
    not contradict it by the same rule, so one page never disagrees with itself.
    """
    levels = [str(item) for item in LEVELS[criterion]]
    found = str(level)
    if criterion == "feiten" and kind == "fout":
        return found != "fout"
    if criterion == "feiten" and kind == "ontbreekt":
        return found == "goed"
    return found == (levels[0] if positive else levels[-1])


def contradiction(statement: Statement, chances: Mapping[str, float]) -> float:
    """The chance, by a criterion's model, that an opleider's level contradicts ``statement``.

    ``chances`` are the model's level → probability, lowest level first. Praise is contradicted
    by the lowest level, a growth point by the highest; a stated factual error by any level but
    ``fout``, a missing explanation by ``goed``.
    """
    levels = list(chances)
    if statement.kind == "fout":
        return 1.0 - chances.get("fout", 1.0)
    if statement.kind == "ontbreekt":
        return chances.get("goed", 0.0)
    return chances[levels[0]] if statement.positive else chances[levels[-1]]


def confident(
    statements: Sequence[Statement], chances: Mapping[str, Mapping[str, float]]
) -> list[Statement]:
    """The statements the models do not doubt: feedback says less rather than something wrong.

    A criterion without a model keeps its statements (the rules are all there is).
    """
    return [
        statement
        for statement in statements
        if statement.criterion not in chances
        or (KEEP_ERRORS and statement.kind == "fout")
        or contradiction(statement, chances[statement.criterion]) < SAY_BELOW
    ]
