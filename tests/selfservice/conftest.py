"""Self-service tests run on the demo kennisbank with its e5 index (built once per session).

The embedder is e5 behind the evaluation's read-only cache (as in ``tests/knowledge``), so
indexing the demo kennisbank costs no model time. Every test gets its own copy of a
database that already holds the kennisbank and its index; the app uses the same embedder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from reisgenoot.app import create_app
from reisgenoot.demo.seed import load_kennisbank
from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
from reisgenoot.knowledge.index import build_index
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.conftest import fresh_settings

CACHE = Path(__file__).resolve().parents[2] / "evaluation" / "knowledge" / "embeddings-e5.npz"


@pytest.fixture(scope="session")
def embedder() -> CachedEmbedder:
    cached = CachedEmbedder(E5Embedder(), CACHE)
    cached.path = None  # never write back from tests
    return cached


@pytest.fixture(scope="session")
def kennisbank_db(
    tmp_path_factory: pytest.TempPathFactory, template_db: str, embedder: CachedEmbedder
) -> str:
    """A migrated database with the demo kennisbank and its index, to copy per test."""
    seeded = fresh_settings(tmp_path_factory.mktemp("selfservice-seed"), template_db)
    database = Database(seeded)
    with database.session() as session:
        store_articles(session, load_kennisbank(), audit_key=b"seed", actor="test")
        build_index(session, embedder)
    database.dispose()
    if seeded.database_url:
        return str(make_url(seeded.database_url).database)
    return str(seeded.home / "reisgenoot.db")


@pytest.fixture
def settings(tmp_path: Path, kennisbank_db: str) -> Settings:
    return fresh_settings(tmp_path / "home", kennisbank_db)


@pytest.fixture
def app(settings: Settings, db: Database, embedder: CachedEmbedder) -> FastAPI:
    application = create_app(settings, db)
    application.state.embedder = embedder
    return application


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings)
    yield database
    database.dispose()
