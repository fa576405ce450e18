"""How many contacts come in, and when: calendar, channels, opening hours, the surge, the plan.

:func:`plan_counts` draws the number of contacts per day, channel and topic: a weekday base
volume × day-of-week factor × channel share × topic popularity (per channel) × the injected
surge, times a shared day effect (gamma, so counts are over-dispersed like real ones), then
Poisson. Weekends and public holidays only have written channels and chat. The signals work
uses it on its own, without the details of :mod:`reisgenoot.demo.synthetic`.

The tables (channels, weekday factors, opening hours, channel × family affinity, the surge)
are data, read once at import: ``demo/data/history/channels.yaml`` and ``surge.yaml``.
:class:`HistoryConfig` holds everything that determines a history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from reisgenoot.demo.accounts import DEMO_ACCOUNTS
from reisgenoot.demo.datafiles import mapping, number, numbers, read_yaml, sequence, strings
from reisgenoot.demo.topics import TOPICS, Family, ToneShares, Topic, with_article_topics
from reisgenoot.language.calendar import dutch_public_holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEFAULT_END = date(2026, 11, 27)  # fixed, so that a seed always gives the same data
DEFAULT_DAYS = 90
DEFAULT_SEED = 2026
BASE_WEEKDAY_VOLUME = 360.0  # expected contacts on an ordinary Wednesday
AFTER_HOLIDAY_FACTOR = 1.2  # catch-up on the first working day after a public holiday
DAY_EFFECT_SHAPE = 30.0  # gamma shape of the shared day effect (coefficient of variation ≈ 0.18)
THURSDAY_DESK_FACTOR = 1.2  # the desk is open until 20.00 on Thursday (by appointment)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Segment = tuple[int, int, float]  # start minute, end minute, weight

_CHANNELS_DATA = mapping(read_yaml("history", "channels.yaml"), "channels.yaml")
_CHANNEL_ROWS = mapping(_CHANNELS_DATA["channels"], "channels.yaml: channels")

CHANNELS = tuple(_CHANNEL_ROWS)  # KISS names
# Share of the weekday volume per channel (Telefoon most, a few WhatsApp).
CHANNEL_SHARES = tuple(number(r["share"], f"{c}.share") for c, r in _CHANNEL_ROWS.items())
# Expected contacts per closed day, as a fraction of BASE_WEEKDAY_VOLUME.
CLOSED_RATES = tuple(number(r["closed"], f"{c}.closed") for c, r in _CHANNEL_ROWS.items())
CHANNEL_KIND: Mapping[str, str] = {c: str(r["kind"]) for c, r in _CHANNEL_ROWS.items()}
# Monday … Friday; weekend days and holidays only get the CLOSED_RATES.
WEEKDAY_FACTORS = numbers(_CHANNELS_DATA["weekday_factors"], "weekday_factors", length=5)


def is_closed(day: date) -> bool:
    """Weekend or public holiday: no telephone, no desk."""
    return day.weekday() >= 5 or day in dutch_public_holidays(day.year)


# --- hours ----------------------------------------------------------------------------------


def _hours(name: str) -> tuple[Segment, ...]:
    rows = sequence(mapping(_CHANNELS_DATA["hours"], "hours")[name], f"hours.{name}")
    spans = [numbers(row, f"hours.{name}", length=3) for row in rows]
    return tuple((int(a * 60), int(b * 60), w) for a, b, w in spans)


OFFICE_PHONE = _hours("telefoon")
OFFICE_DESK = _hours("balie")
THURSDAY_DESK = (*OFFICE_DESK, *_hours("balie_donderdagavond"))
CHAT = _hours("chat")
CHAT_CLOSED = _hours("chat_gesloten")
WRITTEN = _hours("schriftelijk")


def segments(channel: str, day: date) -> tuple[Segment, ...]:
    """The opening hours of ``channel`` on ``day``, as weighted segments of the day."""
    kind = CHANNEL_KIND[channel]
    if kind == "written":
        return WRITTEN
    if kind == "chat":
        return CHAT_CLOSED if is_closed(day) else CHAT
    if kind == "desk":
        return THURSDAY_DESK if day.weekday() == 3 else OFFICE_DESK
    return OFFICE_PHONE


# --- channel × family -----------------------------------------------------------------------

_AFFINITY: Mapping[str, Mapping[str, Any]] = mapping(_CHANNELS_DATA["affinity"], "affinity")
_AFFINITY_ALIAS: Mapping[str, str] = mapping(_CHANNELS_DATA["affinity_alias"], "affinity_alias")


def affinity(channel: str, family: Family) -> float:
    """How much more (or less) often a family's topics come in on ``channel``."""
    row = _AFFINITY.get(_AFFINITY_ALIAS.get(channel, channel), {})
    return number(row.get(family.name, row.get("default", 1.0)), f"affinity.{channel}")


def topic_shares(topics: Sequence[Topic]) -> FloatArray:
    """Per channel, the probability of each topic (rows sum to 1)."""
    weights = np.array(
        [[t.weight * affinity(c, t.family) for t in topics] for c in CHANNELS], dtype=np.float64
    )
    result: FloatArray = weights / weights.sum(axis=1, keepdims=True)
    return result


# --- surge ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Surge:
    """An injected rise in one topic: ×``peak_factor`` on the first day, falling linearly
    back to ×1 over ``decay_days``, with a tone shifted to boos/bezorgd meanwhile."""

    topic: str
    start_offset_days: int  # first surge day = end date − this many days
    peak_factor: float
    decay_days: int
    tone: ToneShares
    templates: tuple[str, ...]
    template_share: float  # share of the topic's contacts in the surge asking about the change

    def start(self, end: date) -> date:
        return end - timedelta(days=self.start_offset_days)

    def factor(self, day: date, end: date) -> float:
        """Volume multiplier of the surge topic on ``day``."""
        t = (day - self.start(end)).days
        if t < 0 or t >= self.decay_days:
            return 1.0
        return 1.0 + (self.peak_factor - 1.0) * (1.0 - t / self.decay_days)

    def active(self, day: date, end: date) -> bool:
        return 0 <= (day - self.start(end)).days < self.decay_days


def _surge() -> Surge:
    row = mapping(read_yaml("history", "surge.yaml"), "surge.yaml")
    a, b, c, d = numbers(row["tone"], "surge.yaml: tone", length=4)
    return Surge(
        topic=str(row["topic"]),
        start_offset_days=int(row["start_offset_days"]),
        peak_factor=number(row["peak_factor"], "surge.yaml: peak_factor"),
        decay_days=int(row["decay_days"]),
        tone=(a, b, c, d),
        templates=strings(row["templates"], "surge.yaml: templates"),
        template_share=number(row["template_share"], "surge.yaml: template_share"),
    )


# New waste-collection days: from Monday 9 November 2026 (with the default end date) the
# household-waste topic runs at ×2.5, back to normal after 10 days, with more boos/bezorgd.
SURGE = _surge()


# --- configuration --------------------------------------------------------------------------


def _default_rosters() -> tuple[tuple[str, tuple[str, ...]], ...]:
    teams: dict[str, list[str]] = {}
    for account in DEMO_ACCOUNTS:
        if account.handles_contacts and account.team:
            teams.setdefault(account.team, []).append(account.username)
    return tuple((team, tuple(names)) for team, names in teams.items())


@dataclass(frozen=True, slots=True)
class HistoryConfig:
    """Everything that determines a history; equal configs give equal histories."""

    days: int = DEFAULT_DAYS
    end: date = DEFAULT_END
    seed: int = DEFAULT_SEED
    base_volume: float = BASE_WEEKDAY_VOLUME
    surge: Surge | None = SURGE
    topics: tuple[Topic, ...] = TOPICS
    # team name → usernames of the employees who register its contacts
    rosters: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=_default_rosters)
    # UPL name → ids of kennisbank articles consulted for it (Vraag.bronnen)
    articles: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def start(self) -> date:
        return self.end - timedelta(days=self.days - 1)

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def with_articles(self, articles: Mapping[str, Sequence[str]]) -> HistoryConfig:
        """This config with the kennisbank's topics and article ids added."""
        return replace(
            self,
            topics=with_article_topics(self.topics, articles),
            articles=tuple(sorted((u, tuple(sorted(ids))) for u, ids in articles.items())),
        )


# --- counts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountPlan:
    """Contacts per day × channel × topic (axes follow ``dates``, CHANNELS, ``topics``)."""

    dates: list[date]
    topics: tuple[Topic, ...]
    counts: IntArray
    expected: FloatArray  # the Poisson means, without the day effect

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def _channel_volume(day: date, base: float) -> FloatArray:
    """Expected contacts per channel on ``day``."""
    if is_closed(day):
        return np.array(CLOSED_RATES, dtype=np.float64) * base
    factor = WEEKDAY_FACTORS[day.weekday()]
    yesterday = day - timedelta(days=1)
    if yesterday in dutch_public_holidays(yesterday.year):
        factor *= AFTER_HOLIDAY_FACTOR
    volume = np.array(CHANNEL_SHARES, dtype=np.float64) * base * factor
    if day.weekday() == 3:
        volume[CHANNELS.index("Balie")] *= THURSDAY_DESK_FACTOR
    return volume


def _surge_vector(config: HistoryConfig, day: date, topics: Sequence[Topic]) -> FloatArray:
    surge = config.surge
    factors = np.ones(len(topics), dtype=np.float64)
    if surge is not None:
        for index, topic in enumerate(topics):
            if topic.upl == surge.topic:
                factors[index] = surge.factor(day, config.end)
    return factors


def expected_counts(config: HistoryConfig) -> FloatArray:
    """The Poisson means per day × channel × topic, before the random day effect."""
    shares = topic_shares(config.topics)
    days = config.dates()
    expected = np.empty((len(days), len(CHANNELS), len(config.topics)), dtype=np.float64)
    for i, day in enumerate(days):
        volume = _channel_volume(day, config.base_volume)
        expected[i] = volume[:, None] * shares * _surge_vector(config, day, config.topics)[None, :]
    return expected


def plan_counts(config: HistoryConfig, rng: np.random.Generator | None = None) -> CountPlan:
    """Draw the number of contacts per day, channel and topic (fast; no details)."""
    rng = rng if rng is not None else np.random.default_rng(config.seed)
    expected = expected_counts(config)
    day_effect = rng.gamma(DAY_EFFECT_SHAPE, 1.0 / DAY_EFFECT_SHAPE, size=config.days)
    counts: IntArray = rng.poisson(expected * day_effect[:, None, None]).astype(np.int64)
    return CountPlan(config.dates(), config.topics, counts, expected)
