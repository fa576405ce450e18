"""Live transcription: audio frames in, partial and final segments with a speaker out.

:class:`LiveTranscriber` gets the call audio in short frames (one or two channels at 16 kHz)
and follows each channel with the pause detector of :mod:`reisgenoot.speech.utterances`:

- while someone speaks, every :attr:`~LiveTranscriber.partial_every` seconds the utterance so
  far is transcribed and given out as a **partial** segment (shown greyed, replaced later);
- after :data:`~reisgenoot.speech.utterances.PAUSE` seconds of silence (or at the maximum
  length) the utterance is transcribed once more and given out as **final**: that text becomes
  a turn, exactly as if it had been typed.

With two channels the speaker follows from the channel (``employee_channel`` is the
employee's); with one, :class:`~reisgenoot.speech.speakers.OnlineSpeakers` chooses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from reisgenoot.speech.protocol import RATE, Samples, SpeechBackend
from reisgenoot.speech.speakers import EMPLOYEE, RESIDENT, OnlineSpeakers
from reisgenoot.speech.utterances import (
    ABOVE_NOISE_DB,
    FLOOR_DB,
    FRAME,
    MAX_UTTERANCE,
    MIN_SPEECH,
    PAUSE,
    frame_levels,
)

PREROLL = 0.2  # seconds of audio kept before speech starts
MAX_PARTIAL_EVERY = 8.0  # seconds: partial segments at least this often
MAX_LAG = 0.5  # seconds behind the call: then partial segments are skipped
NOISE_HISTORY = 300  # frames (9 s) for the noise floor


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """A partial or final segment of utterance ``seq``; ``samples`` only on a final one."""

    kind: Literal["partial", "final"]
    seq: int
    speaker: str | None
    text: str
    start: float
    end: float
    samples: Samples | None = None


@dataclass
class _Channel:
    index: int
    rest: Samples = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    recent: list[Samples] = field(default_factory=list)  # pre-roll frames
    speech: list[Samples] = field(default_factory=list)  # the current utterance
    levels: list[float] = field(default_factory=list)
    silent: int = 0
    voiced: int = 0
    started_at: float = 0.0
    partial_at: int = 0  # utterance frames at the last partial
    seq: int | None = None
    frames_seen: int = 0

    @property
    def active(self) -> bool:
        return self.seq is not None

    def threshold(self) -> float:
        if len(self.levels) < 20:
            return FLOOR_DB + 10.0
        return max(FLOOR_DB, float(np.percentile(self.levels, 10)) + ABOVE_NOISE_DB)


class LiveTranscriber:
    """One conversation's audio stream (not thread-safe: feed it from one thread)."""

    def __init__(
        self,
        backend: SpeechBackend,
        *,
        channels: int = 1,
        employee_channel: int = 0,
        language: str | None = "nl",
        partial_every: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.backend = backend
        self.channels = channels
        self.employee_channel = employee_channel
        self.language = language
        self.partial_every = partial_every
        self._state = [_Channel(i) for i in range(channels)]
        self._speakers = OnlineSpeakers()
        self._next_seq = 0
        self._clock = clock
        self._started: float | None = None
        self._fed = 0  # samples received per channel

    def behind(self) -> float:
        """Seconds that the decoding runs behind the call (negative: ahead)."""
        if self._started is None:
            return 0.0
        return (self._clock() - self._started) - self._fed / RATE

    def feed(self, channels: list[Samples]) -> list[StreamEvent]:
        """Take one frame (a list of equal-length channels); the events it completes."""
        if self._started is None:
            self._started = self._clock()
        self._fed += channels[0].size if channels else 0
        events: list[StreamEvent] = []
        for state, samples in zip(self._state, channels, strict=False):
            events += self._feed_channel(state, samples)
        return events

    def flush(self) -> list[StreamEvent]:
        """End of the audio: finish every utterance still open."""
        return [e for state in self._state if state.active for e in self._finish(state)]

    def _feed_channel(self, state: _Channel, samples: Samples) -> list[StreamEvent]:
        data = np.concatenate((state.rest, samples.astype(np.float32, copy=False)))
        count = data.size // FRAME
        state.rest = data[count * FRAME :]
        events: list[StreamEvent] = []
        for index in range(count):
            frame = data[index * FRAME : (index + 1) * FRAME]
            events += self._frame(state, frame)
        return events

    def _frame(self, state: _Channel, frame: Samples) -> list[StreamEvent]:
        level = float(frame_levels(frame)[0])
        limit = state.threshold()
        state.levels = [*state.levels[-NOISE_HISTORY:], level]
        state.frames_seen += 1
        loud = level > limit
        if not state.active:
            state.recent = [*state.recent[-round(PREROLL * RATE / FRAME) :], frame]
            if loud:
                self._start(state)
            return []
        state.speech.append(frame)
        state.silent = 0 if loud else state.silent + 1
        state.voiced += int(loud)
        frames = len(state.speech)
        if state.silent * FRAME >= PAUSE * RATE or frames * FRAME >= MAX_UTTERANCE * RATE:
            return self._finish(state)
        if self.partial_every > 0 and (frames - state.partial_at) * FRAME >= (
            self.partial_every * RATE
        ):
            state.partial_at = frames
            return self._partial(state)
        return []

    def _start(self, state: _Channel) -> None:
        state.seq = self._next_seq
        self._next_seq += 1
        state.speech = list(state.recent)
        state.recent = []
        state.silent, state.voiced, state.partial_at = 0, 1, 0
        state.started_at = (state.frames_seen - len(state.speech)) * FRAME / RATE

    def _speaker(self, state: _Channel, samples: Samples | None) -> str | None:
        if self.channels == 2:
            return EMPLOYEE if state.index == self.employee_channel else RESIDENT
        return self._speakers.assign(samples) if samples is not None else None

    def _text(self, samples: Samples) -> str:
        parts = self.backend.transcribe(samples, language=self.language)
        return " ".join(p.text for p in parts).strip()

    def _partial(self, state: _Channel) -> list[StreamEvent]:
        if self.behind() > MAX_LAG:  # catching up: only final segments until back in time
            return []
        samples = np.concatenate(state.speech)
        started = time.perf_counter()
        text = self._text(samples)
        # a backend that needs more than half the interval would fall behind the call:
        # ask for partial segments less often (the final segments are never skipped)
        if time.perf_counter() - started > self.partial_every / 2:
            self.partial_every = min(MAX_PARTIAL_EVERY, self.partial_every * 2)
        if not text or state.seq is None:
            return []
        end = state.started_at + samples.size / RATE
        speaker = self._speaker(state, None)
        return [StreamEvent("partial", state.seq, speaker, text, state.started_at, end)]

    def _finish(self, state: _Channel) -> list[StreamEvent]:
        seq, speech = state.seq, state.speech
        state.seq, state.speech, state.recent = None, [], []
        if seq is None or state.voiced * FRAME < MIN_SPEECH * RATE:
            return []
        samples = np.concatenate(speech)
        end = state.started_at + samples.size / RATE
        text = self._text(samples)
        speaker = self._speaker(state, samples)
        return [StreamEvent("final", seq, speaker, text, state.started_at, end, samples)]
