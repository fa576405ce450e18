"""The feedback statements of the rubric and the trainee turns they quote.

A :class:`Statement` says about one criterion whether something went well or can grow, in
Dutch addressed to the trainee with "je", with the trainee's own words as the quote where there
are any. The texts are in ``data/rubriek.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reisgenoot.training.analysis import TurnAnalysis
from reisgenoot.training.datafiles import texts

__all__ = ["TRAINEE", "RubricTurn", "Statement", "quote", "say"]

TRAINEE = "medewerker"
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
