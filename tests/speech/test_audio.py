"""Reading recordings and browser frames; hostile audio gets a Dutch error; retention."""

from __future__ import annotations

import os
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from reisgenoot.speech.audio import AudioError, frame_channels, read_wav, resample, wav_bytes
from reisgenoot.speech.protocol import RATE
from reisgenoot.speech.retention import AudioStore


def write(path: Path, channels: int, rate: int, width: int, frames: bytes) -> Path:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(width)
        handle.setframerate(rate)
        handle.writeframes(frames)
    return path


def test_a_stereo_44k_recording_becomes_two_16k_channels(tmp_path: Path) -> None:
    left = (np.sin(np.arange(44100) / 10) * 16000).astype("<i2")
    right = np.zeros(44100, dtype="<i2")
    data = np.stack([left, right], axis=1).tobytes()
    channels = read_wav(write(tmp_path / "call.wav", 2, 44100, 2, data))
    assert len(channels) == 2
    assert abs(channels[0].size - RATE) <= 1
    assert channels[0].dtype == np.float32 and 0.4 < float(np.abs(channels[0]).max()) <= 0.5
    assert float(np.abs(channels[1]).max()) == 0.0


def test_24_bit_and_8_bit_audio_is_read(tmp_path: Path) -> None:
    value = (2**22).to_bytes(3, "little", signed=True)  # half of full scale
    channels = read_wav(write(tmp_path / "a.wav", 1, 16000, 3, value * 100))
    assert abs(float(channels[0][0]) - 0.5) < 1e-3
    channels = read_wav(write(tmp_path / "b.wav", 1, 8000, 1, bytes([192]) * 800))
    assert channels[0].size == 1600 and abs(float(channels[0][0]) - 0.5) < 1e-2


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p / "ontbreekt.wav", "bestaat niet"),
        (lambda p: (p / "tekst.wav", (p / "tekst.wav").write_text("hallo"))[0], "geen WAV"),
        (lambda p: write(p / "drie.wav", 3, 16000, 2, b"\0" * 600), "mono of stereo"),
        (lambda p: write(p / "leeg.wav", 1, 16000, 2, b""), "geen geluid"),
        (lambda p: write(p / "traag.wav", 1, 4000, 2, b"\0" * 100), "8 kHz"),
    ],
)
def test_unusable_recordings_get_a_dutch_message_naming_the_file(
    tmp_path: Path, make: object, expected: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(AudioError) as caught:
        read_wav(path)
    message = caught.value.dutch()
    assert expected in message and str(path) in message


def test_browser_frames_are_decoded_and_bad_ones_refused() -> None:
    pcm = np.array([[16384, -16384], [0, 32767]], dtype="<i2").tobytes()
    left, right = frame_channels(b"\x02" + pcm)
    assert left.tolist() == [0.5, 0.0] and right[0] == -0.5
    for bad in (b"", b"\x03" + pcm, b"\x02" + pcm[:-1], b"\x01"):
        with pytest.raises(AudioError):
            frame_channels(bad)


def test_resampling_keeps_the_duration_and_wav_bytes_round_trip() -> None:
    samples = np.linspace(-1, 1, 48000).astype(np.float32)
    assert resample(samples, 48000).size == RATE
    assert read_wav(wav_bytes(resample(samples, 48000)))[0].size == RATE


def test_audio_is_kept_only_with_a_retention_period_and_removed_after_it(tmp_path: Path) -> None:
    samples = np.zeros(1600, dtype=np.float32)
    assert AudioStore(tmp_path / "audio", 0).keep("gesprek", 1, samples) is None
    assert not (tmp_path / "audio").exists()
    store = AudioStore(tmp_path / "audio", 2)
    old = store.keep("../../gesprek", 1, samples)
    assert old is not None and old.parent == tmp_path / "audio"
    past = time.time() - 3 * 86_400
    os.utime(old, (past, past))
    new = store.keep("gesprek", 2, samples)
    assert new is not None and new.exists() and not old.exists()
