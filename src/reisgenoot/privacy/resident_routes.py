"""Inzage and erasure for one resident, in the browser, for the beheerder.

- ``GET /beheer/inwoner``: a form with the identifiers (BSN, e-mail, telephone, KVK, IBAN).
- ``POST /beheer/inwoner/zoeken``: what is stored about that resident (counts and contacts).
- ``POST /beheer/inwoner/inzage``: the inzage as a JSON download (audited).
- ``POST /beheer/inwoner/wissen``: without ``bevestigd=ja`` a confirmation page; with it
  everything is erased (audited).

Identifiers travel only in POST bodies (never in a URL or a log line) and are never stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from reisgenoot.accounts.models import Role
from reisgenoot.contacts.linking import link_key
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.errors import PrivacyInputError
from reisgenoot.privacy import inzage, resident
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.templating import Pages, get_pages

PREFIX = "/beheer/inwoner"
router = APIRouter(prefix=PREFIX)

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Beheerder = Annotated[CurrentUser, Depends(require_roles(Role.BEHEERDER))]
FIELDS = (
    ("bsn", "BSN", "off"),
    ("email", "E-mailadres", "off"),
    ("telefoon", "Telefoonnummer", "off"),
    ("kvk", "KVK-nummer", "off"),
    ("iban", "Rekeningnummer (IBAN)", "off"),
)
MAX_SHOWN = 50


def _render(
    request: Request, pages: Pages, name: str, status: int = 200, **context: Any
) -> HTMLResponse:
    base: dict[str, Any] = {
        "fields": FIELDS,
        "form": {},
        "errors": [],
        "found": None,
        "erased": None,
    }
    headers = {"Cache-Control": "no-store"}
    return pages.render(
        request, f"privacy/{name}.html", {**base, **context}, status_code=status, headers=headers
    )


async def _form(request: Request) -> dict[str, str]:
    submitted = await request.form()
    return {
        key: str(submitted.get(key, ""))[: resident.MAX_VALUE + 1]
        for key, _label, _auto in FIELDS
        if isinstance(submitted.get(key, ""), str)
    } | {"bevestigd": str(submitted.get("bevestigd", ""))[:10]}


def _people(form: Mapping[str, str]) -> tuple[list[resident.Identifier], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    people: list[resident.Identifier] = []
    for kind, _label, _auto in FIELDS:
        value = form.get(kind, "")
        if not value.strip():
            continue
        try:
            people.append(resident.identifier(kind, value))
        except PrivacyInputError as error:
            problems.append((kind, error.dutch()))
    if not people and not problems:
        problems.append(("bsn", PrivacyInputError("none", code="geen_kenmerk").dutch()))
    return people, problems


@router.get("", response_class=HTMLResponse)
def resident_page(request: Request, pages: PagesDep, user: Beheerder) -> Response:
    """Zoek alles wat over één inwoner is opgeslagen, voor inzage of wissen."""
    return _render(request, pages, "inwoner")


def _summary(session: Any, contact_ids: list[int]) -> list[Klantcontact]:
    return list(
        session.scalars(
            select(Klantcontact)
            .where(Klantcontact.id.in_(contact_ids[:MAX_SHOWN]))
            .order_by(Klantcontact.id)
        )
    )


def _found(session: Any, settings: Settings, people: Any) -> tuple[list[int], dict[str, Any]]:
    """The resident's contacts, and what the page shows of them."""
    ids = resident.find_contacts(session, link_key(settings), people)
    found = {
        "count": len(ids),
        "contacts": _summary(session, ids),
        "chats": len(resident.chats_of(session, ids)),
    }
    return ids, found


@router.post("/zoeken", response_class=HTMLResponse)
async def search(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, user: Beheerder
) -> Response:
    """Laat zien wat er over de inwoner is opgeslagen (het zoeken wordt vastgelegd)."""
    form = await _form(request)
    people, problems = _people(form)
    if problems:
        return _render(request, pages, "inwoner", 400, form=form, errors=problems)
    with database.session() as session:
        ids, found = _found(session, settings, people)
        audit.record(
            session, settings.audit_secret(), actor=user.username, action="inwoner_gezocht",
            object_type="inwoner",
            details={"gezocht_op": sorted({p.kind for p in people}), "klantcontacten": len(ids)},
        )  # fmt: skip
        return _render(request, pages, "inwoner", form=form, found=found)


@router.post("/inzage")
async def download(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, user: Beheerder
) -> Response:
    """Download de inzage als JSON (wordt vastgelegd in het auditlogboek)."""
    form = await _form(request)
    people, problems = _people(form)
    if problems:
        return _render(request, pages, "inwoner", 400, form=form, errors=problems)
    with database.session() as session:
        document = inzage.export(
            session, settings, people, link_key=link_key(settings),
            audit_key=settings.audit_secret(), actor=user.username,
        )  # fmt: skip
    headers = {
        "Content-Disposition": 'attachment; filename="inzage.json"',
        "Cache-Control": "no-store",
    }
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers=headers)


@router.post("/wissen", response_class=HTMLResponse)
async def erase(
    request: Request, pages: PagesDep, database: DatabaseDep, settings: SettingsDep, user: Beheerder
) -> Response:
    """Wis alles van de inwoner (eerst bevestigen)."""
    form = await _form(request)
    people, problems = _people(form)
    if problems:
        return _render(request, pages, "inwoner", 400, form=form, errors=problems)
    if form["bevestigd"] != "ja":
        with database.session() as session:
            _ids, found = _found(session, settings, people)
        return _render(request, pages, "wissen", form=form, found=found)
    with database.session() as session:
        erased = resident.erase(
            session, people, link_key=link_key(settings), audit_key=settings.audit_secret(),
            audio_folder=settings.home / "audio", actor=user.username,
        )  # fmt: skip
    return _render(request, pages, "wissen", form={}, erased=erased)
