"""In-process transcription with faster-whisper (CTranslate2) from a local model directory.

The directory holds a converted Whisper model (``model.bin``, ``config.json``,
``tokenizer.json``, ``vocabulary.txt``). It is loaded from disk only: nothing is downloaded.
faster-whisper is an optional dependency (``pip install "reisgenoot[speech]"``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from reisgenoot.speech.protocol import RATE, Samples, Segment, SpeechError

REQUIRED = ("model.bin", "config.json")
TOKENS_PER_SECOND = 8  # fast Dutch speech is about 4 words (≈ 6 tokens) per second


def _token_budget(seconds: float) -> int:
    """At most this many tokens for an utterance: a model that loops stops early."""
    return min(440, int(seconds * TOKENS_PER_SECOND) + 16)


class FasterWhisperSpeech:
    """A :class:`~reisgenoot.speech.protocol.SpeechBackend` running in this process."""

    def __init__(
        self, model_dir: Path, *, threads: int = 0, compute_type: str = "int8", beam_size: int = 1
    ) -> None:
        missing = [name for name in REQUIRED if not (model_dir / name).is_file()]
        if missing:
            raise SpeechError(
                "model missing",
                detail=f"in {model_dir} ontbreekt {', '.join(missing)} (geen Whisper-model)",
            )
        self.model_dir = model_dir
        self.name = f"faster-whisper:{model_dir.name}"
        self._threads = threads
        self._compute_type = compute_type
        self._beam_size = beam_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from faster_whisper import WhisperModel
                except ImportError as exc:
                    raise SpeechError(
                        "no faster-whisper", detail="installeer reisgenoot[speech]"
                    ) from exc
                try:
                    self._model = WhisperModel(
                        str(self.model_dir),
                        device="cpu",
                        compute_type=self._compute_type,
                        cpu_threads=self._threads,
                        local_files_only=True,
                    )
                except (RuntimeError, ValueError, OSError) as exc:
                    raise SpeechError(str(exc), detail="het spraakmodel laadt niet") from exc
            return self._model

    def transcribe(self, samples: Samples, *, language: str | None = None) -> list[Segment]:
        model = self._loaded()
        if model.model.is_multilingual is False:
            language = None  # an English-only model accepts no language
        try:
            with self._lock:  # one decoding at a time per model
                parts, _info = model.transcribe(
                    samples,
                    language=language,
                    beam_size=self._beam_size,
                    temperature=0.0,  # no re-decoding at higher temperatures: keeps it fast
                    condition_on_previous_text=False,
                    vad_filter=False,
                    without_timestamps=True,
                    max_new_tokens=_token_budget(samples.size / RATE),
                )
                found = [Segment(p.start, p.end, p.text.strip()) for p in parts]
        except (RuntimeError, ValueError) as exc:
            raise SpeechError(str(exc), detail="het spraakmodel gaf een fout") from exc
        return [segment for segment in found if segment.text]
