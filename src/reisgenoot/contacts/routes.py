"""Pages for the Open Klant link and the linked-context fragment.

- ``GET /beheer/openklant`` (beheerder): whether the link is set up, and every confirmed
  contact that is not in Open Klant yet, with its status, attempts and last error.
- ``POST /beheer/openklant/{uuid}/opnieuw`` and ``POST /beheer/openklant/opnieuw``
  ("Opnieuw versturen", CSRF as on every form): audited, then sent in a background task that
  cannot lose the contact.
- ``GET /contacten/{uuid}/verbanden`` (medewerker, teamleider): the "Eerdere contacten" panel
  of one's own conversation as an HTMX fragment, to refresh it during the conversation.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from reisgenoot.accounts.models import Role
from reisgenoot.contacts import linking, sending
from reisgenoot.contacts.breaker import OpenKlantBreaker
from reisgenoot.contacts.connection import ConnectionCheck, check_connection
from reisgenoot.contacts.linking import AMSTERDAM
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.background import JobsDep, defer_after
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter()
AdminDep = Annotated[CurrentUser, Depends(require_roles(Role.BEHEERDER))]
LinkUserDep = Annotated[CurrentUser, Depends(require_roles(*linking.LINK_ROLES))]
PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MESSAGES = {
    "opnieuw": "Het contact wordt opnieuw verstuurd. Ververs de pagina over een minuut.",
    "alles": "De contacten worden opnieuw verstuurd. Ververs de pagina over een paar minuten.",
    "niets": "Er is niets (meer) te versturen: het contact is al verzonden of bestaat niet.",
    "geen_koppeling": "Er is geen koppeling met Open Klant ingesteld. Er is niets verstuurd.",
}


def _overview(
    request: Request,
    pages: Pages,
    database: Database,
    settings: Settings,
    test: ConnectionCheck | None = None,
) -> Response:
    with database.session() as session:
        items, total = sending.unsent(session, settings)
    paused = OpenKlantBreaker.of(database, settings).open_until()
    context = {
        "paused_until": paused.astimezone(AMSTERDAM).strftime("%H:%M") if paused else None,
        "configured": sending.is_configured(settings),
        "url": settings.openklant_url or "",
        "has_token": settings.openklant_token is not None,
        "items": items,
        "total": total,
        "message": MESSAGES.get(request.query_params.get("melding", "")),
        "test": test,
    }
    return pages.render(request, "contacts/beheer_openklant.html", context)


@router.get("/beheer/openklant", response_class=HTMLResponse)
def overview(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, _: AdminDep
) -> Response:
    """Koppeling met Open Klant: niet verzonden contacten."""
    return _overview(request, pages, database, settings)


@router.post("/beheer/openklant/testen", response_class=HTMLResponse)
def test_connection(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, _: AdminDep
) -> Response:
    """Test de koppeling met Open Klant (leest één contact, schrijft niets)."""
    return _overview(request, pages, database, settings, check_connection(settings))


@router.post("/beheer/openklant/opnieuw")
def resend_all(
    database: DatabaseDep, settings: SettingsDep, user: AdminDep, jobs: JobsDep
) -> Response:
    """Alle niet verzonden contacten opnieuw versturen."""
    if not sending.is_configured(settings):
        return RedirectResponse("/beheer/openklant?melding=geen_koppeling", status_code=303)
    with database.session() as session:
        uuids = [row.uuid for row in session.execute(sending.pending_query())]
    for uuid in uuids:
        sending.request_resend(database, settings, uuid, user.username)
    response = RedirectResponse("/beheer/openklant?melding=alles", status_code=303)
    return defer_after(response, jobs, sending.JOB, uuids=list(uuids), actor=user.username)


@router.post("/beheer/openklant/{uuid}/opnieuw")
async def resend(
    uuid: str, database: DatabaseDep, settings: SettingsDep, user: AdminDep, jobs: JobsDep
) -> Response:
    """Eén contact opnieuw versturen."""
    if not sending.is_configured(settings):
        return RedirectResponse("/beheer/openklant?melding=geen_koppeling", status_code=303)
    found = await run_in_threadpool(sending.request_resend, database, settings, uuid, user.username)
    if not found:
        return RedirectResponse("/beheer/openklant?melding=niets", status_code=303)
    response = RedirectResponse("/beheer/openklant?melding=opnieuw", status_code=303)
    return await run_in_threadpool(
        defer_after, response, jobs, sending.JOB, uuids=[uuid], actor=user.username
    )


def linked_for(
    database: Database, settings: Settings, user: CurrentUser, uuid: str
) -> linking.LinkedContext | None:
    """The linked context of ``uuid`` for ``user``: None when their roles may not see it."""
    if not linking.may_see(user.roles):
        return None
    with database.session() as session:
        return linking.linked_context(session, uuid, linking.link_key(settings))


@router.get("/contacten/{uuid}/verbanden", response_class=HTMLResponse)
def linked_fragment(
    request: Request,
    uuid: str,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: LinkUserDep,
) -> Response:
    """Het blok 'Eerdere contacten' van je eigen gesprek, opnieuw gezocht."""
    with database.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
        owner = (contact.meta or {}).get("medewerker") if contact else None
    if contact is None or owner != user.id:
        raise HTTPException(status_code=404)
    linked = linked_for(database, settings, user, uuid)
    return pages.render(request, "contacts/_linked.html", {"linked": linked})
