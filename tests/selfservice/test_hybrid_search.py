"""The web app searches the kennisbank with embeddings (``app.state.embedder``, by settings).

The question below shares no word with the article "Hondenbelasting" (its BM25 score there is
0), so only the embeddings can find it. The e5 embedder is the cached one of the conftest.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import delete, select

from reisgenoot.app import create_app
from reisgenoot.knowledge import search as search_module
from reisgenoot.knowledge.app_embedder import app_embedder, create_embedder
from reisgenoot.knowledge.embeddings import E5Embedder, OpenAIEmbedder
from reisgenoot.knowledge.index import SectionEmbedding, build_index
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.selfservice import SerialEmbedder
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.web.fixtures import Account, login

PARAPHRASE = "sinds gisteren hebben wij een labrador"
TITLE = "Hondenbelasting"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    search_module.clear_cache()
    yield
    search_module.clear_cache()


def staff_search(client: TestClient, query: str) -> str:
    page = client.get("/kennisbank", params={"q": query})
    assert page.status_code == 200
    text: str = page.text
    return text


def test_kennisbank_finds_a_paraphrase_without_shared_words(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    with db.session() as session:
        lexical = search_module.search(session, PARAPHRASE, limit=10)
    assert TITLE not in {h.title for h in lexical}  # words alone cannot find it
    login(client, "medewerker")
    assert TITLE in staff_search(client, PARAPHRASE)


def test_the_public_help_page_is_hybrid_too(client: TestClient) -> None:
    page = client.get("/hulp", params={"q": PARAPHRASE})
    assert page.status_code == 200 and TITLE in page.text


def test_without_an_embedder_search_is_by_words(
    app: FastAPI, client: TestClient, users: dict[str, Account]
) -> None:
    app.state.embedder = None
    login(client, "medewerker")
    assert TITLE not in staff_search(client, PARAPHRASE)
    assert TITLE in staff_search(client, "hondenbelasting")


def test_an_incomplete_index_falls_back_to_words_without_an_error(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    with db.session() as session:
        key = session.scalars(select(Article.id).where(Article.source_id == "vbs-grofvuil")).one()
        session.execute(delete(SectionEmbedding).where(SectionEmbedding.article_id == key))
    login(client, "medewerker")
    assert TITLE not in staff_search(client, PARAPHRASE)
    assert "Grofvuil laten ophalen" in staff_search(client, "grofvuil")


def test_the_embedder_is_created_on_first_use(settings: Settings, db: Database) -> None:
    app = create_app(settings, db)
    assert not hasattr(app.state, "embedder")  # start-up loads nothing
    found = app_embedder(app.state)
    assert isinstance(found, SerialEmbedder) and isinstance(found.inner, E5Embedder)
    assert app_embedder(app.state) is found
    none = create_app(settings.model_copy(update={"kb_embedder": "none"}), db)
    assert app_embedder(none.state) is None


def test_openai_needs_a_server_and_a_model() -> None:
    with pytest.raises(ValueError, match="KB_EMBEDDER_URL"):
        Settings(kb_embedder="openai")


class FakeEmbeddings(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/embeddings server: dog texts point one way, others another."""

    seen: ClassVar[list[tuple[str | None, list[str]]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeEmbeddings.seen.append((self.headers.get("Authorization"), body["input"]))
        data = [
            {"index": i, "embedding": [1.0, 0.1] if _about_dogs(text) else [0.1, 1.0]}
            for i, text in enumerate(body["input"])
        ]
        payload = json.dumps({"object": "list", "data": data}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_args: Any) -> None:
        return


def _about_dogs(text: str) -> bool:
    lowered = text.lower()
    return "labrador" in lowered or "hondenbelasting" in lowered


@pytest.fixture
def embeddings_server() -> Iterator[str]:
    FakeEmbeddings.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _openai_settings(settings: Settings, url: str, **extra: object) -> Settings:
    """The settings with the OpenAI-compatible embedder at ``url`` (model "fake-e5")."""
    update = {"kb_embedder": "openai", "kb_embedder_url": url, "kb_embedder_model": "fake-e5"}
    return settings.model_copy(update=update | extra)


def test_the_openai_setting_searches_with_that_server(
    settings: Settings, db: Database, users: dict[str, Account], embeddings_server: str
) -> None:
    configured = _openai_settings(
        settings,
        embeddings_server,
        kb_embedder_key=SecretStr("geheim"),
        kb_embedder_query_prefix="query: ",
    )
    embedder = create_embedder(configured)
    assert isinstance(embedder, OpenAIEmbedder) and embedder.model_id == "openai:fake-e5"
    with db.session() as session:
        build_index(session, embedder)
    app = create_app(configured, db)
    with TestClient(app, follow_redirects=False) as client:
        login(client, "medewerker")
        assert TITLE in staff_search(client, PARAPHRASE)
    assert isinstance(app.state.embedder, OpenAIEmbedder)
    assert ("Bearer geheim", [f"query: {PARAPHRASE}"]) in FakeEmbeddings.seen


def test_a_failing_embeddings_server_falls_back_to_words(
    settings: Settings, db: Database, users: dict[str, Account], embeddings_server: str
) -> None:
    configured = _openai_settings(settings, embeddings_server)
    embedder = create_embedder(configured)
    assert embedder is not None
    with db.session() as session:
        build_index(session, embedder)
    app = create_app(configured.model_copy(update={"kb_embedder_url": "http://127.0.0.1:9"}), db)
    with TestClient(app, follow_redirects=False) as client:
        login(client, "medewerker")
        assert "Grofvuil laten ophalen" in staff_search(client, "grofvuil")
