"""Training questions made from the kennisbank's own articles."""

from __future__ import annotations

import pytest

from reisgenoot.bench.knowledge_questions import (
    article_questions,
    as_statement,
    first_person,
    made_questions,
)
from reisgenoot.knowledge.retrieval import Doc


@pytest.mark.parametrize(
    ("question", "resident"),
    [
        ("Bent u het niet eens met het besluit?", "ben ik het niet eens met het besluit?"),
        ("Heeft u een laag inkomen?", "heb ik een laag inkomen?"),
        ("Verhuist u naar een andere gemeente?", "verhuis ik naar een andere gemeente?"),
        ("Gaat u trouwen in het buitenland?", "ga ik trouwen in het buitenland?"),
        ("Is uw container kapot?", "Is mijn container kapot?"),
        ("Mag een ander voor u tekenen?", "Mag een ander voor mij tekenen?"),
    ],
)
def test_the_articles_questions_turn_into_the_residents_first_person(
    question: str, resident: str
) -> None:
    assert first_person(question) == resident


def test_a_verb_first_question_becomes_the_statement_a_resident_types() -> None:
    assert as_statement("Is mijn container niet geleegd?") == "mijn container is niet geleegd"
    assert as_statement("Woon ik in een flat?") == "ik woon in een flat"
    assert as_statement("Wat kost het?") is None


def _article() -> Doc:
    sections = (
        ("tekst", "Inleiding", "De bak wordt elke week geleegd."),
        ("procedureBeschrijving", "Aanvraag", "Is uw bak kapot? Meld het in Mijn Stad."),
        ("kostenEnBetaalmethoden", "Kosten", "Een nieuwe bak kost € 40."),
        ("uitersteTermijn", "Termijn", "Wij brengen hem binnen 5 werkdagen."),
    )
    return Doc(1, "vbs-bak", "voorbeeldstad", "Minicontainer", ("minicontainer", "kliko"), sections)


def test_every_article_supplies_questions_of_its_own_sections() -> None:
    national = Doc(
        2, "rijk-1", "rijksoverheid", "Wat is een bak?", (), (("tekst", "", "Een bak."),)
    )
    made = made_questions([_article(), national])
    assert {m.source_id for m in made} == {"vbs-bak"}  # one text and no questions: nothing made
    assert {m.intent for m in made} >= {"procedure", "kosten", "termijn"}
    own = [m for m in made if m.kind == "own_question"]
    assert own and "mijn bak" in own[0].query.lower() and " uw " not in own[0].query
    assert made == made_questions([_article(), national])  # deterministic
    rows = article_questions([_article()])
    assert rows[0]["expected"] == ["vbs-bak"] and rows[0]["kind"] == "answerable"
