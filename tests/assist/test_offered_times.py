"""Offered is not agreed: only the time the resident takes from an employee's offer counts."""

from __future__ import annotations

from reisgenoot.assist.timing import agreed_times, times_and_offers
from reisgenoot.assist.transcript import Turn


def _times(*lines: tuple[str, str]) -> list[str]:
    return [phrase for _i, phrase in agreed_times([Turn(s, t) for s, t in lines])]


def test_offered_times_are_not_agreed_only_the_accepted_one() -> None:
    assert _times(
        ("medewerker", "Ik heb dinsdag om tien of donderdag om twee. Wat past u het best?"),
        ("inwoner", "Doe maar donderdag."),
    ) == ["donderdag om twee"]
    assert _times(
        ("medewerker", "Ik kan u inplannen op dinsdag om tien uur. Of op donderdag om twee uur?"),
        ("inwoner", "De eerste graag."),
    ) == ["dinsdag om tien uur"]
    assert _times(
        ("medewerker", "Past woensdag om 14.00 uur of vrijdag om 9.30 uur?"),
        ("inwoner", "Twee uur op woensdag is goed."),
    ) == ["woensdag om 14.00 uur"]
    assert _times(
        ("medewerker", "Zal ik u maandag om negen uur laten terugbellen?"),
        ("inwoner", "Ja, prima."),
    ) == ["maandag om negen uur"]


def test_offers_nobody_took_are_left_out_and_windows_are_kept() -> None:
    assert (
        _times(
            ("medewerker", "De zaal is vrij op dinsdag 1 juli of zaterdag 5 juli."),
            ("inwoner", "Ik overleg het eerst met de buren en mail u dan."),
        )
        == []
    )
    assert _times(
        ("medewerker", "Zal ik u maandag om negen uur laten terugbellen?"),
        ("inwoner", "Nee, dan werk ik. Graag voor vijf uur."),
    ) == ["voor vijf uur"]
    assert _times(
        ("inwoner", "Kunt u mij laten terugbellen? Graag dinsdag of donderdag na twee uur."),
        ("medewerker", "Dus dinsdag of donderdag na 14.00 uur?"),
        ("inwoner", "Ja."),
        ("medewerker", "Dat noteer ik. U hoort binnen vijf werkdagen van ons."),
    ) == ["dinsdag of donderdag na twee uur", "binnen vijf werkdagen"]


def test_the_confirmed_time_is_kept_once() -> None:
    assert _times(
        ("inwoner", "Wij willen de zaal in het buurthuis huren voor een verjaardag."),
        ("medewerker", "De zaal is vrij op zaterdag 14 maart of zaterdag 21 maart. Welke wilt u?"),
        ("inwoner", "Doe maar 21 maart."),
        ("medewerker", "Dan zet ik zaterdag 21 maart voor u vast."),
    ) == ["zaterdag 21 maart"]


def test_the_draft_records_the_taken_time_and_does_not_repeat_the_other_offer() -> None:
    from reisgenoot.assist.registration import draft_registration
    from reisgenoot.assist.transcript import Transcript

    lines = (
        ("inwoner", "Goedemiddag, wij willen de zaal in het buurthuis huren voor de flat."),
        (
            "medewerker",
            "Dat kan. De grote zaal is vrij op dinsdag 1 juli om twee uur of op zaterdag "
            "5 juli om tien uur. Welke datum wilt u?",
        ),
        ("inwoner", "Zaterdag 5 juli is goed."),
        ("medewerker", "Dan leg ik zaterdag 5 juli om tien uur voor u vast."),
    )
    draft = draft_registration(Transcript(tuple(Turn(s, t) for s, t in lines)))
    inhoud = draft["inhoud"]
    assert "Afspraak of termijn: zaterdag 5 juli om tien uur." in inhoud
    assert "1 juli" not in inhoud


def test_reading_back_the_residents_window_in_other_words_is_no_offer() -> None:
    lines = (
        ("inwoner", "Bellen graag dinsdag of donderdag na 2 uur, dan ben ik op kantoor."),
        ("medewerker", "Genoteerd: dinsdag of donderdag na 14.00 uur."),
        ("inwoner", "Dank u."),
    )
    agreed, untaken = times_and_offers([Turn(s, t) for s, t in lines])
    assert [phrase for _i, phrase in agreed] == ["dinsdag of donderdag na 2 uur"]
    assert untaken == []
