"""Practice in the web app with a model configured as an installation does (settings): the
resident's lines are voiced by the model only through the guards, the page says so, what
the trainee typed leaves the process redacted, and every use is in the audit trail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.app import ModelAudit, create_app
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.llm.fake_server import FakeServer
from tests.training.test_web import say, start
from tests.web.fixtures import Account, login

ASKED = "Wat wilt u laten ophalen, meneer De Boer? Mijn nummer is 06-12345678."
VOICED = "Een oude driezitsbank van 2 meter en een matras."


@pytest.fixture
def model_app(settings: Settings, db: Database, fake_server: FakeServer) -> Iterator[FastAPI]:
    configured = settings.model_copy(
        update={"llm_base_url": fake_server.url, "llm_model": "vijandig-1",
                "llm_timeout_seconds": 1.0}
    )  # fmt: skip
    yield create_app(configured, db)


def _model_events(app: FastAPI, db: Database) -> list[dict[str, str]]:
    audit = app.state.llm.on_use
    assert isinstance(audit, ModelAudit)
    audit.drain()
    with db.session() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == "model_gebruikt"))
        return [dict(row.details) for row in rows]


def test_the_model_voices_the_resident_within_the_scenario_facts(
    model_app: FastAPI,
    db: Database,
    users: dict[str, Account],
    articles: list[ArticleData],
    fake_server: FakeServer,
) -> None:
    with TestClient(model_app, follow_redirects=False) as client:
        login(client, "trainee")
        session_id = start(client)
        page = client.get(f"/training/oefenen/{session_id}").text
        assert "verwoord door taalmodel vijandig-1" in page
        fake_server.say(VOICED)
        assert VOICED in say(client, session_id, ASKED).text
        sent = fake_server.script.texts()
        assert "06-12345678" not in sent and "Wat wilt u laten ophalen" in sent
        fake_server.say("Ik heb al € 500 betaald en mijn aanvraag is goedgekeurd.")
        reply = say(client, session_id, "Heeft u dit jaar al grofvuil laten ophalen?").text
        assert "500" not in reply and "goedgekeurd" not in reply  # the scenario's line instead
    results = [(e["taak"], e["resultaat"], e["model"]) for e in _model_events(model_app, db)]
    assert results[-2:] == [("inwoner", "getoond", "vijandig-1"),
                            ("inwoner", "ongegrond", "vijandig-1")]  # fmt: skip
