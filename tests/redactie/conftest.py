"""Logged-in clients for the redactie tests and a controllable clock for crisis notices."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from reisgenoot.knowledge import notices
from reisgenoot.knowledge.formats import ArticleData
from tests.web.fixtures import Account, login

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def redacteur(
    client: TestClient, users: dict[str, Account], articles: list[ArticleData]
) -> TestClient:
    login(client, "redacteur")
    return client


class Clock:
    """The time that crisis notices compare with (``notices.utcnow``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = NOW
        monkeypatch.setattr(notices, "utcnow", lambda: self.now)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)
