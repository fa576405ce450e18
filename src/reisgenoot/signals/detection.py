"""What a signal detector sees and what it gives: the :class:`Context`, the :class:`Signal` and
the :class:`Detector` protocol.

A detector finds one kind of signal (volume growth, a tone shift, …). It gets a
:class:`Context` — the period (the detection window and the baseline before it), the daily
aggregates of the registered contacts in it, the database session for its own aggregate
queries, the team (``None``: the whole municipality) and the shared k-anonymity
:class:`~reisgenoot.signals.kanon.Suppression` — and returns the signals it finds. The detectors
are registered in :data:`reisgenoot.signals.kinds.DETECTORS`; ``compute_signals``
(:mod:`reisgenoot.signals.service`) runs them in that order, adds the examples and sorts.

Every detector keeps the rules of contracts §10: figures per team or municipality, never per
employee; every figure rests on ≥ K contacts (and ≥ K people where people are involved), checked
with ``context.suppression`` so that what is left out is counted; and it learns nothing from
how people marked earlier signals (``tests/signals/test_detection.py`` checks the imports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.signals.aggregate import Cells, ExampleQuery
from reisgenoot.signals.kanon import Suppression

WINDOW_DAYS = 7
BASELINE_DAYS = 84
DEFAULT_PERIOD_DAYS = 28
VOLUME_FLOOR = 1.0  # contacts per day on average; smaller topics are grouped
SMALL_TOPICS = "kleine onderwerpen (samen)"

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Signal:
    """One finding: what (``kind``, ``topic``, ``kanaal``), when (``window``), how unusual.

    ``query`` says which contacts are its examples; they are added after detection.
    """

    kind: str
    topic: str
    kanaal: str | None
    window: tuple[date, date]
    baseline: float
    observed: float
    score: float
    explanation: str
    examples: list[str] = field(default_factory=list)
    query: ExampleQuery = field(default_factory=ExampleQuery, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The contract's keys (contracts §9), nothing else."""
        return {
            "kind": self.kind,
            "topic": self.topic,
            "kanaal": self.kanaal,
            "window": {"start": self.window[0].isoformat(), "end": self.window[1].isoformat()},
            "baseline": round(self.baseline, 3),
            "observed": round(self.observed, 3),
            "score": round(self.score, 2),
            "explanation": self.explanation,
            "examples": list(self.examples),
        }


# --- the period ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    since: date
    until: date
    window_start: date
    history_start: date

    @property
    def window(self) -> tuple[date, date]:
        return self.window_start, self.until

    @property
    def window_days(self) -> int:
        return (self.until - self.window_start).days + 1

    @property
    def history_days(self) -> int:
        return (self.window_start - self.history_start).days


def make_period(since: date | None, until: date) -> Period:
    start = since if since is not None else until - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if start > until:
        raise InputError("since after until", detail="--since ligt na --until")
    window_start = max(start, until - timedelta(days=WINDOW_DAYS - 1))
    history_start = min(start, window_start - timedelta(days=BASELINE_DAYS))
    return Period(start, until, window_start, history_start)


# --- the context -----------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    """Everything a detector may look at for one period (at team or municipality level)."""

    session: Session
    team_id: int | None  # None: the whole municipality
    period: Period
    cells: Cells  # daily aggregates from period.history_start to period.until
    suppression: Suppression  # shared: count every cell left out for k-anonymity

    @property
    def first_data(self) -> int:
        """Index of the first day with any contact: earlier days are before the data began
        (a new installation, an import) and would pull the baseline down."""
        busy = np.nonzero(self.cells.contacts.sum(axis=(1, 2)))[0]
        return int(busy[0]) if busy.size else 0


class Detector(Protocol):
    """One kind of signal. Register an instance in :data:`reisgenoot.signals.kinds.DETECTORS`."""

    @property
    def name(self) -> str:
        """A unique name for the detector (several may give the same ``Signal.kind``)."""
        ...

    def detect(self, context: Context) -> list[Signal]:
        """The signals of ``context.period``'s window; suppressed cells counted on
        ``context.suppression``."""
        ...


# --- topics below the volume floor -----------------------------------------------------------


def group_small(cells: Cells, values: npt.NDArray[np.int64]) -> tuple[list[str], FloatArray]:
    """Merge topics below the volume floor into one group; returns names and summed arrays."""
    per_day = cells.contacts.sum(axis=(0, 2)) / max(len(cells.days), 1)
    big = [i for i, v in enumerate(per_day) if v >= VOLUME_FLOOR]
    small = [i for i, v in enumerate(per_day) if v < VOLUME_FLOOR]
    names = [cells.topics[i] for i in big]
    parts = [values[:, big, :].astype(np.float64)]
    if small:
        names.append(SMALL_TOPICS)
        parts.append(values[:, small, :].sum(axis=1, keepdims=True).astype(np.float64))
    return names, np.concatenate(parts, axis=1)


def members_of(cells: Cells) -> list[list[str]]:
    """The UPL names in each topic of :func:`group_small` (the small ones together, last)."""
    per_day = cells.contacts.sum(axis=(0, 2)) / max(len(cells.days), 1)
    members = [[t] for t, v in zip(cells.topics, per_day, strict=True) if v >= VOLUME_FLOOR]
    small = [t for t, v in zip(cells.topics, per_day, strict=True) if v < VOLUME_FLOOR]
    return members + ([small] if small else [])
