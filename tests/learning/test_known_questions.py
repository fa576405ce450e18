"""The kennisbank's known questions: resident ratings become examples; the index is learned
with the packaged e5 model and only activated when it does more good than harm on dev."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from reisgenoot.knowledge import learners as known
from reisgenoot.knowledge import selfservice
from reisgenoot.knowledge.selfservice_models import Chat, Exchange
from reisgenoot.learning import examples, registry
from reisgenoot.learning.models import Example
from reisgenoot.learning.training import train_all
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

QUESTION = "Mijn portemonnee is weg, waar kan ik vragen of iemand hem gevonden heeft?"


def _rated(db: Database, helpful: bool) -> None:
    with db.session() as session:
        chat = Chat(token_hash="a" * 64)
        chat.exchanges.append(
            Exchange(
                position=0,
                question=QUESTION + " Bel 0612345678.",
                answer="…",
                reason="answered",
                article_id="vbs-gevonden-voorwerpen",
            )
        )
        session.add(chat)
        session.flush()
        selfservice.rate(session, chat, chat.exchanges[0].id, helpful)


def test_a_rating_becomes_a_redacted_example(db: Database) -> None:
    _rated(db, helpful=True)
    with db.session() as session:
        (row,) = session.scalars(select(Example)).all()
        assert row.kind == "beoordeling" and row.capability == "knowledge"
        assert row.label == {"article_id": "vbs-gevonden-voorwerpen", "helpful": True}
        assert "0612345678" not in row.text


def test_known_questions_are_learned_and_gated_on_dev(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    _rated(db, helpful=True)
    with db.session() as session:
        examples.record_question_link(
            session, question="Waar kan ik een gevonden fiets ophalen?", article_id="vbs-fiets"
        )
    dev = tmp_path / "dev" / "kennisbank"
    dev.mkdir(parents=True)
    items = [
        {
            "query": "Mijn portemonnee is weg, heeft iemand hem gevonden?",
            "kind": "answerable",
            "expected": ["vbs-gevonden-voorwerpen"],
        },
        {
            "query": "Hoe vraag ik een parkeervergunning aan?",
            "kind": "answerable",
            "expected": ["vbs-parkeren"],
        },
    ]
    (dev / "dev.jsonl").write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    learner = known.KnownQuestionsLearner()
    (outcome,) = train_all(db, settings.home, [learner], tmp_path / "dev", retention_days=30)
    assert outcome.examples == 2
    assert outcome.before is not None and outcome.before.main == 0.0
    assert outcome.after is not None and outcome.after.main is not None
    # One dev question matches its article, none matches a wrong one: 0 → 0.5.
    assert outcome.after.main == 0.5 and outcome.activated
    index = known.active_index()
    assert set(index.articles) == {"vbs-gevonden-voorwerpen", "vbs-fiets"}
    vector = learner.embedder.embed_queries(["Portemonnee kwijt, is die gevonden?"])[0]
    found = index.match(vector, threshold=0.8)
    assert found is not None and found[0] == "vbs-gevonden-voorwerpen"
    parking = learner.embedder.embed_queries(["Hoe vraag ik een parkeervergunning aan?"])[0]
    assert index.match(parking) is None
    registry.ACTIVE.replace({})


def test_an_unhelpful_rating_teaches_no_known_question(db: Database) -> None:
    _rated(db, helpful=False)
    with db.session() as session:
        loaded = examples.load(session)
    assert known.KnownQuestionsLearner().examples_of(loaded) == []
