"""The chat service without the web: exchanges, accessors for insight and signals, readiness."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from reisgenoot.contacts.requests import Callback
from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge import selfservice
from reisgenoot.knowledge.embeddings import CachedEmbedder
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.language.readability import check_b1
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from tests.conftest import fresh_settings


@pytest.mark.parametrize("reason", sorted(selfservice.HANDOFF_TEXTS))
def test_hand_off_explanations_are_b1(reason: str) -> None:
    report = check_b1(selfservice.handoff_text(reason))
    assert report.b1, report.reasons


def test_accessors_report_ratings_handoffs_and_gaps(db: Database, embedder: CachedEmbedder) -> None:
    since = utcnow() - timedelta(minutes=1)
    with db.session() as session:
        chat = selfservice.start_chat(session, selfservice.new_token())
        kw: dict[str, Any] = {"embedder": embedder}
        parking = selfservice.answer_question(
            session, chat, "Wat kost een parkeervergunning?", **kw
        )
        again = selfservice.answer_question(
            session, chat, "Hoeveel kost een bewonersvergunning voor parkeren?", **kw
        )
        gap = selfservice.answer_question(
            session, chat, "Mag mijn buurman 06-12345678 een giraffe houden in zijn tuin?", **kw
        )
        person = selfservice.answer_question(session, chat, "Ik wil een mens spreken", **kw)
        selfservice.rate(session, chat, parking.id, True)
        selfservice.rate(session, chat, again.id, False, "klopt niet")
        assert selfservice.rate(session, chat, parking.id, False) is None  # one per answer
        selfservice.hand_off(session, chat, Callback(phone="0612345678"), audit_key=b"k")
    until = utcnow() + timedelta(minutes=1)
    assert parking.reason == "answered" and again.article_id == "vbs-parkeervergunning"
    assert gap.handoff and gap.reason in selfservice.GAP_REASONS
    assert person.reason == "asks_for_person"

    with db.session() as session:
        ratings = selfservice.ratings_per_article(session, since, until)
        handoffs = selfservice.handoffs_per_topic(session, since, until)
        gaps = selfservice.unanswered_questions(session, since, until)
        flagged = selfservice.b1_failures(session, since, until)
        empty = selfservice.ratings_per_article(session, until, until + timedelta(days=1))
    assert [(r.article_id, r.helpful, r.not_helpful) for r in ratings] == [
        ("vbs-parkeervergunning", 1, 1)
    ]
    assert ratings[0].title == "Parkeervergunning voor bewoners"
    by_reason = {h.reason: h for h in handoffs}
    assert by_reason["asks_for_person"].handoffs == 1 and by_reason["asks_for_person"].requests == 1
    assert sum(h.handoffs for h in handoffs) == 2
    assert [g.question for g in gaps] == [
        "Mag mijn buurman [TELEFOON] een giraffe houden in zijn tuin?"
    ]
    assert len(gaps[0].candidates) >= 1
    expected_flags = sum(1 for e in (parking, again) if e.b1 is False)
    assert sum(flagged.values()) == expected_flags
    assert empty == []


def test_a_chat_is_capped(
    db: Database, embedder: CachedEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selfservice, "MAX_QUESTIONS", 1)
    with db.session() as session:
        chat = selfservice.start_chat(session, selfservice.new_token())
        selfservice.answer_question(
            session, chat, "Wat kost een parkeervergunning?", embedder=embedder
        )
        with pytest.raises(KnowledgeError) as caught:
            selfservice.answer_question(session, chat, "En een tweede?", embedder=embedder)
    assert "nieuw gesprek" in selfservice.problem_text(caught.value)


def test_readiness_builds_a_missing_index_in_the_background(
    tmp_path: Path, template_db: str, embedder: CachedEmbedder
) -> None:
    database = Database(fresh_settings(tmp_path / "bare", template_db))
    try:
        with database.session() as session:
            store_articles(session, _one_article(), audit_key=b"k", actor="t")
        ready = selfservice.Readiness(database, embedder, sync_limit=0)
        assert ready.ready() is False  # too much missing: built in a thread
        ready.wait(timeout=60)
        assert ready.ready() is True
        small = selfservice.Readiness(database, embedder, sync_limit=50)
        assert small.ready() is True
    finally:
        database.dispose()


def test_the_web_chat_waits_for_the_index(client: object, db: Database) -> None:
    from fastapi.testclient import TestClient

    from tests.web.fixtures import csrf_from

    assert isinstance(client, TestClient)

    class NotReady:
        def ready(self) -> bool:
            return False

    client.app.state.selfservice_readiness = NotReady()  # type: ignore[attr-defined]
    token = csrf_from(client.get("/hulp/chat").text)
    page = client.post("/hulp/chat", data={"vraag": "Wat kost een paspoort?", "csrf_token": token})
    assert page.status_code == 400
    assert "wordt nog klaargezet" in page.text
    assert "Wat kost een paspoort?" in page.text  # the question is kept


def _one_article() -> list[ArticleData]:
    return [
        ArticleData(
            source="voorbeeldstad",
            source_id="vbs-test",
            title="Hondenbelasting",
            upl="hondenbelasting",
            sections={
                "tekst": "Heeft u een hond? Dan betaalt u hondenbelasting.",
                "kosten_en_betaalmethoden": "U betaalt € 120 per jaar.",
            },
        )
    ]


def test_the_shared_embedder_gives_the_same_vectors(embedder: CachedEmbedder) -> None:
    serial = selfservice.SerialEmbedder(embedder)
    assert serial.model_id == embedder.model_id
    texts = ["Wat kost een parkeervergunning?"]
    assert (serial.embed_queries(texts) == embedder.embed_queries(texts)).all()


def test_the_request_topic_is_that_of_the_question_that_led_to_it(
    db: Database, embedder: CachedEmbedder
) -> None:
    """Not the last topic of the chat: an earlier answered question is about something else."""
    kw: dict[str, Any] = {"embedder": embedder}
    with db.session() as session:
        chat = selfservice.start_chat(session, selfservice.new_token())
        parking = selfservice.answer_question(
            session, chat, "Wat kost een parkeervergunning?", **kw
        )
        person = selfservice.answer_question(session, chat, "Ik wil een mens spreken", **kw)
        contact = selfservice.hand_off(session, chat, Callback(phone="0612345678"), audit_key=b"k")
        assert parking.topic == "parkeervergunning" and person.topic is None
        assert contact.onderwerp == "Vraag via de digitale assistent"

        other = selfservice.start_chat(session, selfservice.new_token())
        selfservice.answer_question(session, other, "Ik wil een mens spreken", **kw)
        selfservice.answer_question(session, other, "Wat kost een parkeervergunning?", **kw)
        contact = selfservice.hand_off(session, other, Callback(phone="0612345678"), audit_key=b"k")
        assert contact.onderwerp == "parkeervergunning"
