"""The draft's last-line check on personal data and the shape of its summary (issue 15, ADR 56)."""

from __future__ import annotations

from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.scrub import said_addresses, scrub, tidy_placeholders
from reisgenoot.assist.transcript import parse_text
from reisgenoot.bench.draft_fields import field_leaks, readability

NAMES = frozenset({"bos", "sanne"})


def test_a_name_that_is_also_a_word_is_scrubbed_only_where_it_is_a_name() -> None:
    text = "Bos zei dat meneer bos het wist, en de Bos ook, maar het bos is groot."
    assert (
        scrub(text, NAMES)
        == "[NAAM] zei dat meneer [NAAM] het wist, en [NAAM] ook, maar het bos is groot."
    )


def test_a_lowercase_name_after_a_title_goes_but_a_common_word_stays() -> None:
    assert scrub("dank u mevrouw bakker", frozenset()) == "dank u mevrouw [NAAM]"
    assert scrub("ja meneer goed zo", frozenset()) == "ja meneer goed zo"


def test_a_capitalised_name_after_an_introduction_goes() -> None:
    assert scrub("Goedemorgen, met Pieter Smit. Ik ben Ilse.", frozenset()) == (
        "Goedemorgen, met [NAAM]. Ik ben [NAAM]."
    )
    assert scrub("U kunt inloggen met DigiD.", frozenset()) == "U kunt inloggen met DigiD."


def test_a_street_without_a_street_word_said_after_living_is_an_address() -> None:
    assert said_addresses("ik woon op de kromme akker 18 en") == ["kromme akker 18"]
    assert scrub("We wonen op de Brink 12 A in Zwolle.", frozenset()) == "We wonen op [ADRES]."
    assert scrub("Ik woon hier al 12 jaar.", frozenset()) == "Ik woon hier al 12 jaar."
    assert scrub("Ik sta aan de balie 4 keer per jaar.", frozenset()) == (
        "Ik sta aan de balie 4 keer per jaar."
    )


def test_numbers_and_mail_said_as_words_go() -> None:
    said = "bel nul zes een twee drie vier vijf zes of mail sanne punt bos at gmail punt com"
    assert scrub(said, frozenset()) == "bel [NUMMER] of mail [EMAIL]"


def test_nothing_of_the_data_is_left_around_a_placeholder() -> None:
    assert tidy_placeholders("verhuisd van de [ADRES]-bis naar de [ADRES] in Assen") == (
        "verhuisd van [ADRES] naar [ADRES]"
    )
    assert tidy_placeholders(
        "De [NAAM] zei, met het [NAAM] van [NAAM] [NAAM], de moeder van [NAAM]"
    ) == ("[NAAM] zei, met [NAAM] van [NAAM], de moeder van [NAAM]")
    assert tidy_placeholders("op [ADRES] in de tuin") == "op [ADRES] in de tuin"


def test_the_product_name_is_kept_even_when_a_name_shares_a_word() -> None:
    names = frozenset({"rolstoel"})
    text = "Inwoner belde over rolstoel en scootmobiel: de rolstoel is kapot."
    assert scrub(text, names, keep=["rolstoel en scootmobiel"]) == (
        "Inwoner belde over rolstoel en scootmobiel: [NAAM] is kapot."
    )


CALL = (
    "medewerker: Goedemorgen, u spreekt met Bos van de gemeente.\n"
    "inwoner: Goedemorgen, met Sanne de Groot. Bos zei vorige week dat het goed kwam, maar de"
    " grijze container is al twee weken niet geleegd op de Kromme Akker 35b in Kampen, kunt u"
    " iemand sturen?\n"
    "medewerker: Dank u, mevrouw de Groot. De wagen rijdt morgen opnieuw door uw straat en"
    " neemt de container dan mee.\n"
    "inwoner: O fijn, dank je Bos. Groeten van Daan.\n"
)


def test_a_draft_holds_no_personal_data_and_reads_like_a_note() -> None:
    draft = draft_registration(parse_text(CALL))
    pii = ["Kromme Akker 35b", "Kromme Akker 35", "Bos", "Groot", "Sanne", "Daan", "Kampen"]
    assert field_leaks(draft, pii) == []
    assert readability(draft) == []
    assert "[ADRES]" in draft["inhoud"]


def test_the_readability_check_sees_a_garbled_summary() -> None:
    draft = {
        "onderwerp": "verhuismelding (verhuisd van de [ADRES] naar de hier in Voorbeeldstad)",
        "inhoud": "Inwoner belde over [NAAM]. Een. Twee. Drie. Vier.",
        "vragen": [{"upl": "verhuismelding", "specifiekeVraag": "[NAAM] [NAAM] belde…"}],
    }
    assert set(readability(draft)) == {"article", "lost", "repeated", "product", "sentences"}
