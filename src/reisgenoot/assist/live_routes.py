"""Turns of a live conversation over the web: the WebSocket and the plain form post.

- ``WS /assist/{id}/ws`` takes turns as JSON ``{"speaker", "text", "id"?}`` and answers each
  with the rendered fragments of its suggestions (:func:`render_fragments`).
- ``POST /assist/{id}/beurt`` is the same without WebSocket: a plain form (redirect) or
  ``fetch`` with ``Accept: application/json`` (the WebSocket answer as JSON).

Turns of all sessions of one process go through one worker thread (:func:`worker`), so they
never race for the GIL or the database's write lock. The WebSocket is authenticated with the
session cookie and its Origin must match the Host (CSRF tokens do not apply to WebSockets); it
is a plain Starlette route because the app's request-level dependencies cannot run on a
WebSocket; the session is checked again on every frame and every
``SESSION_CHECK_SECONDS``, so logging out closes the socket (1008). Bad frames close it with
their code (:mod:`reisgenoot.web.frames`): binary 1003, lone surrogates or JSON nested too deep
1007, oversize 1009. The routes only parse, call :func:`reisgenoot.assist.live.process_turn` and render.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request, WebSocket
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from reisgenoot.accounts.models import Role
from reisgenoot.accounts.service import resume_session
from reisgenoot.assist import live, live_speech
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.contacts import linking
from reisgenoot.errors import InputError
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web import frames
from reisgenoot.web.deps import (
    SESSION_COOKIE,
    CurrentUser,
    get_database,
    get_settings,
    require_roles,
)
from reisgenoot.web.templating import Pages, get_pages

T = TypeVar("T")
LOG = get_logger(__name__)
ASSIST_ROLES = (Role.MEDEWERKER, Role.BEHEERDER)
TURN_WORKERS = 1
SPEAKER_LABELS = {"inwoner": "Inwoner", "medewerker": "Medewerker"}

UserDep = Annotated[CurrentUser, Depends(require_roles(*ASSIST_ROLES))]
PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

# Included by reisgenoot.assist.routes; every route here checks the roles itself (the POST
# through ``UserDep``, the WebSocket in :func:`_socket_user`).
router = APIRouter()


def registry(app: Any) -> live.Registry:
    """The app's live sessions (made on first use)."""
    found = getattr(app.state, "assist_registry", None)
    if not isinstance(found, live.Registry):
        found = live.Registry()
        app.state.assist_registry = found
    return found


def live_for(
    request: Request, database: Database, uuid: str, user: CurrentUser
) -> live.LiveSession:
    """The live session of the user's own conversation ``uuid`` (404 otherwise)."""
    found = registry(request.app).get(database, uuid)
    if found is None or found.owner != user.id:
        raise HTTPException(status_code=404)
    return found


_WORKER: list[ThreadPoolExecutor] = []


def worker() -> ThreadPoolExecutor:
    """The process's turn worker: one thread, so turns do not fight over the GIL and the
    database's write lock (contracts §12 load: ≈ 67 turns/s; measured by the live bench)."""
    if not _WORKER:
        _WORKER.append(
            ThreadPoolExecutor(max_workers=TURN_WORKERS, thread_name_prefix="assist-turn")
        )
    return _WORKER[0]


async def in_worker(function: Callable[..., T], *args: Any) -> T:
    """Run ``function`` in the turn worker, in this task's context (the municipality's learned
    model versions, ADR 29: a bare executor would not carry it)."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(
        worker(), functools.partial(context.run, function, *args)
    )


def render_fragments(
    pages: Pages, turn: Any, suggestions: live.Suggestions, *, linked: bool = False
) -> dict[str, Any]:
    """The WebSocket/JSON answer to a turn. ``verbanden`` is true when the turn named an
    identifier (BSN, e-mail, phone, IBAN, KVK): the "Eerdere contacten" panel may have changed."""
    env = pages.templates.env
    return {
        "type": "suggesties",
        "turn_html": env.get_template("assist/_beurt.html").render(
            turn=turn, speakers=SPEAKER_LABELS
        ),
        "html": env.get_template("assist/_suggesties.html").render(s=suggestions),
        "turns": suggestions.turns,
        "ms": suggestions.elapsed_ms,
        "verbanden": linked,
        "melding": live.announcement(suggestions, linked=linked),
    }


def _handle_turn(
    database: Database, pages: Pages, current: live.LiveSession, speaker: str, text: str
) -> dict[str, Any]:
    started = time.perf_counter()
    said, suggestions = live.process_turn(database, current, speaker, text)
    linked = _links(said)
    result = render_fragments(pages, said, suggestions, linked=linked)
    result["work_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


def _links(said: AnalysedTurn) -> bool:
    """Whether the turn names an identifier that links contacts (from its analysis)."""
    return bool(linking.identifiers_in(said.text, said.analysis.entities))


def _turn_error(error: InputError) -> str:
    if "closed" in str(error):
        return "Dit gesprek is al geregistreerd. Begin een nieuw gesprek."
    return "Kies wie er spreekt en typ wat er gezegd is (niet leeg, niet te lang)."


@router.post("/assist/{uuid}/beurt")
async def add_turn(
    request: Request, uuid: str, pages: PagesDep, database: DatabaseDep, user: UserDep
) -> Response:
    """Een beurt toevoegen zonder WebSocket (formulier, of fetch vanuit de pagina)."""
    current = await run_in_threadpool(live_for, request, database, uuid, user)
    form = await request.form()
    speaker, text = str(form.get("speaker") or ""), str(form.get("text") or "")
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        result = await in_worker(_handle_turn, database, pages, current, speaker, text)
    except InputError as error:
        if wants_json:
            return JSONResponse({"type": "fout", "message": _turn_error(error)}, status_code=422)
        return RedirectResponse(f"/assist/{uuid}?melding=fout#beurt-tekst", status_code=303)
    if wants_json:
        return JSONResponse(result)
    return RedirectResponse(f"/assist/{uuid}#suggesties", status_code=303)


# --- WebSocket --------------------------------------------------------------------------------


def _origin_ok(websocket: WebSocket) -> bool:
    origin = websocket.headers.get("origin")
    host = websocket.headers.get("host")
    return bool(origin and host and urlsplit(origin).netloc == host)


def _socket_user(websocket: WebSocket) -> CurrentUser | None:
    token = websocket.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    database: Database = websocket.app.state.database
    settings: Settings = websocket.app.state.settings
    timeout = timedelta(minutes=settings.session_timeout_minutes)
    with database.session() as session:
        found = resume_session(session, token, timeout)
        user = CurrentUser.of(*found) if found is not None else None
    return user if user is not None and user.has_any(ASSIST_ROLES) else None


async def _socket_session(websocket: WebSocket) -> live.LiveSession | None:
    """The live session this socket may feed, or None (then the socket is refused)."""
    if not _origin_ok(websocket):
        return None
    user = await run_in_threadpool(_socket_user, websocket)
    if user is None:
        return None
    database: Database = websocket.app.state.database
    uuid = str(websocket.path_params.get("uuid", ""))
    found = await run_in_threadpool(registry(websocket.app).get, database, uuid)
    return found if found is not None and found.owner == user.id else None


FRAME_CHARS = live.MAX_TURN_CHARS * 2 + 1000  # a turn as JSON, escapes included
AUDIO_FRAME_BYTES = 256 * 1024  # call audio: 250 ms chunks are ~16 kB; far more is refused
SESSION_CHECK_SECONDS = 15.0


async def _answer(websocket: WebSocket, current: live.LiveSession, raw: str) -> None:
    database: Database = websocket.app.state.database
    pages: Pages = websocket.app.state.pages
    message = frames.json_object(raw) or {}
    if message.get("type") in live_speech.CONTROL_TYPES:  # voice: start, stop, correct
        await live_speech.on_control(websocket, current, message)
        return
    speaker, text = str(message.get("speaker", "")), str(message.get("text", ""))
    try:
        result = await in_worker(_handle_turn, database, pages, current, speaker, text)
    except InputError as error:
        result = {"type": "fout", "message": _turn_error(error)}
    result["id"] = message.get("id") if isinstance(message.get("id"), int | str) else None
    await websocket.send_json(result)


async def _still_logged_in(websocket: WebSocket) -> bool:
    return await run_in_threadpool(_socket_user, websocket) is not None


async def _take_frames(websocket: WebSocket, current: live.LiveSession) -> None:
    """The receive loop: the session is checked on every frame; a bad frame ends it with
    :class:`frames.FrameRejectedError`. Text frames are turns or voice controls; binary frames
    are call audio (:mod:`assist.live_speech`), at most :data:`AUDIO_FRAME_BYTES` each."""
    while True:
        frame = await frames.receive_frame(
            websocket, max_chars=FRAME_CHARS, max_bytes=AUDIO_FRAME_BYTES
        )
        if frame is None:
            return
        if not await _still_logged_in(websocket):
            raise frames.FrameRejectedError(frames.CLOSE_POLICY)
        if frame.data is not None:
            await live_speech.on_audio(websocket, current, frame.data)
        elif frame.text is not None:
            await _answer(websocket, current, frame.text)


async def live_socket(websocket: WebSocket) -> None:
    """WebSocket: beurten als JSON ``{"speaker", "text", "id"?}``; antwoord met fragmenten."""
    current = await _socket_session(websocket)
    if current is None:
        await websocket.close(code=frames.CLOSE_POLICY)
        return
    await websocket.accept()
    watcher = asyncio.create_task(
        frames.watch_session(
            websocket, lambda: _still_logged_in(websocket), every=SESSION_CHECK_SECONDS
        )
    )
    code = frames.CLOSE_NORMAL
    try:
        await _take_frames(websocket, current)
    except frames.FrameRejectedError as rejected:
        code = rejected.code
    except (WebSocketDisconnect, RuntimeError):  # gone, or closed by the session watcher
        return
    except Exception as exc:  # logged (redacted), never shown to the client
        LOG.error("Live assist: beurt mislukt (%s)", type(exc).__name__, exc_info=exc)
        code = frames.CLOSE_ERROR
    finally:
        watcher.cancel()
    await frames.close(websocket, code)


router.add_websocket_route("/assist/{uuid}/ws", live_socket, name="assist_ws")
