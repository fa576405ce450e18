"""Live assist by voice: call audio over the conversation's WebSocket becomes turns.

The page sends the call audio as binary WebSocket frames (:func:`reisgenoot.speech.audio.
frame_channels`: one byte with the channel count, then 16-bit samples at 16 kHz) and a few
JSON messages:

- ``{"type": "spraak_start", "kanalen": 1|2, "medewerker": 0|1}`` starts a stream (two
  channels: the employee's side and the resident's; one: the speakers are told apart by voice);
- ``{"type": "spraak_stop"}`` finishes what is still being said and ends the stream;
- ``{"type": "correctie", "positie": n, "speaker": …, "text": …}`` corrects a stored turn.

Answers: ``{"type": "spraak", "kind": "partial", "seq", "speaker", "text"}`` while someone
speaks; at the end of an utterance the text goes through :func:`reisgenoot.assist.live.
process_turn` exactly like a typed turn, and the answer is the usual ``suggesties`` message with
``bron: "spraak"``. Audio is transcribed in one speech thread per process and then dropped,
unless ``speech_keep_audio_days`` says otherwise. The first transcribed turn of a stream is
recorded in the audit trail with the backend's name (never text or audio).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import WebSocket

from reisgenoot.assist import live
from reisgenoot.assist.conversation import rebuild
from reisgenoot.assist.spoken import record_transcribed
from reisgenoot.assist.transcript import SPEAKERS
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.models import Turn as ContactTurn
from reisgenoot.errors import InputError
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.speech.audio import frame_channels
from reisgenoot.speech.backends import backend_from_settings
from reisgenoot.speech.protocol import SpeechBackend, SpeechError
from reisgenoot.speech.retention import AudioStore
from reisgenoot.speech.stream import LiveTranscriber, StreamEvent
from reisgenoot.store import audit
from reisgenoot.store.engine import Database

T = TypeVar("T")
CONTROL_TYPES = ("spraak_start", "spraak_stop", "correctie")
NOT_SET_UP = "Spraakherkenning is niet ingesteld. Typ de beurten zelf."
FAILED = "De spraakherkenning werkt nu niet. Typ de beurten zelf of probeer het later opnieuw."
BAD_AUDIO = "Het geluid kwam niet goed binnen. Stop en start de opname opnieuw."
BAD_CORRECTION = "Deze beurt kan niet worden aangepast (niet leeg, hoogstens 4000 tekens)."
_log = get_logger(__name__)
_SPEECH_WORKER: list[ThreadPoolExecutor] = []


@dataclass
class Stream:
    """The audio stream of one conversation."""

    transcriber: LiveTranscriber
    audited: bool = False
    failed_at: float = 0.0
    started: float = field(default_factory=time.perf_counter)


def speech_backend(app: Any) -> SpeechBackend | None:
    """The app's speech backend from its settings (made once; ``None`` without one)."""
    if not hasattr(app.state, "speech_backend"):
        try:
            app.state.speech_backend = backend_from_settings(app.state.settings)
        except SpeechError as error:
            _log.warning("speech backend unusable: %s", error.params.get("detail", ""))
            app.state.speech_backend = None
    backend: SpeechBackend | None = app.state.speech_backend
    return backend


def _streams(app: Any) -> dict[str, Stream]:
    found = getattr(app.state, "speech_streams", None)
    if found is None:
        found = app.state.speech_streams = {}
    streams: dict[str, Stream] = found
    return streams


async def in_speech_worker(function: Callable[..., T], *args: Any) -> T:
    """Run ``function`` in the process's speech thread (decoding never blocks the turns)."""
    if not _SPEECH_WORKER:
        _SPEECH_WORKER.append(ThreadPoolExecutor(1, thread_name_prefix="assist-speech"))
    context = contextvars.copy_context()  # the municipality's scope goes along (ADR 29)
    return await asyncio.get_running_loop().run_in_executor(
        _SPEECH_WORKER[0], functools.partial(context.run, function, *args)
    )


def _start(app: Any, current: live.LiveSession, message: dict[str, Any]) -> Stream | None:
    backend = speech_backend(app)
    if backend is None:
        return None
    settings: Settings = app.state.settings
    channels = 2 if message.get("kanalen") == 2 else 1
    employee = 1 if message.get("medewerker") == 1 else 0
    stream = Stream(
        LiveTranscriber(
            backend,
            channels=channels,
            employee_channel=employee,
            language=settings.speech_language or None,
            partial_every=settings.speech_partial_seconds,
        )
    )
    _streams(app)[current.uuid] = stream
    return stream


async def on_audio(websocket: WebSocket, current: live.LiveSession, frame: bytes) -> None:
    """One binary frame of call audio: transcribe what it completes, answer turns."""
    stream = _streams(websocket.app).get(current.uuid)
    if stream is None:
        stream = _start(websocket.app, current, {})
        if stream is None:
            await websocket.send_json({"type": "fout", "message": NOT_SET_UP})
            return
    try:
        channels = frame_channels(frame)
    except InputError:
        await websocket.send_json({"type": "fout", "message": BAD_AUDIO})
        return
    await _run(websocket, current, stream, stream.transcriber.feed, channels)


async def _run(
    websocket: WebSocket,
    current: live.LiveSession,
    stream: Stream,
    step: Callable[..., list[StreamEvent]],
    *args: Any,
) -> None:
    started = time.perf_counter()
    try:
        events = await in_speech_worker(step, *args)
    except SpeechError as error:
        _log.warning("speech failed: %s", error.params.get("detail", ""))
        if time.perf_counter() - stream.failed_at > 10:  # one message per ten seconds
            stream.failed_at = time.perf_counter()
            await websocket.send_json({"type": "fout", "message": FAILED, "bron": "spraak"})
        return
    for event in events:
        await _answer_event(websocket, current, stream, event, started)


async def _answer_event(
    websocket: WebSocket,
    current: live.LiveSession,
    stream: Stream,
    event: StreamEvent,
    started: float,
) -> None:
    from reisgenoot.assist.live_routes import _handle_turn, in_worker

    base = {"type": "spraak", "kind": event.kind, "seq": event.seq, "speaker": event.speaker}
    if event.kind == "partial" or not event.text:
        await websocket.send_json({**base, "text": event.text})
        return
    app = websocket.app
    database: Database = app.state.database
    speaker = event.speaker or "inwoner"
    try:
        result = await in_worker(
            _handle_turn, database, app.state.pages, current, speaker, event.text
        )
    except InputError:
        await websocket.send_json({**base, "kind": "final", "text": ""})
        return
    result.update(
        bron="spraak", seq=event.seq, spraak_ms=round((time.perf_counter() - started) * 1000)
    )
    await websocket.send_json(result)
    await in_speech_worker(_after_final, app, current, stream, event)


def _after_final(app: Any, current: live.LiveSession, stream: Stream, event: StreamEvent) -> None:
    settings: Settings = app.state.settings
    if event.samples is not None:
        store = AudioStore(settings.home / "audio", settings.speech_keep_audio_days)
        store.keep(current.uuid, event.seq, event.samples)
    if stream.audited:
        return
    stream.audited = True
    database: Database = app.state.database
    facts: dict[str, object] = {
        "backend": stream.transcriber.backend.name,
        "kanalen": stream.transcriber.channels,
        "live": True,
        "audio_bewaard": settings.speech_keep_audio_days > 0,
    }
    with database.session() as session:
        record_transcribed(
            session,
            settings.audit_secret(),
            actor=f"medewerker:{current.owner}",
            contact_uuid=current.uuid,
            facts=facts,
        )


async def on_control(
    websocket: WebSocket, current: live.LiveSession, message: dict[str, Any]
) -> None:
    """``spraak_start``, ``spraak_stop`` or ``correctie`` (see the module text)."""
    kind = message.get("type")
    app = websocket.app
    if kind == "spraak_start":
        stream = _start(app, current, message)
        answer = {"type": "spraak_status", "actief": stream is not None}
        if stream is None:
            answer["message"] = NOT_SET_UP
        await websocket.send_json(answer)
    elif kind == "spraak_stop":
        stream = _streams(app).pop(current.uuid, None)
        if stream is not None:
            await _run(websocket, current, stream, stream.transcriber.flush)
        await websocket.send_json({"type": "spraak_status", "actief": False})
    else:
        await _correct(websocket, current, message)


# --- corrections ------------------------------------------------------------------------------

_CORRECT_LOCK = threading.Lock()


def correct_turn(
    database: Database,
    current: live.LiveSession,
    position: int,
    speaker: str,
    text: str,
    *,
    audit_key: bytes,
) -> live.Suggestions:
    """Replace turn ``position`` (speaker and text) on the concept, re-analyse the
    conversation from the stored turns and compute the suggestions again."""
    role, cleaned = speaker.strip().lower(), " ".join(text.split())
    if role not in SPEAKERS or not cleaned or len(cleaned) > live.MAX_TURN_CHARS:
        raise live.LiveInputError("bad correction")
    with current.lock, _CORRECT_LOCK:
        with database.session() as session:
            contact = session.get(Klantcontact, current.contact_id)
            row = (
                next((t for t in contact.turns if t.position == position), None)
                if contact
                else None
            )
            if contact is None or contact.status != "concept" or row is None:
                raise live.LiveInputError("conversation closed")
            changed_speaker = row.speaker != role
            # A new row at the same position: other processes see a higher turn id and rebuild
            # their copy of the conversation (assist.conversation.catch_up).
            contact.turns[contact.turns.index(row)] = ContactTurn(
                position=position, speaker=role, text=cleaned, at=row.at
            )
            audit.record(
                session,
                audit_key,
                actor=f"medewerker:{current.owner}",
                action="beurt_gecorrigeerd",
                object_type="klantcontact",
                object_id=current.uuid,
                details={"positie": position, "spreker_gewijzigd": changed_speaker},
            )
        with database.session() as session:
            rebuild(session, current)
            return live.compute_suggestions(session, current)


def _correction(
    database: Database, pages: Any, current: live.LiveSession, message: dict[str, Any], key: bytes
) -> dict[str, Any]:
    from reisgenoot.assist.live_routes import SPEAKER_LABELS

    position = message.get("positie")
    if not isinstance(position, int) or isinstance(position, bool):
        raise live.LiveInputError("bad position")
    speaker, text = str(message.get("speaker", "")), str(message.get("text", ""))
    suggestions = correct_turn(database, current, position, speaker, text, audit_key=key)
    env = pages.templates.env
    return {
        "type": "correctie",
        "positie": position,
        "turn_html": env.get_template("assist/_beurt.html").render(
            turn=current.analysed[position].turn, speakers=SPEAKER_LABELS
        ),
        "html": env.get_template("assist/_suggesties.html").render(s=suggestions),
        "turns": suggestions.turns,
        "melding": f"Beurt {position + 1} is aangepast. De voorstellen zijn bijgewerkt.",
    }


async def _correct(
    websocket: WebSocket, current: live.LiveSession, message: dict[str, Any]
) -> None:
    from reisgenoot.assist.live_routes import in_worker

    app = websocket.app
    key = app.state.settings.audit_secret()
    try:
        result = await in_worker(
            _correction, app.state.database, app.state.pages, current, message, key
        )
    except InputError:
        result = {"type": "fout", "message": BAD_CORRECTION}
    result["id"] = message.get("id")
    await websocket.send_json(result)
