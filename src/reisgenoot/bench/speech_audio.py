"""Spoken conversations made with espeak-ng, for the speech bench and the speech tests.

:func:`synthesise` speaks each turn with the voice and speed chosen for its side and lays the
turns one after the other with a short pause: on two channels (employee left, resident right,
the usual contact-centre recording) and mixed to one. espeak-ng is Debian's ``espeak-ng``
package; nothing is downloaded.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reisgenoot.errors import InputError
from reisgenoot.speech.audio import read_wav
from reisgenoot.speech.protocol import RATE, Samples

GAP = 0.9  # seconds between turns (longer than the pause that ends an utterance)


@dataclass(frozen=True, slots=True)
class Voice:
    """An espeak-ng voice (``nl+m3``) and speed in words per minute."""

    name: str
    speed: int


@dataclass(frozen=True, slots=True)
class Spoken:
    """A synthesised conversation: both channels, and where each turn starts (seconds)."""

    employee: Samples
    resident: Samples
    starts: tuple[float, ...]

    @property
    def stereo(self) -> list[Samples]:
        return [self.employee, self.resident]

    @property
    def mono(self) -> list[Samples]:
        return [np.clip(self.employee + self.resident, -1.0, 1.0).astype(np.float32)]


def espeak() -> str:
    found = shutil.which("espeak-ng")
    if found is None:
        raise InputError(
            "no espeak-ng", detail="espeak-ng ontbreekt (Debian: apt-get install espeak-ng)"
        )
    return found


def speak(text: str, voice: Voice, folder: Path) -> Samples:
    """One text spoken by ``voice``, at 16 kHz."""
    out = folder / "turn.wav"
    subprocess.run(  # noqa: S603 - fixed program, text passed as one argument
        [espeak(), "-v", voice.name, "-s", str(voice.speed), "-w", str(out), "--", text],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return read_wav(out)[0]


def synthesise(turns: Sequence[tuple[str, str]], employee: Voice, resident: Voice) -> Spoken:
    """``turns`` as (speaker, text): ``medewerker`` speaks with ``employee``, others ``resident``."""
    gap = np.zeros(int(GAP * RATE), dtype=np.float32)
    left: list[Samples] = [gap]
    right: list[Samples] = [gap]
    starts: list[float] = []
    position = gap.size
    with tempfile.TemporaryDirectory(prefix="reisgenoot-espeak-") as tmp:
        for speaker, text in turns:
            is_employee = speaker == "medewerker"
            audio = speak(text, employee if is_employee else resident, Path(tmp))
            silence = np.zeros(audio.size, dtype=np.float32)
            starts.append(position / RATE)
            left += [audio if is_employee else silence, gap]
            right += [silence if is_employee else audio, gap]
            position += audio.size + gap.size
    return Spoken(np.concatenate(left) * 0.8, np.concatenate(right) * 0.8, tuple(starts))


def write_wav(path: Path, channels: list[Samples]) -> None:
    """Write 16-bit PCM WAV with one or two channels."""
    import wave

    stacked = np.stack(channels, axis=1) if len(channels) == 2 else channels[0][:, None]
    pcm = (np.clip(stacked, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(len(channels))
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(pcm)
