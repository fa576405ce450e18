"""What one turn of a practice conversation leaves behind: the resident's reply and its state.

:class:`ResidentTurn` is what the resident says and how they feel about the conversation
afterwards (emotion, rapport); :class:`Exchange` pairs it with the trainee's line and its
analysis. :data:`OUTCOMES` names how a conversation can end (texts in
``data/simulatie.yaml``). The simulator itself is :mod:`reisgenoot.training.simulator`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reisgenoot.errors import ReisgenootError
from reisgenoot.training.analysis import TurnAnalysis
from reisgenoot.training.datafiles import table

__all__ = ["OUTCOMES", "Exchange", "ResidentTurn", "SessionError", "band_for"]

OUTCOMES = table("simulatie.yaml", "uitkomsten")
"""How a conversation ended: key (stored and in JSON) → Dutch text."""


class SessionError(ReisgenootError):
    code = "training_fout"

    def dutch(self) -> str:
        return str(self.params.get("detail", "Het oefengesprek kan niet verder."))


def band_for(emotion: float) -> str:
    """The emotional band whose lines the resident speaks."""
    if emotion < 3.5:
        return "rustig"
    if emotion < 6.5:
        return "onrustig"
    return "overstuur"


@dataclass(frozen=True, slots=True)
class ResidentTurn:
    """What the resident says, and the state after saying it."""

    text: str
    band: str
    emotion: float
    rapport: float
    revealed: tuple[str, ...] = ()
    explained: tuple[str, ...] = ()
    finished: bool = False
    outcome: str | None = None
    hint: str | None = None

    def with_hint(self, hint: str | None) -> ResidentTurn:
        """The same turn with a tip for the trainee's next line."""
        return replace(self, hint=hint)

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "band": self.band,
            "emotie": round(self.emotion, 1),
            "rapport": round(self.rapport, 1),
            "onthuld": list(self.revealed),
            "uitgelegd": list(self.explained),
            "klaar": self.finished,
            "uitkomst": self.outcome,
            "tip": self.hint,
        }


@dataclass(slots=True)
class Exchange:
    """One trainee line, its analysis, and the resident's answer."""

    trainee: str
    analysis: TurnAnalysis
    resident: ResidentTurn
    wrong_statements: list[str] = field(default_factory=list)
    emotion_before: float = 0.0
    acknowledged: bool = False
    """Whether the resident heard the turn as acknowledging (the learned model)."""
