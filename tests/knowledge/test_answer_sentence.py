"""The learned first sentence (ADR 84): extractive, in a shown section, safe without weights."""

from __future__ import annotations

import pytest

from reisgenoot.knowledge import answering
from reisgenoot.knowledge.answer_sentence import FEATURES, SentenceModel, Unit, unit_features
from reisgenoot.knowledge.answering import Answerer
from reisgenoot.knowledge.passages import sentence_choice


def test_weights_for_other_features_are_not_used() -> None:
    assert SentenceModel.from_dict({"features": ["overlap"], "weights": [1.0]}) is None
    ones = [1.0] * len(FEATURES)
    model = SentenceModel.from_dict(
        {"features": list(FEATURES), "weights": ones, "means": ones, "scales": ones}
    )
    assert model is not None and model.best([]) is None


def test_a_tie_keeps_the_earlier_sentence() -> None:
    zeros = tuple(0.0 for _ in FEATURES)
    model = SentenceModel(zeros, zeros, tuple(1.0 for _ in FEATURES))
    units = [Unit("tekst", 0, 5, zeros), Unit("tekst", 6, 9, zeros)]
    assert model.best(units) == units[0]


def test_features_read_question_form_and_place() -> None:
    values = dict(
        zip(
            FEATURES,
            unit_features(
                section_bonus=2.5,
                section_gap=0.0,
                rule_section=True,
                rule_first=False,
                overlaps=(1.0, 0.0, 0.0),
                cues=1.0,
                index=0,
                text="Wat kost het?",
            ),
            strict=True,
        )
    )
    assert values["is_question"] == 1.0 and values["first_in_section"] == 1.0
    assert values["rule_section"] == 1.0 and values["rule_first"] == 0.0


@pytest.mark.parametrize(
    ("question", "source_id"),
    [
        ("Hoeveel kost grofvuil ophalen", "vbs-grofvuil"),
        ("Wanneer wordt oud papier opgehaald?", "vbs-afvalkalender"),
        ("wat moet ik meenemen als ik een paspoort ga aanvragen", "vbs-paspoort"),
    ],
)
def test_the_first_sentence_is_a_shown_sentence_of_the_rules_section(
    answerer: Answerer, question: str, source_id: str
) -> None:
    ranking = answerer.retriever.rank(question, limit=len(answerer.retriever.docs))
    hit = next(h for h in ranking.hits if h.doc.source_id == source_id)
    choice = sentence_choice(hit, ranking.query_terms, answerer.retriever, question)
    assert choice.units and all(u.field == choice.field for u in choice.units)
    assert sum(u.features[FEATURES.index("rule_first")] for u in choice.units) == 1.0
    passage = answering.choose_passage(hit, ranking.query_terms, answerer.retriever, question)
    assert passage.field == choice.field  # the model moves the start, not the section
    assert passage.text and passage.text in hit.doc.text(passage.field)  # extractive
