"""Upgrade from the previous release: a database of Reisgenoot 0.1.0, full of data, to head.

0.1.0's schema is migration 0008 (selfservice), stamped with the id 0.1.0 gave it, "0005"
(ADR 2 renumbered the files). The database is built the way 0.1.0 left it: migrated to
0008 only, then filled with the demo municipality (five days of contacts, the kennisbank,
accounts, the audit trail, chats, teamdialoog) plus rows for the tables the demo leaves empty
(conversation turns, practice, signal marks, Open Klant deliveries) and a teamdialoog round
still open under 0.1.0's scheme (a secret in the round, answers and tokens in the open).
Then the app's own migration runner upgrades it. Every row of every 0.1.0 column must be
unchanged, except what a migration documents that it changes (migration 0009 closes open
rounds), the audit trail must verify, and the app must serve and write. Runs on SQLite and,
under ``scripts/test``, on PostgreSQL.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, Table, insert, select, text
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role
from reisgenoot.accounts.service import NewUser, add_user
from reisgenoot.app import create_app
from reisgenoot.contacts.models import Klantcontact, Turn
from reisgenoot.contacts.records import IdentifierHash, OpenKlantDelivery
from reisgenoot.demo.seed import seed_demo
from reisgenoot.settings import Settings
from reisgenoot.signals.models import WHOLE_MUNICIPALITY, SignalMark
from reisgenoot.store import audit
from reisgenoot.store.engine import Database, current_revision, head_revision
from reisgenoot.training.models import PracticeResult, PracticeSession, PracticeTurn
from tests.conftest import fresh_settings
from tests.web.fixtures import login

RELEASE_SCHEMA = "0008"  # 0.1.0's head, under today's numbering
RELEASE_STAMP = "0005"  # the id 0.1.0 wrote into alembic_version for it
CHANGED_BY_MIGRATIONS = {"impact_rounds", "impact_answers", "impact_tokens"}  # 0009
DEMO_PASSWORD = {"medewerker": "demo-medewerker", "teamleider": "demo-teamleider"}


def _fill_what_the_demo_leaves_empty(db: Database) -> None:
    """Rows for 0.1.0 tables the five-day demo does not fill, written by today's models."""
    with db.session() as session:
        contact = session.scalars(select(Klantcontact).order_by(Klantcontact.id)).first()
        assert contact is not None
        trainee = session.scalar(text("SELECT id FROM users WHERE username = 'trainee'"))
        session.add_all(
            [
                Turn(
                    klantcontact_id=contact.id, position=0, speaker="inwoner", text="Goedemorgen."
                ),
                Turn(klantcontact_id=contact.id, position=1, speaker="medewerker", text="Dag!"),
                OpenKlantDelivery(klantcontact_id=contact.id, status="fout", attempts=2),
                IdentifierHash(klantcontact_id=contact.id, kind="bsn", digest="a" * 64),
                SignalMark(
                    scope=WHOLE_MUNICIPALITY,
                    kind="piek",
                    topic="Paspoort aanvragen",
                    week_start=date(2026, 11, 30),
                    week_end=date(2026, 12, 6),
                    mark="terecht",
                ),
            ]
        )
        practice = PracticeSession(trainee_id=int(trainee), scenario="paspoort", seed=7)
        practice.turns = [
            PracticeTurn(position=0, speaker="inwoner", text="Mijn paspoort is verlopen."),
            PracticeTurn(position=1, speaker="medewerker", text="Dan maak ik een afspraak."),
        ]
        session.add(practice)
        session.flush()
        session.add(PracticeResult(session_id=practice.id, feedback={"feiten": "goed"}))


def _copy_into(source: Engine, target: Engine) -> MetaData:
    """Copy every row of every table and column that exists in ``target``'s older schema."""
    old, new = MetaData(), MetaData()
    old.reflect(target)
    new.reflect(source)
    with source.connect() as reading, target.begin() as writing:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            current = new.tables[table.name]
            columns = [current.c[c.name] for c in table.columns if c.name in current.c]
            primary = [current.c[c.name] for c in table.primary_key.columns]
            rows = [dict(r._mapping) for r in reading.execute(select(*columns).order_by(*primary))]
            if rows:
                writing.execute(insert(table), rows)
        if writing.dialect.name == "postgresql":  # as a database that was written to would be
            for table in old.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement is True:
                    writing.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT max(id) FROM {table.name})) "
                            f"WHERE EXISTS (SELECT 1 FROM {table.name})"
                        )
                    )
    return old


def _open_a_round_the_old_way(engine: Engine, schema: MetaData) -> int:
    """A teamdialoog round still open under 0.1.0: its secret in the row, answers in the open."""
    rounds, tokens, answers = (
        schema.tables[n] for n in ("impact_rounds", "impact_tokens", "impact_answers")
    )
    with engine.begin() as connection:
        team_id, version = connection.execute(
            text(
                "SELECT id, (SELECT max(version) FROM impact_question_sets) FROM teams ORDER BY id"
            )
        ).first() or (None, None)
        number = connection.scalar(
            text("SELECT coalesce(max(number), 0) + 1 FROM impact_rounds WHERE team_id = :t"),
            {"t": team_id},
        )
        round_id = connection.execute(
            insert(rounds).returning(rounds.c.id),
            {
                "team_id": team_id,
                "number": number,
                "question_version": version,
                "status": "open",
                "opened_at": datetime(2026, 12, 1, 9, tzinfo=UTC),
                "secret": "f" * 64,
                "respondents": 0,
            },
        ).scalar_one()
        connection.execute(
            insert(tokens),
            [
                {"round_id": round_id, "token_hash": f"{n:064x}", "answered": n < 5}
                for n in range(7)
            ],
        )
        connection.execute(
            insert(answers),
            [
                {
                    "id": str(uuid.uuid4()),
                    "round_id": round_id,
                    "question_version": version,
                    "question_key": f"vraag{n % 3}",
                    "value": n % 5 + 1,
                    "text": None,
                }
                for n in range(15)
            ],
        )
    return int(round_id)


def _rows(engine: Engine, table: Table, *, without: tuple[str, ...] = ()) -> list[str]:
    columns = [c for c in table.columns if c.name not in without]
    with engine.connect() as connection:
        return sorted(repr(tuple(row)) for row in connection.execute(select(*columns)))


def _current(engine: Engine, name: str) -> Table:
    return Table(name, MetaData(), autoload_with=engine)


@dataclass
class Upgraded:
    """A 0.1.0 database, filled, snapshotted and then upgraded by the app's runner."""

    settings: Settings
    schema: MetaData  # the tables and columns of 0.1.0
    before: dict[str, list[str]]  # every row of every 0.1.0 table before the upgrade
    open_round: int
    open_answers: list[tuple[Any, ...]]


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory, template_db: str) -> Iterator[Upgraded]:
    root = tmp_path_factory.mktemp("upgrade")
    demo = fresh_settings(root / "today", template_db)
    source = Database(demo)
    seed_demo(source, demo, days=5)
    _fill_what_the_demo_leaves_empty(source)

    settings = fresh_settings(root / "release")
    database = Database(settings)
    database.migrate(RELEASE_SCHEMA)
    with database.engine.begin() as connection:
        connection.execute(
            text("UPDATE alembic_version SET version_num = :v"), {"v": RELEASE_STAMP}
        )
    schema = _copy_into(source.engine, database.engine)
    source.dispose()
    shutil.copyfile(demo.audit_anchor_path, settings.audit_anchor_path)  # it lives in home
    open_round = _open_a_round_the_old_way(database.engine, schema)
    before = {
        table.name: _rows(database.engine, table, without=("secret",))
        for table in schema.sorted_tables
        if table.name != "alembic_version"
    }
    open_answers = _answer_values(database.engine, open_round)

    database.migrate()  # what every command and the web app do on start
    database.dispose()
    yield Upgraded(settings, schema, before, open_round, open_answers)


def test_the_release_database_was_filled(upgraded: Upgraded) -> None:
    assert sum(len(rows) for rows in upgraded.before.values()) > 5000
    empty = [name for name, rows in upgraded.before.items() if not rows]
    # tables 0.1.0 filled only in use that the demo and the fill above do not reach
    assert set(empty) <= {
        "login_failures",
        "knowledge_section_embeddings",
        "onderwerpobjecten",
        "user_sessions",
        "training_check_attempts",
        "training_check_reviews",
        "training_skill_ratings",
        "training_scenario_ratings",
    }, empty


def test_every_row_of_the_release_is_intact_after_the_upgrade(upgraded: Upgraded) -> None:
    engine = Database(upgraded.settings).engine
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    changed = []
    for table in upgraded.schema.sorted_tables:
        if table.name in CHANGED_BY_MIGRATIONS or table.name == "alembic_version":
            continue
        now = _current(engine, table.name)
        added = tuple(c.name for c in now.columns if c.name not in table.c)
        if _rows(engine, now, without=added) != upgraded.before[table.name]:
            changed.append(table.name)
    assert not changed, f"rows changed or lost in the upgrade: {changed}"
    _check_the_open_round_was_closed(engine, upgraded.open_round, upgraded.open_answers)
    engine.dispose()


def _answer_values(engine: Engine, round_id: int) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT question_version, question_key, value, text FROM impact_answers "
                "WHERE round_id = :r"
            ),
            {"r": round_id},
        )
        return sorted(tuple(row) for row in rows)


def _check_the_open_round_was_closed(
    engine: Engine, round_id: int, old_answers: list[tuple[Any, ...]]
) -> None:
    """Migration 0009: counted, answers kept in a new order with new ids, tokens gone."""
    rounds = _current(engine, "impact_rounds")
    assert "secret" not in rounds.c
    with engine.connect() as connection:
        status, respondents, closed = connection.execute(
            select(rounds.c.status, rounds.c.respondents, rounds.c.closed_at).where(
                rounds.c.id == round_id
            )
        ).one()
        tokens = connection.scalar(
            text("SELECT count(*) FROM impact_tokens WHERE round_id = :r"), {"r": round_id}
        )
    assert (status, respondents, tokens) == ("gesloten", 5, 0)
    assert closed is not None
    assert _answer_values(engine, round_id) == old_answers


def test_the_upgraded_database_verifies_serves_and_writes(upgraded: Upgraded) -> None:
    settings = upgraded.settings
    database = Database(settings)
    key = settings.audit_secret()
    with database.session() as session:
        verdict = audit.verify(session, key)
        assert verdict.intact, verdict
        events = verdict.events
        _add_a_user(session, key)  # new rows after the copied ones: ids and chain go on
    with TestClient(create_app(settings, database), follow_redirects=False) as client:
        assert client.get("/gezond").json() == {"status": "ok"}
        assert login(client, "medewerker", DEMO_PASSWORD["medewerker"]).status_code == 303
        found = client.get("/kennisbank", params={"q": "paspoort verlengen"})
        assert found.status_code == 200 and "paspoort" in found.text.lower()
    with TestClient(create_app(settings, database), follow_redirects=False) as client:
        assert login(client, "teamleider", DEMO_PASSWORD["teamleider"]).status_code == 303
        assert client.get("/signalen").status_code == 200
        report = client.get("/teamdialoog")
        assert report.status_code == 200
    with database.session() as session:
        after = audit.verify(session, key)
    assert after.intact and after.events > events
    database.dispose()


def _add_a_user(session: Session, key: bytes) -> None:
    new = NewUser(
        username="nieuw-na-upgrade",
        display_name="Nieuw na de upgrade",
        password="x" * 12,
        roles=(Role.MEDEWERKER,),
        team="KCC Team Noord",
    )
    user = add_user(session, new, "argon2-not-used", audit_key=key, actor="test")
    assert user.id > 20


def test_sqlite_enforces_foreign_keys_again_after_migrating(empty_settings: Settings) -> None:
    """Migrations run with foreign keys off on SQLite; the pooled connection gets them back."""
    if not empty_settings.is_sqlite:
        pytest.skip("the pragma concerns SQLite")
    database = Database(empty_settings)
    try:
        database.migrate("0011")
        database.migrate()
        for _ in range(3):  # whichever pooled connection a session gets
            with database.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()
