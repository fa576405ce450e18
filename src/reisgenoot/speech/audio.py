"""Audio in and out: WAV files and browser frames to 16 kHz float32 channels, and back.

Only PCM WAV is read (8-, 16-, 24- and 32-bit integers, any rate, one or two channels): the
usual format of contact-centre recordings. The standard library reads it; numpy resamples.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np

from reisgenoot.errors import InputError
from reisgenoot.speech.protocol import RATE, Samples

MAX_SECONDS = 3 * 60 * 60  # a recording longer than three hours is refused
_DTYPES = {1: np.uint8, 2: np.int16, 4: np.int32}


class AudioError(InputError):
    """Audio that cannot be read; the Dutch message names the file."""

    code = "audio_onleesbaar"


def _pcm_to_float(data: bytes, width: int, channels: int) -> np.ndarray:
    values: np.ndarray
    if width == 3:  # 24-bit: widen to 32-bit little-endian
        raw = np.frombuffer(data[: len(data) // 3 * 3], dtype=np.uint8).reshape(-1, 3)
        padded = np.zeros((raw.shape[0], 4), dtype=np.uint8)
        padded[:, 1:] = raw
        values = padded.view("<i4").reshape(-1).astype(np.float32) / 2**31
    elif width == 1:
        values = (np.frombuffer(data, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    else:
        dtype = np.dtype(_DTYPES[width]).newbyteorder("<")
        values = np.frombuffer(data, dtype=dtype).astype(np.float32) / float(2 ** (8 * width - 1))
    usable = values[: values.size // channels * channels]
    return usable.reshape(-1, channels).T.copy()


def resample(samples: Samples, rate: int, target: int = RATE) -> Samples:
    """``samples`` (one channel) at ``target`` Hz, by linear interpolation."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    count = round(samples.size * target / rate)
    positions = np.arange(count, dtype=np.float64) * (rate / target)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


def read_wav(source: Path | bytes, *, name: str | None = None) -> list[Samples]:
    """The channels of a WAV file (or its bytes) at 16 kHz; raises :class:`AudioError`."""
    label = name or (str(source) if isinstance(source, Path) else "opname")
    try:
        with wave.open(str(source) if isinstance(source, Path) else io.BytesIO(source)) as handle:
            return _decode(handle, label)
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioError(str(exc), file=label, detail=_why(exc)) from exc


def _decode(handle: wave.Wave_read, label: str) -> list[Samples]:
    channels, width, rate = handle.getnchannels(), handle.getsampwidth(), handle.getframerate()
    if channels not in (1, 2):
        raise AudioError("channels", file=label, detail="alleen mono of stereo kan")
    if width not in (1, 2, 3, 4) or rate < 8000:
        raise AudioError("format", file=label, detail="gebruik PCM-audio van minstens 8 kHz")
    if handle.getnframes() > MAX_SECONDS * rate:
        raise AudioError("long", file=label, detail="de opname is langer dan drie uur")
    data = handle.readframes(handle.getnframes())
    matrix = _pcm_to_float(data, width, channels)
    if matrix.shape[1] == 0:
        raise AudioError("empty", file=label, detail="er staat geen geluid in het bestand")
    return [resample(channel, rate) for channel in matrix]


def _why(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "het bestand bestaat niet"
    if isinstance(exc, OSError):
        return exc.strerror or "het bestand is niet te openen"
    return "dit is geen WAV-bestand met PCM-audio"


def frame_channels(frame: bytes) -> list[Samples]:
    """A live frame from the browser: one byte with the channel count (1 or 2), then 16-bit
    little-endian samples at 16 kHz, interleaved. Raises :class:`AudioError` when malformed."""
    if len(frame) < 3 or frame[0] not in (1, 2):
        raise AudioError("frame", file="geluid", detail="onbekend geluidsformaat")
    channels = frame[0]
    body = frame[1:]
    if len(body) % (2 * channels):
        raise AudioError("frame", file="geluid", detail="onvolledig geluidsblok")
    return list(_pcm_to_float(body, 2, channels))


def wav_bytes(samples: Samples, rate: int = RATE) -> bytes:
    """``samples`` (one channel, -1..1) as a 16-bit PCM WAV file."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm)
    return out.getvalue()
