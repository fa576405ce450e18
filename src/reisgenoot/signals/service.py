"""``compute_signals``: the signals of one period, at municipality or team level.

The period is ``[since, until]`` (local dates, Europe/Amsterdam). Detection looks at the
latest window (the last 7 days of the period); the baseline is the 12 weeks before the window
(or from ``since`` if that is earlier). Topics whose volume stays under a floor are grouped.
Every figure rests on ≥ 5 contacts (and ≥ 5 people where people are involved), otherwise it
is suppressed and counted; nothing is ever computed per employee.

This module prepares the :class:`~reisgenoot.signals.detection.Context` (period, daily
aggregates, team, suppression), runs every detector registered in
:data:`reisgenoot.signals.kinds.DETECTORS` and adds the examples. The kinds themselves are in
:mod:`reisgenoot.signals.kinds`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.language.pii import redact
from reisgenoot.signals import aggregate as agg
from reisgenoot.signals.detection import (
    SMALL_TOPICS,
    Context,
    Detector,
    Signal,
    make_period,
)
from reisgenoot.signals.kanon import K, Suppression
from reisgenoot.signals.kinds import ALL_TOPICS, CHAT_KANAAL, DETECTORS

__all__ = [
    "ALL_TOPICS",
    "CHAT_KANAAL",
    "DETECTORS",
    "EXAMPLES",
    "SMALL_TOPICS",
    "Signal",
    "SignalsReport",
    "compute_signals",
]

EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class SignalsReport:
    signals: list[Signal]
    suppressed: int
    since: date | None = None
    until: date | None = None
    window: tuple[date, date] | None = None
    team: str | None = None
    team_merged: bool = False  # the team is too small: it is only reported in the whole

    def to_dict(self) -> dict[str, Any]:
        return {
            "signals": [s.to_dict() for s in self.signals],
            "suppressed": self.suppressed,
            "period": None
            if self.since is None or self.until is None
            else {"start": self.since.isoformat(), "end": self.until.isoformat()},
            "team": self.team,
            "team_merged": self.team_merged,
        }


def _with_examples(context: Context, signals: list[Signal]) -> list[Signal]:
    p = context.period
    result = []
    for signal in signals:
        raw = agg.example_subjects(
            context.session, p.window_start, p.until, signal.query, context.team_id
        )
        result.append(replace(signal, examples=[redact(t).text for t in raw[:EXAMPLES]]))
    return sorted(result, key=lambda s: (-s.score, s.kind, s.topic))


def _resolve_team(session: Session, team: str | None) -> int | None:
    if team is None:
        return None
    team_id = agg.team_id_by_name(session, team)
    if team_id is None:
        raise InputError("unknown team", code="onbekend_team", team=team)
    return team_id


def compute_signals(
    session: Session,
    since: date | None = None,
    until: date | None = None,
    team: str | None = None,
    *,
    detectors: Sequence[Detector] = DETECTORS,
) -> SignalsReport:
    """All signals of the latest window of ``[since, until]`` (defaults: the last 28 days),
    found by ``detectors`` (default: every registered kind)."""
    if since is not None and until is not None and since > until:
        raise InputError("since after until", detail="--since ligt na --until")
    team_id = _resolve_team(session, team)
    latest = agg.latest_contact_day(session)
    if latest is None:
        return SignalsReport([], 0, team=team)
    period = make_period(since, until or latest)
    if team_id is not None and agg.team_people(session, team_id, *period.window) < K:
        cells = agg.daily_cells(session, period.window_start, period.until, team_id)
        hidden = int(np.count_nonzero(cells.contacts.sum(axis=0)))
        return SignalsReport(
            [], hidden, period.since, period.until, period.window, team, team_merged=True
        )
    cells = agg.daily_cells(session, period.history_start, period.until, team_id)
    context = Context(session, team_id, period, cells, Suppression())
    found: list[Signal] = []
    if not cells.empty:
        for detector in detectors:
            found.extend(detector.detect(context))
    signals = _with_examples(context, found)
    return SignalsReport(
        signals, context.suppression.count, period.since, period.until, period.window, team
    )
