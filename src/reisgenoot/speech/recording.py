"""A whole recording to turns: stereo (one channel per side) or mono (diarised).

Contact-centre recordings usually have the employee on one channel and the resident on the
other; then every utterance's speaker follows from its channel. A mono recording is cut into
utterances whose speaker :func:`reisgenoot.speech.speakers.two_speakers` chooses. Each
utterance is transcribed on its own; the turns come out in time order, neighbouring
utterances of one speaker joined into one turn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reisgenoot.speech.protocol import RATE, Samples, SpeechBackend
from reisgenoot.speech.speakers import EMPLOYEE, RESIDENT, two_speakers, voice_print
from reisgenoot.speech.utterances import find_utterances

JOIN_GAP = 1.5  # seconds: utterances of one speaker closer than this make one turn


@dataclass(frozen=True, slots=True)
class SpokenTurn:
    """One turn of a transcribed conversation (times in seconds from the start)."""

    speaker: str
    text: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class _Piece:
    speaker: str
    samples: Samples
    start: float
    end: float


def _pieces(channels: list[Samples], employee_channel: int) -> list[_Piece]:
    if len(channels) == 2:
        pieces = []
        for index, channel in enumerate(channels):
            speaker = EMPLOYEE if index == employee_channel else RESIDENT
            for u in find_utterances(channel):
                pieces.append(_Piece(speaker, channel[u.start : u.end], *u.seconds))
        return sorted(pieces, key=lambda p: p.start)
    mono = channels[0]
    found = find_utterances(mono)
    labels = two_speakers([voice_print(mono[u.start : u.end]) for u in found])
    return [
        _Piece(label, mono[u.start : u.end], *u.seconds)
        for u, label in zip(found, labels, strict=True)
    ]


def transcribe_recording(
    channels: list[Samples],
    backend: SpeechBackend,
    *,
    language: str | None = "nl",
    employee_channel: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[SpokenTurn]:
    """The turns of a recording (16 kHz channels from :func:`reisgenoot.speech.audio.read_wav`)."""
    pieces = _pieces(channels, employee_channel)
    turns: list[SpokenTurn] = []
    for done, piece in enumerate(pieces, start=1):
        text = " ".join(s.text for s in backend.transcribe(piece.samples, language=language))
        if progress is not None:
            progress(done, len(pieces))
        if not text.strip():
            continue
        last = turns[-1] if turns else None
        if last and last.speaker == piece.speaker and piece.start - last.end < JOIN_GAP:
            turns[-1] = SpokenTurn(last.speaker, f"{last.text} {text}", last.start, piece.end)
        else:
            turns.append(SpokenTurn(piece.speaker, text.strip(), piece.start, piece.end))
    return turns


def duration(channels: list[Samples]) -> float:
    return max((c.size for c in channels), default=0) / RATE
