"""The retention purge deletes exactly what is past its period, per kind (SQLite and PostgreSQL),
and the audit trail stays verifiable after its oldest events are removed."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from typer.testing import CliRunner

from reisgenoot.cli import app as cli
from reisgenoot.contacts.models import InterneTaak, Klantcontact, Turn, Vraag
from reisgenoot.contacts.records import IdentifierHash
from reisgenoot.knowledge.selfservice_models import Chat, Exchange
from reisgenoot.learning.models import Example
from reisgenoot.privacy import purge, retention
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.audit_base import AuditBase
from reisgenoot.store.audit_trim import trim
from reisgenoot.store.audit_verdict import verdict
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

NOW = utcnow()


def _ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def _contact(db: Database, name: str, days: float, *, task: str | None = None) -> str:
    """A confirmed contact ``days`` old with two turns, a question, a hash and an example."""
    with db.session() as session:
        contact = Klantcontact(
            kanaal="Telefoon", onderwerp=name, status="bevestigd", plaatsgevonden_op=_ago(days)
        )
        contact.vragen = [Vraag(upl="Paspoort", gespreksresultaat="Zelfstandig afgehandeld")]
        contact.turns = [
            Turn(position=0, speaker="medewerker", text="Goedemorgen."),
            Turn(position=1, speaker="inwoner", text=f"Een vraag over {name}."),
        ]
        if task is not None:
            contact.interne_taken = [InterneTaak(gevraagde_handeling="Terugbellen", status=task)]
        session.add(contact)
        session.flush()
        session.add(IdentifierHash(klantcontact_id=contact.id, kind="bsn", digest=name * 4))
        session.add(
            Example(kind="registratie", capability="assist", text=name, label={},
                    created_at=_ago(1), klantcontact_id=contact.id)
        )  # fmt: skip
        return contact.uuid


def _chat(db: Database, token: str, days: float) -> None:
    with db.session() as session:
        chat = Chat(token_hash=token * 8, started_at=_ago(days), last_at=_ago(days))
        chat.exchanges = [Exchange(position=0, at=_ago(days), question="Wat kost een paspoort?",
                                   answer="€ 84,70", reason="answered")]  # fmt: skip
        session.add(chat)


def _example(db: Database, text: str, days: float) -> None:
    with db.session() as session:
        session.add(Example(kind="vraag_artikel", capability="knowledge", text=text,
                            label={"article_id": "a"}, created_at=_ago(days)))  # fmt: skip


@pytest.fixture
def data(db: Database) -> dict[str, str]:
    """Defaults: contacts 365, turns 90, chats 180, examples 730 days."""
    made = {
        "old": _contact(db, "oud", 400),
        "old_open": _contact(db, "open", 400, task="te_verwerken"),
        "old_done": _contact(db, "klaar", 400, task="verwerkt"),
        "mid": _contact(db, "midden", 120),  # turns go, the contact stays
        "new": _contact(db, "nieuw", 10),
    }
    _chat(db, "a", 200)
    _chat(db, "b", 20)
    _example(db, "oud voorbeeld", 800)
    _example(db, "nieuw voorbeeld", 100)
    return made


def _uuids(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(Klantcontact.uuid)))


def _turn_owners(db: Database) -> set[str]:
    with db.session() as session:
        rows = session.scalars(
            select(Klantcontact.uuid).join(Turn, Turn.klantcontact_id == Klantcontact.id)
        )
        return set(rows)


def _count(db: Database, column: Any) -> int:
    with db.session() as session:
        return int(session.execute(select(func.count(column))).scalar() or 0)


def test_purge_deletes_exactly_what_is_past_retention(
    db: Database, settings: Settings, data: dict[str, str]
) -> None:
    report = purge.purge(db, settings, now=NOW)
    counts = {r.kind.key: r.count for r in report.results}
    assert counts == {
        "gespreksbeurten": 6,  # old, old_done, mid: two turns each
        "klantcontacten": 2,  # old, old_done; old_open waits for its task
        "chats": 1,
        "leervoorbeelden": 1,
        "auditlogboek": 0,
    }
    assert _uuids(db) == {data["old_open"], data["mid"], data["new"]}
    assert _turn_owners(db) == {data["old_open"], data["new"]}
    with db.session() as session:
        assert set(session.scalars(select(Chat.token_hash))) == {"b" * 8}
        assert _count(db, Exchange.id) == 1
        texts = set(session.scalars(select(Example.text)))
        # the purged contacts took their examples along; the old example went by its period
        assert texts == {"open", "midden", "nieuw", "nieuw voorbeeld"}
        assert _count(db, IdentifierHash.id) == 3
        assert _count(db, Vraag.id) == 3
        event = session.scalars(
            select(audit.AuditEvent).where(audit.AuditEvent.action == purge.ACTION)
        ).one()
    assert event.details["klantcontacten"] == 2
    # a second run finds nothing more
    again = purge.purge(db, settings, now=NOW)
    assert again.total == 0


def test_dry_run_counts_the_same_and_changes_nothing(
    db: Database, settings: Settings, data: dict[str, str]
) -> None:
    before = (_uuids(db), _count(db, Turn.id), _count(db, Chat.id), _count(db, Example.id))
    dry = purge.purge(db, settings, now=NOW, dry_run=True)
    assert (_uuids(db), _count(db, Turn.id), _count(db, Chat.id), _count(db, Example.id)) == before
    real = purge.purge(db, settings, now=NOW)
    assert [r.count for r in dry.results] == [r.count for r in real.results]
    assert dry.as_dict()["proefdraai"] is True


def test_a_beheerder_override_is_what_the_purge_uses(
    db: Database, settings: Settings, data: dict[str, str]
) -> None:
    with db.session() as session:
        retention.set_days(
            session, settings, [(retention.CONTACTS, 100), (retention.TURNS, 500)],
            audit_key=settings.audit_secret(), actor="beheerder",
        )  # fmt: skip
    purge.purge(db, settings, now=NOW)
    assert _uuids(db) == {data["old_open"], data["new"]}  # "mid" (120 days) is past 100 now
    assert _turn_owners(db) == {data["old_open"], data["new"]}
    with db.session() as session:
        terms = {t.kind.key: t for t in retention.terms(session, settings)}
        assert terms["klantcontacten"].days == 100 and terms["klantcontacten"].overridden
        assert terms["chats"].days == 180 and not terms["chats"].overridden
        # back to the setting
        retention.set_days(session, settings, [(retention.CONTACTS, None)],
                           audit_key=settings.audit_secret(), actor="beheerder")  # fmt: skip
        assert retention.days(session, settings, retention.CONTACTS) == 365
        actions = list(session.scalars(select(audit.AuditEvent.details).where(
            audit.AuditEvent.action == "bewaartermijn_gewijzigd")))  # fmt: skip
    assert {"was": 365, "wordt": 100, "standaard": False} in actions
    assert {"was": 100, "wordt": 365, "standaard": True} in actions


# --- the audit trail -------------------------------------------------------------------------


def _old_events(db: Database, key: bytes, monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """``n`` events dated six years ago, then the clock is back."""
    tick = itertools.count()
    start = NOW - timedelta(days=6 * 365)
    with monkeypatch.context() as patch:
        patch.setattr(audit, "utcnow", lambda: start + timedelta(seconds=next(tick)))
        for number in range(n):
            with db.session() as session:
                audit.record(session, key, actor="test", action="oud", object_id=str(number))


def _record(db: Database, key: bytes, n: int) -> None:
    for number in range(n):
        with db.session() as session:
            audit.record(session, key, actor="test", action="nieuw", object_id=str(number))


def _verify(db: Database, key: bytes) -> audit.Verification:
    with db.session() as session:
        return audit.verify(session, key)


def test_old_audit_events_go_and_the_chain_still_verifies(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = settings.audit_secret()
    _old_events(db, key, monkeypatch, 10)
    _record(db, key, 4)
    report = purge.purge(db, settings, now=NOW)
    assert report.results[-1].count == 10
    result = _verify(db, key)
    # the 4 young events, the purge's own event and the trim's event
    assert result.intact and result.removed == 10 and result.events == 6
    assert "de oudste 10 zijn na de bewaartermijn opgeschoond" in verdict(result, None)
    with db.session() as session:
        first = session.execute(select(func.min(audit.AuditEvent.seq))).scalar()
        trimmed = session.scalars(select(audit.AuditEvent).where(
            audit.AuditEvent.action == "auditlogboek_opgeschoond")).one()  # fmt: skip
    assert first == 11
    assert trimmed.details["aantal"] == 10 and trimmed.details["tot_en_met"] == 10
    _record(db, key, 2)  # the chain goes on
    assert _verify(db, key).intact


def test_the_head_and_the_anchored_event_are_never_removed(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = settings.audit_secret()
    _old_events(db, key, monkeypatch, 5)  # every event is old, the last is the head and anchor
    with db.session() as session:
        assert trim(session, key, before=NOW, actor="test", dry_run=True).count == 4
        assert trim(session, key, before=NOW, actor="test").through == 4
    result = _verify(db, key)
    assert result.intact and result.removed == 4 and result.events == 2  # 5 and the trim's own


def test_removing_more_or_moving_the_start_is_detected(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = settings.audit_secret()
    _old_events(db, key, monkeypatch, 6)
    _record(db, key, 3)
    purge.purge(db, settings, now=NOW)
    # someone removes the first kept event as well (a raw SQL delete, past the ORM guard)
    with db.engine.begin() as connection:
        connection.execute(delete(audit.AuditEvent).where(audit.AuditEvent.seq == 7))
    result = _verify(db, key)
    assert not result.intact and result.problem == "ontbreekt" and result.broken_at == 7
    # ... and moves the start forward without the key
    with db.engine.begin() as connection:
        connection.execute(update(AuditBase).values(seq=7))
    result = _verify(db, key)
    assert not result.intact and result.problem == "begin_gewijzigd"
    assert "beginpunt" in verdict(result, None)
    # ... or deletes the start: every removed event counts as missing again
    with db.engine.begin() as connection:
        connection.execute(delete(AuditBase))
    result = _verify(db, key)
    assert not result.intact and result.problem == "ontbreekt" and result.broken_at == 1


def test_a_broken_chain_is_not_trimmed(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch, cli_env: Settings
) -> None:
    key = settings.audit_secret()
    _old_events(db, key, monkeypatch, 5)
    _record(db, key, 2)
    with db.engine.begin() as connection:
        connection.execute(delete(audit.AuditEvent).where(audit.AuditEvent.seq == 2))
    result = CliRunner().invoke(cli, ["retention", "purge", "--json"])
    assert result.exit_code == 3, result.output
    output = json.loads(result.stdout)
    assert output["soorten"][-1] == {**output["soorten"][-1], "soort": "auditlogboek", "aantal": 0}
    assert "niet intact" in output["problemen"][0]
    assert _count(db, audit.AuditEvent.seq) == 6 + 1  # nothing removed; the purge event added


def test_cli_purge_dry_run_and_json(db: Database, cli_env: Settings, data: dict[str, str]) -> None:
    runner = CliRunner()
    dry = runner.invoke(cli, ["retention", "purge", "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    output = json.loads(dry.stdout)
    assert output["proefdraai"] is True
    assert [k["soort"] for k in output["soorten"]] == [
        "gespreksbeurten", "klantcontacten", "chats", "leervoorbeelden", "auditlogboek",
    ]  # fmt: skip
    assert {k["soort"]: k["aantal"] for k in output["soorten"]}["klantcontacten"] == 2
    assert len(_uuids(db)) == 5
    real = runner.invoke(cli, ["retention", "purge"])
    assert real.exit_code == 0, real.output
    assert "Klantcontacten: 2" in real.stdout
    assert len(_uuids(db)) == 3
    shown = runner.invoke(cli, ["retention", "show", "--json"])
    rows = {row["soort"]: row for row in json.loads(shown.stdout)}
    assert rows["auditlogboek"]["dagen"] == 1826
    assert rows["leervoorbeelden"]["instelling"] == "REISGENOOT_LEARN_RETENTION_DAYS"


def test_the_web_apps_nightly_run_purges_before_it_trains(
    db: Database, settings: Settings, data: dict[str, str]
) -> None:
    from reisgenoot.app import create_app

    nightly = create_app(settings, db).state.nightly_training
    assert [name for name, _job in nightly.jobs] == ["bewaartermijnen"]
    nightly.learners = ()  # the purge is under test here, not the training
    with db.session() as session:
        retention.set_days(session, settings, [(retention.EXAMPLES, 50)],
                           audit_key=settings.audit_secret(), actor="beheerder")  # fmt: skip
    assert nightly.retention_days() == 50
    nightly.run_now()
    assert _uuids(db) == {data["old_open"], data["mid"], data["new"]}
    with db.session() as session:
        assert "nieuw voorbeeld" not in set(session.scalars(select(Example.text)))  # 100 > 50


def test_a_trimmed_trail_survives_backup_and_restore(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from reisgenoot.cli import context

    database = Database(cli_env)
    key = cli_env.audit_secret()
    _old_events(database, key, monkeypatch, 6)
    _record(database, key, 2)
    purge.purge(database, cli_env, now=NOW)
    file = tmp_path / "backup.tar"
    runner = CliRunner()
    assert runner.invoke(cli, ["backup", str(file)]).exit_code == 0
    _record(database, key, 3)  # after the backup: gone once restored
    context.reset()
    restored = runner.invoke(cli, ["restore", str(file), "--force"])
    assert restored.exit_code == 0, restored.output
    context.reset()
    verified = runner.invoke(cli, ["audit", "verify", "--json"])
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.stdout)["removed"] == 6
    result = _verify(database, key)
    assert result.intact and result.removed == 6
    database.dispose()
