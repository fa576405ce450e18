"""Around the review gate: "eerst zelf", sources opened, and discarding a conversation.

- ``POST /assist/{id}/eerst-zelf``: under "eerst zelf, dan AI" the employee's own product and
  gespreksresultaat, before the proposal shows (:mod:`reisgenoot.assist.self_first`); the
  form itself is what ``GET /assist/{id}/controle`` shows first (:func:`gate_state`).
- ``GET /assist/{id}/bron/{article}``: notes that a cited source was opened
  (:mod:`reisgenoot.assist.sources`) and sends the browser on to the article.
- ``GET|POST /assist/{id}/weggooien``: ask, then throw the unconfirmed conversation away
  (:mod:`reisgenoot.assist.discard`).

All of them for the employee who started the conversation only (others: 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from reisgenoot.assist import discard, live, review, self_first, sources
from reisgenoot.assist.conversation import LiveSession
from reisgenoot.assist.live_routes import (
    DatabaseDep,
    PagesDep,
    SettingsDep,
    UserDep,
    registry,
)
from reisgenoot.assist.suggestions import Alert
from reisgenoot.contacts.models import GESPREKSRESULTATEN, Klantcontact
from reisgenoot.contacts.upl import upl_names
from reisgenoot.speech.retention import AudioStore
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser

router = APIRouter()


def _own(session: Session, uuid: str, user: CurrentUser) -> Klantcontact:
    contact = review.owned_contact(session, uuid, user.id)
    if contact is None:
        raise HTTPException(status_code=404)
    return contact


@dataclass
class GateState:
    """What the review gate needs beside the proposal."""

    needs_choice: bool = False
    choice: dict[str, str] | None = None
    links: list[sources.SourceLink] = field(default_factory=list)
    advice: Alert | None = None  # the hand-off advice live assist showed last


def gate_state(
    database: Database,
    uuid: str,
    user: CurrentUser,
    proposal: dict[str, Any],
    current: LiveSession | None = None,
) -> GateState:
    """Whether the own choice comes first, the own choice, and the sources to read (those
    live assist suggested last, then the articles of the proposed products)."""
    with database.session() as session:
        if self_first.needs_choice(_own(session, uuid, user)):
            return GateState(needs_choice=True)
    suggested, advice = [], None
    if current is not None and current.analysed:
        shown = live.current_suggestions(database, current)
        suggested = [sources.SourceLink(p.article_id, p.source, p.title) for p in shown.passages]
        advice = shown.alert
    with database.session() as session:
        upls = [v for k, v in proposal["values"].items() if k.endswith(".upl")]
        links = sources.review_sources(session, upls, suggested)
        choice = self_first.own(_own(session, uuid, user))
    return GateState(choice=choice, links=links, advice=advice)


def choice_context(
    uuid: str, values: dict[str, str], errors: list[tuple[str, str]]
) -> dict[str, Any]:
    return {
        "uuid": uuid,
        "values": values,
        "errors": errors,
        "error_ids": dict(errors),
        "upls": sorted(upl_names()),
        "resultaten": GESPREKSRESULTATEN,
    }


@router.post("/assist/{uuid}/eerst-zelf", response_class=HTMLResponse)
async def choose_first(
    request: Request, uuid: str, pages: PagesDep, database: DatabaseDep, user: UserDep
) -> Response:
    """Eerst zelf kiezen: product en gespreksresultaat, voordat je het voorstel ziet."""
    form = await request.form()
    with database.session() as session:
        contact = _own(session, uuid, user)
        if not self_first.needs_choice(contact):
            return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)
        values, errors = self_first.choose(contact, form, upl_names())
    if errors:
        context = choice_context(uuid, values, errors)
        return pages.render(request, "assist/eerst_zelf.html", context, status_code=422)
    return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)


@router.get("/assist/{uuid}/bron/{article_id}")
def open_source(
    uuid: str, article_id: str, database: DatabaseDep, user: UserDep, bron: str = ""
) -> Response:
    """Een bron openen vanuit het gesprek of het nakijken (Reisgenoot telt dat het gebeurde)."""
    target = sources.article_path(article_id, bron or None)
    if target is None:
        raise HTTPException(status_code=404)
    with database.session() as session:
        sources.record_opened(_own(session, uuid, user), article_id)
    return RedirectResponse(target, status_code=303)


@router.get("/assist/{uuid}/weggooien", response_class=HTMLResponse)
def discard_page(
    request: Request, uuid: str, pages: PagesDep, database: DatabaseDep, user: UserDep
) -> Response:
    """Vragen of je dit gesprek echt wilt weggooien."""
    with database.session() as session:
        contact = _own(session, uuid, user)
        context = {"uuid": uuid, "kanaal": contact.kanaal, "turns": len(contact.turns)}
        closed = contact.status != "concept"
    if closed:
        return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)
    return pages.render(request, "assist/weggooien.html", context)


@router.post("/assist/{uuid}/weggooien")
def discard_conversation(
    request: Request, uuid: str, database: DatabaseDep, settings: SettingsDep, user: UserDep
) -> Response:
    """Het gesprek weggooien: het concept, de beurten en wat erbij bewaard is."""
    with database.session() as session:
        contact = _own(session, uuid, user)
        done = discard.discard(
            session,
            contact,
            actor=user.username,
            audit_key=settings.audit_secret(),
            audio=AudioStore(settings.home / "audio", settings.speech_keep_audio_days),
        )
    if not done:
        return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)
    registry(request.app).drop(uuid)
    return RedirectResponse("/assist?melding=weggegooid", status_code=303)
