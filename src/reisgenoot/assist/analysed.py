"""A conversation as agent assist reads it: every turn with its language analysis, made once.

The language core analyses each turn once (:func:`reisgenoot.language.analysis.analyse`:
tokens, sentences, lemmas, personal data and, for a resident's turn only, tone — contracts §10).
Topics, outcome, the registration draft and live assist read those analyses instead of
tokenising, splitting, detecting and scoring the same text again; live assist keeps them with
its session, so a new turn costs one analysis.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from reisgenoot.assist.transcript import Turn
from reisgenoot.language.analysis import TurnAnalysis, analyse

__all__ = ["AnalysedTurn", "analyse_turn", "analyse_turns"]


@dataclass(frozen=True, slots=True)
class AnalysedTurn:
    """A turn and the language core's analysis of its text."""

    turn: Turn
    analysis: TurnAnalysis

    @property
    def speaker(self) -> str:
        return self.turn.speaker

    @property
    def text(self) -> str:
        return self.turn.text

    @property
    def at(self) -> datetime | None:
        return self.turn.at

    @property
    def is_employee(self) -> bool:
        return self.turn.is_employee

    @property
    def is_resident(self) -> bool:
        return self.turn.is_resident


def analyse_turn(turn: Turn) -> AnalysedTurn:
    """``turn`` with its analysis; tone only for a resident's words."""
    return AnalysedTurn(turn, analyse(turn.text, tone=turn.is_resident))


def analyse_turns(turns: Iterable[Turn]) -> tuple[AnalysedTurn, ...]:
    """Every turn analysed once."""
    return tuple(analyse_turn(turn) for turn in turns)
