"""The opleider's rubric on practice transcripts: the cases a new user found wrong.

Each test is a short transcript in real Dutch, judged against the demo kennisbank.
"""

from __future__ import annotations

import re

import pytest

from reisgenoot.bench.training import statement_wrong
from reisgenoot.training import rubric_statements
from reisgenoot.training.kennis import Reference
from reisgenoot.training.scenario_files import load_scenarios
from tests.training.judging import PASPOORT, M, R, fact_errors, judge


def test_next_working_day_in_the_scenario_is_not_a_wrong_term(
    references: dict[str, Reference],
) -> None:
    result = judge(
        references,
        [
            (R, "Mijn paspoort is gestolen en ik vlieg maandag."),
            (M, "Als u voor 12.00 uur met spoed aanvraagt, is het binnen 1 werkdag klaar."),
        ],
    )
    assert not fact_errors(result)


def test_a_wrong_amount_is_an_error_of_commission(references: dict[str, Reference]) -> None:
    result = judge(references, [(R, "Wat kost dat?"), (M, "Een paspoort kost € 60,00.")])
    assert result.feiten == "fout"
    assert any("€ 60,00" in text for text in fact_errors(result))


def test_saying_a_required_step_is_not_needed_is_an_error(
    references: dict[str, Reference],
) -> None:
    result = judge(
        references,
        [(R, "Moet ik nog iets doen?"), (M, "Aangifte bij de politie is niet nodig.")],
    )
    assert result.feiten == "fout"
    assert any("aangifte" in text for text in fact_errors(result))


def test_asking_for_a_document_the_resident_does_not_have_is_an_error(
    references: dict[str, Reference],
) -> None:
    result = judge(
        references,
        [
            (R, "Wat moet ik meenemen?"),
            (M, "Neem uw ID-kaart mee en een pasfoto."),
            (R, "Een ID-kaart heb ik niet."),
        ],
    )
    assert result.feiten == "fout"
    assert any("kaart" in text for text in fact_errors(result))


def test_missing_points_make_facts_partly_right(references: dict[str, Reference]) -> None:
    result = judge(references, [(R, "Wat moet ik doen?"), (M, "U maakt een afspraak.")])
    assert result.feiten == "deels"
    assert any(s.kind == "ontbreekt" for s in result.statements)


@pytest.mark.parametrize(
    "line",
    [
        "Vervelend dat uw paspoort gestolen is.",
        "Wat een schrik, uw paspoort gestolen vlak voor uw reis.",
        "Ik kan me voorstellen dat u zich zorgen maakt over uw reis.",
    ],
)
def test_acknowledging_in_many_phrasings(references: dict[str, Reference], line: str) -> None:
    result = judge(references, [(R, "Mijn paspoort is gestolen en ik vlieg maandag!"), (M, line)])
    assert result.empathie >= 1


def test_a_dismissive_phrase_scores_no_empathy(references: dict[str, Reference]) -> None:
    result = judge(references, [(R, "Mijn paspoort is gestolen!"), (M, "Blijft u even rustig.")])
    assert result.empathie == 0


@pytest.mark.parametrize(
    "line",
    [
        "Is er verder nog iets waar ik u mee kan helpen?",
        "Heeft u nog andere vragen?",
        "Is uw vraag hiermee beantwoord?",
    ],
)
def test_checking_the_question_was_answered(
    references: dict[str, Reference], line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # recognition, not confidence: say every statement, also those the models doubt
    monkeypatch.setattr(rubric_statements, "SAY_BELOW", 1.01)
    result = judge(
        references,
        [
            (R, "Wat moet ik doen?"),
            (M, "U maakt een afspraak en vraagt met spoed een nieuw paspoort aan."),
            (R, "Oké."),
            (M, f"{line} Dan wens ik u een goede reis."),
        ],
    )
    # The check counts: never "you did not ask"; how much the short close is worth (1 or 2)
    # is the learned model's call, as opleiders differ on curt closes.
    assert result.afsluiten >= 1
    said = [s for s in result.statements if s.criterion == "afsluiten"]
    assert said and all(s.quote and line in s.quote for s in said)
    assert all("vroeg niet" not in s.text and "zonder afsluiting" not in s.text for s in said)


def test_a_goodbye_without_a_check_is_half_a_close(references: dict[str, Reference]) -> None:
    result = judge(references, [(R, "Oké, dank u."), (M, "Tot ziens.")])
    assert result.afsluiten == 1


def test_a_summary_is_recognised(references: dict[str, Reference]) -> None:
    result = judge(
        references,
        [
            (R, "Mijn tas met paspoort is gisteren in de trein gestolen en ik vlieg maandag."),
            (
                M,
                "Als ik het goed begrijp, is uw tas gisteren in de trein gestolen en vliegt u maandag?",
            ),
        ],
    )
    assert result.samenvatten == 1


def test_statements_speak_to_the_trainee_with_je_and_show_no_article_ids(
    references: dict[str, Reference],
) -> None:
    scenario = load_scenarios()[PASPOORT]
    result = judge(
        references,
        [(R, "Mijn paspoort is gestolen."), (M, "Dat kost € 10. Dag."), (R, "Dag.")],
    )
    assert result.statements
    for statement in result.statements:
        assert not re.search(r"\b(U|u) (gaf|zei|vroeg|vatte|noemde|legde)\b", statement.text)
        for article in scenario.kennisartikelen:
            assert article not in statement.text


def test_asking_about_a_fact_is_not_advised_again(references: dict[str, Reference]) -> None:
    result = judge(references, [(R, "Mijn paspoort is weg."), (M, "Wanneer vertrekt u?")])
    advice = [s.text for s in result.statements if s.criterion == "vragen" and not s.positive]
    assert all("wanneer hij vertrekt" not in text for text in advice)


def test_a_statement_is_wrong_when_the_opleider_says_the_opposite() -> None:
    gold = {"feiten": "goed", "empathie": 0, "vragen": 2, "samenvatten": 1, "afsluiten": 1}
    assert statement_wrong({"criterium": "empathie", "goed": True}, gold)
    assert not statement_wrong({"criterium": "empathie", "goed": False}, gold)
    assert statement_wrong({"criterium": "feiten", "goed": False, "soort": "fout"}, gold)
    assert statement_wrong({"criterium": "samenvatten", "goed": False}, gold)
    assert not statement_wrong({"criterium": "afsluiten", "goed": True}, gold)


def test_one_key_fact_of_three_asked_is_a_one_on_asking(references: dict[str, Reference]) -> None:
    """Rubric anchor 1: the other facts came up because the resident told them himself."""
    told = [
        (M, "Gemeente Voorbeeldstad, goedemorgen."),
        (R, "Mijn paspoort is gestolen en ik vlieg maandag. Mijn rijbewijs heb ik nog wel."),
        (M, "Wanneer vertrekt u precies?"),
        (R, "Maandagochtend om zeven uur."),
        (M, "U maakt een afspraak aan de balie. Dag meneer."),
    ]
    assert judge(references, told).vragen == 1
    nothing = [told[0], told[1], (M, "U maakt een afspraak aan de balie. Dag meneer.")]
    assert judge(references, nothing).vragen == 0
