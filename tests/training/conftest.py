"""Fixtures of the training tests: the kennisbank comes from the database, as in production.

Training reads its kennisartikelen from this installation's kennisbank (the ``articles``
table), so tests that check amounts and terms import the demo municipality's kennisbank into
their database with the normal import (:func:`reisgenoot.knowledge.ingest.store_articles`,
what ``reisgenoot kb import`` and ``reisgenoot demo`` use).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reisgenoot.demo.seed import load_kennisbank
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.training import kennis
from reisgenoot.training.kennis import Reference
from reisgenoot.training.scenario_files import load_scenarios
from tests.conftest import fresh_settings


def import_articles(db: Database, settings: Settings, articles: list[ArticleData]) -> None:
    """Store ``articles`` the way ``reisgenoot kb import`` does (one audited transaction)."""
    with db.session() as session:
        store_articles(session, articles, audit_key=settings.audit_secret(), actor="test")


@pytest.fixture(scope="session")
def demo_articles() -> list[ArticleData]:
    """The demo municipality's kennisbank as shipped (read once)."""
    return load_kennisbank()


@pytest.fixture
def kennisbank(settings: Settings, db: Database, demo_articles: list[ArticleData]) -> Database:
    """This test's database with the demo kennisbank imported."""
    import_articles(db, settings, demo_articles)
    return db


@pytest.fixture(scope="session")
def kennisbank_db(
    tmp_path_factory: pytest.TempPathFactory, template_db: str, demo_articles: list[ArticleData]
) -> Iterator[Database]:
    """One database with the demo kennisbank, shared by tests that only read it."""
    settings = fresh_settings(Path(tmp_path_factory.mktemp("kennisbank")), template_db)
    database = Database(settings)
    import_articles(database, settings, demo_articles)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def references(kennisbank_db: Database) -> dict[str, Reference]:
    """Scenario name → its kennisartikelen as the demo kennisbank has them."""
    with kennisbank_db.session() as session:
        return {
            name: kennis.reference_for(session, scenario)
            for name, scenario in load_scenarios().items()
        }
