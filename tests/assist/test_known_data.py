"""Personal data the conversation shows but a sentence does not (issue 15, ADR 80)."""

from __future__ import annotations

from reisgenoot.assist.analysed import analyse_turns
from reisgenoot.assist.known_data import holds_known, known_data, scrub_known
from reisgenoot.assist.name_answers import answered_names
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.scrub import RECALL_THRESHOLD, known_names, said_names
from reisgenoot.assist.transcript import parse_text
from reisgenoot.bench.draft_fields import field_leaks

_BIRTH = (
    "inwoner: Goedendag, onze zoon Teun is geboren op 9 oktober 2025 en ik wil weten of ik "
    "hem nog moet aangeven bij de gemeente.\n"
    "medewerker: Gefeliciteerd! Dat kan aan de balie. Wat is uw eigen geboortedatum?\n"
    "inwoner: 23 juni 1979\n"
    "medewerker: Dank u. U kunt uiterlijk vrijdag 17 oktober langskomen.\n"
)


def _fields(draft: dict[str, object]) -> str:
    vragen = draft["vragen"]
    assert isinstance(vragen, list)
    return " ".join(
        [str(draft["onderwerp"]), str(draft["inhoud"])] + [v["specifiekeVraag"] for v in vragen]
    )


def test_a_birth_date_said_once_is_known_for_the_whole_conversation() -> None:
    turns = analyse_turns(parse_text(_BIRTH).turns)
    known = known_data(turns)
    assert ("9 oktober 2025", "geboortedatum") in known  # the detector, in its sentence
    assert ("23 juni 1979", "geboortedatum") in known  # the answer to the question for it
    assert scrub_known("Afspraak: 9  oktober 2025.", known) == "Afspraak: [GEBOORTEDATUM]."
    assert holds_known("op 23 juni 1979", known)
    assert not holds_known("uiterlijk vrijdag 17 oktober", known)


def test_a_birth_date_is_no_agreed_time_and_no_specific_question() -> None:
    draft = draft_registration(parse_text(_BIRTH))
    text = _fields(draft)
    assert field_leaks(draft, ["9 oktober 2025", "23 juni 1979", "Teun"]) == []
    assert "17 oktober" in text  # the deadline stays
    assert all(v["specifiekeVraag"] != "[GEBOORTEDATUM]" for v in draft["vragen"])


def test_a_birth_date_written_out_in_answer_stays_out_of_the_fields() -> None:
    # Every form the detector reads with a cue counts in the answer, not only digits: a date in
    # words was chosen as the specific question and shown in the onderwerp.
    conversation = (
        "inwoner: Goedemiddag, ik bel over mijn bezwaar tegen de aanslag.\n"
        "medewerker: Dank u. Mag ik ook uw geboortedatum?\n"
        "inwoner: vijftien maart negentienzesenzestig. U kunt me ook bellen.\n"
        "medewerker: Ik zie uw bezwaar. U krijgt binnen zes weken een besluit.\n"
    )
    turns = analyse_turns(parse_text(conversation).turns)
    assert ("vijftien maart negentienzesenzestig", "geboortedatum") in known_data(turns)
    draft = draft_registration(parse_text(conversation))
    assert field_leaks(draft, ["vijftien maart negentienzesenzestig"]) == []
    assert "bezwaar" in draft["vragen"][0]["specifiekeVraag"]


def test_a_date_is_a_birth_date_only_in_answer_to_a_question_for_one() -> None:
    turns = analyse_turns(
        parse_text(
            "medewerker: Wanneer wilt u de container laten ophalen?\n"
            "inwoner: 14 november 2026 graag\n"
        ).turns
    )
    assert known_data(turns) == ()


def test_a_lowercase_name_after_a_relation_in_a_mail_with_capitals() -> None:
    turns = analyse_turns(
        parse_text(
            "inwoner: hallo gemeente. ik heb gisteren een parkeerkaart aangevraagd voor mijn "
            "dochter jolien want die komt bij ons wonen. wanneer krijg ik die? "
            "Met vriendelijke groet, Marco Wessels\n"
        ).turns
    )
    assert "jolien" in said_names(turns)
    assert "jolien" in known_names(turns)


def test_a_first_name_common_as_a_word_in_answer_to_a_question_for_it() -> None:
    assert answered_names("dennis talsma", RECALL_THRESHOLD) == ["dennis talsma"]
    assert answered_names("dat wil ik liever niet zeggen", RECALL_THRESHOLD) == []
    turns = analyse_turns(
        parse_text(
            "medewerker: Ik heb hier uw achternaam, en wat is uw voornaam voluit?\n"
            "inwoner: dennis talsma\n"
            "medewerker: dennis talsma, ik heb u gevonden.\n"
        ).turns
    )
    assert {"dennis", "talsma"} <= known_names(turns)


def test_a_postcode_spelled_in_answer_to_a_question_for_it_is_known() -> None:
    # ADR 91: a postcode said in pairs with glued letters has no cue in its own turn.
    turns = analyse_turns(
        parse_text(
            "inwoner: ik wil een nieuwe container aanvragen\n"
            "medewerker: dat kan, wat is uw postcode?\n"
            "inwoner: twaalf vierendertig AB\n"
        ).turns
    )
    assert ("twaalf vierendertig ab", "postcode") in known_data(turns)
    assert scrub_known("container voor twaalf vierendertig AB", known_data(turns)) == (
        "container voor [POSTCODE]"
    )
