"""Names the sentence detector misses, placeholders instead of deletions, and agreed times."""

from __future__ import annotations

from reisgenoot.assist.analysed import analyse_turns
from reisgenoot.assist.outcome_model import PlainTurn
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.scrub import cued_names, known_addresses, known_names, said_names, scrub
from reisgenoot.assist.timing import agreed_times
from reisgenoot.assist.transcript import parse_text


def test_a_first_name_alone_and_a_short_surname_after_mevrouw_are_scrubbed() -> None:
    turns = analyse_turns(
        parse_text(
            "medewerker: Goedemorgen, waarmee kan ik u helpen?\n"
            "inwoner: Goedemorgen, u spreekt met Femke Dijkstra.\n"
        ).turns
    )
    names = known_names(turns)
    assert {"femke", "dijkstra"} <= names
    text = scrub("Femke vraagt of mevrouw Bos ook mag komen; dank je Femke.", names)
    assert "Femke" not in text and "Bos" not in text
    assert text.count("[NAAM]") == 3


def test_lowercase_speech_to_text_names_after_a_cue() -> None:
    found = cued_names("ja hallo mevrouw ik ben el amrani mohamed el amrani ik heb auto verkocht")
    assert any("amrani" in name for name in found)
    assert all("auto" not in name for name in found)


def test_after_a_weak_cue_an_ordinary_rare_word_is_no_name_but_a_name_still_is() -> None:
    # "met", "hallo": cues that open ordinary phrases as often as names (ADR 81's vocabulary)
    assert cued_names("de bak zit vol met schimmelend groenafval") == []
    assert cued_names("hallo marjolein, ik bel over de brief") == ["marjolein"]
    assert cued_names("ik sprak gisteren met wiegersma over de aanvraag") == ["wiegersma"]
    # a strong cue keeps reading a rare word as the name
    assert cued_names("u spreekt met gerritsen") == ["gerritsen"]


def test_spelled_letters_and_case_numbers_in_pieces_become_placeholders() -> None:
    text = scrub("mijn achternaam is G-H-E-B-R-E en het nummer is w i 2025 0 6 6 1 8", frozenset())
    assert "G-H-E" not in text and "2025 0 6" not in text
    assert "[NAAM]" in text and "[NUMMER]" in text


def test_an_address_leaves_a_placeholder_not_a_hole() -> None:
    draft = draft_registration(
        parse_text(
            "medewerker: Goedemorgen, waarmee kan ik u helpen?\n"
            "inwoner: Ik ben verhuisd van de Dorpsstraat 12 naar de Kerklaan 3 hier in "
            "Voorbeeldstad, hoe geef ik dat door?\n"
            "medewerker: Dat doet u online met DigiD.\n"
        )
    )
    vraag = draft["vragen"][0]["specifiekeVraag"]
    assert "Dorpsstraat" not in vraag and "Kerklaan" not in vraag
    assert "[ADRES]" in vraag


def test_agreed_times_are_found_and_birth_dates_are_not() -> None:
    turns = [
        PlainTurn("inwoner", "Kunt u mij terugbellen? Graag voor vijf uur."),
        PlainTurn("medewerker", "De consulent komt dinsdag 14 januari om 10.20 uur langs."),
        PlainTurn("inwoner", "Ik ben geboren op 14 mei 1981."),
    ]
    phrases = [phrase for _, phrase in agreed_times(turns)]
    assert "voor vijf uur" in phrases
    assert "dinsdag 14 januari om 10.20 uur" in phrases
    assert not any("1981" in phrase for phrase in phrases)


def test_a_term_ends_before_the_article_and_counts_single_units() -> None:
    turns = [
        PlainTurn("medewerker", "U krijgt binnen zes weken een besluit."),
        PlainTurn("medewerker", "De pas ligt binnen een week klaar, de melding binnen 1 werkdag."),
        PlainTurn("inwoner", "Het duurde vorig jaar een maand."),
    ]
    phrases = [phrase for _, phrase in agreed_times(turns)]
    assert phrases == ["binnen zes weken", "binnen een week", "binnen 1 werkdag"]


_SAID = (
    "medewerker: Goedemiddag, waarmee kan ik u helpen?\n"
    "inwoner: mijn buurvrouw anneloes helpt me altijd met de post maar nu is ze weg\n"
    "medewerker: Dat is vervelend. Op welk adres woont u?\n"
    "inwoner: ja eh weidehoek 7 al sinds mei\n"
    "medewerker: En wat is de naam van uw zoon?\n"
    "inwoner: tijmen ik weet het niet zeker\n"
    "inwoner: op de pas staat thyrza met een y maar het moet anders\n"
)


def test_lowercase_names_are_known_by_how_they_are_said() -> None:
    turns = analyse_turns(parse_text(_SAID).turns)
    assert said_names(turns) == ["anneloes", "tijmen", "thyrza"]  # relation, answer, spelled
    names = known_names(turns)
    text = scrub("anneloes belt tijmen over thyrza en thyrsa; de post ligt bij de buren", names)
    assert text == "[NAAM] belt [NAAM] over [NAAM] en [NAAM]; de post ligt bij de buren"


def test_an_address_given_in_answer_is_scrubbed_everywhere_with_a_placeholder() -> None:
    turns = analyse_turns(parse_text(_SAID).turns)
    addresses = known_addresses(turns)
    assert "weidehoek 7" in addresses
    assert scrub("de aanslag ging naar Weidehoek  7 in mei", frozenset(), addresses) == (
        "de aanslag ging naar [ADRES] in mei"
    )


def test_an_answer_that_is_no_name_and_a_common_word_near_a_name_stay() -> None:
    turns = analyse_turns(
        parse_text(
            "medewerker: Mag ik uw naam?\n"
            "inwoner: dat wil ik liever niet zeggen eigenlijk\n"
            "medewerker: Prima. Wie is de eigenaar van de hond, hoe heet hij?\n"
            "inwoner: de hond is van mijn vader\n"
        ).turns
    )
    assert said_names(turns) == []
    assert known_addresses(turns) == frozenset()
    # "bakker" is a known name: "bakkers" is a common word, not a variant to scrub
    assert scrub("de bakkers van de markt", frozenset({"bakker"})) == "de bakkers van de markt"
