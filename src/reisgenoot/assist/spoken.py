"""Conversations from speech: a recording or a live audio stream becomes turns.

The speech package (:mod:`reisgenoot.speech`) knows audio and speakers; this module makes its
turns into the assist's :class:`~reisgenoot.assist.transcript.Transcript`, so a transcribed call
goes through exactly the same registration draft (:func:`reisgenoot.assist.registration.
draft_registration`) as a typed or written one, and records in the audit trail that speech was
transcribed and by which backend (ids and counts only, never text).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from reisgenoot.assist.transcript import Transcript, Turn
from reisgenoot.errors import InputError
from reisgenoot.settings import Settings
from reisgenoot.speech.audio import read_wav
from reisgenoot.speech.backends import backend_from_settings
from reisgenoot.speech.protocol import SpeechBackend
from reisgenoot.speech.recording import SpokenTurn, duration, transcribe_recording
from reisgenoot.store import audit

AUDIO_SUFFIXES = (".wav",)
AUDIT_ACTION = "spraak_getranscribeerd"


class NoSpeechBackendError(InputError):
    """Audio was given but the installation has no speech backend."""

    code = "geen_spraak"


def require_backend(settings: Settings) -> SpeechBackend:
    backend = backend_from_settings(settings)
    if backend is None:
        raise NoSpeechBackendError("no speech backend")
    return backend


def to_transcript(turns: list[SpokenTurn], *, source: str, kanaal: str | None = None) -> Transcript:
    """The turns of a transcribed conversation as a transcript (offsets in seconds)."""
    if not turns:
        raise InputError("no speech", code="geen_spraak_gevonden", file=source)
    return Transcript(
        tuple(Turn(t.speaker, t.text, offset=round(t.start, 2)) for t in turns),
        kanaal=kanaal,
        format="audio",
        source=source,
    )


def transcribe_file(
    path: Path | bytes,
    backend: SpeechBackend,
    *,
    name: str,
    language: str | None = "nl",
    employee_channel: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Transcript, dict[str, object]]:
    """A WAV recording as a transcript, with the facts the audit trail records."""
    channels = read_wav(path, name=name)
    turns = transcribe_recording(
        channels,
        backend,
        language=language,
        employee_channel=employee_channel,
        progress=progress,
    )
    facts: dict[str, object] = {
        "backend": backend.name,
        "kanalen": len(channels),
        "seconden": round(duration(channels), 1),
        "beurten": len(turns),
    }
    return to_transcript(turns, source=name), facts


def record_transcribed(
    session: Session, audit_key: bytes, *, actor: str, contact_uuid: str, facts: dict[str, object]
) -> None:
    """Audit: speech of this contact was transcribed, by which backend (no text, no audio)."""
    audit.record(
        session,
        audit_key,
        actor=actor,
        action=AUDIT_ACTION,
        object_type="klantcontact",
        object_id=contact_uuid,
        details=facts,
    )


def register_recording(
    session: Session,
    transcript: Transcript,
    facts: dict[str, object],
    *,
    owner_id: int,
    actor: str,
    audit_key: bytes,
    link_key: bytes,
) -> str:
    """Draft the registration of a transcribed recording and store it as the employee's
    concept klantcontact (to review and confirm like a live conversation); its uuid."""
    from reisgenoot.assist.concept import save_concept
    from reisgenoot.assist.registration import draft_registration

    draft = draft_registration(transcript, kanaal="Telefoon")
    contact = save_concept(
        session, transcript, draft, audit_key=audit_key, link_key=link_key, actor=actor
    )
    contact.meta = {**(contact.meta or {}), "bron": "opname", "medewerker": owner_id}
    record_transcribed(session, audit_key, actor=actor, contact_uuid=contact.uuid, facts=facts)
    return contact.uuid
