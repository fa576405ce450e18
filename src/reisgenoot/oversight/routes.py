"""Public transparency pages: what the municipality's AI does, in plain Dutch (B1).

- ``GET /hulp/over-ai``: every AI function, what people check, what it does not do, its
  measured figures in plain words, what it learned from this municipality's confirmed work
  ("geleerd van N bevestigde gesprekken") and how to reach a person.
- ``GET /hulp/over-ai/algoritmeregister.json``: the same functions as Algoritmeregister
  records (publication standard 1.0), when a contact address is configured.

No login: both are ``@public`` and rate limited per client like ``/hulp``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from reisgenoot.oversight.transparency import ai_functions, learned, register_records
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import client_address, get_database, get_settings, public
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.ratelimit import RateLimiter
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter()

PagesDep = Annotated[Pages, Depends(get_pages)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]

NO_CONTACT = (
    "Deze gemeente heeft nog geen contactadres voor vragen over algoritmes ingesteld. "
    "Daarom is de export voor het Algoritmeregister er nog niet."
)


def _allowed(request: Request) -> bool:
    limiter: RateLimiter = request.app.state.public_limiter
    return limiter.allow(client_address(request))


@router.get("/hulp/over-ai", response_class=HTMLResponse)
@public
def about_ai(
    request: Request, pages: PagesDep, settings: SettingsDep, database: DatabaseDep
) -> Response:
    """Hoe de gemeente AI gebruikt, in eenvoudige taal."""
    if not _allowed(request):
        return error_page(request, 429)
    with database.session() as session:
        here = learned(session)
    context = {
        "functions": ai_functions(),
        "learned": here,
        "municipality": settings.municipality,
        "contact": settings.contact_email,
    }
    return pages.render(request, "oversight/over_ai.html", context)


@router.get("/hulp/over-ai/algoritmeregister.json")
@public
def register_export(request: Request, settings: SettingsDep) -> Response:
    """De AI-functies als registraties voor het Algoritmeregister (publicatiestandaard 1.0)."""
    if not _allowed(request):
        return error_page(request, 429)
    if not settings.contact_email.strip():
        return error_page(request, 404, NO_CONTACT)
    records = register_records(settings.municipality, settings.contact_email.strip())
    return JSONResponse(records)
