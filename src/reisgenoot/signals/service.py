"""``compute_signals``: the signals of one period, at municipality or team level.

The period is ``[since, until]`` (local dates, Europe/Amsterdam). Detection looks at the
latest window (the last 7 days of the period); the baseline is the 12 weeks before the window
(or from ``since`` if that is earlier). Topics whose volume stays under a floor are grouped.
Every figure rests on ≥ 5 contacts (and ≥ 5 people where people are involved), otherwise it
is suppressed and counted; nothing is ever computed per employee.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.language.calendar import MONTHS
from reisgenoot.language.pii import redact
from reisgenoot.signals import aggregate as agg
from reisgenoot.signals.aggregate import Cells, ExampleQuery
from reisgenoot.signals.baseline import log_offset
from reisgenoot.signals.detectors import (
    EMERGING_BASELINE_DAYS,
    H_KANAAL,
    H_VOLUME,
    Z_SHARE,
    Alarm,
    best_alarm,
    emerging_clusters,
    lead_expectation,
    proportion_z,
    share_shift,
)
from reisgenoot.signals.kanon import K, Suppression

WINDOW_DAYS = 7
BASELINE_DAYS = 84
DEFAULT_PERIOD_DAYS = 28
MIN_HISTORY_DAYS = 28  # days before the data began are skipped, down to this many
VOLUME_FLOOR = 1.0  # contacts per day on average; smaller topics are grouped
SMALL_TOPICS = "kleine onderwerpen (samen)"
ALL_TOPICS = "alle onderwerpen"
EXAMPLES = 3
MIN_HANDOFF_BASE = 20
MIN_RATED = 10  # ratings of chat answers on a topic in the window before it is judged
CHAT_KANAAL = "Chat op de website"  # the self-service chat (kanaal of its rating signals)

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Signal:
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


# --- wording ---------------------------------------------------------------------------------


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def period_text(start: date, end: date) -> str:
    if start == end:
        return f"op {_day(start)}"
    return f"van {_day(start)} tot en met {_day(end)}"


def _where(topic: str, kanaal: str | None) -> str:
    where = f"'{topic}'"
    return where + (f" via {kanaal}" if kanaal else "")


def volume_text(
    topic: str, kanaal: str | None, window: tuple[date, date], alarm: Alarm, h: float
) -> str:
    growth = (alarm.observed / alarm.expected - 1.0) * 100 if alarm.expected else 0.0
    chance = (
        f" Bij toeval zou het hoogstens ongeveer {alarm.limit:.0f} zijn."
        if alarm.observed > alarm.limit
        else ""
    )
    return (
        f"Over {_where(topic, kanaal)} kwamen {period_text(*window)} {alarm.observed:.0f} "
        f"contacten binnen. Normaal zijn dat er ongeveer {alarm.expected:.0f}. Daarbij is "
        f"rekening gehouden met de dag van de week en met feestdagen. Dat is {growth:.0f}% meer "
        f"dan normaal.{chance} Zo'n stijging komt bij toeval bijna nooit voor (score "
        f"{alarm.score:.1f}, signaal vanaf {h:.1f})."
    )


SHARE_WORDING = {
    "toon": (
        "was {share} van de inwoners boos of bezorgd ({x} van {n} contacten)",
        "Normaal is dat {reference} ({x0} van {n0}).",
        "",
    ),
    "herhaalcontact": (
        "nam {share} van de inwoners binnen 7 dagen opnieuw contact op over hetzelfde "
        "onderwerp ({x} van {n} contacten)",
        "Normaal is dat {reference} ({x0} van {n0}).",
        " Misschien was het eerste antwoord niet duidelijk of niet compleet.",
    ),
    "kennisbank": (
        "werd {share} van de vragen doorverbonden of moest de inwoner opnieuw contact opnemen "
        "({x} van {n} vragen)",
        "Bij de andere onderwerpen samen is dat {reference} ({x0} van {n0}).",
        " Misschien ontbreekt er informatie in de kennisbank.",
    ),
    "kennisbank_chat": (
        "vonden inwoners in de chat op de website {share} van de antwoorden niet nuttig ({x} van "
        "{n} beoordelingen)",
        "Bij de andere onderwerpen samen is dat {reference} ({x0} van {n0}).",
        " Misschien ontbreekt er informatie in de kennisbank, of is het artikel niet meer actueel.",
    ),
}


def share_text(
    kind: str,
    topic: str,
    window: tuple[date, date],
    counts: tuple[int, ...],
    kanaal: str | None = None,
) -> str:
    x, n, x0, n0 = counts
    first, second, advice = SHARE_WORDING[kind if kanaal is None else f"{kind}_chat"]
    values = {
        "share": f"{x / n:.0%}",
        "reference": f"{x0 / n0:.0%}",
        "x": x,
        "n": n,
        "x0": x0,
        "n0": n0,
    }
    return (
        f"Bij {_where(topic, None)} {first.format(**values)}, {period_text(*window)}. "
        f"{second.format(**values)} Zo'n verschil komt bij toeval bijna nooit voor "
        f"(score {proportion_z(x, n, x0, n0):.1f}, signaal vanaf {Z_SHARE:.1f}).{advice}"
    )


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


# --- series ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Series:
    """Topic-level arrays (days × topics) after grouping small topics."""

    days: list[date]
    topics: list[str]
    members: list[list[str]]  # original UPL names per (grouped) topic
    by_kanaal: FloatArray  # days × topics × kanalen
    kanalen: list[str]

    @property
    def total(self) -> FloatArray:
        result: FloatArray = self.by_kanaal.sum(axis=2)
        return result


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
    per_day = cells.contacts.sum(axis=(0, 2)) / max(len(cells.days), 1)
    members = [[t] for t, v in zip(cells.topics, per_day, strict=True) if v >= VOLUME_FLOOR]
    small = [t for t, v in zip(cells.topics, per_day, strict=True) if v < VOLUME_FLOOR]
    return members + ([small] if small else [])


# --- volume ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    period: Period
    cells: Cells
    suppression: Suppression
    signals: list[Signal] = field(default_factory=list)

    @property
    def first_data(self) -> int:
        """Index of the first day with any contact: earlier days are before the data began
        (a new installation, an import) and would pull the baseline down."""
        busy = np.nonzero(self.cells.contacts.sum(axis=(1, 2)))[0]
        return int(busy[0]) if busy.size else 0


def _volume_series(
    ctx: _Context, series: FloatArray, exposure: FloatArray | None, label: tuple[str, str | None]
) -> bool:
    """Run the volume detector on one daily series; add a signal when it alarms."""
    p = ctx.period
    n_hist = p.history_days
    if not ctx.suppression.check_change(
        "volume", int(series[:n_hist].sum()), int(series[n_hist:].sum())
    ):
        return False
    skip = min(ctx.first_data, max(n_hist - MIN_HISTORY_DAYS, 0))
    days = ctx.cells.days[skip:]
    offset = None if exposure is None else log_offset(exposure[skip:])
    forecast = lead_expectation(series[skip:], days, n_hist - skip, offset)
    h = H_VOLUME if label[1] is None else H_KANAAL
    alarm = best_alarm(series[n_hist - forecast.lead :], forecast, h)
    if alarm is None:
        return False
    n_hist -= skip
    window = (days[n_hist + alarm.start], days[n_hist + alarm.end])
    topic, kanaal = label
    ctx.signals.append(
        Signal(
            "volume",
            topic,
            kanaal,
            window,
            alarm.expected,
            alarm.observed,
            alarm.score,
            volume_text(topic, kanaal, window, alarm, h),
        )
    )
    return True


def detect_volume(ctx: _Context) -> None:
    names, grouped = group_small(ctx.cells, ctx.cells.contacts)
    members = members_of(ctx.cells)
    all_topics = grouped.sum(axis=1)  # days × kanalen
    kanalen = ctx.cells.kanalen
    for t, topic in enumerate(names):
        topic_total = grouped[:, t, :].sum(axis=1)
        exposure = all_topics.sum(axis=1) - topic_total
        exposure = exposure if len(names) > 1 else None
        if _volume_series(ctx, topic_total, exposure, (topic, None)):
            ctx.signals[-1] = replace(ctx.signals[-1], query=ExampleQuery(topics=members[t]))
            continue
        for k, kanaal in enumerate(kanalen):
            series = grouped[:, t, k]
            if series.mean() < VOLUME_FLOOR:
                continue
            rest = all_topics[:, k] - series if len(names) > 1 else None
            if _volume_series(ctx, series, rest, (topic, kanaal)):
                query = ExampleQuery(topics=members[t], kanaal=kanaal)
                ctx.signals[-1] = replace(ctx.signals[-1], query=query)
    everything = all_topics.sum(axis=1)
    for k, kanaal in enumerate(kanalen):
        # The other channels carry the shared day effect: a busy day for everyone is no
        # signal for one channel.
        rest = everything - all_topics[:, k] if len(kanalen) > 1 else None
        if _volume_series(ctx, all_topics[:, k], rest, (ALL_TOPICS, kanaal)):
            ctx.signals[-1] = replace(ctx.signals[-1], query=ExampleQuery(kanaal=kanaal))


# --- shares ----------------------------------------------------------------------------------


def _share_signal(
    ctx: _Context,
    kind: str,
    topic: str,
    counts: tuple[int, int, int, int],
    query: ExampleQuery,
    kanaal: str | None = None,
) -> None:
    x, n, x0, n0 = counts
    shift = share_shift(x, n, x0, n0, kind)
    if shift is None:
        return
    ctx.signals.append(
        Signal(
            kind,
            topic,
            kanaal,
            ctx.period.window,
            shift.reference,
            shift.share,
            shift.score,
            share_text(kind, topic, ctx.period.window, counts, kanaal),
            query=query,
        )
    )


def detect_tone(ctx: _Context) -> None:
    names, negative = group_small(ctx.cells, ctx.cells.negative)
    _, toned = group_small(ctx.cells, ctx.cells.toned)
    members = members_of(ctx.cells)
    n_hist = ctx.period.history_days
    for t, topic in enumerate(names):
        x0, x = int(negative[:n_hist, t].sum()), int(negative[n_hist:, t].sum())
        n0, n = int(toned[:n_hist, t].sum()), int(toned[n_hist:, t].sum())
        if not ctx.suppression.check_change("toon", n0, n):
            continue
        query = ExampleQuery(topics=members[t], negative_tone=True)
        _share_signal(ctx, "toon", topic, (x, n, x0, n0), query)


def detect_handoffs(ctx: _Context) -> None:
    """Kennisbank gaps: topics whose questions are handed off far more than the rest."""
    names, handoffs = group_small(ctx.cells, ctx.cells.handoffs)
    _, contacts = group_small(ctx.cells, ctx.cells.contacts)
    members = members_of(ctx.cells)
    n_hist = ctx.period.history_days
    per_topic_x = handoffs[n_hist:].sum(axis=(0, 2)).astype(np.int64)
    per_topic_n = contacts[n_hist:].sum(axis=(0, 2)).astype(np.int64)
    total_x, total_n = int(per_topic_x.sum()), int(per_topic_n.sum())
    for t, topic in enumerate(names):
        x, n = int(per_topic_x[t]), int(per_topic_n[t])
        if n < MIN_HANDOFF_BASE:
            ctx.suppression.check("kennisbank", n)
            continue
        counts = (x, n, total_x - x, total_n - n)
        if ctx.suppression.check_change("kennisbank", counts[3], n):
            query = ExampleQuery(topics=members[t], handoff=True)
            _share_signal(ctx, "kennisbank", topic, counts, query)


def detect_chat_ratings(ctx: _Context, session: Session, team_id: int | None) -> None:
    """Kennisbank gaps seen by residents: topics whose answers in the self-service chat were
    rated "niet nuttig" far more often than the other topics' answers.

    Only for the whole municipality: the chat is no team's work. Ratings are anonymous; a
    topic needs ≥ :data:`MIN_RATED` ratings from ≥ K chats, and the other topics ≥ K.
    """
    if team_id is not None:
        return
    cells = agg.rating_cells(session, ctx.period.window_start, ctx.period.until)
    total_n = sum(c.rated for c in cells)
    total_x = sum(c.not_helpful for c in cells)
    for cell in cells:
        if not ctx.suppression.check("kennisbank", cell.rated, cell.chats):
            continue
        if cell.rated < MIN_RATED:
            continue
        counts = (cell.not_helpful, cell.rated, total_x - cell.not_helpful, total_n - cell.rated)
        if ctx.suppression.check_change("kennisbank", counts[3], cell.rated):
            query = ExampleQuery(topics=[cell.topic], unhelpful_chat=True)
            _share_signal(ctx, "kennisbank", cell.topic, counts, query, CHAT_KANAAL)


def detect_repeats(ctx: _Context, session: Session, team_id: int | None) -> None:
    p = ctx.period
    cells = agg.repeat_cells(session, p.history_start, p.window_start, p.until, team_id)
    empty = agg.RepeatCell(0, 0, 0, 0)
    for topic in sorted({t for t, _ in cells}):
        before, now = cells.get((topic, 0), empty), cells.get((topic, 1), empty)
        if now.repeats == 0 and now.contacts == 0:
            continue
        if not ctx.suppression.check_change(
            "herhaalcontact", before.contacts, now.contacts, before.people, now.people
        ):
            continue
        if now.repeat_people < K:
            continue
        counts = (now.repeats, now.contacts, before.repeats, before.contacts)
        _share_signal(ctx, "herhaalcontact", topic, counts, ExampleQuery(topics=[topic]))


# --- new topics ------------------------------------------------------------------------------


def detect_emerging(ctx: _Context, session: Session, team_id: int | None) -> None:
    p = ctx.period
    recent = agg.question_texts(session, p.window_start, p.until, team_id)
    first = max(p.history_start, p.window_start - timedelta(days=EMERGING_BASELINE_DAYS))
    before_days = (p.window_start - first).days
    before = agg.question_texts(session, first, p.window_start - timedelta(days=1), team_id)
    for cluster in emerging_clusters(recent, before, p.window_days, before_days):
        label = redact(", ".join(cluster.label)).text
        expected = cluster.before / max(before_days, 1) * p.window_days
        ctx.signals.append(
            Signal(
                "nieuw_onderwerp",
                f"nieuw: {label}",
                None,
                p.window,
                expected,
                float(cluster.recent),
                cluster.recent / max(expected, 0.5),
                (
                    f"Er komen nieuwe vragen binnen over '{label}': {cluster.recent} contacten "
                    f"{period_text(*p.window)}. In de {before_days} dagen daarvoor waren het "
                    f"er ongeveer {cluster.before:.0f}. Deze vragen passen niet goed bij een "
                    "bekend onderwerp."
                ),
                query=ExampleQuery(questions=cluster.questions[:50]),
            )
        )


# --- entry point -----------------------------------------------------------------------------


def _with_examples(session: Session, ctx: _Context, team_id: int | None) -> list[Signal]:
    p = ctx.period
    result = []
    for signal in ctx.signals:
        raw = agg.example_subjects(session, p.window_start, p.until, signal.query, team_id)
        result.append(replace(signal, examples=[redact(t).text for t in raw[:EXAMPLES]]))
    return sorted(result, key=lambda s: (-s.score, s.kind, s.topic))


def _resolve_team(session: Session, team: str | None) -> int | None:
    if team is None:
        return None
    team_id = agg.team_id_by_name(session, team)
    if team_id is None:
        raise InputError("unknown team", code="onbekend_team", team=team)
    return team_id


DETECTORS: tuple[Callable[[_Context], None], ...] = (detect_volume, detect_tone, detect_handoffs)


def compute_signals(
    session: Session,
    since: date | None = None,
    until: date | None = None,
    team: str | None = None,
) -> SignalsReport:
    """All signals of the latest window of ``[since, until]`` (defaults: the last 28 days)."""
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
    ctx = _Context(period, cells, Suppression())
    if not cells.empty:
        for detector in DETECTORS:
            detector(ctx)
        detect_repeats(ctx, session, team_id)
        detect_emerging(ctx, session, team_id)
        detect_chat_ratings(ctx, session, team_id)
    signals = _with_examples(session, ctx, team_id)
    return SignalsReport(
        signals, ctx.suppression.count, period.since, period.until, period.window, team
    )
