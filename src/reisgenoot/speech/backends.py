"""The speech backend of an installation, chosen from the settings (or none)."""

from __future__ import annotations

from reisgenoot.settings import Settings
from reisgenoot.speech.protocol import SpeechBackend


def backend_from_settings(settings: Settings) -> SpeechBackend | None:
    """A local faster-whisper model when ``speech_model_dir`` is set, else the HTTP server of
    ``speech_url``, else ``None`` (everything works as before: turns are typed)."""
    if settings.speech_model_dir is not None:
        from reisgenoot.speech.local import FasterWhisperSpeech

        return FasterWhisperSpeech(settings.speech_model_dir, threads=settings.speech_threads)
    if settings.speech_url:
        from reisgenoot.speech.openai_compatible import OpenAICompatibleSpeech

        key = settings.speech_api_key.get_secret_value() if settings.speech_api_key else None
        return OpenAICompatibleSpeech(
            settings.speech_url,
            settings.speech_model,
            api_key=key,
            timeout=settings.speech_timeout_seconds,
        )
    return None
