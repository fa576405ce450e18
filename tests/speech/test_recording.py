"""A real transcription engine in-process: faster-whisper (tiny.en) on generated speech."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from reisgenoot.bench.speech_audio import Spoken
from reisgenoot.speech.audio import read_wav
from reisgenoot.speech.local import FasterWhisperSpeech
from reisgenoot.speech.protocol import RATE, SpeechBackend
from reisgenoot.speech.recording import transcribe_recording
from reisgenoot.speech.stream import LiveTranscriber
from reisgenoot.speech.utterances import find_utterances

SPEAKERS = ["medewerker", "inwoner", "medewerker", "inwoner"]


def words(text: str) -> set[str]:
    return {w.strip(".,?!").lower() for w in text.split()}


def test_the_backend_meets_the_protocol(whisper: FasterWhisperSpeech) -> None:
    assert isinstance(whisper, SpeechBackend)
    assert whisper.name == "faster-whisper:model"


def test_a_stereo_recording_gives_the_turns_with_the_speaker_of_each_channel(
    whisper: FasterWhisperSpeech, recordings: dict[str, Path]
) -> None:
    turns = transcribe_recording(read_wav(recordings["stereo"]), whisper, language="en")
    assert [t.speaker for t in turns] == SPEAKERS
    assert {"passport", "appointment"} <= words(" ".join(t.text for t in turns))
    assert {"help", "anna"} & words(turns[0].text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(turns))


def test_a_mono_recording_is_diarised_into_employee_and_resident(
    whisper: FasterWhisperSpeech, recordings: dict[str, Path]
) -> None:
    turns = transcribe_recording(read_wav(recordings["mono"]), whisper, language="en")
    assert [t.speaker for t in turns] == SPEAKERS
    assert "thank" in words(turns[-1].text)


def test_the_employee_channel_can_be_the_right_one(
    whisper: FasterWhisperSpeech, spoken: Spoken
) -> None:
    swapped = [spoken.resident, spoken.employee]
    turns = transcribe_recording(swapped, whisper, language="en", employee_channel=1)
    assert [t.speaker for t in turns] == SPEAKERS


def test_silence_gives_no_utterances_and_no_turns(whisper: FasterWhisperSpeech) -> None:
    quiet = (np.random.default_rng(1).normal(0, 0.001, RATE * 3)).astype(np.float32)
    assert find_utterances(quiet) == []
    assert transcribe_recording([quiet], whisper) == []


def test_live_frames_give_partial_then_final_segments_per_utterance(
    whisper: FasterWhisperSpeech, spoken: Spoken
) -> None:
    live = LiveTranscriber(whisper, channels=2, language="en", partial_every=1.0)
    stereo = spoken.stereo
    events = []
    for start in range(0, stereo[0].size, 4000):  # 250 ms frames, as the browser sends them
        events += live.feed([c[start : start + 4000] for c in stereo])
    events += live.flush()
    finals = [e for e in events if e.kind == "final" and e.text]
    assert [e.speaker for e in finals] == SPEAKERS
    partials = [e for e in events if e.kind == "partial"]
    assert partials, "no partial segments while someone spoke"
    first_final = next(e for e in events if e.kind == "final")
    assert any(p.seq == first_final.seq for p in partials)
    assert events.index(first_final) > events.index(partials[0])
    assert {"passport"} <= words(" ".join(e.text for e in finals))
