"""Sending to a real HTTP stand-in of Open Klant: retries, idempotence, never losing a contact."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.records import OpenKlantDelivery
from reisgenoot.contacts.sending import send_pending, status_of
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.openklant.conftest import RESIDENT_NAME, TOKEN, FakeOpenKlant, make_contact

NO_WAIT: list[float] = []


def _sleep(seconds: float) -> None:
    NO_WAIT.append(seconds)


def delivery(db: Database, uuid: str) -> OpenKlantDelivery | None:
    with db.session() as session:
        row = session.scalars(
            select(OpenKlantDelivery)
            .join(Klantcontact, Klantcontact.id == OpenKlantDelivery.klantcontact_id)
            .where(Klantcontact.uuid == uuid)
        ).first()
        if row is not None:
            session.expunge(row)
        return row


def test_confirmed_contacts_are_sent_once_with_their_task(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuid = make_contact(db, linked_settings)
    make_contact(db, linked_settings, status="concept")
    make_contact(db, linked_settings, synthetic=True)
    report = send_pending(db, linked_settings, sleep=_sleep)
    assert report.sent == [uuid] and report.failed == []
    assert open_klant.invalid == []
    assert open_klant.paths() == ["/maak-klantcontact", "/internetaken"]
    row = delivery(db, uuid)
    assert row is not None and row.status == "verzonden" and row.attempts == 2
    assert row.remote_uuid and row.remote_url and row.remote_url.endswith(row.remote_uuid)
    task = open_klant.received[1][1]
    assert task["aanleidinggevendKlantcontact"] == {"uuid": row.remote_uuid}
    # Idempotent: a second run sends nothing.
    again = send_pending(db, linked_settings, sleep=_sleep)
    assert again.sent == [] and len(open_klant.received) == 2
    with db.session() as session:
        view = status_of(session, linked_settings, uuid)
    assert view is not None and view.code == "verzonden"


def test_two_failures_then_success_is_retried_with_backoff(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuid = make_contact(db, linked_settings, task=False)
    open_klant.script = [503, 502]
    waits: list[float] = []
    settings = linked_settings.model_copy(update={"openklant_backoff_seconds": 1.5})
    report = send_pending(db, settings, sleep=waits.append)
    assert report.sent == [uuid]
    assert waits == [1.5, 3.0]
    row = delivery(db, uuid)
    assert row is not None and row.status == "verzonden" and row.attempts == 3


def test_a_server_that_always_fails_keeps_the_contact_for_the_next_run(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuid = make_contact(db, linked_settings, task=False)
    open_klant.always = 500
    report = send_pending(db, linked_settings, sleep=_sleep)
    assert report.failed == [uuid] and report.sent == []
    row = delivery(db, uuid)
    assert row is not None and row.status == "niet_verzonden"
    assert row.attempts == linked_settings.openklant_max_attempts
    assert row.last_error == "HTTP 500" and row.claimed_until is None
    with db.session() as session:
        assert session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        view = status_of(session, linked_settings, uuid)
    assert view is not None and view.label == "Niet verzonden" and "HTTP 500" in view.detail
    # The next run tries again, and succeeds once the server is back.
    second = send_pending(db, linked_settings, sleep=_sleep)
    assert second.failed == [uuid]
    assert delivery(db, uuid).attempts == 2 * linked_settings.openklant_max_attempts  # type: ignore[union-attr]
    open_klant.always = None
    third = send_pending(db, linked_settings, sleep=_sleep)
    assert third.sent == [uuid]
    assert delivery(db, uuid).status == "verzonden"  # type: ignore[union-attr]


def test_a_refused_body_is_marked_fout_without_retrying_in_the_same_run(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuid = make_contact(db, linked_settings, task=False)
    open_klant.always = 400
    report = send_pending(db, linked_settings, sleep=_sleep)
    assert report.failed == [uuid]
    row = delivery(db, uuid)
    assert row is not None and row.status == "fout" and row.attempts == 1
    assert open_klant.requests == 1


def test_a_server_that_is_down_counts_as_a_temporary_failure(
    db: Database, linked_settings: Settings
) -> None:
    uuid = make_contact(db, linked_settings, task=False)
    down = linked_settings.model_copy(update={"openklant_url": "http://127.0.0.1:9/api"})
    report = send_pending(db, down, sleep=_sleep)
    assert report.failed == [uuid]
    row = delivery(db, uuid)
    assert row is not None and row.status == "niet_verzonden"
    assert row.last_error.startswith("verbinding mislukt")


def test_a_failed_task_step_does_not_send_the_klantcontact_twice(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuid = make_contact(db, linked_settings)
    open_klant.script = [201, 500, 500, 500]
    assert send_pending(db, linked_settings, sleep=_sleep).failed == [uuid]
    row = delivery(db, uuid)
    assert row is not None and row.remote_uuid and row.status == "niet_verzonden"
    assert send_pending(db, linked_settings, sleep=_sleep).sent == [uuid]
    assert open_klant.paths() == ["/maak-klantcontact", "/internetaken"]


def test_without_a_url_nothing_is_sent(
    db: Database, settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuid = make_contact(db, settings)
    report = send_pending(db, settings, sleep=_sleep)
    assert not report.configured and open_klant.requests == 0
    with db.session() as session:
        view = status_of(session, settings, uuid)
    assert view is not None and view.label == "Niet verzonden (geen koppeling ingesteld)"


def test_logs_hold_no_personal_data_or_token(
    db: Database,
    linked_settings: Settings,
    open_klant: FakeOpenKlant,
    caplog: pytest.LogCaptureFixture,
) -> None:
    uuid = make_contact(db, linked_settings, turns=("Mijn BSN is 111222333, mail jan@example.nl",))
    failing = make_contact(db, linked_settings, task=False)
    open_klant.script = [201, 201, 500, 500, 500]
    with caplog.at_level(logging.DEBUG):
        send_pending(db, linked_settings, sleep=_sleep)
    text = caplog.text + json.dumps([r.getMessage() for r in caplog.records])
    assert uuid in text and failing in text  # the log says which contacts
    for secret in (*RESIDENT_NAME[::2], "111222333", "jan@example.nl", TOKEN, "grofvuil"):
        assert secret not in text


def test_send_command_prints_a_summary(
    cli_env: Settings, db: Database, open_klant: FakeOpenKlant, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_contact(db, cli_env, task=False)
    result = CliRunner().invoke(app, ["contacts", "send"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["gekoppeld"] is False
    assert "geen koppeling" in result.stderr.lower()
    from reisgenoot.cli import context

    monkeypatch.setenv("REISGENOOT_OPENKLANT_URL", open_klant.url)
    monkeypatch.setenv("REISGENOOT_OPENKLANT_TOKEN", TOKEN)
    context.reset()
    sent = CliRunner().invoke(app, ["contacts", "send"])
    assert sent.exit_code == 0, sent.output
    summary = json.loads(sent.stdout)
    assert summary["verzonden"] == 1 and summary["wachtend"] == 0
    with db.session() as session:
        events = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "openklant_verzonden")
        ).all()
    assert len(events) == 1
