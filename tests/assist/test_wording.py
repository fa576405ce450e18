"""The sentences of a registration: greetings left out, whole words kept."""

from __future__ import annotations

from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import parse_text


def _vraag(lines: str) -> str:
    return str(draft_registration(parse_text(lines))["vragen"][0]["specifiekeVraag"])


def test_the_greeting_is_left_out_of_the_specific_question() -> None:
    vraag = _vraag(
        "inwoner: Goedemiddag, met Karel de Boer. Kan ik een grotere container krijgen?\n"
        "medewerker: Ja, dat kan via Mijn Voorbeeldstad.\n"
    )
    assert vraag == "Kan ik een grotere container krijgen?"


def test_a_word_that_starts_like_a_greeting_is_kept_whole() -> None:
    vraag = _vraag(
        "inwoner: Dagelijks staat mijn container te vol, kan ik een grotere container krijgen?\n"
        "medewerker: Ja, dat kan via Mijn Voorbeeldstad.\n"
    )
    assert vraag.startswith("Dagelijks staat mijn container te vol")
