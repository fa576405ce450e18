"""Live assist: turns are stored before anything is computed; suggestions; the WebSocket."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from reisgenoot.assist import live
from reisgenoot.contacts.models import Klantcontact, Turn
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.web.fixtures import csrf_from, login

VERHUIZEN = ArticleData(
    source="voorbeeldstad",
    source_id="vbs-verhuizen",
    title="Verhuizing doorgeven",
    upl="verhuismelding",
    trefwoorden=["verhuizen", "verhuizing", "nieuw adres"],
    sections={
        "tekst": "Gaat u verhuizen? Geef uw nieuwe adres door aan de gemeente.",
        "vereisten": "- U geeft de verhuizing door vanaf 4 weken vóór de verhuisdatum.\n"
        "- Gaat u bij iemand inwonen? Dan moet de hoofdbewoner toestemming geven.",
        "bewijs": "Soms vragen wij een huurcontract of koopakte.",
    },
)


def new_conversation(db: Database, owner: int = 1) -> str:
    with db.session() as session:
        contact = Klantcontact(
            kanaal="Telefoon",
            onderwerp=live.NEW_TOPIC,
            status="concept",
            meta={"medewerker": owner},
        )
        session.add(contact)
        session.flush()
        return contact.uuid


def stored_turns(db: Database, uuid: str) -> list[tuple[int, str, str]]:
    with db.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        rows = session.scalars(select(Turn).where(Turn.klantcontact_id == contact.id))
        return sorted((t.position, t.speaker, t.text) for t in rows)


def test_turn_is_stored_before_suggestions_are_computed(db: Database) -> None:
    uuid = new_conversation(db)
    session = live.Registry().get(db, uuid)
    assert session is not None

    def broken(*_args: Any) -> live.Suggestions:
        raise RuntimeError("suggesties kapot")

    with pytest.raises(RuntimeError):
        live.process_turn(
            db, session, "inwoner", "Mijn grofvuil is niet opgehaald.", compute=broken
        )
    assert stored_turns(db, uuid) == [(0, "inwoner", "Mijn grofvuil is niet opgehaald.")]
    # A new process (fresh registry) picks up the stored turn and goes on after it.
    again = live.Registry().get(db, uuid)
    assert again is not None and len(again.turns) == 1
    live.process_turn(db, again, "medewerker", "Dat spijt me, ik kijk even mee.")
    assert [t[0] for t in stored_turns(db, uuid)] == [0, 1]


def test_bad_turns_are_refused_and_not_stored(db: Database) -> None:
    uuid = new_conversation(db)
    session = live.Registry().get(db, uuid)
    assert session is not None
    for speaker, text in (("robot", "hallo"), ("inwoner", "   "), ("inwoner", "x" * 5000)):
        with pytest.raises(live.LiveInputError):
            live.process_turn(db, session, speaker, text)
    assert stored_turns(db, uuid) == []


def test_grofvuil_conversation_suggests_the_grofvuil_article(
    db: Database, articles: list[ArticleData]
) -> None:
    session = live.Registry().get(db, new_conversation(db))
    assert session is not None
    live.process_turn(db, session, "medewerker", "Gemeente Voorbeeldstad, goedemorgen.")
    _turn, result = live.process_turn(
        db,
        session,
        "inwoner",
        "Ik heb een oude bank en een matras. Kan de gemeente grofvuil ophalen?",
    )
    assert result.passages, "no passages"
    assert result.passages[0].article_id == "vbs-grofvuil"
    assert result.draft is not None and "grofvuil" in result.draft["vragen"][0]["upl"]
    assert result.alert is None


def test_follow_up_questions_come_from_the_checklist_and_disappear_when_mentioned(
    settings: Settings, db: Database
) -> None:
    with db.session() as s:
        store_articles(s, [VERHUIZEN], audit_key=settings.audit_secret(), actor="test")
    session = live.Registry().get(db, new_conversation(db))
    assert session is not None
    _t, first = live.process_turn(db, session, "inwoner", "Ik ga verhuizen, hoe geef ik dat door?")
    labels = [q.label for q in first.questions]
    assert "Controleer: u geeft de verhuizing door vanaf 4 weken vóór de verhuisdatum" in labels
    assert "Vraag: gaat u bij iemand inwonen?" in labels
    assert first.passages and first.passages[0].title == "Verhuizing doorgeven"
    _t, later = live.process_turn(
        db, session, "inwoner", "Ik verhuis op 1 december naar de Dorpsstraat."
    )
    assert not any("verhuisdatum" in q.label for q in later.questions)


def test_angry_resident_asking_for_a_manager_raises_an_alert(
    db: Database, articles: list[ArticleData]
) -> None:
    session = live.Registry().get(db, new_conversation(db))
    assert session is not None
    live.process_turn(db, session, "inwoner", "Mijn grofvuil is weer niet opgehaald.")
    _t, result = live.process_turn(
        db,
        session,
        "inwoner",
        "Dit is al de derde keer! Belachelijk! Ik wil NU uw leidinggevende spreken!",
    )
    assert result.alert is not None
    assert result.alert.kind == "escalatie"
    assert any("leidinggevende" in reason for reason in result.alert.reasons)
    assert "warm door" in result.alert.transfer


def start_conversation(client: Any) -> str:
    page = client.get("/assist")
    answer = client.post(
        "/assist", data={"kanaal": "Live chat", "csrf_token": csrf_from(page.text)}
    )
    assert answer.status_code == 303
    return str(answer.headers["location"]).rsplit("/", 1)[1]


ORIGIN = {"origin": "http://testserver"}


def test_websocket_turns_get_suggestion_fragments(
    client: Any, users: dict[str, Any], articles: list[ArticleData], db: Database
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    with client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN) as socket:
        socket.send_json(
            {"id": 7, "speaker": "inwoner", "text": "Kan de gemeente mijn grofvuil ophalen?"}
        )
        answer = socket.receive_json()
        assert answer["type"] == "suggesties" and answer["id"] == 7
        assert "Grofvuil laten ophalen" in answer["html"]
        assert "grofvuil ophalen" in answer["turn_html"]
        assert answer["verbanden"] is False
        assert answer["melding"].startswith("Nieuwe voorstellen na beurt 1:")
        socket.send_json({"id": 8, "speaker": "inwoner", "text": "Mijn BSN is 123456782."})
        answer = socket.receive_json()
        assert answer["id"] == 8 and answer["verbanden"] is True
        assert "Eerdere contacten" in answer["melding"]
        socket.send_text("geen json")
        assert socket.receive_json()["type"] == "fout"
    assert len(stored_turns(db, uuid)) == 2


@pytest.mark.parametrize(
    "headers", [{}, {"origin": "http://evil.example"}], ids=["no-origin", "other-origin"]
)
def test_websocket_checks_the_origin(
    client: Any, users: dict[str, Any], headers: dict[str, str]
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect(f"/assist/{uuid}/ws", headers=headers),
    ):
        pass


def test_websocket_needs_a_session_the_role_and_the_owner(
    client: Any, users: dict[str, Any]
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    client.cookies.clear()
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN),
    ):
        pass
    for other in ("trainee", "beheerder"):  # wrong role; right role but not the owner
        client.cookies.clear()
        login(client, other)
        with (
            pytest.raises(WebSocketDisconnect),
            client.websocket_connect(f"/assist/{uuid}/ws", headers=ORIGIN),
        ):
            pass


def test_form_fallback_stores_the_turn_and_shows_suggestions(
    client: Any, users: dict[str, Any], articles: list[ArticleData]
) -> None:
    login(client, "medewerker")
    uuid = start_conversation(client)
    page = client.get(f"/assist/{uuid}")
    token = csrf_from(page.text)
    answer = client.post(
        f"/assist/{uuid}/beurt",
        data={
            "speaker": "inwoner",
            "text": "Wanneer halen jullie grofvuil op?",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 303
    page = client.get(f"/assist/{uuid}")
    assert "Wanneer halen jullie grofvuil op?" in page.text
    assert re.search(r'id="voorstellen-melding" role="status" aria-live="polite"', page.text)
    assert "Grofvuil laten ophalen" in page.text
    as_json = client.post(
        f"/assist/{uuid}/beurt",
        data={"speaker": "medewerker", "text": "Dat kan via Mijn Voorbeeldstad."},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert as_json.status_code == 200 and as_json.json()["turns"] == 2
