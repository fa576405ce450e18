"""Slot-based fact checking: claims that say the opposite of the scenario in meaning.

A trainee clause conflicts with the sources when the scenario's clause about the same thing
fills the same slot (needed, allowed, costs, immediate, only online, a value, a weekday) the
other way; the article counts only where the scenario says nothing about it. Measured as a
feature of the feiten level and not adopted (ADR 52); these tests keep the module sound for a
next attempt.
"""

from __future__ import annotations

from reisgenoot.training.rubric_slots import SlotCheck, check_slots, clauses_of

SCENARIO = [
    "De eerste keer is een nieuwe container gratis.",
    "Een nieuwe container komt binnen 10 werkdagen.",
    "De parkeervergunning werkt binnen 2 werkdagen.",
    "Het inloopspreekuur is op dinsdag.",
    "Op de stoep is altijd een terrasvergunning nodig.",
    "Zet het grofvuil niet eerder buiten dan de avond ervoor na 20.00 uur.",
]
ARTICLE = [
    "Is uw container gestolen? Doe dan ook een melding bij de politie. Dat is niet verplicht.",
    "U mag iemand meenemen naar het gesprek, zoals een familielid.",
    "Een nieuwe afvalpas krijgt u binnen 5 werkdagen.",
    "Een kentekenwijziging werkt direct.",
]
KNOWN = frozenset({"termijn:10 werkdag", "termijn:2 werkdag"})


def _check(*texts: str) -> SlotCheck:
    return check_slots([(text, frozenset()) for text in texts], SCENARIO, ARTICLE, KNOWN)


def test_claims_that_contradict_the_scenario_in_meaning_are_found() -> None:
    cases = [
        "Wel moet u eerst aangifte doen bij de politie, anders kunnen we hem niet leveren.",
        "Voor vijf tafeltjes op de stoep heeft u geen aparte vergunning nodig.",
        "De vergunning werkt direct zodra u op verzenden drukt.",
        "Dat gesprek is alleen met uw moeder, familie is er niet bij.",
    ]
    for text in cases:
        found = _check(text)
        assert found.claims == 1, text
        assert found.conflicts[0][1] == "strijdig"


def test_a_value_of_another_case_and_another_weekday_conflict() -> None:
    found = _check(
        "De container heeft u binnen 5 werkdagen.",
        "Het mag de avond ervoor al buiten, vanaf een uur of zes.",
        "Kom donderdag langs.",
    )
    assert (found.values, found.days) == (2, 1)
    assert {reason for _t, reason, _d in found.conflicts} == {"anderewaarde", "anderedag"}


def test_right_claims_in_other_words_do_not_conflict() -> None:
    found = _check(
        "Een nieuwe container is de eerste keer gratis.",
        "U krijgt hem binnen 10 werkdagen.",
        "Een melding bij de politie is niet verplicht.",
        "Uw dochter of een ander familielid mag er gewoon bij zijn.",
        "Ze kunnen u niet alleen helpen met de aanvraag.",
        "Ik leg uit wat het kost en hoe het werkt.",
        "Kom dinsdag naar het spreekuur.",
    )
    assert found.features()["slot_conflicts"] == 0.0, found.conflicts


def test_amounts_stay_whole_when_clauses_are_split() -> None:
    values = [clause.values for clause in clauses_of("Het kost € 84,70, pinnen kan.")]
    assert values[0] == frozenset({"bedrag:84,70"})
