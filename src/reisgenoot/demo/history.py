"""Synthetic contact history of the demo municipality, reproducible from a seed.

Two steps, so that the signals work can reuse the first one on its own:

1. :func:`~reisgenoot.demo.volume.plan_counts` draws the number of contacts per day, channel
   and topic (:mod:`reisgenoot.demo.volume`: calendar, channels, hours, the injected surge).
2. :func:`~reisgenoot.demo.synthetic.build_contacts` turns the counts into contacts
   (:mod:`reisgenoot.demo.synthetic`: questions, outcome, tone, team, contactverzoek).

What residents ask about is :mod:`reisgenoot.demo.topics`. The tables behind all three —
topics and their questions, channels and hours, outcomes, sentences, names — are data files in
``demo/data/history/`` (see ``SOURCE.md`` there), read once at import.

Everything is drawn from ``numpy.random.default_rng(seed)`` (counts) and a
``random.Random`` seeded from it (details), so the same :class:`HistoryConfig` always
gives the same history. Times are generated in Europe/Amsterdam and stored in UTC. This
module is the entry point and keeps the names other code imports from it.
"""

from __future__ import annotations

import random

import numpy as np

from reisgenoot.contacts.models import TONES
from reisgenoot.demo.synthetic import (
    OUTCOME_WEIGHTS,
    OUTCOMES,
    TASK_OUTCOMES,
    SyntheticBetrokkene,
    SyntheticContact,
    SyntheticTask,
    SyntheticVraag,
    build_contacts,
)
from reisgenoot.demo.topics import FAMILIES, TOPICS, Family, ToneShares, Topic
from reisgenoot.demo.volume import (
    AMSTERDAM,
    BASE_WEEKDAY_VOLUME,
    CHANNELS,
    DEFAULT_DAYS,
    DEFAULT_END,
    DEFAULT_SEED,
    SURGE,
    CountPlan,
    HistoryConfig,
    Surge,
    expected_counts,
    is_closed,
    plan_counts,
)
from reisgenoot.language.calendar import dutch_public_holidays

__all__ = [
    "AMSTERDAM",
    "BASE_WEEKDAY_VOLUME",
    "CHANNELS",
    "DEFAULT_DAYS",
    "DEFAULT_END",
    "DEFAULT_SEED",
    "FAMILIES",
    "OUTCOMES",
    "OUTCOME_WEIGHTS",
    "STATUS",
    "SURGE",
    "TASK_OUTCOMES",
    "TONES",
    "TOPICS",
    "CountPlan",
    "Family",
    "HistoryConfig",
    "Surge",
    "SyntheticBetrokkene",
    "SyntheticContact",
    "SyntheticTask",
    "SyntheticVraag",
    "ToneShares",
    "Topic",
    "describe",
    "dutch_public_holidays",
    "expected_counts",
    "generate_history",
    "is_closed",
    "plan_counts",
]

STATUS = "bevestigd"  # a registered contact, confirmed by a person (not a draft)


def generate_history(config: HistoryConfig | None = None) -> list[SyntheticContact]:
    """All contacts of the history, sorted by time (stable for a given config)."""
    config = config or HistoryConfig()
    rng = np.random.default_rng(config.seed)
    plan = plan_counts(config, rng)
    contacts = list(build_contacts(config, plan, random.Random(int(rng.integers(2**62)))))
    contacts.sort(key=lambda c: (c.plaatsgevonden_op, c.uuid))
    return contacts


def describe(config: HistoryConfig) -> dict[str, object]:
    """The parameters of a history, for ``app_meta`` and reports (JSON-serialisable)."""
    surge = config.surge
    return {
        "bron": "synthetisch",
        "seed": config.seed,
        "days": config.days,
        "start": config.start.isoformat(),
        "end": config.end.isoformat(),
        "base_weekday_volume": config.base_volume,
        "surge": None
        if surge is None
        else {
            "topic": surge.topic,
            "start": surge.start(config.end).isoformat(),
            "peak_factor": surge.peak_factor,
            "decay_days": surge.decay_days,
            "tone": dict(zip(TONES, surge.tone, strict=True)),
        },
    }
