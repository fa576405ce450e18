"""The weekly signals are cached per (scope, ISO week, data version): a repeated dashboard load
computes nothing again, new or confirmed contacts invalidate, entries expire and are bounded."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, cast

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Table, insert, select, update

from reisgenoot.contacts.models import Klantcontact, Vraag
from reisgenoot.signals import report as rpt
from reisgenoot.signals.cache import TtlCache, caches_for, data_version
from reisgenoot.signals.service import compute_signals
from reisgenoot.store.engine import Database
from tests.signals.conftest import END, SURGE_TOPIC, TeamHistory
from tests.web.fixtures import Account, login


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[date, date]]:
    """Every week that is really computed (not taken from the cache)."""
    calls: list[tuple[date, date]] = []
    original = compute_signals

    def counting(session: Any, since: date, until: date, team: str | None = None) -> Any:
        calls.append((since, until))
        return original(session, since, until, team)

    monkeypatch.setattr(rpt, "compute_signals", counting)
    return calls


def _question(cid: int) -> dict[str, Any]:
    return {"klantcontact_id": cid, "upl": SURGE_TOPIC, "gespreksresultaat": "Doorverbonden"}


def _add_contact(db: Database, team_id: int, status: str = "bevestigd") -> int:
    with db.session() as session:
        newest = session.scalar(select(Klantcontact.id).order_by(Klantcontact.id.desc()).limit(1))
        cid = int(newest or 0) + 1
        session.execute(
            insert(cast(Table, Klantcontact.__table__)),
            [
                {
                    "id": cid,
                    "uuid": f"cache-{cid}",
                    "kanaal": "Telefoon",
                    "onderwerp": f"{SURGE_TOPIC} (nieuw)",
                    "plaatsgevonden_op": datetime.combine(END, time(11), UTC),
                    "status": status,
                    "tone": "neutraal",
                    "team_id": team_id,
                }
            ],
        )
        if status == "bevestigd":
            session.execute(insert(cast(Table, Vraag.__table__)), [_question(cid)])
    return cid


def test_repeated_loads_use_the_cache_and_new_contacts_invalidate(
    client: TestClient,
    users: dict[str, Account],
    team_history: TeamHistory,
    db: Database,
    computed: list[tuple[date, date]],
) -> None:
    login(client, "teamleider")
    first = client.get("/signalen")
    assert first.status_code == 200 and "Meer vragen:" in first.text and SURGE_TOPIC in first.text
    weeks = len(computed)
    assert weeks >= rpt.DEFAULT_WEEKS and len(set(computed)) == weeks  # each week once
    second = client.get("/signalen")
    assert second.text == first.text
    assert len(computed) == weeks  # nothing recomputed

    cid = _add_contact(db, team_history.team_id, status="concept")
    client.get("/signalen")
    assert len(computed) == weeks  # a concept is not a registered contact: same data
    with db.session() as session:
        # As the assistant confirms a draft: its questions and status in one transaction.
        session.execute(insert(cast(Table, Vraag.__table__)), [_question(cid)])
        session.execute(
            update(Klantcontact).where(Klantcontact.id == cid).values(status="bevestigd")
        )
    client.get("/signalen")
    assert len(computed) == 2 * weeks  # confirming it changes the data version


def test_marking_reuses_the_cached_week(
    client: TestClient,
    users: dict[str, Account],
    team_history: TeamHistory,
    computed: list[tuple[date, date]],
) -> None:
    login(client, "teamleider")
    page = client.get("/signalen")
    before = len(computed)
    assert "Markering opslaan" in page.text
    client.get("/signalen")
    assert len(computed) == before


def test_data_version_follows_the_data(db: Database, team_history: TeamHistory) -> None:
    with db.session() as session:
        before = data_version(session, team_history.team_id)
        assert data_version(session, team_history.team_id) == before
    _add_contact(db, team_history.team_id)
    with db.session() as session:
        after = data_version(session, team_history.team_id)
        assert after != before
        assert data_version(session, None) != after  # the scope's accounts are part of it
    cid = _add_contact(db, team_history.team_id, status="concept")
    with db.session() as session:
        assert data_version(session, team_history.team_id) == after  # a draft does not count
        session.execute(
            update(Klantcontact).where(Klantcontact.id == cid).values(status="bevestigd")
        )
    with db.session() as session:
        assert data_version(session, team_history.team_id) != after  # confirming it does


def test_caches_are_per_database(db: Database, team_history: TeamHistory) -> None:
    with db.session() as session:
        caches = caches_for(session)
        scope = rpt.Scope(team_history.team_id, team_history.team)
        report = rpt.week_signals(session, scope, date(2026, 11, 23), END)
        assert len(caches.weeks) == 1
        assert rpt.week_signals(session, scope, date(2026, 11, 23), END) is report
    with db.session() as session:
        assert caches_for(session) is caches


def test_entries_expire_and_are_bounded() -> None:
    now = [0.0]
    cache: TtlCache[int] = TtlCache(max_entries=2, ttl=10.0, clock=lambda: now[0])
    computed: list[str] = []

    def value(key: str) -> int:
        return cache.get_or_compute(key, lambda: computed.append(key) or len(computed))  # type: ignore[func-returns-value]

    assert value("a") == 1 and value("a") == 1
    now[0] = 11.0
    assert value("a") == 2  # expired
    value("b")
    value("c")  # "a" was used longest ago: dropped
    assert len(cache) == 2
    value("a")
    assert computed == ["a", "a", "b", "c", "a"]
    assert (cache.hits, cache.misses) == (1, 5)
