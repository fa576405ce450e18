"""A recorded call uploaded in the browser (``POST /assist/opname``, roles of live assist).

The WAV file is read in memory (at most :data:`MAX_UPLOAD` bytes), transcribed by the
installation's speech backend (:mod:`reisgenoot.assist.spoken`) and drafted; the draft becomes
the employee's concept klantcontact and the browser goes to its review page. The audio itself
is never stored. Errors come back on the start page in Dutch.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from reisgenoot.assist import live_speech
from reisgenoot.assist.live_routes import DatabaseDep, PagesDep, SettingsDep, UserDep
from reisgenoot.assist.spoken import register_recording, transcribe_file
from reisgenoot.contacts.linking import link_key
from reisgenoot.errors import ReisgenootError
from reisgenoot.settings import Settings
from reisgenoot.speech.protocol import SpeechBackend
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser
from reisgenoot.web.templating import Pages

MAX_UPLOAD = 200 * 1024 * 1024  # bytes: about 1 hour of 16 kHz stereo, or 3 hours of 8 kHz mono
TOO_BIG = "De opname is te groot (hoogstens 200 MB). Knip hem op of gebruik reisgenoot register."
NO_FILE = "Kies eerst een opname (een WAV-bestand)."

router = APIRouter()


def _transcribe_and_save(
    database: Database,
    settings: Settings,
    backend: SpeechBackend,
    user: CurrentUser,
    data: bytes,
    name: str,
    employee_channel: int,
) -> str:
    transcript, facts = transcribe_file(
        data,
        backend,
        name=name,
        language=settings.speech_language or None,
        employee_channel=employee_channel,
    )
    with database.session() as session:
        return register_recording(
            session,
            transcript,
            facts,
            owner_id=user.id,
            actor=user.username,
            audit_key=settings.audit_secret(),
            link_key=link_key(settings),
        )


def _error(
    request: Request, pages: Pages, user: CurrentUser, message: str, status: int
) -> Response:
    from reisgenoot.assist.routes import start_context

    database: Database = request.app.state.database
    with database.session() as session:
        context = start_context(session, user.id)
    context["opname_fout"] = message
    return pages.render(request, "assist/start.html", context, status_code=status)


@router.post("/assist/opname")
async def upload(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, user: UserDep
) -> Response:
    """Een opname van een gesprek laten uitschrijven en een registratie voorstellen."""
    async with request.form(max_part_size=MAX_UPLOAD) as form:  # closed on every path
        upload = form.get("opname")
        backend = live_speech.speech_backend(request.app)
        if backend is None:
            return _error(request, pages, user, live_speech.NOT_SET_UP, 404)
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _error(request, pages, user, NO_FILE, 422)
        data = await upload.read(MAX_UPLOAD + 1)
        filename = upload.filename
        channel = 1 if form.get("medewerker_kanaal") == "rechts" else 0
    if len(data) > MAX_UPLOAD:
        return _error(request, pages, user, TOO_BIG, 413)
    name = filename[-80:]
    try:
        uuid = await run_in_threadpool(
            _transcribe_and_save, database, settings, backend, user, data, name, channel
        )
    except ReisgenootError as error:
        return _error(request, pages, user, error.dutch(), 422)
    return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)
