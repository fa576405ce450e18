"""The learned section (ADR 84 addendum): one feature vector per shown section, safe without
weights, and a section asked for by the caller is kept."""

from __future__ import annotations

from reisgenoot.knowledge.answer_section import SECTION_FEATURES, TYPES, section_features
from reisgenoot.knowledge.answer_sentence import FEATURES, SentenceModel
from reisgenoot.knowledge.answering import Answerer
from reisgenoot.knowledge.passages import (
    _Cues,
    _section_scores,
    asked_cues,
    section_bonus,
    section_candidates,
    sentence_choice,
)


def test_section_weights_need_the_section_features() -> None:
    ones = [1.0] * len(FEATURES)
    sentence = {"features": list(FEATURES), "weights": ones, "means": ones, "scales": ones}
    assert SentenceModel.from_dict(sentence, SECTION_FEATURES) is None
    ones = [1.0] * len(SECTION_FEATURES)
    section = {"features": list(SECTION_FEATURES), "weights": ones, "means": ones, "scales": ones}
    assert SentenceModel.from_dict(section, SECTION_FEATURES) is not None


def test_section_features_name_the_type() -> None:
    values = dict(
        zip(
            SECTION_FEATURES,
            section_features(
                field="uitersteTermijn",
                rule=(3.0, 0.0, True),
                bonuses=(2.5, 0.9),
                e5=(0.8, 0.0),
                overlaps=(1.0, 1.0, 0.5),
                cues=1.0,
                best_sentence=0.2,
                order=5,
                size=2,
            ),
            strict=True,
        )
    )
    assert values["type_uitersteTermijn"] == 1.0 and values["rule_top"] == 1.0
    assert sum(values[f"type_{name}"] for name in TYPES) == 1.0


def test_every_shown_section_gets_features_and_a_given_section_is_kept(
    answerer: Answerer,
) -> None:
    question = "Wanneer wordt oud papier opgehaald?"
    retriever = answerer.retriever
    ranking = retriever.rank(question, limit=len(retriever.docs))
    hit = next(h for h in ranking.hits if h.doc.source_id == "vbs-afvalkalender")
    terms, reading = ranking.query_terms, ranking.understanding
    bonus = section_bonus(question, reading)
    scored = _section_scores(hit, terms, retriever, bonus, asked_cues(question, bonus))
    cues = _Cues(amount=False, period=True, clock=False)
    found = section_candidates(hit, terms, retriever, scored, (question, reading), cues)
    assert len(found) == len(scored) > 1
    assert all(len(f) == len(SECTION_FEATURES) for f in found)
    for _score, _order, field, text in scored:
        choice = sentence_choice(hit, terms, retriever, question, reading, field=field)
        assert choice.field == field and all(u.field == field for u in choice.units)
        assert text[choice.start :].strip()
