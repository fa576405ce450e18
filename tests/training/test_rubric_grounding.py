"""Grounding what a trainee stated, and the learned feiten level that weighs it.

An article value used for another case, a weekday no source names and a sentence that says
the opposite of the article are doubtful; the feedback names one of them only when the
level is ``fout``, and praises the facts only when an error is unlikely.
"""

from __future__ import annotations

from reisgenoot.bench.training import kennisbank_texts, reference
from reisgenoot.training.analysis import TurnContext, analyse_turn
from reisgenoot.training.feedback import feedback
from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric import judge_lines
from reisgenoot.training.rubric_feiten import PRAISE_BELOW, restate_facts
from reisgenoot.training.rubric_grounding import Grounding, ground
from reisgenoot.training.rubric_statements import RubricTurn, Statement
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session
from tests.training.judging import M, R

ARTICLE = {
    "art": (
        "Het inloopspreekuur is op dinsdag van 9.00 tot 12.00 uur. "
        "Een familielid of mantelzorger mag bij het gesprek zijn. "
        "Gaat de container voor de tweede keer binnen 2 jaar weg? Dan kost een nieuwe € 45,00."
    )
}
SCENARIO = ["De eerste keer is een nieuwe container gratis.", "Hij komt binnen 10 werkdagen."]


def _turns(*texts: str) -> tuple[list[RubricTurn], list[tuple[str, str]]]:
    lines = [(M, text) for text in texts]
    turns = [
        RubricTurn(text, analyse_turn(text, TurnContext()), index)
        for index, text in enumerate(texts)
    ]
    return turns, lines


def test_values_weekdays_and_opposites_are_grounded_against_the_sources() -> None:
    turns, lines = _turns(
        "Een nieuwe container kost € 45,00.",
        "Kom donderdag naar het inloopspreekuur.",
        "Een familielid of mantelzorger mag niet bij het gesprek zijn.",
        "De container komt binnen 10 werkdagen.",
    )
    found = ground(turns, lines, SCENARIO, frozenset({"termijn:10 werkdag"}), ARTICLE)
    assert found.values_article == 1 and found.values_scenario == 1
    assert found.weekdays_unknown == 1
    assert found.polarity == 1
    reasons = {(reason, detail) for _turn, reason, detail in found.doubtful}
    assert ("dag", "donderdag") in reasons and ("waarde", "€ 45,00") in reasons


def test_a_statement_that_agrees_with_the_article_is_not_doubtful() -> None:
    turns, lines = _turns("Een familielid mag bij het gesprek zijn, op dinsdag.")
    found = ground(turns, lines, SCENARIO, frozenset(), ARTICLE)
    assert found.polarity == found.weekdays_unknown == 0
    assert not [d for d in found.doubtful if d[1] != "onbekend"]


def _missing() -> Statement:
    return Statement("feiten", False, "Deze uitleg ontbrak: x.", None, "ontbreekt")


def test_fout_from_the_model_names_the_doubtful_sentence() -> None:
    doubt = Grounding(weekdays_unknown=1, doubtful=[("Kom donderdag.", "dag", "donderdag")])
    level, said = restate_facts("fout", "deels", [_missing()], doubt, 0.8, [], {})
    assert level == "fout"
    assert said[0].kind == "fout" and "donderdag" in said[0].text
    assert said[0].quote == "Kom donderdag."
    assert not any(s.positive for s in said)


def test_the_model_cannot_call_facts_wrong_without_a_sentence_to_point_at() -> None:
    level, said = restate_facts("fout", "deels", [_missing()], Grounding(), 0.8, [], {})
    assert level == "deels" and [s.kind for s in said] == ["ontbreekt"]


def test_deels_needs_a_point_that_was_not_explained() -> None:
    level, _said = restate_facts("deels", "goed", [], Grounding(), 0.1, [], {})
    assert level == "goed"


def test_facts_are_praised_only_when_an_error_is_unlikely() -> None:
    scenario = load_scenarios()["afvalcontainer-gestolen"]
    items = scenario.checklist.uitleggen
    turn = RubricTurn("Het is gratis.", analyse_turn("Het is gratis.", TurnContext()), 1)
    done = {item.id: turn for item in items}
    _level, sure = restate_facts("goed", "goed", [], Grounding(), PRAISE_BELOW / 2, items, done)
    _level, unsure = restate_facts("goed", "goed", [], Grounding(), PRAISE_BELOW, items, done)
    assert any(s.positive for s in sure)
    assert not any(s.positive for s in unsure)


def test_a_denied_permit_is_an_error_even_when_its_point_says_niet_elsewhere() -> None:
    scenario = load_scenarios()["ondernemer-terras"]
    result = judge_lines(
        scenario,
        [
            (R, "Heb ik een vergunning nodig voor het terras?"),
            (M, "Een terrasvergunning is niet nodig."),
        ],
        reference(scenario, kennisbank_texts()),
    )
    assert result.feiten == "fout"
    assert any(s.kind == "fout" and "terrasvergunning" in s.text for s in result.statements)


def test_feedback_never_praises_the_information_of_a_line_the_rubric_calls_wrong(
    references: dict[str, Reference],
) -> None:
    wrong = (
        "U vraagt een nieuwe container aan in Mijn Voorbeeldstad of via 14 0999. "
        "Een nieuwe container kost € 45,00."
    )
    script = [
        "Goedemorgen, u spreekt met Joris. Welke container is het?",
        "Is het eerder gebeurd?",
        wrong,
        "U krijgt hem binnen 10 werkdagen. Zet er uw huisnummer op.",
        "Is uw vraag hiermee beantwoord? Fijne dag.",
    ]
    name = "afvalcontainer-gestolen"
    scenario = load_scenarios()[name]
    session = Session.replay(scenario, 1, script, reference=references[name])
    result = feedback(session)
    assert result.rubric is not None and result.rubric.feiten == "fout"
    assert any(s.kind == "fout" and s.quote == wrong for s in result.rubric.statements)
    assert not [s for s in result.strengths if s.skill == "informatie" and s.quote == wrong]
