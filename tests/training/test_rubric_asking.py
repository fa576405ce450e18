"""Asking counts by what the resident answers, not only by the scenario's question words.

"Heeft u nog iets waarmee u kunt laten zien wie u bent?" names none of the question words of the
fact "ander ID-bewijs" (rijbewijs, id-kaart, ander, identiteitsbewijs, legitimatie), but the
resident's answer ("Mijn rijbewijs heb ik nog") is the scenario's line for that fact. A fact the
resident tells without a question before it is not counted (the rubric: "de inwoner moet het
zelf aandragen").
"""

from __future__ import annotations

import pytest

from reisgenoot.assist.embedding import turn_vectors
from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric import asked_facts, judge_lines
from reisgenoot.training.rubric_asking import answered_facts
from reisgenoot.training.rubric_statements import RubricTurn
from reisgenoot.training.scenario_files import load_scenarios
from tests.training.judging import PASPOORT, M, R

ASKED_IN_OTHER_WORDS = [
    (M, "Goedemorgen, u spreekt met Sanne van de gemeente. Wat is er gebeurd?"),
    (R, "Mijn tas is gisteren in de trein gestolen, met mijn paspoort erin."),
    (M, "Wat een schrik, dat snap ik."),
    (R, "En ik vlieg maandag al, over vier dagen!"),
    (M, "Heeft u nog iets waarmee u kunt laten zien wie u bent?"),
    (R, "Mijn rijbewijs heb ik nog, dat zat in mijn jaszak."),
    (M, "Fijn. Dan maakt u een afspraak. Is uw vraag hiermee beantwoord? Goede reis."),
]


def _turns(lines: list[tuple[str, str]], references: dict[str, Reference]) -> list[RubricTurn]:
    from reisgenoot.training.rubric import _observe  # the rubric's own reading of the turns

    return _observe(load_scenarios()[PASPOORT], lines, references[PASPOORT]).turns


def _askless(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``lines`` with the question about the other ID replaced by a remark without a question."""
    return [
        (M, "Dan kijken we verder.") if "wie u bent" in text else (who, text) for who, text in lines
    ]


def test_a_question_in_other_words_counts_by_the_residents_answer(
    references: dict[str, Reference],
) -> None:
    scenario = load_scenarios()[PASPOORT]
    turns = _turns(ASKED_IN_OTHER_WORDS, references)
    by_words = asked_facts(scenario, [turn.analysis for turn in turns])
    found = answered_facts(scenario, turns, ASKED_IN_OTHER_WORDS, ["ander_id"])
    if turn_vectors(["test"]) is None:
        pytest.skip("no sentence vectors in this installation")
    assert by_words == ["gestolen"]  # the question words miss the other ID
    assert found == ["ander_id"]  # the departure was told without a question: not counted
    result = judge_lines(scenario, ASKED_IN_OTHER_WORDS, references[PASPOORT])
    assert result.vragen == 2  # two of the three key facts asked


def test_by_the_question_words_alone_the_same_conversation_asked_too_little(
    references: dict[str, Reference], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_ASSIST_EMBEDDINGS", "0")
    scenario = load_scenarios()[PASPOORT]
    result = judge_lines(scenario, ASKED_IN_OTHER_WORDS, references[PASPOORT])
    assert result.vragen == 1  # one of three (a 1 since ADR 63), where the answers show two


def test_a_fact_told_without_a_question_is_not_counted(references: dict[str, Reference]) -> None:
    scenario = load_scenarios()[PASPOORT]
    lines = _askless(ASKED_IN_OTHER_WORDS)
    turns = _turns(lines, references)
    assert answered_facts(scenario, turns, lines, ["ander_id"]) == []


def test_without_vectors_only_the_question_words_count(
    references: dict[str, Reference], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_ASSIST_EMBEDDINGS", "0")
    scenario = load_scenarios()[PASPOORT]
    turns = _turns(ASKED_IN_OTHER_WORDS, references)
    assert answered_facts(scenario, turns, ASKED_IN_OTHER_WORDS, ["ander_id"]) == []


def test_the_answer_to_the_greeting_is_not_asking(references: dict[str, Reference]) -> None:
    # seen in the browser: only "Wat kan ik voor u doen?" and the resident's whole story
    lines = [
        (M, "Goedemorgen, u spreekt met Sanne van de gemeente. Wat kan ik voor u doen?"),
        (
            R,
            "Mijn paspoort is gisteren in de trein gestolen en ik vlieg maandag al, over vier dagen!",
        ),
        (M, "Daar kan ik u mee helpen."),
        (R, "Ja? Wat moet ik dan doen?"),
        (M, "Dag."),
    ]
    scenario = load_scenarios()[PASPOORT]
    turns = _turns(lines, references)
    assert answered_facts(scenario, turns, lines, ["vertrek", "gestolen", "ander_id"]) == []
    assert judge_lines(scenario, lines, references[PASPOORT]).vragen == 0
