"""The work list of contactverzoeken for the KCC (``/contactverzoeken``).

Roles medewerker and teamleider see the open requests (interne taak ``te_verwerken``),
newest first, with the redacted conversation and how the resident wants to be reached; a
POST marks one as handled (audited). The list never shows who handled what: no figures
per employee.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reisgenoot.accounts.models import Role
from reisgenoot.contacts import requests
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.templating import Pages, get_pages

WORKLIST_ROLES = (Role.MEDEWERKER, Role.TEAMLEIDER)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
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
    "afgehandeld": "Het contactverzoek staat op afgehandeld.",
    "onbekend": "Dit contactverzoek is al afgehandeld of bestaat niet meer.",
}

router = APIRouter(dependencies=[Depends(require_roles(*WORKLIST_ROLES))])

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
UserDep = Annotated[CurrentUser, Depends(require_roles(*WORKLIST_ROLES))]


@router.get("/contactverzoeken", response_class=HTMLResponse)
def worklist(
    request: Request, pages: PagesDep, database: DatabaseDep, melding: str = ""
) -> Response:
    """Open contactverzoeken, nieuwste eerst."""
    with database.session() as session:
        items = requests.open_requests(session)
    context = {
        "items": items,
        "reasons": REASON_LABELS,
        "message": PAGE_MESSAGES.get(melding),
    }
    return pages.render(request, "selfservice/contactverzoeken.html", context)


@router.post("/contactverzoeken/{uuid}/afgehandeld")
def mark_done(database: DatabaseDep, settings: SettingsDep, user: UserDep, uuid: str) -> Response:
    """Een contactverzoek op afgehandeld zetten."""
    with database.session() as session:
        done = requests.mark_done(
            session, uuid, audit_key=settings.audit_secret(), actor=user.username
        )
    melding = "afgehandeld" if done else "onbekend"
    return RedirectResponse(f"/contactverzoeken?melding={melding}", status_code=303)
