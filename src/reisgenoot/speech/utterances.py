"""Cut audio into utterances: stretches of speech separated by pauses (an energy detector).

Frames of 30 ms whose energy stands clearly above the channel's noise floor count as speech;
an utterance ends after :data:`PAUSE` seconds without speech, or at :data:`MAX_UTTERANCE`
seconds. A transcription engine then gets one utterance at a time, and each utterance has one
speaker (per channel on a stereo recording; see :mod:`reisgenoot.speech.speakers` for mono).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reisgenoot.speech.protocol import RATE, Samples

FRAME = 480  # 30 ms at 16 kHz
PAUSE = 0.6  # seconds of silence that end an utterance
MIN_SPEECH = 0.25  # shorter bursts (clicks, breath) are not utterances
MAX_UTTERANCE = 20.0  # seconds; longer speech is cut
FLOOR_DB = -50.0  # never call anything quieter than this speech
ABOVE_NOISE_DB = 12.0  # speech is this much louder than the noise floor


@dataclass(frozen=True, slots=True)
class Utterance:
    """Samples ``start``..``end`` (sample indices) of one channel."""

    start: int
    end: int

    @property
    def seconds(self) -> tuple[float, float]:
        return self.start / RATE, self.end / RATE


def frame_levels(samples: Samples) -> np.ndarray:
    """Level in dB of each 30 ms frame."""
    count = samples.size // FRAME
    if count == 0:
        return np.zeros(0, dtype=np.float32)
    frames = samples[: count * FRAME].reshape(count, FRAME).astype(np.float64)
    power = np.mean(frames * frames, axis=1) + 1e-12
    levels: np.ndarray = (10.0 * np.log10(power)).astype(np.float32)
    return levels


def speech_threshold(levels: np.ndarray) -> float:
    """The level above which a frame is speech: well above the quietest tenth of frames."""
    if levels.size == 0:
        return FLOOR_DB
    noise = float(np.percentile(levels, 10))
    return max(FLOOR_DB, noise + ABOVE_NOISE_DB)


def find_utterances(samples: Samples, threshold: float | None = None) -> list[Utterance]:
    """The utterances of one channel, in order."""
    levels = frame_levels(samples)
    limit = speech_threshold(levels) if threshold is None else threshold
    voiced = levels > limit
    pause_frames = round(PAUSE * RATE / FRAME)
    max_frames = round(MAX_UTTERANCE * RATE / FRAME)
    found: list[Utterance] = []
    start: int | None = None
    silent = 0
    for index, is_voiced in enumerate(voiced):
        if is_voiced:
            start = index if start is None else start
            silent = 0
        elif start is not None:
            silent += 1
        if start is None:
            continue
        if silent >= pause_frames or index - start >= max_frames:
            found.append(_utterance(start, index - silent + 1))
            start, silent = None, 0
    if start is not None:
        found.append(_utterance(start, len(voiced) - silent))
    return [u for u in found if (u.end - u.start) / RATE >= MIN_SPEECH]


def _utterance(first_frame: int, end_frame: int) -> Utterance:
    """Frames to samples, with 0.15 s of context on both sides (word edges are quiet)."""
    margin = int(0.15 * RATE)
    return Utterance(max(0, first_frame * FRAME - margin), end_frame * FRAME + margin)
