"""Live assist and the review gate in the browser (roles medewerker and beheerder).

- ``GET /assist``: start a conversation (choose the kanaal); ``POST /assist`` makes a concept
  klantcontact and opens its page.
- ``GET /assist/{id}``: the conversation page: type turns, replay a demo conversation, see the
  suggestions. Turns come in over ``WS /assist/{id}/ws`` or ``POST /assist/{id}/beurt``
  (:mod:`reisgenoot.assist.live_routes`).
- ``GET /assist/{id}/controle``: every draft field editable, with explanation and confidence;
  ``POST /assist/{id}/controle`` ("Bevestigen") is the only way a draft becomes a registered
  contact (status ``bevestigd``): :mod:`reisgenoot.assist.review` does the work. The same form's
  "Twijfel: misschien ook …" buttons (``kies``) put another product in the field and show the
  form again, unconfirmed.
- ``GET /assist/nakijken``: the employee's own conversations that still wait for review.

A conversation belongs to the employee who started it; others get a 404. The routes parse the
request, call the services (:mod:`~reisgenoot.assist.live`, :mod:`~reisgenoot.assist.review`)
and render the result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from reisgenoot.assist import (
    draft_routes,
    gate_routes,
    live,
    live_routes,
    live_speech,
    review,
    self_first,
    speech_routes,
    tables,
)
from reisgenoot.assist.live_routes import (
    ASSIST_ROLES,
    SPEAKER_LABELS,
    DatabaseDep,
    PagesDep,
    SettingsDep,
    UserDep,
    live_for,
)
from reisgenoot.contacts import linking
from reisgenoot.contacts import sending as contacts_sending
from reisgenoot.contacts.models import GESPREKSRESULTATEN, KANALEN, Klantcontact
from reisgenoot.contacts.routes import linked_for
from reisgenoot.contacts.upl import upl_names
from reisgenoot.jobs.queue import JobQueue
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.background import JobsDep, defer_after
from reisgenoot.web.deps import CurrentUser, require_roles

LIVE_KANALEN = ("Telefoon", "Live chat", "WhatsApp", "E-mail", "Balie")
PAGE_MESSAGES = {
    "weggegooid": "Het gesprek is weggegooid. Er is niets van bewaard.",
    "fout": "Kies wie er spreekt en typ wat er gezegd is (niet leeg, hoogstens 4000 tekens).",
    "leeg": "Er is nog niets om na te kijken. Voeg eerst beurten van het gesprek toe.",
}
DEMO_TURNS: tuple[tuple[str, str], ...] = tuple(
    (speaker, text) for speaker, text in tables.load("demo.yaml")["turns"]
)

router = APIRouter(dependencies=[Depends(require_roles(*ASSIST_ROLES))])
router.include_router(live_routes.router)
router.include_router(speech_routes.router)
router.include_router(draft_routes.router)  # the language model's answer draft (docs/llm.md)
router.include_router(gate_routes.router)  # "eerst zelf", sources opened, discarding


def _own(session: Session, uuid: str, user: CurrentUser) -> Klantcontact:
    contact = review.owned_contact(session, uuid, user.id)
    if contact is None:
        raise HTTPException(status_code=404)
    return contact


def _reviewer(user: CurrentUser) -> review.Reviewer:
    return review.Reviewer(user.id, user.username, user.display_name)


# --- start ------------------------------------------------------------------------------------


def start_context(session: Session, user_id: int) -> dict[str, Any]:
    """What the start page shows (also after a failed upload of a recording)."""
    return {
        "kanalen": LIVE_KANALEN,
        "conversations": review.awaiting_review(session, user_id),
        "opname": True,
        "message": None,
    }


@router.get("/assist", response_class=HTMLResponse)
def start(request: Request, pages: PagesDep, database: DatabaseDep, user: UserDep) -> Response:
    """Een gesprek beginnen: kies het kanaal."""
    with database.session() as session:
        context = start_context(session, user.id)
    context["opname"] = live_speech.speech_backend(request.app) is not None
    context["message"] = PAGE_MESSAGES.get(request.query_params.get("melding", ""))
    return pages.render(request, "assist/start.html", context)


@router.get("/assist/nakijken", response_class=HTMLResponse)
def to_review(request: Request, pages: PagesDep, database: DatabaseDep, user: UserDep) -> Response:
    """Je gesprekken waarvan de registratie nog nagekeken moet worden."""
    with database.session() as session:
        conversations = review.awaiting_review(session, user.id)
    return pages.render(request, "assist/nakijken.html", {"conversations": conversations})


@router.post("/assist")
async def begin(
    request: Request, database: DatabaseDep, settings: SettingsDep, user: UserDep
) -> Response:
    """Maak een concept-klantcontact voor een nieuw gesprek."""
    form = await request.form()
    kanaal = str(form.get("kanaal") or "Telefoon")
    if kanaal not in LIVE_KANALEN:
        kanaal = "Telefoon"
    uuid = await run_in_threadpool(_create, database, settings, user, kanaal)
    return RedirectResponse(f"/assist/{uuid}", status_code=303)


def _create(database: Database, settings: Settings, user: CurrentUser, kanaal: str) -> str:
    with database.session() as session:
        return live.start_conversation(
            session,
            kanaal=kanaal,
            owner_id=user.id,
            actor=user.username,
            audit_key=settings.audit_secret(),
        )


# --- the conversation page ----------------------------------------------------------------------


@router.get("/assist/{uuid}", response_class=HTMLResponse)
def conversation(
    request: Request,
    uuid: str,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: UserDep,
) -> Response:
    """De gesprekspagina: beurten typen, voorbeeldgesprek afspelen, voorstellen zien."""
    with database.session() as session:
        status = _own(session, uuid, user).status
    current = live_for(request, database, uuid, user)
    suggestions = live.current_suggestions(database, current) if current.analysed else None
    context = {
        "uuid": uuid,
        "kanaal": current.kanaal,
        "turns": current.turns,
        "s": suggestions,
        "closed": status != "concept",
        "speakers": SPEAKER_LABELS,
        "demo": json.dumps([{"speaker": s, "text": t} for s, t in DEMO_TURNS]),
        "message": PAGE_MESSAGES.get(request.query_params.get("melding", "")),
        "spraak": live_speech.speech_backend(request.app) is not None,
        "spraak_bewaren": settings.speech_keep_audio_days,
        **contact_extras(database, settings, user, uuid, confirmed=False),
    }
    return pages.render(request, "assist/gesprek.html", context)


# --- review gate ------------------------------------------------------------------------------


def _review_context(
    proposal: Mapping[str, Any],
    values: Mapping[str, str],
    errors: list[tuple[str, str]],
    uuid: str,
    gate: gate_routes.GateState | None = None,
) -> dict[str, Any]:
    count = sum(1 for key in proposal["values"] if key.endswith(".upl"))
    gate = gate or gate_routes.GateState()
    return {
        "uuid": uuid,
        "own": self_first.beside(proposal["values"], gate.choice),
        "advice": gate.advice,
        "sources": gate.links,
        "values": values,
        "why": proposal["explanations"],
        "alternatives": _choices(proposal, values),
        "vragen": range(count),
        "kanalen": KANALEN,
        "resultaten": GESPREKSRESULTATEN,
        "upls": sorted(upl_names()),
        "errors": errors,
        "error_ids": dict(errors),
        "fid": review.field_id,
    }


def _choices(proposal: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, list[str]]:
    """Per unsure question, the products to pick from: the proposal's and its alternatives,
    without the one in the field now."""
    offered = proposal.get("alternatives") or {}
    return {
        path: [p for p in dict.fromkeys([proposal["values"][path], *others]) if p != values[path]]
        for path, others in offered.items()
    }


def _proposal(
    database: Database, uuid: str, user: CurrentUser, current: live.LiveSession, model: Any = None
) -> Any:
    with database.session() as session:
        contact = _own(session, uuid, user)
        return review.open_review(
            session, contact, current.transcript(), current.analysed, model=model
        )


@router.get("/assist/{uuid}/controle", response_class=HTMLResponse)
def review_page(
    request: Request,
    uuid: str,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: UserDep,
) -> Response:
    """De registratie nakijken: elk veld aanpassen, dan bevestigen."""
    with database.session() as session:
        confirmed = _own(session, uuid, user).status != "concept"
    if confirmed:
        extras = contact_extras(database, settings, user, uuid, confirmed=True)
        return pages.render(request, "assist/bevestigd.html", {"uuid": uuid, **extras})
    current = live_for(request, database, uuid, user)
    if not current.analysed:
        return RedirectResponse(f"/assist/{uuid}?melding=leeg", status_code=303)
    proposal = _proposal(database, uuid, user, current, request.app.state.llm)
    gate = gate_routes.gate_state(database, uuid, user, proposal, current)
    if gate.needs_choice:  # "eerst zelf, dan AI": the own choice before the proposal
        empty = {"upl": "", "gespreksresultaat": ""}
        context = gate_routes.choice_context(uuid, empty, [])
        return pages.render(request, "assist/eerst_zelf.html", context)
    values = self_first.prefill(proposal["values"], gate.choice)
    context = _review_context(proposal, values, [], uuid, gate)
    context.update(model=proposal.get("model"), model_note=proposal.get("modelNote"))
    context.update(contact_extras(database, settings, user, uuid, confirmed=False))
    return pages.render(request, "assist/controle.html", context)


def _pending(database: Database, uuid: str, user: CurrentUser) -> dict[str, Any] | None:
    with database.session() as session:
        contact = _own(session, uuid, user)
        if self_first.needs_choice(contact):
            return {}  # the own choice comes first: back to the review page
        return review.pending_proposal(contact)


def _confirm(
    database: Database,
    settings: Settings,
    current: live.LiveSession,
    user: CurrentUser,
    values: Mapping[str, str],
) -> None:
    with database.session() as session:
        review.confirm(
            session,
            _own(session, current.uuid, user),
            current.transcript(),
            current.analysed,
            _reviewer(user),
            values,
            audit_key=settings.audit_secret(),
            link_key=linking.link_key(settings),
        )


@router.post("/assist/{uuid}/controle", response_class=HTMLResponse)
async def confirm(
    request: Request,
    uuid: str,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    jobs: JobsDep,
    user: UserDep,
) -> Response:
    """Bevestigen: pas nu wordt het concept een geregistreerd klantcontact."""
    proposal = await run_in_threadpool(_pending, database, uuid, user)
    if not proposal:  # confirmed already, or never reviewed: show the review page first
        return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)
    current = await run_in_threadpool(live_for, request, database, uuid, user)
    form = await request.form()
    values = review.submitted(form, proposal)
    picked = review.chosen_alternative(form, proposal, values)
    errors = [] if picked else review.validate(values, upl_names())
    if picked or errors:  # not confirmed: the form again, with the pick or the messages
        gate = await run_in_threadpool(
            gate_routes.gate_state, database, uuid, user, proposal, current
        )
        context = _review_context(proposal, values, errors, uuid, gate)
        context["linked"] = None
        return pages.render(
            request, "assist/controle.html", context, status_code=422 if errors else 200
        )
    await run_in_threadpool(_confirm, database, settings, current, user, values)
    response = RedirectResponse(f"/assist/{uuid}/controle?bevestigd=1", status_code=303)
    return await run_in_threadpool(send_after_confirm, response, jobs, settings, uuid, user)


# --- contacts: linked context and Open Klant status (contacts.linking, contacts.sending) ------


def contact_extras(
    database: Database, settings: Settings, user: CurrentUser, uuid: str, *, confirmed: bool
) -> dict[str, Any]:
    """``linked`` (None when the user's roles may not see it) and, once confirmed,
    ``send_status`` for the templates' ``contacts/`` partials."""
    extras: dict[str, Any] = {"linked": linked_for(database, settings, user, uuid)}
    if confirmed:
        with database.session() as session:
            extras["send_status"] = contacts_sending.status_of(session, settings, uuid)
    return extras


def send_after_confirm(
    response: Response, jobs: JobQueue, settings: Settings, uuid: str, user: CurrentUser
) -> Response:
    """With an Open Klant link, send the contact in the background; a failure keeps it."""
    if contacts_sending.is_configured(settings):
        return defer_after(response, jobs, contacts_sending.JOB, uuids=[uuid], actor=user.username)
    return response
