"""A team with a synthetic history (surge on a two-word topic in its last week) for the web
tests, and helpers to read pages and PDFs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select

from reisgenoot.accounts.models import Team, User
from reisgenoot.contacts.models import Actor, Klantcontact, Vraag, klantcontact_actoren
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.conftest import database_of, fresh_settings
from tests.signals.history import TOPICS, fill, plain, world
from tests.web.fixtures import Account, create_accounts, role_accounts

END = date(2026, 11, 27)  # a Friday, in ISO week 48
WEEK = "2026-W48"
SURGE_TOPIC = TOPICS[1]  # "huishoudelijk afvalinzameling": has a space, tests URL encoding
SMALL_TOPIC = "marktvergunning"
EMPLOYEES = [f"Medewerker Geheim{i}" for i in range(6)]


@dataclass(frozen=True)
class TeamHistory:
    team_id: int
    team: str
    employees: list[str]


def _small_topic_rows(
    team_id: int, start_id: int, days: list[date]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    contacts, vragen = [], []
    for offset, day in enumerate(days):
        cid = start_id + offset
        contacts.append(
            {
                "id": cid,
                "uuid": f"small-{cid}",
                "kanaal": "Telefoon",
                "onderwerp": f"{SMALL_TOPIC} (Standplaats)",
                "plaatsgevonden_op": datetime.combine(day, time(10), UTC),
                "status": "bevestigd",
                "tone": "neutraal",
                "team_id": team_id,
            }
        )
        vragen.append(
            {
                "klantcontact_id": cid,
                "upl": SMALL_TOPIC,
                "gespreksresultaat": "Zelfstandig afgehandeld",
            }
        )
    return contacts, vragen


def _fill_team_history(db: Database) -> None:
    """Team "KCC Noord" (the teamleider account and six employees) owns every contact.

    The surge topic doubles on the last two days. ``marktvergunning`` has 7 contacts in week 47
    and only 4 in week 48. Every contact is linked to one of six named employees (actors), so
    the tests can check that no page ever shows a figure or a name per employee.
    """
    w = world(END)
    injected = plain(w)
    injected.volume[-2:, 1] = 2.2
    fill(db, w, injected)
    with db.session() as session:
        team = Team(name="KCC Noord")
        session.add(team)
        session.flush()
        session.add_all(
            User(username=f"noord{i}", display_name=f"Collega {i}", team_id=team.id)
            for i in range(5)
        )
        leader = session.scalars(select(User).where(User.username == "teamleider")).one()
        leader.team_id = team.id
        actors = [Actor(naam=name, soort_actor="medewerker") for name in EMPLOYEES]
        session.add_all(actors)
        session.flush()
        ids = list(session.scalars(select(Klantcontact.id)))
        session.execute(cast(Table, Klantcontact.__table__).update().values(team_id=team.id))
        session.execute(
            insert(klantcontact_actoren),
            [{"klantcontact_id": c, "actor_id": actors[c % 6].id} for c in ids],
        )
        days = [date(2026, 11, d) for d in (16, 16, 17, 18, 18, 19, 20)]
        days += [date(2026, 11, d) for d in (23, 24, 25, 26)]
        contacts, vragen = _small_topic_rows(team.id, max(ids) + 1, days)
        session.execute(insert(cast(Table, Klantcontact.__table__)), contacts)
        session.execute(insert(cast(Table, Vraag.__table__)), vragen)


@pytest.fixture(scope="session")
def team_history_template(tmp_path_factory: pytest.TempPathFactory, template_db: str) -> str:
    """A database with the test accounts and the team history, filled once to copy per test."""
    settings = fresh_settings(tmp_path_factory.mktemp("team-history") / "home", template_db)
    database = Database(settings)
    create_accounts(settings, database)
    _fill_team_history(database)
    database.dispose()  # PostgreSQL copies a template only while no one is connected to it
    return database_of(settings)


@pytest.fixture
def settings(request: pytest.FixtureRequest, tmp_path: Path, template_db: str) -> Settings:
    """This test's own database: a copy of the team history when the test uses it."""
    if "team_history" in request.fixturenames:
        return fresh_settings(tmp_path / "home", request.getfixturevalue("team_history_template"))
    return fresh_settings(tmp_path / "home", template_db)


@pytest.fixture
def users(request: pytest.FixtureRequest, settings: Settings, db: Database) -> dict[str, Account]:
    """The accounts of ``tests.web.fixtures``; a copy of the team history has them already."""
    if "team_history" in request.fixturenames:
        return role_accounts()
    return create_accounts(settings, db)


@pytest.fixture
def team_history(db: Database, users: dict[str, Account]) -> TeamHistory:
    """This test's copy of the team history (see :func:`_fill_team_history`)."""
    with db.session() as session:
        team_id = session.scalars(select(Team.id).where(Team.name == "KCC Noord")).one()
    return TeamHistory(team_id, "KCC Noord", EMPLOYEES)
