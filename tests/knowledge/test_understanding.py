"""The learned question models: what is asked, the resident's situation, and when a person."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from reisgenoot.demo.seed import load_kennisbank
from reisgenoot.knowledge import understanding
from reisgenoot.knowledge.answering import passages
from reisgenoot.knowledge.embeddings import CachedEmbedder
from reisgenoot.knowledge.handoff import gate_features, handoff_reason
from reisgenoot.knowledge.index import build_index
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.knowledge.replies import acknowledgement
from reisgenoot.knowledge.rerank import FEATURES, RerankModel, priority_shares
from reisgenoot.knowledge.retrieval import Doc
from reisgenoot.knowledge.understanding import INTENTS, load_models, query_models, use_models
from reisgenoot.knowledge.understanding_train import Examples, fit_gate_intent, train
from reisgenoot.language.tone import analyse_tone
from reisgenoot.store.engine import Database


@pytest.fixture
def default_models() -> Iterator[None]:
    yield
    use_models(None)


def _examples() -> Examples:
    rows = []
    for n in range(6):
        rows += [
            {"text": f"wat kost een paspoort {n}", "intent": "kosten", "situatie": "geen"},
            {"text": f"hoeveel moet ik betalen voor {n}", "intent": "kosten", "situatie": "geen"},
            {"text": f"waar blijft mijn aanvraag {n}", "intent": "status_eigen_zaak",
             "situatie": "boos"},
            {"text": f"is mijn aanvraag al klaar {n}", "intent": "status_eigen_zaak",
             "situatie": "geen"},
        ]  # fmt: skip
    tone = [
        {"text": "ik wil nu een medewerker spreken", "tone": "boos", "escalate": True,
         "category": "vraagt_mens"},
        {"text": "dank u wel voor de hulp", "tone": "neutraal", "escalate": False,
         "category": "geen"},
    ] * 3  # fmt: skip
    return Examples(rows, tone)


def test_models_retrained_from_examples_load_from_a_folder(
    tmp_path: Path, default_models: None
) -> None:
    trained = train(_examples())  # no embedder: the lexical heads only
    trained.save(tmp_path)
    models = load_models(tmp_path)
    assert models is not None and models.model_id is None
    reading = models.understand("wat kost dat")
    assert reading.intent == "kosten"
    assert models.understand("waar blijft mijn aanvraag").intent == "status_eigen_zaak"
    assert reading.products is None  # no product head without e5
    assert models.understand("ik wil nu een medewerker spreken").escalate > 0.5
    assert models.understand("dank u wel voor de hulp").escalate < 0.5
    use_models(tmp_path)
    assert query_models() is not None and query_models().model_id is None  # type: ignore[union-attr]
    use_models(None)
    shipped = query_models()
    assert shipped is not None and shipped.model_id is not None  # the packaged default again
    assert load_models(tmp_path / "missing") is None


def test_extra_questions_train_the_intent_and_escalate_heads(tmp_path: Path) -> None:
    base = _examples()
    reported = [
        {"text": f"mijn container is niet geleegd {n}", "intent": "melding", "situatie": "geen",
         "escalate": False, "upl": "afvalkalender"}
        for n in range(6)
    ] + [
        {"text": f"ik wil nu iemand spreken over de lamp {n}", "intent": "klacht",
         "situatie": "boos", "escalate": True, "upl": ""}
        for n in range(6)
    ]  # fmt: skip
    without = train(base).models()
    with_extra = train(Examples(base.intent, base.tone, [], reported)).models()
    assert "melding" not in without.heads[("intent", "lexical")].classes
    assert with_extra.understand("mijn container is niet geleegd").intent == "melding"
    question = "ik wil nu iemand spreken over de lamp"
    assert with_extra.understand(question).escalate > without.understand(question).escalate


def test_the_planning_label_set_is_read_only_when_asked(tmp_path: Path) -> None:
    """ADR 87: relabelled schedules keep the shipped label, the writers' file joins on request."""
    schedule = {"text": "wanneer wordt papier opgehaald", "intent": "planning", "was": "termijn"}
    (tmp_path / "intent.jsonl").write_text(
        json.dumps(schedule | {"situatie": "geen"}) + "\n", encoding="utf-8"
    )
    more = {"text": "welke dag gft", "intent": "planning", "situatie": "geen"}
    (tmp_path / "intent-more.jsonl").write_text(json.dumps(more) + "\n", encoding="utf-8")
    shipped = Examples.from_folder(tmp_path)
    assert [r["intent"] for r in shipped.intent] == ["termijn"]
    planning = Examples.from_folder(tmp_path, planning=True)
    assert [r["intent"] for r in planning.intent] == ["planning", "planning"]
    assert "planning" in INTENTS


def test_the_own_case_head_is_what_the_person_gate_reads() -> None:
    """ADR 89: an own-case head from more writers; ranking keeps the intent head's reading."""
    base = train(_examples())
    assert base.models().understand("mijn bak is niet geleegd").gate_intents is None
    reports = [{"text": f"mijn bak is niet geleegd {n}", "intent": "melding"} for n in range(6)] + [
        {"text": f"waar blijft mijn aanvraag {n}", "intent": "status_eigen_zaak"} for n in range(6)
    ]
    models = fit_gate_intent(base.meta, base.arrays, reports, None).models()
    reading = models.understand("mijn bak is niet geleegd")
    assert reading.gate_intents is not None and reading.own_intents is reading.gate_intents
    assert max(reading.own_intents, key=reading.own_intents.__getitem__) == "melding"
    assert reading.intents == base.models().understand("mijn bak is niet geleegd").intents
    values = gate_features("mijn bak is niet geleegd", reading, analyse_tone("mijn bak"))
    assert values["status_eigen_zaak"] == reading.own_intents["status_eigen_zaak"]
    assert values["intent_melding"] == reading.own_intents["melding"]


def test_the_shipped_models_read_intent_without_keyword_lists() -> None:
    models = query_models()
    assert models is not None
    assert set(models.heads[("intent", "lexical")].classes) <= set(INTENTS)
    cases = {
        "wat kost een nieuwe parkeervergunning": "kosten",
        "ik kan mijn aanslag niet betalen": "niet_kunnen_betalen",
        "ik wil bezwaar maken tegen de beslissing": "bezwaar",
    }
    for question, intent in cases.items():
        assert models.understand(question).intent == intent, question


@pytest.mark.parametrize(
    "question",
    [
        "hoe herken ik oplichters aan de deur",
        "wat doe ik bij misbruik van mijn gegevens",
        "wat kan ik doen als iemand mij intimideert op straat, waar meld ik dat",
        "hoeveel kost grofvuil ophalen",
    ],
)
def test_informational_questions_are_not_handed_over(question: str) -> None:
    assert handoff_reason(question) is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("is mijn aanvraag al goedgekeurd", "personal_case"),
        ("ik wil graag een medewerker spreken", "asks_for_person"),
        ("ik ga mezelf iets aandoen, ik zie het niet meer zitten", "escalation"),
    ],
)
def test_the_residents_own_situation_goes_to_a_person(question: str, reason: str) -> None:
    assert handoff_reason(question) == reason


def test_anger_and_complaints_are_acknowledged() -> None:
    assert (
        acknowledgement("boos", "kosten")
        == "Vervelend dat dit zo gaat. Ik begrijp dat u boos bent."
    )
    assert acknowledgement("geen", "klacht") is not None
    assert acknowledgement("geen", "kosten") is None


def test_the_municipality_outranks_the_national_qa_by_source_priority() -> None:
    own = Doc(1, "vbs-paspoort", "voorbeeldstad", "Paspoort", (), ())
    national = Doc(2, "rijk-1", "rijksoverheid", "Paspoort", (), ())
    assert priority_shares([own, national], None).tolist() == [1.0, 0.0]
    assert priority_shares([own, national], {"rijksoverheid": 2}).tolist() == [0.0, 1.0]
    assert priority_shares([own, own], None).tolist() == [1.0, 1.0]
    model = RerankModel.from_data(
        {"features": list(FEATURES), "coefficients": [0.0] * len(FEATURES), "priority_weight": 1}
    )
    assert model is not None
    features = np.zeros((2, len(model.coefficients)))
    features[0, FEATURES.index("own_source")] = 1.0  # the first candidate's source ranks higher
    assert model.scores(features)[0] > model.scores(features)[1]


def test_the_understanding_module_has_a_neutral_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(understanding, "query_models", lambda: None)
    reading = understanding.understand("wat kost een paspoort")
    assert reading.situation == "geen" and reading.escalate == 0.0


def test_passages_come_with_their_source_for_answer_drafts(
    db: Database, embedder: CachedEmbedder
) -> None:
    with db.session() as session:
        store_articles(session, load_kennisbank(), audit_key=b"k", actor="test")
        build_index(session, embedder)
        found = passages(session, "Hoeveel kost grofvuil ophalen?", embedder=embedder)
    assert found[0].id == "vbs-grofvuil" and found[0].source == "voorbeeldstad"
    assert found[0].section == "kostenEnBetaalmethoden" and "€ 39,50" in found[0].passage
    assert len(found) == 3
