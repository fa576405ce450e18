"""A one-word gazetteer key that only a negated phrase gives does not start a side question
(seen with `reisgenoot register`: OGGZ's "het gaat niet goed met hem" is the key "goed", and a
closing "Goed, bedankt." became "Vraag 2: geboorteaangifte (zekerheid 0.00)")."""

from __future__ import annotations

from reisgenoot.assist.analysed import analyse_turn
from reisgenoot.assist.negated_splits import negated_keys, side_questions
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.topics import detect_questions, gazetteer
from reisgenoot.assist.transcript import parse_text

CALL = (
    "Medewerker: Goedemorgen, gemeente Voorbeeldstad.\n"
    "Inwoner: Bij de buren ligt al twee weken bouwafval in de tuin en er zitten nu ratten.\n"
    "Medewerker: Ik maak een melding voor de handhaving, die gaan kijken.\n"
    "Inwoner: Wanneer komen ze?\n"
    "Medewerker: Meestal binnen vijf werkdagen.\n"
    "Inwoner: Goed, bedankt.\n"
)


def test_the_keys_only_a_negated_phrase_gives() -> None:
    assert {"goed", "geld"} <= negated_keys()
    assert "strooien" not in negated_keys()  # also a phrase of its own
    assert ("goed",) in gazetteer()  # still a feature: the UPL model was fitted with it


def test_a_thankful_closing_is_no_side_question_and_the_main_question_stays() -> None:
    turns = [analyse_turn(turn) for turn in parse_text(CALL).turns]
    chosen = detect_questions(turns)
    assert len(chosen) == 2  # the split the gazetteer's "goed" starts
    kept = side_questions(turns, chosen)
    assert kept == [chosen[0]]
    draft = draft_registration(parse_text(CALL))
    assert [v["upl"] for v in draft["vragen"]] == [chosen[0].upl]
    assert "ook gevraagd" not in draft["inhoud"]


def test_a_call_without_such_a_key_keeps_its_questions() -> None:
    call = (
        "Inwoner: Ik wil mijn paspoort verlengen.\n"
        "Medewerker: Dat kan op afspraak.\n"
        "Inwoner: O ja, en ik heb nog een vraag over de hondenbelasting.\n"
        "Medewerker: Die kost 84 euro per jaar.\n"
    )
    turns = [analyse_turn(turn) for turn in parse_text(call).turns]
    chosen = detect_questions(turns)
    assert side_questions(turns, chosen) is chosen
