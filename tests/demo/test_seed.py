"""Seeding the demo municipality, on SQLite and PostgreSQL (through the conftest fixtures)."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from reisgenoot.accounts.models import Role, Team, User
from reisgenoot.accounts.service import LoginPolicy, NewUser, authenticate, create_user
from reisgenoot.cli import app
from reisgenoot.contacts.models import (
    Actor,
    Betrokkene,
    InterneTaak,
    Klantcontact,
    Vraag,
    klantcontact_actoren,
)
from reisgenoot.demo.accounts import COLLEAGUE_PASSWORD, DEMO_ACCOUNTS, DEMO_LOGINS, DEMO_TEAMS
from reisgenoot.demo.history import SURGE
from reisgenoot.demo.seed import DEMO_MUNICIPALITY, SeedReport, seed_demo
from reisgenoot.errors import StoreError
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.selfservice_models import Chat, Exchange, Rating
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.conftest import Demo, fresh_settings

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Demo
) -> Iterator[tuple[Database, Settings, SeedReport]]:
    """A copy of the real default seed (90 days, seeded once per session by the conftest's
    ``demo_template``) for the invariant tests of this module.

    How long the seed takes is measured by ``reisgenoot demo seed`` (its ``seconds``), not here.
    """
    config = fresh_settings(tmp_path_factory.mktemp("demo") / "home", demo_template.template)
    database = Database(config)
    yield database, config, demo_template.report
    database.dispose()


def _count(session: Session, column: Any) -> int:
    return int(session.scalar(select(func.count(column))) or 0)


def test_full_default_seed_is_complete(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    database, _config, report = seeded
    assert report.seeded
    assert (report.days, report.start, report.end, report.seed) == (
        90,
        "2026-08-30",
        "2026-11-27",
        2026,
    )
    assert report.contacts >= 20_000
    with database.session() as session:
        assert _count(session, Klantcontact.id) == report.contacts
        assert _count(session, Vraag.id) == report.vragen
        assert _count(session, InterneTaak.id) == report.interne_taken
        assert _count(session, Betrokkene.id) == report.betrokkenen
        assert _count(session, User.id) == report.accounts == len(DEMO_ACCOUNTS)
    assert database.is_demo()
    assert database.get_meta("demo") == DEMO_MUNICIPALITY


def test_every_contact_is_synthetic_and_labelled(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    database, _config, _report = seeded
    with database.session() as session:
        assert session.scalar(select(func.count()).where(Klantcontact.synthetic.is_(False))) == 0
        metas = {json.dumps(m, sort_keys=True) for m in session.scalars(select(Klantcontact.meta))}
        assert metas == {json.dumps({"bron": "synthetisch", "seed": "2026"}, sort_keys=True)}
        first = session.scalar(select(Klantcontact).order_by(Klantcontact.id).limit(1))
        assert first is not None
        assert first.plaatsgevonden_op is not None
        assert first.plaatsgevonden_op.tzinfo is not None
        assert first.vragen and first.vragen[0].position == 0
    history = json.loads(database.get_meta("demo_history") or "{}")
    assert history["surge"]["topic"] == SURGE.topic
    assert history["seed"] == 2026


def test_each_contact_links_an_employee_and_reisgenoot(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    database, _config, report = seeded
    with database.session() as session:
        links = session.execute(
            select(Actor.soort_actor, func.count())
            .join(klantcontact_actoren, klantcontact_actoren.c.actor_id == Actor.id)
            .group_by(Actor.soort_actor)
        ).all()
        assert dict(links) == {
            "medewerker": report.contacts,
            "geautomatiseerde_actor": report.contacts,
        }
        assistant = session.scalar(
            select(Actor).where(Actor.soort_actor == "geautomatiseerde_actor")
        )
        assert assistant is not None
        assert assistant.naam == "Reisgenoot"
        assert assistant.functie and assistant.omschrijving
        tasks_without_unit = session.scalar(
            select(func.count())
            .select_from(InterneTaak)
            .join(Actor, Actor.id == InterneTaak.toegewezen_aan_actor_id)
            .where(Actor.soort_actor != "organisatorische_eenheid")
        )
        assert tasks_without_unit == 0


def test_teams_have_at_least_five_people_handling_contacts(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    database, _config, _report = seeded
    with database.session() as session:
        rows = session.execute(
            select(Team.name, func.count(func.distinct(Actor.id)), func.count(Klantcontact.id))
            .join(Klantcontact, Klantcontact.team_id == Team.id)
            .join(klantcontact_actoren, klantcontact_actoren.c.klantcontact_id == Klantcontact.id)
            .join(
                Actor,
                (Actor.id == klantcontact_actoren.c.actor_id) & (Actor.soort_actor == "medewerker"),
            )
            .group_by(Team.name)
        ).all()
    assert {name for name, _p, _c in rows} == {name for name, _d in DEMO_TEAMS}
    assert all(people >= 5 and contacts >= 1000 for _n, people, contacts in rows)


def test_kennisbank_accounts_and_audit_trail(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    database, config, report = seeded
    with database.session() as session:
        sources = dict(
            session.execute(select(Article.source, func.count()).group_by(Article.source)).all()
        )
        assert sources["rijksoverheid"] == 179  # 175 + 5, one record is in both files
        assert sources["voorbeeldstad"] >= 40
        assert report.articles == sum(sources.values())
        policy = LoginPolicy()
        for username, password, roles, _team in DEMO_LOGINS:
            user = authenticate(session, username, password, "127.0.0.1", policy)
            assert user is not None, username
            assert {r.value for r in user.roles} == set(roles)
        assert {r for _u, _p, roles, _t in DEMO_LOGINS for r in roles} == {r.value for r in Role}
        colleague = authenticate(session, "zuid3", COLLEAGUE_PASSWORD, "127.0.0.1", policy)
        assert colleague is not None
        assert audit.verify(session, config.audit_secret()).intact
        loaded = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "demo_geladen")
        ).all()
        assert len(loaded) == 1
        assert loaded[0].details["contacts"] == report.contacts
        actions = set(session.scalars(select(AuditEvent.action)))
        assert {"kennisbank_import", "gebruiker_aangemaakt", "demo_geladen"} <= actions


def test_second_seed_does_nothing_and_says_so(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    database, config, report = seeded
    with database.session() as session:
        events = _count(session, AuditEvent.seq)
    again = seed_demo(database, config)
    assert not again.seeded
    assert "al" in again.message
    with database.session() as session:
        assert _count(session, Klantcontact.id) == report.contacts
        assert _count(session, AuditEvent.seq) == events


def test_new_contacts_can_be_added_after_the_seed(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    """Ids were assigned in Python; the database sequences must have moved past them."""
    database, _config, _report = seeded
    with database.session() as session:
        contact = Klantcontact(kanaal="Telefoon", onderwerp="paspoort (test)", taal="nld")
        contact.vragen.append(Vraag(upl="paspoort", gespreksresultaat="Zelfstandig afgehandeld"))
        session.add(contact)
        session.flush()
        assert contact.id > 20_000
        session.rollback()


def test_demo_chats_are_anonymous_and_new_chats_can_follow(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    """The demo's resident chats: rated, anonymous, and the chat keeps working after them."""
    database, _config, report = seeded
    with database.session() as session:
        assert report.chats == _count(session, Chat.id) > 1000
        assert _count(session, Rating.id) > 500
        assert session.scalar(select(func.count()).where(Chat.klantcontact_id.is_not(None))) == 0
        chat = Chat(token_hash="f" * 64)
        chat.exchanges.append(Exchange(position=0, question="Test?", reason="answered"))
        session.add(chat)
        session.flush()
        assert chat.id > report.chats and chat.exchanges[0].id > report.chats
        session.rollback()


def test_same_seed_gives_the_same_rows(tmp_path: Path, template_db: str) -> None:
    rows = []
    for name in ("a", "b"):
        config = fresh_settings(tmp_path / name, template_db)
        database = Database(config)
        seed_demo(database, config, days=5)
        with database.session() as session:
            rows.append(
                session.execute(
                    select(
                        Klantcontact.uuid, Klantcontact.onderwerp, Klantcontact.plaatsgevonden_op
                    ).order_by(Klantcontact.id)
                ).all()
            )
        database.dispose()
    assert rows[0] == rows[1]
    assert len(rows[0]) > 500


def test_refuses_a_database_with_real_users(db: Database, settings: Settings) -> None:
    with db.session() as session:
        create_user(
            session,
            NewUser("echt", "Echte gebruiker", "een-lang-wachtwoord", (Role.BEHEERDER,)),
            audit_key=settings.audit_secret(),
            actor="test",
        )
    with pytest.raises(StoreError):
        seed_demo(db, settings, days=2)
    assert not db.is_demo()
    with db.session() as session:
        assert _count(session, Klantcontact.id) == 0
        assert _count(session, Article.id) == 0


def test_cli_seed_prints_one_json_line(cli_env: Settings) -> None:
    result = runner.invoke(app, ["demo", "seed", "--days", "3", "--seed", "11"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["seeded"] is True
    assert report["days"] == 3
    assert report["seed"] == 11
    # Without --end the history ends yesterday, so the demo's recent weeks are this month's.
    assert report["end"] == (date.today() - timedelta(days=1)).isoformat()
    again = runner.invoke(app, ["demo", "seed"])
    assert json.loads(again.stdout)["seeded"] is False
    bad = runner.invoke(app, ["demo", "seed", "--end", "2026-02-30"])
    assert bad.exit_code == 2


def test_cli_demo_seeds_prints_logins_and_serves(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, Any] = {}
    fake_app = types.ModuleType("reisgenoot.app")

    def create_app(settings: Settings | None = None, database: Database | None = None) -> str:
        calls["settings"] = settings
        return "asgi-app"

    fake_app.create_app = create_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reisgenoot.app", fake_app)
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.setattr("reisgenoot.cli.demo.DEFAULT_DAYS", 2)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "http://127.0.0.1:8000" in result.stderr
    for username, password, _roles, _team in DEMO_LOGINS:
        assert username in result.stderr
        assert password in result.stderr
    assert calls["app"] == "asgi-app"
    assert (calls["host"], calls["port"]) == ("127.0.0.1", 8000)
    assert calls["settings"].home == cli_env.home
    database = Database(cli_env)
    with database.session() as session:
        assert _count(session, Klantcontact.id) > 0
    database.dispose()


def test_demo_team_has_a_finished_dialogue_round_with_a_report(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    from reisgenoot.demo.dialogue import ACTIONS, PARTICIPANTS, TEAM
    from reisgenoot.impact.models import Action, Round
    from reisgenoot.impact.report import team_report
    from reisgenoot.impact.survey import answered_count

    database, _config, _report = seeded
    with database.session() as session:
        team_id = session.scalar(select(Team.id).where(Team.name == TEAM))
        rounds = session.scalars(select(Round).where(Round.team_id == team_id)).all()
        assert len(rounds) == 1 and not rounds[0].is_open
        assert answered_count(session, rounds[0]) == PARTICIPANTS
        report = team_report(session, rounds[0].id)
        assert report.shown
        assert all(d.score is not None for d in report.dimensions)
        assert all(d.themes and d.quotes for d in report.dimensions)
        assert session.scalar(select(func.count(Action.id))) == len(ACTIONS)


def test_the_demo_has_review_figures_on_every_team_page(
    seeded: tuple[Database, Settings, SeedReport],
) -> None:
    """The seeded reviews pass k-anonymity per team and month (≥ 5 people, ≥ 20 reviews), and
    Team Zuid's switch to "eerst zelf" shows both sides in its switch month."""
    from reisgenoot.accounts.models import Team
    from reisgenoot.oversight.reliance import ALL_TEAMS, reliance

    database, _config, _report = seeded
    with database.session() as session:
        rows = reliance(session)
        zuid_first = session.scalar(select(Team.self_first).where(Team.name == "KCC Team Zuid"))
    shown = {(r.team, r.month) for r in rows if r.shown}
    for team in ("KCC Team Noord", "KCC Team Zuid", "Vakafdeling Belastingen", ALL_TEAMS):
        assert sum(1 for t, _m in shown if t == team) >= 2, team
    assert zuid_first is True
    zuid = [r for r in rows if r.team == "KCC Team Zuid" and r.shown and r.self_first]
    assert any(r.self_first and r.self_first["getoond"] for r in zuid)
    assert any(r.direct and r.direct["getoond"] for r in zuid)  # the month it was switched on
    everyone = [r for r in rows if r.team == ALL_TEAMS and r.shown]
    assert all(r.sources_share is not None for r in everyone)
    assert any(r.advice and r.advice["getoond"] for r in everyone)


def test_demo_reviews_are_reproducible_from_the_seed(
    tmp_path_factory: pytest.TempPathFactory, template_db: str
) -> None:
    from reisgenoot.demo.history import HistoryConfig, generate_history
    from reisgenoot.demo.reviews import seed_reviews

    config = HistoryConfig(days=6, end=date(2026, 11, 27), seed=7)
    history = generate_history(config)
    runs = []
    for name in ("a", "b"):
        settings = fresh_settings(tmp_path_factory.mktemp(name) / "home", template_db)
        database = Database(settings)
        with database.session() as session:
            seed_reviews(
                session, history, audit_key=b"k" * 32, seed=7, switch_day=date(2026, 11, 24)
            )
        with database.session() as session:
            runs.append(
                [
                    (e.actor, e.at, e.details)
                    for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
                ]
            )
        database.dispose()
    assert runs[0] == runs[1] and len(runs[0]) >= 20
    assert any(details["eerst_zelf"] for _a, _t, details in runs[0])
