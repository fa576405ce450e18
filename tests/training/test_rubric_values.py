"""Facts as other opleiders read them (ADR 78): values said the way people say them, a denial
about another thing than the required step, a known wrong answer said with its own correction,
and an article's value for another case than the scenario's.

The sentences follow the shipped scenarios and the demo kennisbank; none is a blind item.
"""

from __future__ import annotations

import pytest

from reisgenoot.training.analysis import TurnContext, analyse_turn, extract_claims, is_known
from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric import judge_lines
from reisgenoot.training.rubric_grounding import ground
from reisgenoot.training.rubric_statements import RubricTurn
from reisgenoot.training.scenario_files import load_scenarios
from tests.training.judging import M, R

SCENARIOS = load_scenarios()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Het kost 84 euro 70.", "bedrag:84,70"),
        ("Dat is 786 euro en 40 cent.", "bedrag:786,40"),
        ("Na vieren ben ik meestal thuis.", "tijd:4:00"),
        ("Een maand of twee al.", "termijn:2 maand"),
        ("Dat duurt een week of drie.", "termijn:3 week"),
        ("Zet het er om een uur of zes neer.", "tijd:6:00"),
    ],
)
def test_values_are_read_as_they_are_said(text: str, key: str) -> None:
    assert key in {f"{claim.kind}:{claim.value}" for claim in extract_claims(text)}


def test_the_same_hour_and_the_same_days_count_as_the_same_value() -> None:
    evening = frozenset({"tijd:20:00", "termijn:2 werkdag"})
    assert is_known("tijd:8:00", evening)  # "na acht uur" for "na 20.00 uur"
    assert is_known("termijn:2 dag", evening)  # "binnen twee dagen" for "2 werkdagen"
    assert not is_known("tijd:6:00", evening)
    assert not is_known("termijn:2 week", evening)


def _errors(name: str, references: dict[str, Reference], *trainee: str) -> list[str]:
    lines = [(R, "Goedemorgen, ik heb een vraag.")]
    lines += [(M, text) for text in trainee]
    judged = judge_lines(SCENARIOS[name], lines, references[name])
    return [s.text for s in judged.statements if s.criterion == "feiten" and s.kind == "fout"]


def test_a_denial_about_another_thing_is_no_error(references: dict[str, Reference]) -> None:
    said = _errors(
        "paspoort-kwijt-spoed",
        references,
        "U maakt meteen een afspraak voor vanochtend, en morgen na twaalven ophalen, "
        "daar hoeft u geen afspraak voor.",
    )
    assert not [text for text in said if text.startswith("Je zei dat iets niet nodig is")]
    said = _errors(
        "overlijden-vader",
        references,
        "De uitvaartondernemer doet de aangifte bij de gemeente, dat hoeft u niet zelf te doen.",
    )
    assert not [text for text in said if text.startswith("Je zei dat iets niet nodig is")]


def test_a_denial_of_the_required_step_is_still_an_error(
    references: dict[str, Reference],
) -> None:
    said = _errors(
        "verontwaardigde-bewoner",
        references,
        "Die aanmaning hoeft u niet te betalen hoor, die vervalt omdat u bezwaar heeft gemaakt.",
    )
    assert [text for text in said if text.startswith("Je zei dat iets niet nodig is")]


def test_a_known_wrong_answer_said_with_its_correction_is_not_said() -> None:
    trap = next(t for t in SCENARIOS["rijbewijs-verlengen"].onjuist if "gezondheid" in t.patroon)
    assert (
        trap.said_in(
            "En mag ik vragen hoe oud u bent? Vanaf 75 is er een gezondheidsverklaring nodig."
        )
        is None
    )
    assert trap.said_in("Dan moet u eerst een gezondheidsverklaring bij het CBR regelen.")
    name = next(t for t in SCENARIOS["trouwen-melding"].onjuist if "ondertrouw" in t.patroon)
    assert (
        name.said_in("Vroeger heette dat ondertrouw, nu heet het de melding voorgenomen huwelijk.")
        is None
    )
    assert name.said_in("Dan doet u eerst de ondertrouw in Mijn Voorbeeldstad.")


ARTICLE = {
    "art": (
        "De eerste keer is een nieuwe container gratis. "
        "Gaat de container voor de tweede keer binnen 2 jaar weg? Dan kost een nieuwe € 45,00. "
        "Een afvalpas komt binnen 5 werkdagen."
    )
}
POINTS = [
    "de eerste keer is een gestolen container gratis",
    "de nieuwe container komt binnen 10 werkdagen",
]


def _ground(*texts: str) -> list[tuple[str, str]]:
    turns = [
        RubricTurn(text, analyse_turn(text, TurnContext()), index)
        for index, text in enumerate(texts)
    ]
    lines = [(M, text) for text in texts]
    found = ground(turns, lines, POINTS, frozenset({"termijn:10 werkdag"}), ARTICLE, POINTS)
    assert found.values_other_case == len(found.other_case)
    return found.other_case


def test_an_article_value_for_another_case_is_an_error() -> None:
    assert _ground("Een gestolen container vervangen kost € 45,00.") == [
        ("Een gestolen container vervangen kost € 45,00.", "€ 45,00")
    ]
    assert _ground("De nieuwe container komt binnen 5 werkdagen.")[0][1] == "5 werkdagen"


def test_an_article_value_about_something_else_or_the_right_value_is_not() -> None:
    assert _ground("Een afvalpas kost € 45,00 bij verlies.") == []
    assert _ground("De nieuwe container komt binnen 10 werkdagen, en hij is gratis.") == []
