"""Client for an OpenAI-compatible ``/v1/audio/transcriptions`` endpoint.

A municipality's own faster-whisper or whisper.cpp server, or a government-hosted one. The
audio of one utterance is sent as a WAV file; the answer's ``segments`` (``verbose_json``) or
its ``text`` become :class:`~reisgenoot.speech.protocol.Segment` objects. Every failure (time-out,
refused connection, error status, an answer without text) is a
:class:`~reisgenoot.speech.protocol.SpeechError`; the caller keeps working without speech.
"""

from __future__ import annotations

from typing import Any

import httpx

from reisgenoot.speech.audio import wav_bytes
from reisgenoot.speech.protocol import RATE, Samples, Segment, SpeechError

_UNUSABLE = "de spraakdienst gaf een onbruikbaar antwoord"


class OpenAICompatibleSpeech:
    """A :class:`~reisgenoot.speech.protocol.SpeechBackend` over HTTP."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.model_id = model
        self.name = f"openai-compatibel:{model}"
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    def transcribe(self, samples: Samples, *, language: str | None = None) -> list[Segment]:
        data = {"model": self.model_id, "response_format": "verbose_json", "temperature": "0"}
        if language:
            data["language"] = language
        files = {"file": ("utterance.wav", wav_bytes(samples), "audio/wav")}
        try:
            response = self._client.post("/v1/audio/transcriptions", data=data, files=files)
            response.raise_for_status()
            answer: Any = response.json()
        except httpx.TimeoutException as exc:
            raise SpeechError(str(exc), detail="de spraakdienst antwoordt niet op tijd") from exc
        except httpx.HTTPStatusError as exc:
            detail = f"de spraakdienst gaf foutcode {exc.response.status_code}"
            raise SpeechError(str(exc), detail=detail) from exc
        except httpx.HTTPError as exc:
            raise SpeechError(str(exc), detail="de spraakdienst is niet bereikbaar") from exc
        except ValueError as exc:
            raise SpeechError(str(exc), detail=_UNUSABLE) from exc
        return _segments(answer, samples.size / RATE)

    def close(self) -> None:
        self._client.close()


def _segments(answer: Any, duration: float) -> list[Segment]:
    if not isinstance(answer, dict) or not isinstance(answer.get("text", ""), str):
        raise SpeechError("bad answer", detail=_UNUSABLE)
    found: list[Segment] = []
    for item in answer.get("segments") or []:
        if isinstance(item, dict) and str(item.get("text", "")).strip():
            try:
                start, end = float(item.get("start", 0.0)), float(item.get("end", duration))
            except (TypeError, ValueError):
                start, end = 0.0, duration
            found.append(Segment(start, end, str(item["text"]).strip()))
    if not found and str(answer.get("text", "")).strip():
        found.append(Segment(0.0, duration, str(answer["text"]).strip()))
    return found
