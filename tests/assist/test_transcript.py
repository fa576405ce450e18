"""Transcript parsers: plain lines, WebVTT and JSON; errors name the line."""

from __future__ import annotations

import json

import pytest

from reisgenoot.assist.transcript import TranscriptError, parse, parse_json, parse_text, parse_vtt
from reisgenoot.errors import InputError


def test_plain_text_any_case_and_continuation() -> None:
    t = parse_text(
        "MEDEWERKER: Goedemorgen.\n\nInwoner: Ik heb een vraag\n  over mijn paspoort.\nondernemer: En ik?\nKlant: ja\n"
    )
    assert [x.speaker for x in t.turns] == ["medewerker", "inwoner", "ondernemer", "klant"]
    assert t.turns[1].text == "Ik heb een vraag over mijn paspoort."
    assert t.turns[1].line == 3
    assert t.started_at is None and t.kanaal is None


def test_plain_text_error_names_line() -> None:
    with pytest.raises(TranscriptError) as info:
        parse_text("inwoner: hoi\ndit is geen beurt\n", source="a.txt")
    assert isinstance(info.value, InputError)
    assert "a.txt, regel 2" in info.value.dutch()


def test_plain_text_unknown_speaker() -> None:
    with pytest.raises(TranscriptError) as info:
        parse_text("inwoner: hoi\nrobot: piep\n", source="b.txt")
    assert "regel 2" in info.value.dutch() and "robot" in info.value.dutch()


VTT = """WEBVTT

NOTE start: 2026-11-02T09:00:00+01:00

1
00:00:01.000 --> 00:00:03.500
<v Medewerker Anouk>Goedemorgen, gemeente Voorbeeldstad.</v>

2
00:00:04.000 --> 00:00:08.000
<v Inwoner>Mijn kliko is kapot.
"""


def test_vtt_voices_and_times() -> None:
    t = parse_vtt(VTT)
    assert [x.speaker for x in t.turns] == ["medewerker", "inwoner"]
    assert t.turns[1].text == "Mijn kliko is kapot."
    assert t.turns[1].offset == 4.0
    assert t.started_at is not None and t.started_at.isoformat() == "2026-11-02T08:00:00+00:00"
    assert t.turns[1].at is not None and t.turns[1].at.second == 4


def test_vtt_without_start_has_no_times() -> None:
    t = parse_vtt(VTT.replace("NOTE start: 2026-11-02T09:00:00+01:00\n\n", ""))
    assert t.started_at is None and t.turns[0].at is None and t.turns[0].offset == 1.0


def test_vtt_errors_name_line() -> None:
    with pytest.raises(TranscriptError) as info:
        parse_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nZonder stem\n", source="c.vtt")
    assert "c.vtt, regel 4" in info.value.dutch()
    with pytest.raises(TranscriptError) as info:
        parse_vtt("hallo\n", source="d.vtt")
    assert "regel 1" in info.value.dutch()


def test_json_chat() -> None:
    text = json.dumps(
        {
            "kanaal": "Live chat",
            "turns": [
                {"speaker": "inwoner", "text": "Hoi", "at": "2026-11-02T10:00:00+01:00"},
                {"speaker": "Medewerker", "text": "Hallo!"},
            ],
        },
        indent=2,
    )
    t = parse(text, source="chat.json")
    assert t.format == "json" and t.kanaal == "Live chat"
    assert t.started_at is not None and t.started_at.hour == 9


def test_json_error_names_turn_line() -> None:
    text = '{\n  "turns": [\n    {"speaker": "inwoner", "text": "a"},\n    {"speaker": "inwoner"}\n  ]\n}'
    with pytest.raises(TranscriptError) as info:
        parse_json(text, source="e.json")
    assert "e.json, regel 4" in info.value.dutch() and "beurt 2" in info.value.dutch()
    with pytest.raises(TranscriptError) as info:
        parse_json('{\n "turns": [\n', source="f.json")
    assert "regel" in info.value.dutch()
