"""A resident's request to be called back is a follow-up task with its window, not a question."""

from __future__ import annotations

from typing import Any

import pytest

from reisgenoot.assist import topics
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import parse_text

HALL = (
    "medewerker: Gemeente Voorbeeldstad, goedemiddag.\n"
    "inwoner: Goedemiddag, wij willen de zaal in buurthuis De Kroon huren voor een bijeenkomst"
    " van de flat.\n"
    "medewerker: Dat kan. De grote zaal is vrij op dinsdag 1 juli om twee uur of op zaterdag"
    " 5 juli om tien uur. Welke datum wilt u?\n"
    "inwoner: Zaterdag 5 juli is goed.\n"
    "medewerker: Dan leg ik zaterdag 5 juli om tien uur voor u vast. U krijgt de"
    " gebruiksovereenkomst per post.\n"
)

ASKS = [
    "Kunt u mij nog terugbellen over de sleutel? Graag voor vijf uur.",
    "Wilt u mij terugbellen over de sleutel? Graag voor vijf uur.",
    "Kan er iemand mij vandaag terugbellen over de sleutel? Graag voor vijf uur.",
    "Ik word graag teruggebeld over de sleutel, graag voor vijf uur.",
    "Bel me even terug over de sleutel, graag voor vijf uur.",
    "Zou iemand mij over de sleutel kunnen terugbellen? Graag voor vijf uur.",
]


def _draft(text: str) -> dict[str, Any]:
    return draft_registration(parse_text(text))


@pytest.mark.parametrize("ask", ASKS)
def test_a_callback_request_is_a_task_with_its_window(ask: str) -> None:
    draft = _draft(HALL + f"inwoner: {ask}\n")
    task = draft["interneTaak"]
    assert task is not None and task["gevraagdeHandeling"] == "Terugbelverzoek"
    assert "voor vijf uur" in task["toelichting"]
    assert draft["vragen"][0]["gespreksresultaat"] != "Zelfstandig afgehandeld"
    assert [v["upl"] for v in draft["vragen"]].count("klacht") == 0
    assert len(draft["vragen"]) == 1


def test_an_agreed_callback_request_is_a_task() -> None:
    draft = _draft(
        HALL + "inwoner: Wilt u mij terugbellen over de sleutel?\n"
        "medewerker: Ja hoor, dat noteer ik.\n"
    )
    assert draft["interneTaak"]["gevraagdeHandeling"] == "Terugbelverzoek"


def test_a_refused_callback_request_is_no_callback_task() -> None:
    draft = _draft(
        HALL + "inwoner: Kunt u mij terugbellen over de sleutel?\n"
        "medewerker: Nee, dat is niet nodig: de sleutel ligt zaterdag klaar bij de beheerder.\n"
    )
    task = draft["interneTaak"]
    assert task is None or task["gevraagdeHandeling"] != "Terugbelverzoek"


@pytest.mark.parametrize(
    "text", ["Kunt u mij terugbellen?", "Wilt u mij even bellen?", "Belt u mij op?"]
)
def test_being_called_back_names_no_product(text: str) -> None:
    # "niet teruggebeld" (klacht) loses its negation, a stop word, in the gazetteer
    assert topics.gazetteer_hits(topics.normalise(text)) == []


def test_a_complaint_about_no_callback_is_still_a_complaint() -> None:
    hits = topics.gazetteer_hits(topics.normalise("Ik wil een klacht indienen."))
    assert any("klacht" in hit.products for hit in hits)
