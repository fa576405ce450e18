"""Evaluation harness: synthetic histories with injected events of known size.

A synthetic municipality has ``topics`` UPL topics with weekday volumes drawn log-uniformly
from ``volumes`` (contacts per ordinary weekday). Counts follow the same shape as the demo
history: weekday factors, Sundays and public holidays closed (only written channels, a
topic-specific share), a catch-up day after a holiday, a shared gamma day effect (coefficient of
variation ≈ 0.18) plus a small topic-specific one, then Poisson. Into each run we inject:

- a volume surge of ``surge`` (× 1.5 = +50 %) on one topic for 14 days, starting on an open day;
- a tone shift of ``tone_shift`` (share boos+bezorgd, e.g. +0.15) on another topic;
- a new topic of ``new_rate`` contacts per open day that did not exist before.

Surveillance runs as the command does: every 7 days the baseline is refitted on the 12 weeks
before, and each day of the window is checked — with the *same* functions as the database path
(:func:`~reisgenoot.signals.detectors.lead_expectation`,
:func:`~reisgenoot.signals.detectors.volume_alarms`,
:func:`~reisgenoot.signals.detectors.share_shift`,
:func:`~reisgenoot.signals.detectors.emerging_alarm`).

Reported: detection rate and delay (in open days for volume, calendar days otherwise), and false
alarms per topic per quarter (an alarm episode = consecutive alarm days on a topic that has no
injected event of that kind).

As a reference, the same volume CUSUM also runs as an **oracle** that knows what no detector can:
each day's true expected count without the surge (weekday, holiday and the shared day effect)
and the true variance of the counts. What the oracle misses, this CUSUM misses whatever baseline
it is given; the gap between the oracle and the real detector is the cost of estimating the
baseline from 12 weeks of counts.

:func:`contact_rows` expands counts into rows for the database (tests and the bench).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from reisgenoot.signals.aggregate import AMSTERDAM
from reisgenoot.signals.baseline import Expectation, after_holiday, day_type, log_offset
from reisgenoot.signals.detectors import (
    EMERGING_BASELINE_DAYS,
    H_VOLUME,
    LEAD_DAYS,
    OPEN_DAY_TYPES,
    Forecast,
    emerging_alarm,
    lead_expectation,
    share_shift,
    volume_alarms,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

WEEKDAY_FACTORS = (1.25, 1.05, 1.00, 0.98, 0.72, 0.0, 0.0)
DAY_EFFECT_SHAPE = 30.0
TOPIC_EFFECT_SHAPE = 200.0
WARMUP = 84
WINDOW = 7
QUARTER = 91
MONTH = 365.25 / 12
VOLUME_BANDS = (0.0, 10.0, 20.0, 30.0, 40.0, 60.0, 100.0, float("inf"))


def open_day(day: date) -> bool:
    return day_type(day) < 5


@dataclass(frozen=True, slots=True)
class World:
    """Expected weekday volume, closed-day share and negative-tone share per topic."""

    start: date
    days: int
    volume: FloatArray
    closed: FloatArray
    tone: FloatArray

    @property
    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


def make_world(
    rng: np.random.Generator, start: date, days: int, topics: int, volumes: tuple[float, float]
) -> World:
    low, high = math.log(volumes[0]), math.log(volumes[1])
    return World(
        start,
        days,
        np.exp(rng.uniform(low, high, topics)),
        rng.uniform(0.02, 0.15, topics),
        rng.uniform(0.10, 0.30, topics),
    )


def expected_counts(world: World) -> FloatArray:
    """Expected contacts per day × topic, without noise or injections."""
    factors = np.empty((world.days, len(world.volume)))
    for i, day in enumerate(world.dates):
        if open_day(day):
            factor = WEEKDAY_FACTORS[day.weekday()] * (1.2 if after_holiday(day) else 1.0)
            factors[i] = factor
        else:
            factors[i] = world.closed
    result: FloatArray = factors * world.volume[None, :]
    return result


@dataclass(frozen=True, slots=True)
class Draw:
    """One history: contacts and negative-tone contacts per day × topic, and the expected
    counts without any injected surge (the shared day effect included), for the oracle."""

    counts: IntArray
    negative: IntArray
    null_mean: FloatArray


@dataclass(slots=True)
class Injected:
    """Multipliers and tone shares per day × topic, and the injected events."""

    volume: FloatArray
    tone: FloatArray
    events: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (topic, day)


def draw_counts(rng: np.random.Generator, world: World, injected: Injected) -> Draw:
    """Contacts and negative-tone contacts per day × topic."""
    plain = expected_counts(world)
    mean = plain * injected.volume
    shared = rng.gamma(DAY_EFFECT_SHAPE, 1.0 / DAY_EFFECT_SHAPE, size=(world.days, 1))
    own = rng.gamma(TOPIC_EFFECT_SHAPE, 1.0 / TOPIC_EFFECT_SHAPE, size=mean.shape)
    counts = rng.poisson(mean * shared * own).astype(np.int64)
    negative = rng.binomial(counts, np.clip(injected.tone, 0.0, 1.0)).astype(np.int64)
    return Draw(counts, negative, plain * shared)


def _open_start(rng: np.random.Generator, world: World, low: int, high: int) -> int:
    dates = world.dates
    choices = [i for i in range(low, high) if open_day(dates[i])]
    return int(rng.choice(choices))


@dataclass(frozen=True, slots=True)
class HarnessConfig:
    runs: int = 100
    seed: int = 0
    topics: int = 20
    volumes: tuple[float, float] = (20.0, 150.0)
    surge: float = 1.5
    surge_days: int = 14
    tone_shift: float = 0.15
    new_rate: float = 3.0
    horizon: int = QUARTER
    h_volume: float = H_VOLUME


def inject(rng: np.random.Generator, world: World, config: HarnessConfig) -> Injected:
    topics = len(world.volume)
    volume = np.ones((world.days, topics + 1))
    volume[:, topics] = 0.0
    tone = np.repeat(np.append(world.tone, 0.2)[None, :], world.days, axis=0)
    last = WARMUP + config.horizon
    surge_topic, tone_topic = (int(t) for t in rng.choice(topics, size=2, replace=False))
    surge_day = _open_start(rng, world, WARMUP, last - config.surge_days)
    volume[surge_day : surge_day + config.surge_days, surge_topic] = config.surge
    tone_day = int(rng.integers(WARMUP, last - WINDOW))
    tone[tone_day:, tone_topic] += config.tone_shift
    new_day = int(rng.integers(WARMUP, last - WINDOW))
    volume[new_day:, topics] = 1.0
    events = {"volume": (surge_topic, surge_day), "toon": (tone_topic, tone_day)}
    events["nieuw_onderwerp"] = (topics, new_day)
    return Injected(volume, tone, events)


def with_new_topic(world: World, rate: float) -> World:
    """The world with one extra topic (for the new-topic injection)."""
    return World(
        world.start,
        world.days,
        np.append(world.volume, rate),
        np.append(world.closed, 0.05),
        np.append(world.tone, 0.2),
    )


# --- surveillance -----------------------------------------------------------------------------


def _surveil(
    counts: FloatArray,
    span: tuple[int, int],
    forecast_for: Callable[[int, int, int], Forecast],
    h: float,
) -> npt.NDArray[np.bool_]:
    """Alarm flags per day × topic for days ``span[0] … span[1]-1``: every 7 days a new
    forecast per topic (``forecast_for(block, end, topic)``), then the CUSUM over its lead-in
    and the block."""
    first, last = span
    topics = counts.shape[1]
    flags = np.zeros((last - first, topics), dtype=bool)
    for block in range(first, last, WINDOW):
        end = min(block + WINDOW, last)
        for t in range(topics):
            forecast = forecast_for(block, end, t)
            series = counts[block - forecast.lead : end, t]
            for i, alarm in enumerate(volume_alarms(series, forecast, h)):
                flags[block - first + i, t] = alarm is not None
    return flags


def volume_flags(
    counts: FloatArray, dates: Sequence[date], first: int, last: int, h: float = H_VOLUME
) -> npt.NDArray[np.bool_]:
    """Alarm flags per day × topic for days ``first … last-1``, refitting every 7 days."""
    total = counts.sum(axis=1)

    def fitted(block: int, end: int, t: int) -> Forecast:
        days = slice(block - WARMUP, end)
        offset = log_offset(total[days] - counts[days, t])
        return lead_expectation(counts[days, t], dates[days], WARMUP, offset)

    return _surveil(counts, (first, last), fitted, h)


def oracle_flags(
    counts: FloatArray,
    null_mean: FloatArray,
    dates: Sequence[date],
    span: tuple[int, int],
    h: float = H_VOLUME,
) -> npt.NDArray[np.bool_]:
    """Alarm flags like :func:`volume_flags` for days ``span[0] … span[1]-1``, but with the
    true expected counts ``null_mean`` and the true variance (Poisson × gamma) as baseline."""
    open_days = np.array([day_type(d) < OPEN_DAY_TYPES for d in dates], dtype=bool)

    def truth(block: int, end: int, t: int) -> Forecast:
        days = slice(block - LEAD_DAYS, end)
        mu = null_mean[days, t]
        known = Expectation(mu, np.zeros((len(mu), len(mu))), 1.0, mu > 0, 1.0 / TOPIC_EFFECT_SHAPE)
        return Forecast(known, LEAD_DAYS, open_days[days])

    return _surveil(counts, span, truth, h)


def _window_sums(values: IntArray, end: int, days: int) -> IntArray:
    result: IntArray = values[max(end - days + 1, 0) : end + 1].sum(axis=0)
    return result


def tone_flags(
    counts: IntArray, negative: IntArray, first: int, last: int
) -> npt.NDArray[np.bool_]:
    topics = counts.shape[1]
    flags = np.zeros((last - first, topics), dtype=bool)
    for e in range(first, last):
        n, x = _window_sums(counts, e, WINDOW), _window_sums(negative, e, WINDOW)
        base = slice(e - WINDOW - WARMUP + 1, e - WINDOW + 1)
        n0, x0 = counts[base].sum(axis=0), negative[base].sum(axis=0)
        for t in range(topics):
            shift = share_shift(int(x[t]), int(n[t]), int(x0[t]), int(n0[t]), "toon")
            flags[e - first, t] = shift is not None
    return flags


def new_topic_flags(series: IntArray, first: int, last: int) -> npt.NDArray[np.bool_]:
    flags = np.zeros(last - first, dtype=bool)
    for e in range(first, last):
        recent = float(series[max(e - WINDOW + 1, 0) : e + 1].sum())
        days = EMERGING_BASELINE_DAYS
        before = float(series[e - WINDOW - days + 1 : e - WINDOW + 1].sum())
        flags[e - first] = emerging_alarm(recent, WINDOW, before, days) is not None
    return flags


def episodes(flags: npt.NDArray[np.bool_]) -> int:
    """Number of runs of consecutive True values."""
    if not flags.size:
        return 0
    starts = flags & ~np.concatenate(([False], flags[:-1]))
    return int(starts.sum())


def open_delay(dates: Sequence[date], start: int, found: int) -> int:
    """Open days from the start day to the detection day (0 = found on the start day)."""
    return sum(1 for i in range(start + 1, found + 1) if open_day(dates[i]))


@dataclass(slots=True)
class _Tally:
    found: list[int | None] = field(default_factory=list)  # delay per run, None = missed
    false_alarms: int = 0
    topic_quarters: float = 0.0
    volumes: list[float] = field(default_factory=list)  # weekday volume of the event's topic

    def by_volume(self, within: int) -> list[dict[str, Any]]:
        """Detection within ``within`` days per band of the surge topic's weekday volume."""
        result = []
        for low, high in pairwise(VOLUME_BANDS):
            picked = [d for v, d in zip(self.volumes, self.found, strict=True) if low <= v < high]
            if picked:
                hits = sum(1 for d in picked if d is not None and d < within)
                band = [low, None if math.isinf(high) else high]
                result.append({"volume": band, "runs": len(picked), "detected": hits / len(picked)})
        return result

    def figures(self, within: int) -> dict[str, Any]:
        delays = [d for d in self.found if d is not None]
        runs = len(self.found)
        per_quarter = self.false_alarms / self.topic_quarters if self.topic_quarters else 0.0
        return {
            "runs": runs,
            "detected": len(delays) / runs if runs else 0.0,
            f"detected_within_{within}_days": (
                sum(1 for d in delays if d < within) / runs if runs else 0.0
            ),
            "median_delay_days": float(np.median(delays)) if delays else None,
            "false_alarms_per_topic_per_quarter": per_quarter,
            "false_alarms_per_topic_per_month": per_quarter * MONTH / QUARTER,
        }


def _first(flags: npt.NDArray[np.bool_], start: int) -> int | None:
    hits = np.nonzero(flags[start:])[0]
    return int(start + hits[0]) if hits.size else None


def _score_volume(
    tally: _Tally,
    flags: npt.NDArray[np.bool_],
    dates: list[date],
    event: tuple[int, int, float],
    surge_days: int,
) -> None:
    topic, start, volume = event
    tally.volumes.append(volume)
    found = _first(flags[:, topic], start)
    late = found is None or found >= start + surge_days
    tally.found.append(None if late or found is None else open_delay(dates, start, found))
    others = [t for t in range(flags.shape[1]) if t != topic]
    tally.false_alarms += sum(episodes(flags[:, t]) for t in others)
    tally.false_alarms += episodes(flags[:start, topic])
    tally.topic_quarters += (len(others) + start / flags.shape[0]) * flags.shape[0] / QUARTER


def _score_shift(tally: _Tally, flags: npt.NDArray[np.bool_], topic: int, start: int) -> None:
    found = _first(flags[:, topic], start)
    tally.found.append(None if found is None or found >= start + WINDOW else found - start)
    others = [t for t in range(flags.shape[1]) if t != topic]
    tally.false_alarms += sum(episodes(flags[:, t]) for t in others)
    tally.false_alarms += episodes(flags[:start, topic])
    tally.topic_quarters += (len(others) + start / flags.shape[0]) * flags.shape[0] / QUARTER


def _score_new(tally: _Tally, flags: npt.NDArray[np.bool_], start: int) -> None:
    found = _first(flags, start)
    tally.found.append(None if found is None or found >= start + WINDOW else found - start)
    tally.false_alarms += episodes(flags[:start])
    tally.topic_quarters += start / QUARTER


def _start_date(rng: np.random.Generator) -> date:
    return date(2024, 1, 1) + timedelta(days=int(rng.integers(0, 3 * 365)))


def run_once(rng: np.random.Generator, config: HarnessConfig, tallies: dict[str, _Tally]) -> None:
    days = WARMUP + config.horizon
    base = make_world(rng, _start_date(rng), days, config.topics, config.volumes)
    world = with_new_topic(base, config.new_rate)
    injected = inject(rng, base, config)
    draw = draw_counts(rng, world, injected)
    counts, negative = draw.counts, draw.negative
    dates = world.dates
    known = counts[:, : config.topics].astype(np.float64)
    flags = volume_flags(known, dates, WARMUP, days, config.h_volume)
    topic, start = injected.events["volume"]
    event = (topic, start - WARMUP, float(base.volume[topic]))
    _score_volume(tallies["volume"], flags, dates[WARMUP:], event, config.surge_days)
    truth = draw.null_mean[:, : config.topics]
    oracle = oracle_flags(known, truth, dates, (WARMUP, days), config.h_volume)
    _score_volume(tallies["volume_oracle"], oracle, dates[WARMUP:], event, config.surge_days)
    tone = tone_flags(counts[:, : config.topics], negative[:, : config.topics], WARMUP, days)
    topic, start = injected.events["toon"]
    _score_shift(tallies["toon"], tone, topic, start - WARMUP)
    new = new_topic_flags(counts[:, config.topics], WARMUP, days)
    _score_new(tallies["nieuw_onderwerp"], new, injected.events["nieuw_onderwerp"][1] - WARMUP)


def evaluate(config: HarnessConfig | None = None) -> dict[str, Any]:
    """Run the harness; figures per kind of event."""
    config = config or HarnessConfig()
    rng = np.random.default_rng(config.seed)
    tallies = {kind: _Tally() for kind in ("volume", "volume_oracle", "toon", "nieuw_onderwerp")}
    for _ in range(config.runs):
        run_once(rng, config, tallies)
    return {
        "config": {
            "runs": config.runs,
            "seed": config.seed,
            "topics": config.topics,
            "volumes_per_weekday": list(config.volumes),
            "surge": config.surge,
            "tone_shift": config.tone_shift,
            "new_topic_per_day": config.new_rate,
            "h_volume": config.h_volume,
        },
        "volume": tallies["volume"].figures(2)
        | {"within_2_days_by_volume": tallies["volume"].by_volume(2)},
        "volume_oracle": tallies["volume_oracle"].figures(2)
        | {"within_2_days_by_volume": tallies["volume_oracle"].by_volume(2)},
        "toon": tallies["toon"].figures(WINDOW),
        "nieuw_onderwerp": tallies["nieuw_onderwerp"].figures(WINDOW),
    }


# --- rows for a database ----------------------------------------------------------------------

KANALEN = ("Telefoon", "E-mail")


def contact_rows(
    counts: IntArray,
    negative: IntArray,
    dates: Sequence[date],
    topics: Sequence[str],
    rng: np.random.Generator,
    first_id: int = 1,
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(klantcontact row, vraag row) pairs for the counts; open days 70 % phone, else e-mail.

    Times fall between 09:00 and 17:00 local time (as UTC datetimes).
    """
    next_id = first_id
    for d, day in enumerate(dates):
        midnight = datetime.combine(day, time(0), AMSTERDAM).astimezone(UTC)
        phone_share = 0.7 if open_day(day) else 0.0
        for t, topic in enumerate(topics):
            n, bad = int(counts[d, t]), int(negative[d, t])
            if n == 0:
                continue
            seconds = rng.integers(9 * 3600, 17 * 3600, size=n)
            phone = rng.random(n) < phone_share
            for i in range(n):
                tone = ("boos" if i % 2 else "bezorgd") if i < bad else "neutraal"
                contact = {
                    "id": next_id,
                    "uuid": f"00000000-0000-4000-8000-{next_id:012d}",
                    "kanaal": KANALEN[0] if phone[i] else KANALEN[1],
                    "onderwerp": f"{topic} (vraag {i % 3})",
                    "plaatsgevonden_op": midnight + timedelta(seconds=int(seconds[i])),
                    "status": "bevestigd",
                    "tone": tone,
                    "synthetic": True,
                }
                vraag = {
                    "klantcontact_id": next_id,
                    "upl": topic,
                    "specifieke_vraag": f"Vraag over {topic}",
                    "gespreksresultaat": "Zelfstandig afgehandeld",
                }
                yield contact, vraag
                next_id += 1
