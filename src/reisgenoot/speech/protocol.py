"""What a speech backend offers. Reisgenoot works without one (turns are typed then).

A backend turns 16 kHz mono audio (float32 samples in -1..1) into timed text segments. The
callers (:mod:`reisgenoot.speech.recording`, :mod:`reisgenoot.speech.stream`) cut the audio
into utterances per speaker first, so a backend never has to tell speakers apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from reisgenoot.errors import ReisgenootError

RATE = 16_000  # samples per second everywhere inside Reisgenoot
Samples = npt.NDArray[np.float32]


class SpeechError(ReisgenootError):
    """The speech backend failed or is not usable (time-out, bad answer, missing model)."""

    code = "spraak_fout"


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of recognised text with its time in seconds from the start of the audio."""

    start: float
    end: float
    text: str


@runtime_checkable
class SpeechBackend(Protocol):
    """A backend that transcribes one utterance. ``name`` is what the audit trail records."""

    name: str

    def transcribe(self, samples: Samples, *, language: str | None = None) -> list[Segment]:
        """Segments of ``samples`` (16 kHz mono float32); raises :class:`SpeechError`."""
        ...
