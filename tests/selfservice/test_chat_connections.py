"""The public chat needs one database connection per request at a time (issue 21).

With two app processes on PostgreSQL the chat stood still for up to a minute while both
processes were idle: the answer was rendered inside its database session, and rendering read
the demo flag over a second pooled connection. Once every connection of a process's pool was
held by a request waiting for its second one, nothing moved until the pool's timeout. With a
pool of one connection such a request waits for itself, so here every chat request must be
answered well within the pool's timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from reisgenoot.app import create_app
from reisgenoot.knowledge.embeddings import CachedEmbedder
from reisgenoot.knowledge.selfservice_models import Exchange
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, make_engine
from tests.web.fixtures import csrf_from

POOL_TIMEOUT = 5.0  # a request that needs a second connection fails after this
QUESTION = "Wat kost een parkeervergunning?"


@pytest.fixture
def one_connection(settings: Settings) -> Iterator[Database]:
    engine = make_engine(settings, pool_size=1, max_overflow=0, pool_timeout=POOL_TIMEOUT)
    database = Database(settings, engine)
    yield database
    database.dispose()


@pytest.mark.db
def test_the_chat_answers_and_rates_with_a_pool_of_one_connection(
    settings: Settings, one_connection: Database, embedder: CachedEmbedder
) -> None:
    app = create_app(settings, one_connection)
    app.state.embedder = embedder
    htmx = {"HX-Request": "true"}
    with TestClient(app, follow_redirects=False) as client:
        token = csrf_from(client.get("/hulp/chat").text)
        client.post("/hulp/chat", data={"vraag": QUESTION, "csrf_token": token}, headers=htmx)
        for follow_up in ("Kan ik die online aanvragen?", QUESTION):
            started = time.monotonic()
            answer = client.post(
                "/hulp/chat", data={"vraag": follow_up, "csrf_token": token}, headers=htmx
            )
            assert answer.status_code == 200
            assert answer.text.lstrip().startswith('<li class="exchange"')
            assert time.monotonic() - started < POOL_TIMEOUT / 2
        with one_connection.session() as session:
            first = session.scalars(select(Exchange.id).order_by(Exchange.id)).first()
        started = time.monotonic()
        rated = client.post(
            f"/hulp/chat/beoordeling/{first}",
            data={"nuttig": "ja", "csrf_token": token},
            headers=htmx,
        )
        assert rated.status_code == 200 and "Bedankt" in rated.text
        assert time.monotonic() - started < POOL_TIMEOUT / 2
