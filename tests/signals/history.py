"""Small synthetic histories with known injected events, written with Core bulk inserts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, cast

import numpy as np
from sqlalchemy import Table, insert

from reisgenoot.contacts.models import Klantcontact, Vraag
from reisgenoot.signals.simulate import Injected, World, contact_rows, draw_counts
from reisgenoot.store.engine import Database

TOPICS = ("paspoort", "huishoudelijk afvalinzameling", "parkeervergunning", "rijbewijs")


def world(end: date, days: int = 91, volumes: Sequence[float] = (80, 70, 60, 50)) -> World:
    start = end - timedelta(days=days - 1)
    n = len(volumes)
    return World(start, days, np.array(volumes, float), np.full(n, 0.08), np.full(n, 0.2))


def plain(w: World) -> Injected:
    n = len(w.volume)
    return Injected(np.ones((w.days, n)), np.repeat(w.tone[None, :], w.days, axis=0))


def fill(
    db: Database,
    w: World,
    injected: Injected,
    seed: int = 7,
    topics: Sequence[str] = TOPICS,
) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    draw = draw_counts(rng, w, injected)
    counts, negative = draw.counts, draw.negative
    pairs = list(contact_rows(counts, negative, w.dates, topics[: len(w.volume)], rng))
    with db.engine.begin() as connection:
        connection.execute(insert(cast(Table, Klantcontact.__table__)), [c for c, _ in pairs])
        connection.execute(insert(cast(Table, Vraag.__table__)), [v for _, v in pairs])
    return counts, negative
