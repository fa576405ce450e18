"""The work list of contactverzoeken for the KCC (``/contactverzoeken``).

Roles medewerker and teamleider see the open requests (interne taak ``te_verwerken``),
newest first, with the redacted conversation and how the resident wants to be reached; a
POST marks one as handled (audited). With an Open Klant link, each step is followed by a
background task that sends the interne taak's status there (:mod:`reisgenoot.contacts.tasksync`).
The list never shows who handled what: no figures per employee.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from reisgenoot.accounts.models import Role
from reisgenoot.contacts import requests, tasksync, worklist
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.sending import is_configured
from reisgenoot.contacts.worklist import FINISHED, STEP_LABELS
from reisgenoot.contacts.worklist import item as worklist_state
from reisgenoot.errors import ContactsError, dutch_message
from reisgenoot.jobs.queue import JobQueue
from reisgenoot.settings import Settings
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from reisgenoot.web.background import JobsDep, defer_after
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.templating import Pages, get_pages

WORKLIST_ROLES = (Role.MEDEWERKER, Role.TEAMLEIDER)
REASON_LABELS = {
    "answered": "Inwoner wil iemand spreken",
    "low_confidence": "Assistent wist het antwoord niet zeker",
    "out_of_scope": "Assistent had geen antwoord",
    "escalation": "Inwoner leek boos of in nood",
    "asks_for_person": "Inwoner vroeg om een mens",
    "personal_case": "Vraag over eigen gegevens of aanvraag",
    "inwoner": "Inwoner vroeg om een mens",
}
PAGE_MESSAGES = {
    "oppakken": "Je hebt het contactverzoek opgepakt.",
    "afhandelen": "Het contactverzoek staat op afgehandeld.",
    "ongedaan": "De laatste stap is ongedaan gemaakt.",
    **{code: dutch_message(code, {}) for code in worklist.ERROR_CODES},
}
RECENT = timedelta(days=1)  # handled requests stay on the list this long, to undo a mistake

router = APIRouter(dependencies=[Depends(require_roles(*WORKLIST_ROLES))])

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
UserDep = Annotated[CurrentUser, Depends(require_roles(*WORKLIST_ROLES))]


@router.get("/contactverzoeken", response_class=HTMLResponse)
def worklist_page(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: UserDep,
    melding: str = "",
) -> Response:
    """Open contactverzoeken, nieuwste eerst, en wat de afgelopen dag is afgehandeld."""
    now = utcnow()
    with database.session() as session:
        items = requests.open_requests(session, done_since=now - RECENT)
        contacts = {
            c.uuid: c
            for c in session.scalars(
                select(Klantcontact).where(Klantcontact.uuid.in_([i.uuid for i in items]))
            )
        }
        work = {
            uuid: worklist_state(c, settings.callback_due_hours, now)
            for uuid, c in contacts.items()
        }
    context = {
        "items": [i for i in items if work[i.uuid].step != FINISHED],
        "finished": [i for i in items if work[i.uuid].step == FINISHED],
        "work": work,
        "steps": STEP_LABELS,
        "me": user.display_name,
        "reasons": REASON_LABELS,
        "message": PAGE_MESSAGES.get(melding),
        "due_hours": settings.callback_due_hours,
    }
    return pages.render(request, "selfservice/contactverzoeken.html", context)


def _step(
    database: Database,
    settings: Settings,
    jobs: JobQueue,
    user: CurrentUser,
    uuid: str,
    action: str,
    note: str,
) -> Response:
    who = (user.id, user.display_name, user.username)
    key = settings.audit_secret()
    try:
        with database.session() as session:
            if action == "oppakken":
                worklist.take(session, uuid, who, audit_key=key)
            elif action == "afhandelen":
                worklist.finish(session, uuid, who, note, audit_key=key)
            else:
                worklist.undo(session, uuid, who, audit_key=key)
    except ContactsError as error:
        return RedirectResponse(f"/contactverzoeken?melding={error.code}", status_code=303)
    response = RedirectResponse(
        f"/contactverzoeken?melding={action}#verzoek-{uuid}", status_code=303
    )
    if is_configured(settings):  # the interne taak in Open Klant follows (contacts.tasksync)
        return defer_after(response, jobs, tasksync.JOB, uuids=[uuid], actor=user.username)
    return response


@router.post("/contactverzoeken/{uuid}/oppakken")
def take(
    database: DatabaseDep, settings: SettingsDep, jobs: JobsDep, user: UserDep, uuid: str
) -> Response:
    """Een contactverzoek oppakken (of van een collega overnemen)."""
    return _step(database, settings, jobs, user, uuid, "oppakken", "")


@router.post("/contactverzoeken/{uuid}/afgehandeld")
def mark_done(
    database: DatabaseDep,
    settings: SettingsDep,
    jobs: JobsDep,
    user: UserDep,
    uuid: str,
    notitie: Annotated[str, Form()] = "",
) -> Response:
    """Een contactverzoek afhandelen, met een korte notitie."""
    return _step(database, settings, jobs, user, uuid, "afhandelen", notitie)


@router.post("/contactverzoeken/{uuid}/ongedaan")
def undo(
    database: DatabaseDep, settings: SettingsDep, jobs: JobsDep, user: UserDep, uuid: str
) -> Response:
    """De laatste stap van een contactverzoek ongedaan maken."""
    return _step(database, settings, jobs, user, uuid, "ongedaan", "")
