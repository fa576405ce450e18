"""Issue 15: the resident's tone over the whole call, and a past day is no appointment; the
summary's word for the tone and no false escalation for an irritated report (ADR 95)."""

from __future__ import annotations

from dataclasses import replace

from reisgenoot.assist.analysed import AnalysedTurn, analyse_turn
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.resident import resident_tone, tone_word
from reisgenoot.assist.timing import agreed_times
from reisgenoot.assist.transcript import Turn, parse_text
from reisgenoot.cli.register import _tone
from reisgenoot.language.tone import Tone, ToneResult


def _said(speaker: str, text: str, tone: Tone = "neutraal", intensity: float = 0.0) -> AnalysedTurn:
    """A turn whose tone is fixed, so the test reads the call-level rule, not the turn model."""
    said = analyse_turn(Turn(speaker, text))
    if speaker != "inwoner":
        return said
    result = ToneResult(tone, intensity, False, [], [])
    return AnalysedTurn(said.turn, replace(said.analysis, tone=result))


def test_a_closing_thank_you_does_not_hide_a_frustrated_call() -> None:
    tone, evidence = resident_tone(
        [
            _said("inwoner", "Dit is al de derde keer dat ik bel, niemand doet iets.", "boos", 0.6),
            _said("medewerker", "Dat begrijp ik. Ik zet het door naar de afdeling."),
            _said("inwoner", "Ik ben het echt zat, het duurt veel te lang.", "boos", 0.55),
            _said("medewerker", "U hoort binnen vijf werkdagen van ons."),
            _said("inwoner", "Dank u wel, fijn.", "positief", 0.8),
        ]
    )
    # the strongest turn is the tone; the anger stays in view as the call's peak
    assert (tone["tone"], tone["intensity"]) == ("positief", 0.8)
    assert tone["peak"] == {"tone": "boos", "word": "geïrriteerd", "intensity": 0.6, "turn": 0}
    assert evidence == [0, 2, 4]


def test_the_strongest_turn_decides_the_tone() -> None:
    tone, _evidence = resident_tone(
        [
            _said("inwoner", "Belachelijk dat mijn bak weer niet is geleegd.", "boos", 0.9),
            _said("medewerker", "Ik maak er een melding van."),
            _said("inwoner", "Dank u.", "positief", 0.4),
        ]
    )
    assert (tone["tone"], tone["peak"]["tone"]) == ("boos", "boos")


def test_a_friendly_call_stays_positive_and_shows_its_worried_moment() -> None:
    tone, _evidence = resident_tone(
        [
            _said("inwoner", "Goedemiddag, wat fijn dat u zo snel opneemt!", "positief", 0.7),
            _said("inwoner", "Ik maak me wel een beetje zorgen over de aanslag.", "bezorgd", 0.5),
            _said("inwoner", "Super, heel erg bedankt voor de uitleg.", "positief", 0.8),
        ]
    )
    assert tone["tone"] == "positief"
    assert tone["peak"] == {"tone": "bezorgd", "word": "bezorgd", "intensity": 0.5, "turn": 1}


def test_a_neutral_call_has_no_peak() -> None:
    tone, evidence = resident_tone([_said("inwoner", "Ik wil graag een afspraak maken.")])
    assert (tone["tone"], tone["intensity"], tone["peak"], evidence) == ("neutraal", 0.0, None, [])


def _times(*lines: tuple[str, str]) -> list[str]:
    return [phrase for _i, phrase in agreed_times([Turn(s, t) for s, t in lines])]


def test_past_days_and_times_are_context_not_appointments() -> None:
    for said in (
        "Ik heb vorige week dinsdag al gebeld.",
        "Gisteren om tien uur stond ik aan de balie.",
        "Afgelopen maandag kwam de brief.",
        "Twee weken geleden op maandag heb ik het formulier gestuurd.",
        "Dat was maandag twee weken geleden.",
        "Vorige maand op 3 maart ben ik verhuisd.",
        "Eergisteren rond drie uur is de bak niet geleegd.",
        # a verb's past form in the clause, without a word for the past
        "De container stond om zeven uur buiten.",
        "Vanochtend kreeg ik een brief van jullie.",
        "ik om een uur of vier keek was ie weg",
        # the perfect tense: a form of "hebben" or "zijn" with a past participle
        "Mijn grijze container is vanochtend niet geleegd.",
        "Ik heb maandag al gebeld met de gemeente.",
        "Ik zie dat de wagen vandaag in uw straat is geweest.",
    ):
        assert _times(("inwoner", said)) == [], said


def test_future_days_and_deadlines_are_still_captured() -> None:
    assert _times(("inwoner", "Kunt u volgende week dinsdag om tien uur langskomen?")) == [
        "dinsdag om tien uur"
    ]
    assert _times(("medewerker", "Wij bellen u morgen om tien uur terug.")) == [
        "morgen om tien uur"
    ]
    assert _times(("inwoner", "Graag voor vijf uur.")) == ["voor vijf uur"]
    # a past day and an agreed time in one turn: only the agreement is kept
    assert _times(
        ("inwoner", "Ik heb vorige week vrijdag gebeld, en u belt mij morgen om tien uur terug.")
    ) == ["morgen om tien uur"]
    assert _times(("inwoner", "Gisteren belde ik, komende dinsdag kom ik langs.")) == ["dinsdag"]
    # a past form in another clause or words that only look like one leave the time alone
    assert _times(
        ("inwoner", "Hij stond buiten, maar ik zet hem morgen om zeven uur weer neer.")
    ) == ["morgen om zeven uur"]
    assert _times(("inwoner", "Ik had graag een afspraak op dinsdag om tien uur.")) == [
        "dinsdag om tien uur"
    ]
    assert _times(("inwoner", "Moet ik de container vrijdag aan de straat zetten?")) == ["vrijdag"]
    # a passive that is not perfect, a deadline and a modal perfect stay agreements; a noun
    # starting with "ge" is no participle
    assert _times(("medewerker", "De container wordt binnen twee werkdagen geleegd.")) == [
        "binnen twee werkdagen"
    ]
    assert _times(("medewerker", "Het moet vrijdag gebeurd zijn.")) == ["vrijdag"]
    assert _times(("medewerker", "Het is uiterlijk vrijdag geregeld.")) == ["uiterlijk vrijdag"]
    assert _times(("inwoner", "Is de gemeente dinsdag om tien uur open?")) == [
        "dinsdag om tien uur"
    ]


def test_the_summary_says_irritated_unless_a_turn_escalated_for_strong_anger() -> None:
    assert tone_word("boos", []) == "geïrriteerd"
    assert tone_word("boos", ["vastgelopen"]) == "geïrriteerd"
    assert tone_word("boos", ["dreiging"]) == "boos"
    assert tone_word("bezorgd", []) == "bezorgd"


def test_a_missed_collection_told_with_irritation_is_no_escalation_in_the_draft() -> None:
    draft = draft_registration(
        parse_text(
            "Medewerker: Goedemiddag, gemeente Voorbeeldstad. Waarmee kan ik u helpen?\n"
            "Inwoner: de container stond vorige week ook al om zeven uur buiten en werd niet"
            " geleegd\n"
            "Medewerker: Ik zet een melding door, dan wordt hij morgen alsnog geleegd.\n"
        )
    )
    assert not draft["tone"]["escalate"]
    assert draft["tone"]["word"] in ("geïrriteerd", "neutraal")
    assert "inwoner was boos" not in draft["inhoud"].lower()


def test_the_earlier_tone_reads_as_the_panel_and_register_show_it() -> None:
    # an irritated resident who thanks at the end: "positief", and earlier "geïrriteerd" (not
    # the model's raw "boos", which ADR 95 keeps for strong anger) in the panel and in register
    draft = draft_registration(
        parse_text(
            "Medewerker: Gemeente Voorbeeldstad, goedemiddag.\n"
            "Inwoner: Ik heb vorige maand bijstand aangevraagd en ik heb nog steeds niks gehoord.\n"
            "Medewerker: Ik zet een terugbelverzoek uit, u wordt donderdag gebeld.\n"
            "Inwoner: Nee, dank u.\n"
        )
    )
    tone = draft["tone"]
    assert tone["peak"] is not None and tone["peak"]["tone"] == "boos"
    assert tone["peak"]["word"] == "geïrriteerd"
    assert _tone(tone) == "positief (eerder in het gesprek: geïrriteerd)"
    calm = {"tone": "neutraal", "word": "neutraal", "peak": None}
    assert _tone(calm) == "neutraal"
