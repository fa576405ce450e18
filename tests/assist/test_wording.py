"""The sentences of a registration: greetings left out, whole words kept."""

from __future__ import annotations

import pytest

from reisgenoot.assist import wording
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import parse_text
from reisgenoot.assist.wording import settled
from reisgenoot.language.pii import Entity, detect


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


def test_a_settled_field_holds_nothing_the_detector_calls_personal_data() -> None:
    text = "Mijn buurman Pieter Jansen woont op de Dorpsstraat 12 en belt op 0612345678."
    field = settled(text)
    assert detect(field) == []
    assert field == "Mijn buurman [NAAM] woont op [ADRES] en belt op [TELEFOON]."


def test_a_field_without_personal_data_is_left_as_it_is() -> None:
    text = "Mag ik een dakkapel aan de achterkant bouwen zonder vergunning?"
    assert settled(text) == text


def test_every_composed_field_is_redacted_as_it_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word the detector reads as a name only out of its turn never reaches a field."""

    def reads_a_name(text: str) -> list[Entity]:
        at = text.find("Ijscokar")
        return [] if at < 0 else [Entity(at, at + 8, "naam", "Ijscokar")]

    monkeypatch.setattr(wording, "detect", reads_a_name)
    draft = draft_registration(
        parse_text(
            "inwoner: ijscokar door de wijk rijden, mag dat zonder ontheffing?\n"
            "medewerker: Dat mag overdag zonder ontheffing, ik zet een terugbelverzoek klaar"
            " voor de afdeling Vergunningen over de ijscokar.\n"
        )
    )
    fields = [draft["onderwerp"], draft["inhoud"], draft["interneTaak"]["toelichting"]]
    fields += [v["specifiekeVraag"] for v in draft["vragen"]]
    assert all("Ijscokar" not in f for f in fields), fields
    assert "[NAAM]" in draft["vragen"][0]["specifiekeVraag"]
