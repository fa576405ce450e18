"""Issue 22: a resident who calms down when heard, and feedback that names the article's value.

The simulated resident's anger falls when the trainee acknowledges it (the learned
acknowledgement model, not phrase lists) and rises when the trainee ignores or contradicts
them; a furious resident refuses fact questions, a resident who was heard answers them from
the scenario's facts. A wrong amount or term gets feedback with the article's value.
"""

from __future__ import annotations

import pytest

from reisgenoot.training import mood
from reisgenoot.training.analysis import extract_claims
from reisgenoot.training.feedback import feedback
from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric_grounding import article_value
from reisgenoot.training.scenario_files import default_lines, load_scenarios
from reisgenoot.training.simulator import Session
from tests.training.mood_lines import (
    ACKNOWLEDGING,
    ANGRY,
    FACTS,
    IGNORING,
    NEUTRAL_GREETING,
    QUESTIONS,
)

SCENARIOS = load_scenarios()
SEEDS = range(6)


def _session(lines: list[str], seed: int, references: dict[str, Reference]) -> Session:
    return Session.replay(SCENARIOS[ANGRY], seed, lines, reference=references[ANGRY])


@pytest.mark.parametrize("seed", SEEDS)
def test_an_acknowledging_trainee_gets_the_facts_within_three_turns(
    seed: int, references: dict[str, Reference]
) -> None:
    session = _session(ACKNOWLEDGING, seed, references)
    assert set(session.revealed) == FACTS
    assert session.emotion < session.start_emotion
    assert all(exchange.acknowledged for exchange in session.exchanges)


@pytest.mark.parametrize("seed", SEEDS)
def test_an_ignoring_trainee_does_not(seed: int, references: dict[str, Reference]) -> None:
    session = _session(IGNORING, seed, references)
    assert set(session.revealed) != FACTS
    assert session.emotion >= 8.0 and session.band == "overstuur"
    assert not any(exchange.acknowledged for exchange in session.exchanges)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_neutral_greeting_angers_but_does_not_end_the_call(
    seed: int, references: dict[str, Reference]
) -> None:
    session = Session.start(SCENARIOS[ANGRY], seed, reference=references[ANGRY])
    start = session.emotion
    session.respond(NEUTRAL_GREETING)
    assert not session.finished and session.emotion > start


def test_once_heard_a_calm_question_is_not_ignoring(references: dict[str, Reference]) -> None:
    session = _session([ACKNOWLEDGING[0], QUESTIONS[1]], 1, references)
    question = session.exchanges[1]
    assert not question.acknowledged
    persona = SCENARIOS[ANGRY].persona

    def anger(heard_before: bool) -> float:
        return mood.change(
            question.analysis,
            persona,
            emotion=9.0,
            level=3,
            acknowledged=False,
            heard_before=heard_before,
            contradicted=False,
        )[0]

    assert anger(heard_before=True) == 0.0 < anger(heard_before=False)


def test_the_mood_replays_exactly_per_seed(references: dict[str, Reference]) -> None:
    for lines in (ACKNOWLEDGING, IGNORING):
        first, second = _session(lines, 4, references), _session(lines, 4, references)
        assert first.transcript() == second.transcript()
        assert [e.resident.emotion for e in first.exchanges] == [
            e.resident.emotion for e in second.exchanges
        ]


def test_acknowledgement_in_words_no_phrase_list_holds_calms_the_resident(
    references: dict[str, Reference],
) -> None:
    line = "Ik hoor hoe boos u bent. Dat is ook niet niks, zo'n brief over drie jaar."
    session = Session.start(SCENARIOS[ANGRY], 1, reference=references[ANGRY])
    start, rapport = session.emotion, session.rapport
    session.respond(line)
    assert not session.exchanges[0].analysis.acknowledges  # the phrase lists miss it
    assert session.exchanges[0].acknowledged
    assert session.emotion < start and session.rapport > rapport
    assert session.memory.acknowledged == 1


@pytest.mark.parametrize("seed", SEEDS)
def test_a_heard_greeting_gets_no_greeting_back_that_asks_to_be_heard(
    seed: int, references: dict[str, Reference]
) -> None:
    session = Session.start(SCENARIOS[ANGRY], seed, reference=references[ANGRY])
    reply = session.respond("Goedemiddag, u spreekt met Mila. Ik hoor hoe boos u bent.").text
    assert session.exchanges[0].acknowledged
    greetings = [line for lines in default_lines()["begroet"].values() for line in lines]
    assert not any(line in reply for line in greetings)


def test_contradicting_the_resident_makes_them_angrier(references: dict[str, Reference]) -> None:
    name = "paspoort-vakantie"

    def after(line: str) -> float:
        session = Session.start(SCENARIOS[name], 2, reference=references[name])
        session.respond(line)
        return session.emotion

    assert after("Het paspoort kost 12 euro.") > after("Het paspoort kost € 84,70.")


def test_the_scenario_s_own_values_do_not_confuse_the_resident(
    references: dict[str, Reference],
) -> None:
    session = Session.start(SCENARIOS[ANGRY], 1, reference=references[ANGRY])
    session.respond("Ik hoor hoe boos u bent over een aanslag over drie jaar terug.")
    assert not session.exchanges[0].analysis.wrong_claims
    assert "drie jaar?" not in session.exchanges[0].resident.text.lower()


def test_without_vectors_the_phrase_lists_stand_in(
    monkeypatch: pytest.MonkeyPatch, references: dict[str, Reference]
) -> None:
    monkeypatch.setenv("REISGENOOT_ASSIST_EMBEDDINGS", "0")
    session = Session.start(SCENARIOS[ANGRY], 1, reference=references[ANGRY])
    session.respond(
        "Wat vervelend dat u zich aan de deur als een crimineel behandeld voelde, meneer."
    )
    assert session.exchanges[0].acknowledged == session.exchanges[0].analysis.acknowledges


# --- the article's value ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Het paspoort kost 84 euro.", "€ 84,70"),
        ("Na 3 werkdagen is uw paspoort klaar.", "5 werkdagen"),
        ("Het paspoort kost 300 euro.", None),
    ],
)
def test_a_wrong_value_finds_the_article_s_value_for_the_same_fact(
    line: str, expected: str | None, references: dict[str, Reference]
) -> None:
    texts = references["paspoort-vakantie"].texts
    claim = extract_claims(line)[0]
    assert article_value(claim, line, texts) == expected


def test_the_feedback_names_the_article_s_value(references: dict[str, Reference]) -> None:
    name = "paspoort-vakantie"
    lines = [
        "Goedemorgen, u spreekt met Sam van de gemeente. Waar kan ik u mee helpen?",
        "U maakt een afspraak via Mijn Voorbeeldstad. Het paspoort kost 84 euro.",
        "Is uw vraag hiermee beantwoord? Tot ziens.",
    ]
    session = Session.replay(SCENARIOS[name], 1, lines, reference=references[name])
    result = feedback(session)
    assert result.rubric is not None
    said = [s.text for s in result.rubric.statements] + [p.why for p in result.growth]
    named = [text for text in said if "'84 euro'" in text]
    assert named and all("In het kennisartikel staat € 84,70." in text for text in named)
    assert not any("staat niet in het kennisartikel" in text for text in named)
    assert not any("vbs-" in text for text in said)
