"""A scenario's known wrong answer is said only when the trainee claims it, not when the trainee
negates or corrects it in the clause (ADR 52 found "die horen niet bij ons" matched "bij ons").

The sentences are written for the shipped scenarios' own ``onjuist`` patterns; each "right"
sentence matched its pattern under the old plain ``re.search``.
"""

from __future__ import annotations

import re

import pytest

from reisgenoot.training.kennis import Reference
from reisgenoot.training.rubric import judge_lines
from reisgenoot.training.scenario import WrongStatement
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session

SCENARIOS = load_scenarios()
M, R = "medewerker", "inwoner"


def _trap(scenario: str, pattern_part: str) -> WrongStatement:
    """The known wrong answer of ``scenario`` whose pattern contains ``pattern_part``."""
    traps = [t for t in SCENARIOS[scenario].onjuist if pattern_part in t.patroon]
    assert len(traps) == 1, traps
    return traps[0]


RIGHT = [
    # negation in the clause: niet, geen, hoeft niet, is niet nodig
    ("scheiding-verhuizing-toeslagen", "bij ons", "Huurtoeslag hoort niet bij ons."),
    ("scheiding-verhuizing-toeslagen", "bij ons", "De toeslagen regelen we niet bij de gemeente."),
    ("uittreksel-brp", "gratis", "Het uittreksel is helaas niet gratis."),
    ("uittreksel-brp", "gratis", "Gratis is het niet, het kost € 14,95."),
    ("trouwen-melding", "notaris", "U hoeft niet naar de notaris."),
    ("naamgebruik-na-scheiding", "rechter", "Daar is geen rechter of notaris voor nodig."),
    ("paspoort-kwijt-spoed", "noodpaspoort", "Een noodpaspoort is niet nodig, spoed kan nog."),
    ("fiets-kwijt-depot", "aangifte", "U hoeft nog geen aangifte te doen."),
    ("grofvuil-ophalen", "zonder afspraak", "Zet het grofvuil nooit zonder afspraak buiten."),
    ("milieustraat-verbouwing", "afspraak", "U maakt geen afspraak, u komt gewoon langs."),
    (
        "kwijtschelding-aanvragen",
        "ozb",
        "Kwijtschelding kan voor de afvalstoffenheffing, niet voor de ozb.",
    ),
    # the wrong answer's own negation said the other way
    ("belasting-in-termijnen", "aanmaning", "Ik kan niet beloven dat u geen aanmaning krijgt."),
    # contrastive "niet X maar Y": X is negated
    (
        "scheiding-verhuizing-toeslagen",
        "bij ons",
        "Toeslagen horen niet bij ons maar bij de Belastingdienst.",
    ),
    ("lantaarnpaal-melden", "netbeheerder", "U moet niet de netbeheerder bellen maar de gemeente."),
    # a correction of the clause: "dat klopt niet", "nee, …"
    ("verhuiswagen-ontheffing", "gratis", "U dacht dat het gratis is, maar dat klopt niet."),
    ("uittreksel-brp", "gratis", "Is het gratis? Nee, het kost € 14,95."),
    ("trouwen-melding", "ondertrouw", "U zegt ondertrouw. Dat is niet juist, het heet nu melding."),
]

WRONG = [
    ("scheiding-verhuizing-toeslagen", "bij ons", "Huurtoeslag vraagt u gewoon bij ons aan."),
    ("uittreksel-brp", "gratis", "Het uittreksel is gratis."),
    ("trouwen-melding", "notaris", "Die melding doet u bij de notaris."),
    ("fiets-kwijt-depot", "aangifte", "Doet u eerst maar aangifte bij de politie."),
    # contrastive "niet X maar Y": Y is claimed, also when the pattern spans both
    (
        "scheiding-verhuizing-toeslagen",
        "bij ons",
        "Toeslagen niet bij de Belastingdienst, maar bij ons.",
    ),
    ("trouwen-melding", "notaris", "Niet bij de gemeente maar bij de notaris."),
    (
        "kwijtschelding-aanvragen",
        "ozb",
        "Kwijtschelding kan niet voor de rioolheffing, wel voor ozb.",
    ),
    # a negation in another clause does not reach the claim
    ("uittreksel-brp", "gratis", "U hoeft niets mee te nemen, het is gratis."),
    # a negation the wrong answer itself spells
    ("verhuiswagen-ontheffing", "gratis", "De ontheffing kost niets."),
    ("belasting-in-termijnen", "aanmaning", "U krijgt dan geen aanmaning meer."),
    # "niet alleen" is "also"
    (
        "kwijtschelding-aanvragen",
        "ozb",
        "Kwijtschelding is niet alleen voor rioolheffing, ook ozb.",
    ),
    # a number's comma is no clause boundary
    ("id-kaart-kind", "77,85", "Een ID-kaart kost € 77,85, geen afspraak nodig."),
]


@pytest.mark.parametrize(("scenario", "part", "sentence"), RIGHT)
def test_a_negated_or_corrected_wrong_answer_is_not_said(
    scenario: str, part: str, sentence: str
) -> None:
    trap = _trap(scenario, part)
    assert re.search(trap.patroon, sentence, re.IGNORECASE), "the old match fired here"
    assert trap.said_in(sentence) is None


@pytest.mark.parametrize(("scenario", "part", "sentence"), WRONG)
def test_a_claimed_wrong_answer_is_still_said(scenario: str, part: str, sentence: str) -> None:
    assert _trap(scenario, part).said_in(sentence) is not None


def test_the_rubric_does_not_call_a_right_negation_a_known_wrong_answer(
    references: dict[str, Reference],
) -> None:
    name = "scheiding-verhuizing-toeslagen"
    trap = _trap(name, "bij ons")
    lines = [
        (R, "Moet ik de huurtoeslag bij jullie aanvragen?"),
        (
            M,
            "Nee, huurtoeslag en kindgebonden budget horen niet bij ons maar bij de Belastingdienst.",
        ),
    ]
    right = judge_lines(SCENARIOS[name], lines, references[name])
    assert trap.uitleg not in [s.text for s in right.statements]
    lines[1] = (M, "Huurtoeslag vraagt u gewoon bij ons aan.")
    wrong = judge_lines(SCENARIOS[name], lines, references[name])
    assert trap.uitleg in [s.text for s in wrong.statements if s.kind == "fout"]


def test_the_resident_and_juistheid_do_not_take_a_right_negation_as_wrong() -> None:
    scenario = SCENARIOS["uittreksel-brp"]
    session = Session.start(scenario, 3)
    session.respond("Goedemorgen, u spreekt met de gemeente. Het uittreksel is niet gratis.")
    assert session.exchanges[-1].wrong_statements == []
    session.respond("Sorry, ik vergiste me: het uittreksel is gratis.")
    assert _trap("uittreksel-brp", "gratis").uitleg in session.exchanges[-1].wrong_statements
