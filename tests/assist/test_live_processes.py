"""Several app processes on one database: any process serves any turn of a conversation.

Each app (or registry) below has its own engine and its own cached live sessions, as separate
server processes behind a reverse proxy have; the database is what they share.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from reisgenoot.app import create_app
from reisgenoot.assist import live
from reisgenoot.assist.live_speech import correct_turn
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.assist.test_live import new_conversation, start_conversation, stored_turns
from tests.web.fixtures import csrf_from, login


@pytest.fixture
def second_client(settings: Settings, client: TestClient) -> Iterator[TestClient]:
    """A second app instance on the same database, with its own engine and registry."""
    other = Database(settings)
    with TestClient(create_app(settings, other), follow_redirects=False) as second:
        yield second
    other.dispose()


def _turn(client: TestClient, uuid: str, token: str, speaker: str, text: str) -> dict[str, Any]:
    answer = client.post(
        f"/assist/{uuid}/beurt",
        data={"speaker": speaker, "text": text},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_two_app_instances_serve_alternate_turns_of_one_conversation(
    client: TestClient,
    second_client: TestClient,
    users: dict[str, Any],
    articles: list[ArticleData],
    db: Database,
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    token = csrf_from(client.get(f"/assist/{uuid}").text)
    second_client.cookies.update(client.cookies)
    # Both instances have the conversation cached before the alternation starts.
    assert second_client.get(f"/assist/{uuid}").status_code == 200

    first = _turn(client, uuid, token, "inwoner", "Kan de gemeente mijn grofvuil ophalen?")
    assert first["turns"] == 1
    second = _turn(second_client, uuid, token, "medewerker", "Ja, dat kan. Welke spullen?")
    assert second["turns"] == 2  # the second instance caught up with the first's turn
    assert "Grofvuil laten ophalen" in second["html"]  # found from the turn it did not take
    third = _turn(client, uuid, token, "inwoner", "Een oude bank en een matras.")
    assert third["turns"] == 3  # and the first with the second's
    fourth = _turn(second_client, uuid, token, "medewerker", "Dat kan in Mijn Voorbeeldstad.")
    assert fourth["turns"] == 4
    assert [(p, s) for p, s, _ in stored_turns(db, uuid)] == [
        (0, "inwoner"),
        (1, "medewerker"),
        (2, "inwoner"),
        (3, "medewerker"),
    ]
    page = client.get(f"/assist/{uuid}").text  # the page of either shows every turn
    assert "Dat kan in Mijn Voorbeeldstad." in page
    assert "Een oude bank en een matras." in second_client.get(f"/assist/{uuid}").text


def test_turns_sent_at_once_through_two_processes_keep_their_order(
    settings: Settings, db: Database
) -> None:
    """Two engines write one conversation at the same time: positions 0..n-1, none twice."""
    uuid = new_conversation(db)
    other = Database(settings)
    try:
        sessions = [live.Registry().get(database, uuid) for database in (db, other)]
        assert all(s is not None for s in sessions)

        def feed(index: int) -> None:
            database, current = (db, other)[index], sessions[index]
            assert current is not None
            for number in range(6):
                live.store_turn(database, current, "inwoner", f"Beurt {index}-{number}.")

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(feed, (0, 1)))
        stored = stored_turns(db, uuid)
        assert [position for position, _, _ in stored] == list(range(12))
        assert sorted(text for _, _, text in stored) == sorted(
            f"Beurt {i}-{n}." for i in (0, 1) for n in range(6)
        )
        fresh = live.Registry().get(db, uuid)
        assert fresh is not None and len(fresh.turns) == 12
    finally:
        other.dispose()


def test_a_correction_in_one_process_reaches_the_other(settings: Settings, db: Database) -> None:
    uuid = new_conversation(db)
    other = Database(settings)
    try:
        here, there = live.Registry(), live.Registry()
        mine = here.get(db, uuid)
        assert mine is not None
        live.process_turn(db, mine, "inwoner", "Ik wil mijn paspoort verlengen.")
        live.process_turn(db, mine, "medewerker", "Dat kan op het stadhuis.")
        theirs = there.get(other, uuid)
        assert theirs is not None and len(theirs.turns) == 2
        correct_turn(db, mine, 0, "inwoner", "Ik wil mijn rijbewijs verlengen.", audit_key=b"k")
        again = there.get(other, uuid)
        assert again is theirs  # the cached session, brought in step
        assert [t.text for t in again.turns] == [
            "Ik wil mijn rijbewijs verlengen.",
            "Dat kan op het stadhuis.",
        ]
        assert again.last is None  # its old suggestions are not shown again
    finally:
        other.dispose()
