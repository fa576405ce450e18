"""Keeping call audio, only when a setting says so (``speech_keep_audio_days``, default 0).

By default audio lives in memory only while it is transcribed and is then dropped. With a
retention period, each final utterance is written as a WAV file to ``home/audio`` (named by
conversation and utterance, never by person) and files older than the period are removed
whenever a new one is kept.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from reisgenoot.speech.audio import wav_bytes
from reisgenoot.speech.protocol import Samples

_SAFE = re.compile(r"[^A-Za-z0-9-]")


class AudioStore:
    """Where kept audio goes; :attr:`enabled` is false when nothing may be kept."""

    def __init__(self, folder: Path, days: int) -> None:
        self.folder = folder
        self.days = days

    @property
    def enabled(self) -> bool:
        return self.days > 0

    def keep(self, conversation: str, seq: int, samples: Samples) -> Path | None:
        """Write one utterance (when enabled) and remove what is past the period."""
        if not self.enabled:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{_SAFE.sub('', conversation)[:64]}-{seq:05d}.wav"
        path.write_bytes(wav_bytes(samples))
        path.chmod(0o600)
        self.purge()
        return path

    def forget(self, conversation: str) -> int:
        """Remove every kept utterance of ``conversation`` (it was thrown away)."""
        name = _SAFE.sub("", conversation)[:64]
        if not name or not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob(f"{name}-*.wav"):
            path.unlink(missing_ok=True)
            removed += 1
        return removed

    def purge(self, now: float | None = None) -> int:
        """Remove files older than the period; how many were removed."""
        if not self.folder.is_dir():
            return 0
        limit = (now if now is not None else time.time()) - self.days * 86_400
        removed = 0
        for path in self.folder.glob("*.wav"):
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
