"""The circuit breaker for Open Klant: an outage costs a few contacts' time-outs, not all."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from reisgenoot.app import create_app
from reisgenoot.cli import app, context
from reisgenoot.contacts.breaker import KEY, OpenKlantBreaker
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.sending import pending_query, send_pending
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.openklant.conftest import TOKEN, FakeOpenKlant, make_contact
from tests.web.fixtures import login

runner = CliRunner()


def _cool_down(db: Database) -> None:
    """Let the cool-down pass: the breaker's open_until lies in the past (half open)."""
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    with db.session() as session:
        db.set_meta(session, KEY, json.dumps({"failures": 3, "open_until": past}))


def _pending(db: Database) -> int:
    with db.session() as session:
        return int(
            session.scalar(select(func.count()).select_from(pending_query().subquery())) or 0
        )


def test_an_outage_opens_the_breaker_and_nothing_is_lost(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuids = [make_contact(db, linked_settings, task=False) for _ in range(6)]
    open_klant.always = 503
    report = send_pending(db, linked_settings, sleep=lambda _s: None)
    threshold = linked_settings.openklant_breaker_failures
    assert report.failed == uuids[:threshold]
    assert report.postponed == uuids[threshold:]
    assert report.breaker_open_until is not None
    assert open_klant.requests == threshold * linked_settings.openklant_max_attempts
    assert _pending(db) == 6  # every contact is still queued
    # While open, the next run tries nothing at all.
    again = send_pending(db, linked_settings, sleep=lambda _s: None)
    assert again.postponed == uuids and again.failed == []
    assert open_klant.requests == threshold * linked_settings.openklant_max_attempts


def test_after_the_cooldown_one_success_closes_it_and_everything_goes(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuids = [make_contact(db, linked_settings, task=False) for _ in range(4)]
    open_klant.always = 500
    first = send_pending(db, linked_settings, sleep=lambda _s: None)
    assert len(first.failed) == linked_settings.openklant_breaker_failures
    open_klant.always = None
    assert send_pending(db, linked_settings, sleep=lambda _s: None).postponed == uuids
    _cool_down(db)
    second = send_pending(db, linked_settings, sleep=lambda _s: None)
    assert second.sent == uuids and second.complete
    assert OpenKlantBreaker.of(db, linked_settings).state().failures == 0
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Klantcontact)) == 4


def test_a_refusal_is_no_outage(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant
) -> None:
    uuids = [make_contact(db, linked_settings, task=False) for _ in range(5)]
    open_klant.always = 400
    report = send_pending(db, linked_settings, sleep=lambda _s: None)
    assert report.failed == uuids and report.postponed == []


def test_half_open_failure_opens_it_again() -> None:
    class Memory:
        value: str | None = None

        def get_meta(self, _key: str) -> str | None:
            return self.value

        def set_meta(self, _session: object, _key: str, value: str) -> None:
            self.value = value

        def session(self) -> object:
            from contextlib import nullcontext

            return nullcontext()

    clock = [datetime(2026, 1, 5, 9, 0, tzinfo=UTC)]
    breaker = OpenKlantBreaker(
        Memory(),  # type: ignore[arg-type]
        threshold=2,
        cooldown=timedelta(minutes=5),
        now=lambda: clock[0],
    )
    breaker.failed()
    assert breaker.open_until() is None
    breaker.failed()
    assert breaker.open_until() == clock[0] + timedelta(minutes=5)
    clock[0] += timedelta(minutes=6)
    assert breaker.open_until() is None  # half open: one contact may try
    breaker.failed()
    assert breaker.open_until() == clock[0] + timedelta(minutes=5)
    breaker.succeeded()
    assert breaker.state().failures == 0 and breaker.open_until() is None


def test_contacts_send_exits_3_with_a_dutch_message_when_contacts_stay_behind(
    db: Database, cli_env: Settings, open_klant: FakeOpenKlant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_OPENKLANT_URL", open_klant.url)
    monkeypatch.setenv("REISGENOOT_OPENKLANT_BACKOFF_SECONDS", "0")
    monkeypatch.setenv("REISGENOOT_OPENKLANT_TOKEN", TOKEN)
    for _ in range(4):
        make_contact(db, cli_env, task=False)
    open_klant.always = 503
    result = runner.invoke(app, ["contacts", "send"])
    assert result.exit_code == 3, result.output
    summary = json.loads(result.stdout)
    assert summary["niet_verzonden"] == 3 and summary["uitgesteld"] == 1
    assert summary["wachtend"] == 4
    assert "Open Klant gaf meerdere keren achter elkaar geen antwoord" in result.stderr
    open_klant.always = None
    _cool_down(db)
    context.reset()
    done = runner.invoke(app, ["contacts", "send"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["verzonden"] == 4


def test_the_beheer_page_says_that_sending_is_paused(
    db: Database, linked_settings: Settings, open_klant: FakeOpenKlant, users: dict[str, Any]
) -> None:
    for _ in range(3):
        make_contact(db, linked_settings, task=False)
    open_klant.always = 503
    send_pending(db, linked_settings, sleep=lambda _s: None)
    with TestClient(create_app(linked_settings, db), follow_redirects=False) as client:
        login(client, "beheerder")
        page = client.get("/beheer/openklant").text
    assert "Open Klant gaf meerdere keren achter elkaar geen antwoord" in page
    assert "De contacten blijven bewaard" in page
