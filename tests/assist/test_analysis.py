"""Each turn is analysed once by the language core, however many steps read it.

The registration draft (topics, outcome, the specific question, the reactie, the resident's
name, contact details and tone) and live assist read one analysis per turn; these tests count
the language core's work per turn text.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from sqlalchemy import select

from reisgenoot.assist import live
from reisgenoot.assist.analysed import analyse_turns
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.transcript import Turn, parse_text
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.language import analysis, pii, text, tone
from reisgenoot.language.analysis import analyse
from reisgenoot.store.engine import Database

CONVERSATION = """\
medewerker: Gemeente Voorbeeldstad, goedemorgen, u spreekt met Anouk. Waarmee kan ik u helpen?
inwoner: Goedemorgen, met Karel de Boer. Mijn grofvuil is niet opgehaald, de bank staat nog buiten.
medewerker: Dat spijt me. Ik zie dat de ophaaldienst vorige week niet is langs geweest bij u.
inwoner: Dit is al de derde keer! Belachelijk, ik wil uw leidinggevende spreken.
medewerker: Dat begrijp ik. Ik zet uw melding door naar de afdeling Afval, zij bellen u terug.
inwoner: Prima. U kunt mij bellen op 06-12345678. O ja, en ik heb nog een vraag over mijn paspoort.
medewerker: Een nieuw paspoort vraagt u aan met een afspraak in Mijn Voorbeeldstad, neem een pasfoto mee.
inwoner: Dank u wel, fijne dag.
"""


class Counts:
    """Calls of the language core per text: analyses, detections, sentence splits, tone, and
    tokenisations of any text that holds it (a turn's text joined with others counts too)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, turns: Sequence[Turn] = ()) -> None:
        self.analysed: Counter[str] = Counter()
        self.detected: Counter[str] = Counter()
        self.split: Counter[str] = Counter()
        self.toned: Counter[str] = Counter()
        self.tokenised: Counter[str] = Counter()
        detect = pii.Detector.detect

        def counted_detect(detector: pii.Detector, value: str) -> list[pii.Entity]:
            self.detected[value] += 1
            return detect(detector, value)

        monkeypatch.setattr(pii.Detector, "detect", counted_detect)  # detect and redact
        self._everywhere(monkeypatch, analysis.analyse, self.analysed)
        self._everywhere(monkeypatch, text.sentences, self.split)
        self._everywhere(monkeypatch, tone.analyse_tone, self.toned)
        tokens = text.tokens

        def counted_tokens(value: str) -> list[text.Token]:
            for turn in turns:
                self.tokenised[turn.text] += turn.text in value
            return tokens(value)

        self._everywhere(monkeypatch, tokens, Counter(), replacement=counted_tokens)

    @staticmethod
    def _everywhere(
        monkeypatch: pytest.MonkeyPatch,
        function: Callable[..., Any],
        into: Counter[str],
        replacement: Callable[..., Any] | None = None,
    ) -> None:
        """Count ``function`` under every name a Reisgenoot module imported it by."""

        def counted(value: str, *args: Any, **kwargs: Any) -> Any:
            into[value] += 1
            return function(value, *args, **kwargs)

        for name, module in list(sys.modules.items()):
            if not name.startswith("reisgenoot"):
                continue
            for attribute, found in list(vars(module).items()):
                if found is function:
                    monkeypatch.setattr(module, attribute, replacement or counted)


def test_a_registration_draft_analyses_each_turn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    transcript = parse_text(CONVERSATION)
    counts = Counts(monkeypatch, transcript.turns)
    draft = draft_registration(transcript)
    assert len(draft["vragen"]) == 2 and draft["interneTaak"] is not None
    assert draft["betrokkenen"][0]["contactnaam"]["achternaam"] == "Boer"
    assert draft["tone"]["escalate"]
    for turn in transcript.turns:
        assert counts.analysed[turn.text] == 1, turn.text
        assert counts.detected[turn.text] == 1, turn.text
        assert counts.split[turn.text] == 1, turn.text
        # Tone only of what residents say (contracts §10), once.
        assert counts.toned[turn.text] == (1 if turn.is_resident else 0), turn.text
        # Tokens once for the analysis; the tone scorer normalises a resident's words itself.
        assert counts.tokenised[turn.text] == (2 if turn.is_resident else 1), turn.text


def test_a_draft_from_kept_analyses_analyses_nothing_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    transcript = parse_text(CONVERSATION)
    kept = analyse_turns(transcript.turns)
    expected = draft_registration(transcript)
    counts = Counts(monkeypatch)
    assert draft_registration(transcript, analysed=kept) == expected
    for turn in transcript.turns:
        assert counts.analysed[turn.text] == counts.detected[turn.text] == 0, turn.text
        assert counts.split[turn.text] == counts.toned[turn.text] == 0, turn.text


def test_live_assist_analyses_a_new_turn_once(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session() as session:
        contact = Klantcontact(
            kanaal="Telefoon", onderwerp=live.NEW_TOPIC, status="concept", meta={"medewerker": 1}
        )
        session.add(contact)
        session.flush()
        uuid = contact.uuid
    current = live.Registry().get(db, uuid)
    assert current is not None
    turns = parse_text(CONVERSATION).turns
    counts = Counts(monkeypatch)
    for number, turn in enumerate(turns, start=1):
        _said, suggestions = live.process_turn(db, current, turn.speaker, turn.text)
        assert suggestions.turns == number
        for earlier in turns[:number]:
            assert counts.analysed[earlier.text] == 1, (number, earlier.text)
            assert counts.detected[earlier.text] == 1, (number, earlier.text)
            assert counts.toned[earlier.text] == (1 if earlier.is_resident else 0)
    assert suggestions.alert is not None and suggestions.alert.kind == "escalatie"
    with db.session() as session:
        stored = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        assert len(stored.turns) == len(turns)


def test_the_analysis_gives_the_parts_of_a_turn() -> None:
    said = analyse("Goedemorgen, met Karel de Boer. Mijn WOZ-waarde klopt niet.", tone=True)
    assert [s.text for s in said.sentences] == [
        "Goedemorgen, met Karel de Boer.",
        "Mijn WOZ-waarde klopt niet.",
    ]
    second = said.sentences[1]
    assert said.lemmas_in(second.start, second.end) == ("mijn", "woz", "waarde", "kloppen", "niet")
    assert [e.type for e in said.entities] == ["naam"]
    assert said.entities_in(second.start, second.end) == ()
    assert said.redacted(0, said.sentences[0].end) == "Goedemorgen, met [NAAM]."
    assert said.tone is not None
    assert analyse("Ik ben boos!").tone is None  # tone only when asked for
