"""Fixtures of the language-model tests: the hostile fake server and a guarded client on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
from reisgenoot.llm.generate import GuardedModel, Use
from reisgenoot.llm.openai_compatible import OpenAICompatibleChat
from tests.llm.fake_server import FakeServer

CACHE = Path(__file__).resolve().parents[2] / "evaluation" / "knowledge" / "embeddings-e5.npz"


@pytest.fixture(scope="session")
def embedder() -> CachedEmbedder:
    cached = CachedEmbedder(E5Embedder(), CACHE)
    cached.path = None  # never write back from tests
    return cached


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeServer]:
    server = FakeServer().start()
    yield server
    server.stop()


@pytest.fixture
def uses() -> list[Use]:
    return []


@pytest.fixture
def hostile(fake_server: FakeServer, uses: list[Use]) -> Iterator[GuardedModel]:
    """A guarded model on the fake server, with a short deadline; records each use."""
    chat = OpenAICompatibleChat(fake_server.url, "vijandig-1", timeout=1.0)
    fake_server.say("Goedemiddag.")
    yield GuardedModel(chat, on_use=uses.append)
    chat.close()
