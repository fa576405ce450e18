"""Who speaks in a mono recording: a simple two-speaker diarisation.

Each utterance gets a voice print: its pitch (autocorrelation over voiced frames) and the
average shape of its spectrum in 24 log-spaced bands. Utterances are split into two groups by
2-means; the group of the **first** utterance is the employee, who answers the phone. It is
simple and it can be wrong (two similar voices, cross-talk): the employee can correct the
speaker of every turn, and a stereo recording (one channel per side) needs none of this.
"""

from __future__ import annotations

import itertools

import numpy as np

from reisgenoot.speech.protocol import RATE, Samples

BANDS = 24
EMPLOYEE, RESIDENT = "medewerker", "inwoner"
_FFT = 512
_EDGES = np.unique(np.geomspace(2, _FFT // 2, BANDS + 1).astype(int))


def _pitch(frame: np.ndarray) -> float:
    """Fundamental frequency of one frame in Hz (0 when unvoiced), by autocorrelation."""
    frame = frame - frame.mean()
    corr = np.correlate(frame, frame, mode="full")[frame.size - 1 :]
    if corr[0] <= 0:
        return 0.0
    low, high = RATE // 400, RATE // 70  # 70–400 Hz
    window = corr[low:high]
    best = float(window.max())
    if best <= 0.4 * corr[0]:
        return 0.0
    # the shortest lag that nearly reaches the best one: the period, not a multiple of it
    lag = low + int(np.argmax(window >= 0.85 * best))
    return RATE / lag


def voice_print(samples: Samples) -> np.ndarray:
    """Features of one utterance: log pitch and the normalised band energies."""
    usable = samples[: samples.size // _FFT * _FFT]
    if usable.size == 0:
        return np.zeros(len(_EDGES), dtype=np.float64)
    frames = usable.reshape(-1, _FFT).astype(np.float64)
    loud = frames[np.mean(frames**2, axis=1) >= np.median(np.mean(frames**2, axis=1))]
    spectrum = np.abs(np.fft.rfft(loud * np.hanning(_FFT), axis=1)) ** 2
    bands = np.array([spectrum[:, a:b].sum(axis=1).mean() for a, b in itertools.pairwise(_EDGES)])
    shape = np.log10(bands + 1e-10)
    shape = (shape - shape.mean()) / (shape.std() + 1e-9)
    pitches = [p for p in (_pitch(f) for f in loud[:40]) if p > 0]
    pitch = float(np.log2(np.median(pitches))) if pitches else 7.0
    return np.concatenate(([pitch * 4.0], shape * 0.5))


def two_speakers(prints: list[np.ndarray]) -> list[str]:
    """Employee or resident for each voice print (the first one is the employee)."""
    if not prints:
        return []
    data = np.stack(prints)
    distances = np.linalg.norm(data - data[0], axis=1)
    if len(prints) == 1 or float(distances.max()) < 1e-6:
        return [EMPLOYEE] * len(prints)
    centres = np.stack([data[0], data[int(np.argmax(distances))]])
    labels = np.zeros(len(prints), dtype=int)
    for _ in range(20):
        near = np.linalg.norm(data[:, None, :] - centres[None, :, :], axis=2)
        labels = np.argmin(near, axis=1)
        for group in (0, 1):
            if np.any(labels == group):
                centres[group] = data[labels == group].mean(axis=0)
    first = labels[0]
    return [EMPLOYEE if label == first else RESIDENT for label in labels]


class OnlineSpeakers:
    """The same choice while a call goes on: each new utterance joins the nearer voice; the
    first voice is the employee's, a clearly different one becomes the resident's."""

    NEW_VOICE = 2.0  # distance that makes a second voice

    def __init__(self) -> None:
        self._centres: list[np.ndarray] = []
        self._counts: list[int] = []

    def assign(self, samples: Samples) -> str:
        vector = voice_print(samples)
        if not self._centres:
            return self._add(vector, EMPLOYEE)
        distances = [float(np.linalg.norm(vector - c)) for c in self._centres]
        if len(self._centres) == 1 and distances[0] > self.NEW_VOICE:
            return self._add(vector, RESIDENT)
        group = int(np.argmin(distances))
        self._counts[group] += 1
        self._centres[group] += (vector - self._centres[group]) / self._counts[group]
        return EMPLOYEE if group == 0 else RESIDENT

    def _add(self, vector: np.ndarray, label: str) -> str:
        self._centres.append(vector.copy())
        self._counts.append(1)
        return label
