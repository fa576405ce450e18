"""Benchmark of ``compute_signals`` over 1,000,000 contacts (``reisgenoot bench signals``).

Generates a synthetic history (the harness's count model, 40 topics, two channels, 120 days)
into a temporary SQLite database with Core bulk inserts and, when a PostgreSQL URL is given,
into a temporary database on that server (dropped afterwards). Then it times
:func:`~reisgenoot.signals.service.compute_signals` (aggregation in the database) next to the
naive alternative: loading every row into Python and bucketing it there.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from reisgenoot.contacts.models import Klantcontact, Vraag
from reisgenoot.settings import Settings
from reisgenoot.signals.aggregate import AMSTERDAM, utc_bounds
from reisgenoot.signals.cache import data_version
from reisgenoot.signals.service import compute_signals
from reisgenoot.signals.simulate import Injected, World, contact_rows, draw_counts
from reisgenoot.store.engine import Database, open_database

END = date(2026, 11, 27)
DAYS = 120
TOPICS = 40
CHUNK = 50_000


def _world(contacts: int) -> World:
    rng = np.random.default_rng(1)
    volume = np.exp(rng.uniform(np.log(5), np.log(200), TOPICS))
    probe = World(
        END - timedelta(days=DAYS - 1), DAYS, volume, np.full(TOPICS, 0.08), np.full(TOPICS, 0.2)
    )
    from reisgenoot.signals.simulate import expected_counts

    scale = contacts / float(expected_counts(probe).sum())
    return World(probe.start, DAYS, volume * scale, probe.closed, probe.tone)


def _rows(contacts: int) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    world = _world(contacts)
    injected = Injected(np.ones((DAYS, TOPICS)), np.repeat(world.tone[None, :], DAYS, axis=0))
    injected.volume[-3:, 0] = 1.6
    rng = np.random.default_rng(2)
    draw = draw_counts(rng, world, injected)
    counts, negative = draw.counts, draw.negative
    names = [f"onderwerp {i:02d}" for i in range(TOPICS)]
    return contact_rows(counts, negative, world.dates, names, rng)


def fill(database: Database, contacts: int) -> int:
    """Bulk-insert the synthetic history; returns the number of contacts written."""
    written = 0
    batch: list[tuple[dict[str, Any], dict[str, Any]]] = []
    with database.engine.begin() as connection:

        def flush() -> None:
            connection.execute(insert(Klantcontact), [c for c, _ in batch])
            connection.execute(insert(Vraag), [v for _, v in batch])
            batch.clear()

        for pair in _rows(contacts):
            pair[0].update(meta={}, created_at=pair[0]["plaatsgevonden_op"], inhoud="", reactie="")
            pair[1].update(position=0, notitie="", bronnen=[])
            batch.append(pair)
            written += 1
            if len(batch) >= CHUNK:
                flush()
        if batch:
            flush()
    with database.engine.connect() as connection:
        # Fresh statistics after a bulk load, as autovacuum would gather them in production.
        connection.execute(text("ANALYZE"))
        connection.commit()
    return written


def naive(database: Database, since: date, until: date) -> Counter[tuple[date, str, str]]:
    """The alternative: every row into Python, bucketed by local date in a loop."""
    lo, hi = utc_bounds(since, until)
    kc, vr = Klantcontact.__table__, Vraag.__table__
    statement = (
        select(kc.c.plaatsgevonden_op, vr.c.upl, kc.c.kanaal, kc.c.tone)
        .select_from(vr.join(kc, vr.c.klantcontact_id == kc.c.id))
        .where(kc.c.plaatsgevonden_op >= lo, kc.c.plaatsgevonden_op < hi)
    )
    counts: Counter[tuple[date, str, str]] = Counter()
    with database.engine.connect() as connection:
        for moment, upl, kanaal, _tone in connection.execute(statement):
            local = moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()
            counts[(local, upl, kanaal)] += 1
    return counts


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _measure(database: Database, contacts: int, with_naive: bool) -> dict[str, Any]:
    fill_s, written = _timed(lambda: fill(database, contacts))
    with database.session() as session:
        signals_s, report = _timed(lambda: compute_signals(session))
        # The dashboard cache's key: what a repeated load costs before it can reuse a week.
        version_s, _ = _timed(lambda: data_version(session, None))
    result: dict[str, Any] = {
        "contacts": written,
        "fill_s": round(fill_s, 2),
        "compute_signals_s": round(signals_s, 2),
        "cache_key_s": round(version_s, 3),
        "signals": len(report.signals),
        "suppressed": report.suppressed,
    }
    if with_naive and report.window is not None:
        since = report.window[0] - timedelta(days=84)
        naive_s, _ = _timed(lambda: naive(database, since, report.window[1]))
        result["naive_python_aggregation_s"] = round(naive_s, 2)
    return result


def _postgres(url: str, contacts: int, with_naive: bool) -> dict[str, Any]:
    name = f"rg_bench_signals_{int(time.time())}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    target = make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as home:
            database = open_database(Settings(home=Path(home), database_url=target))
            try:
                return _measure(database, contacts, with_naive)
            finally:
                database.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_signals_bench(
    contacts: int = 1_000_000, database_url: str | None = None, with_naive: bool = True
) -> dict[str, Any]:
    """Time compute_signals on SQLite and, for a PostgreSQL ``database_url``, there too."""
    results: dict[str, Any] = {"target_s": 10.0}
    with tempfile.TemporaryDirectory() as home:
        database = open_database(Settings(home=Path(home)))
        try:
            results["sqlite"] = _measure(database, contacts, with_naive)
        finally:
            database.dispose()
    if database_url and database_url.startswith("postgresql"):
        results["postgresql"] = _postgres(database_url, contacts, with_naive)
    return results


def report_lines(report: dict[str, Any]) -> list[str]:
    """The benchmark as readable Dutch lines."""
    lines = []
    for engine in ("sqlite", "postgresql"):
        if engine in report:
            r = report[engine]
            naive_s = r.get("naive_python_aggregation_s")
            lines.append(
                f"{engine:<11} {r['contacts']:,} contacten: signalen in "
                f"{r['compute_signals_s']:.2f} s (doel ≤ {report['target_s']:.0f} s); "
                f"naïef in Python {'-' if naive_s is None else f'{naive_s:.2f}'} s; "
                f"cache-sleutel {r.get('cache_key_s', 0.0):.3f} s; "
                f"vullen {r['fill_s']:.0f} s"
            )
    return lines
