"""The resident chat with a language model configured (docs/llm.md): badge, stored model, audit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from reisgenoot.app import ModelAudit, language_model
from reisgenoot.knowledge.selfservice_models import Exchange
from reisgenoot.settings import Settings
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.llm.fake_server import FakeServer
from tests.selfservice.test_chat_pages import ask


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    server = FakeServer().start()
    yield server
    server.stop()


def test_the_chat_marks_a_model_answer_and_audits_it_after_the_request(
    app: FastAPI, client: Any, settings: Settings, db: Database,
    fake_server: FakeServer,
) -> None:  # fmt: skip
    configured = settings.model_copy(
        update={
            "llm_base_url": fake_server.url,
            "llm_model": "vijandig-1",
            "llm_timeout_seconds": 2,
        }
    )
    app.state.llm = language_model(configured, lambda: db, background=True)
    assert app.state.llm is not None
    question = "Wat kost een paspoort?"
    fake_server.say("nog niets")
    first = ask(client, question, **{"HX-Request": "true"})
    assert first.status_code == 200 and "Geschreven door" not in first.text, first.text[-900:]
    assert fake_server.script.received, first.text[-2500:-1200]
    assert question in fake_server.script.received[0]["messages"][1]["content"]
    fake_server.say(
        "Een paspoort kost € 84,70 als u 18 jaar of ouder bent [1]. U betaalt met uw pinpas [1]."
    )
    second = ask(client, question, **{"HX-Request": "true"})
    assert "geschreven door een taalmodel (vijandig-1)" in second.text
    on_use = app.state.llm.on_use
    assert isinstance(on_use, ModelAudit)
    on_use.drain()
    with db.session() as session:
        stored = [e.model for e in session.scalars(select(Exchange).order_by(Exchange.id))]
        events = list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "model_gebruikt"))
        )
        assert stored == [None, "vijandig-1"]
        assert [e.details["resultaat"] for e in events] == ["leeg", "getoond"]
        assert all(question not in str(e.details) for e in events)
