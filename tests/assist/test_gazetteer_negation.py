"""A one-word gazetteer key that only a negated phrase gives does not split a question (seen
with `reisgenoot register`: the OGGZ phrase "het gaat niet goed met hem" made every "goed" in a
call name OGGZ, and a closing "Goed, bedankt." became a second question)."""

from __future__ import annotations

from reisgenoot.assist.analysed import analyse_turn
from reisgenoot.assist.topics import (
    detect_questions,
    gazetteer,
    gazetteer_hits,
    negated_keys,
    normalise,
)
from reisgenoot.assist.transcript import parse_text


def test_the_keys_only_a_negated_phrase_gives() -> None:
    assert {("goed",), ("geld",)} <= negated_keys()
    assert ("strooien",) not in negated_keys()  # "strooien" is a phrase of its own as well
    assert ("goed",) in gazetteer()  # still a feature: the UPL model was fitted with it


def test_phrases_without_a_negation_still_reduce_to_their_word() -> None:
    # "ik ga verhuizen" keeps naming the move; "babs voor een dag" the BABS
    assert "verhuismelding" in gazetteer()[("verhuizen",)]
    assert gazetteer_hits(normalise("We willen een babs voor een dag."))


def test_a_thankful_closing_is_no_second_question() -> None:
    transcript = parse_text(
        "Medewerker: Goedemorgen, gemeente Voorbeeldstad.\n"
        "Inwoner: Bij de buren ligt al twee weken bouwafval in de tuin en er zitten nu ratten.\n"
        "Medewerker: Ik maak een melding voor de handhaving, die gaan kijken.\n"
        "Inwoner: Wanneer komen ze?\n"
        "Medewerker: Meestal binnen vijf werkdagen.\n"
        "Inwoner: Goed, bedankt.\n"
    )
    questions = detect_questions([analyse_turn(turn) for turn in transcript.turns])
    assert len(questions) == 1
