"""Issue 22 (ADR 101): a resident who raises what still worries them before hanging up.

Seen in practice: a trainee explained the rush procedure without asking when the resident
leaves, closed, and heard "Top, dank u. Dag!" beside ``afgesloten_zonder_doel``. A real
resident brings the departure up himself and asks whether it still works out.
"""

from __future__ import annotations

import pytest

from reisgenoot.language.text import lower_first
from reisgenoot.training import closing
from reisgenoot.training.scenario_files import default_lines, load_scenarios
from reisgenoot.training.simulator import Session
from tests.training.judging import PASPOORT, practise

SCENARIOS = load_scenarios()
CLOSE = "Is uw vraag hiermee beantwoord? Ik wens u een goede reis."
EXPLAINED_ALL_BUT_NEVER_ASKED_DEPARTURE = [
    "Goedemorgen, u spreekt met Kim van de gemeente. Wat vervelend. Wat is er gebeurd?",
    "Heeft u nog een ander identiteitsbewijs, zoals een rijbewijs?",
    "U maakt een afspraak. Aan de balie vult u de verklaring van vermissing in.",
    "U vraagt dan meteen met spoed een nieuw paspoort aan. Dat kost € 84,70 plus € 57,65 "
    "voor spoed. Vraagt u voor 12.00 uur aan, dan is het de volgende werkdag klaar.",
    "Doe ook aangifte bij de politie en neem het bewijs mee.",
]
ANSWER = "Ja, dat lukt nog: met spoed is het de volgende werkdag klaar."


def _all(key: str) -> list[str]:
    return [line.split("{")[0].strip() for lines in default_lines()[key].values() for line in lines]


def test_the_resident_raises_the_departure_once_and_the_call_goes_on() -> None:
    session = practise(EXPLAINED_ALL_BUT_NEVER_ASKED_DEPARTURE)
    assert "vertrek" not in session.revealed
    turn = session.respond(CLOSE)
    assert not session.finished and session.outcome is None
    assert session.raised == "vertrek"
    departure = [
        line for lines in SCENARIOS[PASPOORT].fact("vertrek").zinnen.values() for line in lines
    ]
    assert any(line in turn.text for line in departure), turn.text  # the scenario's own words
    assert turn.text.endswith("Lukt dat dan nog?"), turn.text  # a day: it asks about the term
    assert "vertrek" not in session.revealed  # told unasked: the trainee still did not ask it
    session.respond(ANSWER)
    last = session.respond(CLOSE)
    assert session.finished and session.outcome == "doel_bereikt"
    assert any(last.text.startswith(line) for line in _all("afsluiting_tevreden")), last.text


def test_closing_again_without_answering_ends_unhappy_naming_the_question() -> None:
    session = practise([*EXPLAINED_ALL_BUT_NEVER_ASKED_DEPARTURE, CLOSE])
    last = session.respond(CLOSE)  # the second close ends the call, as before
    assert session.finished and session.outcome == "afgesloten_zonder_doel"
    assert "lukt dat dan nog?" in last.text, last.text
    assert not any(last.text.startswith(line) for line in _all("afsluiting_tevreden"))


def test_a_missing_explanation_is_named_at_the_closing() -> None:
    session = practise(
        [
            "Goedemorgen, u spreekt met Kim van de gemeente. Wanneer vertrekt u?",
            "U maakt een afspraak. Aan de balie vult u de verklaring van vermissing in.",
            CLOSE,
        ]
    )
    assert session.raised is None  # nothing explained rests on a fact never asked
    assert session.outcome == "afgesloten_zonder_doel"
    scenario = SCENARIOS[PASPOORT]
    questions = [
        lower_first(line)
        for item in scenario.checklist.uitleggen
        if item.vraag and item.id not in session.explained
        for lines in item.vraag.values()
        for line in lines
    ]
    last = session.resident_lines()[-1]
    assert any(question in last for question in questions), last


def test_a_scenario_without_dependent_facts_ends_at_the_first_goodbye() -> None:
    name = "fiets-kwijt-depot"
    scenario = SCENARIOS[name]
    assert not any(item.na for item in scenario.checklist.uitleggen)
    session = Session.start(scenario, 1)
    session.respond("Goedemorgen, u spreekt met Kim van de gemeente.")
    session.respond("Tot ziens, meneer.")
    assert session.finished and session.raised is None
    assert session.outcome == "afgesloten_zonder_doel"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_good_scripts_never_need_the_resident_to_raise_a_fact(name: str) -> None:
    scenario = SCENARIOS[name]
    assert scenario.oefenscripts is not None
    session = Session.replay(scenario, 1, scenario.oefenscripts.goed)
    assert session.raised is None and session.outcome == "doel_bereikt"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_never_content_beside_a_goal_not_reached(name: str) -> None:
    scenario = SCENARIOS[name]
    assert scenario.oefenscripts is not None
    lines = [*scenario.oefenscripts.zwak, "Tot ziens.", "Tot ziens."]
    for seed in range(3):
        session = Session.replay(scenario, seed, lines)
        if session.outcome == "afgesloten_zonder_doel":
            last = session.resident_lines()[-1]
            assert not any(last.startswith(line) for line in _all("afsluiting_tevreden")), last


def test_a_conversation_with_the_raised_fact_replays_exactly() -> None:
    scenario = SCENARIOS[PASPOORT]
    lines = [*EXPLAINED_ALL_BUT_NEVER_ASKED_DEPARTURE, CLOSE, ANSWER, CLOSE]
    for seed in (3, 11):
        by_turn = Session.start(scenario, seed)
        for line in lines:
            by_turn.respond(line)
        replayed = Session.replay(scenario, seed, lines)
        assert replayed.transcript() == by_turn.transcript()
        assert replayed.outcome == by_turn.outcome and replayed.raised == by_turn.raised


def test_the_question_back_follows_the_fact() -> None:
    scenario = SCENARIOS[PASPOORT]
    assert closing.question_back(scenario.fact("vertrek")) == "Lukt dat dan nog?"
    assert closing.question_back(scenario.fact("ander_id")) == "Maakt dat uit?"
    assert closing.answers(ANSWER)
    assert not closing.answers("Ik wens u een goede reis.")
    assert not closing.answers("Is uw vraag beantwoord?")
