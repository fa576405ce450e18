"""Live assist and the review gate in the browser (roles medewerker and beheerder).

- ``GET /assist``: start a conversation (choose the kanaal); ``POST /assist`` makes a concept
  klantcontact and opens its page.
- ``GET /assist/{id}``: the conversation page: type turns, replay a demo conversation, see the
  suggestions. ``WS /assist/{id}/ws`` takes turns as JSON and pushes the suggestion fragments;
  ``POST /assist/{id}/beurt`` is the same without WebSocket (a plain form, or ``fetch``).
- ``GET /assist/{id}/controle``: every draft field editable, with explanation and confidence;
  ``POST /assist/{id}/controle`` ("Bevestigen") is the only way a draft becomes a registered
  contact (status ``bevestigd``). The audit event holds per-field SHA-256 hashes of what was
  proposed and what was confirmed, the names of the changed fields and the review time.
- ``GET /assist/nakijken``: the employee's own conversations that still wait for review.

A conversation belongs to the employee who started it; others get a 404. The WebSocket is
authenticated with the session cookie and its Origin must match the Host (CSRF tokens do not
apply to WebSockets); the route is a plain Starlette route because the app's request-level
dependencies cannot run on a WebSocket.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request, WebSocket
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from reisgenoot.accounts.models import Role
from reisgenoot.accounts.service import resume_session
from reisgenoot.assist import live as live_mod
from reisgenoot.assist.concept import betrokkene_row
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.topics import products
from reisgenoot.contacts import linking as contacts_linking
from reisgenoot.contacts import sending as contacts_sending
from reisgenoot.contacts.actors import assistant_actor, employee_actor
from reisgenoot.contacts.models import (
    GESPREKSRESULTATEN,
    KANALEN,
    Actor,
    InterneTaak,
    Klantcontact,
    Vraag,
)
from reisgenoot.contacts.requests import CONTACT_LABELS
from reisgenoot.contacts.routes import linked_for
from reisgenoot.errors import InputError
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import (
    SESSION_COOKIE,
    CurrentUser,
    get_database,
    get_settings,
    require_roles,
)
from reisgenoot.web.templating import Pages, get_pages

T = TypeVar("T")
ASSIST_ROLES = (Role.MEDEWERKER, Role.BEHEERDER)
TURN_WORKERS = 1
LIVE_KANALEN = ("Telefoon", "Live chat", "WhatsApp", "E-mail", "Balie")
PAGE_MESSAGES = {
    "fout": "Kies wie er spreekt en typ wat er gezegd is (niet leeg, hoogstens 4000 tekens).",
    "leeg": "Er is nog niets om na te kijken. Voeg eerst beurten van het gesprek toe.",
}
SPEAKER_LABELS = {"inwoner": "Inwoner", "medewerker": "Medewerker"}
TEXT_LIMITS = {"onderwerp": 200, "inhoud": 1000, "reactie": 4000}
TASK_LIMITS = {"gevraagdeHandeling": 200, "toelichting": 1000}
SPECIFIEK_MAX = 180
CALLBACK_KINDS = ("telefoon", "email")
DEMO_TURNS = (
    ("medewerker", "Gemeente Voorbeeldstad, goedemorgen, waarmee kan ik u helpen?"),
    ("inwoner", "Goedemorgen. Ik heb een oude bank en een matras. Kan de gemeente die ophalen?"),
    ("medewerker", "Ja hoor. U kunt een afspraak maken voor grofvuil in Mijn Voorbeeldstad."),
    ("inwoner", "Ik heb het vorige week al gemeld, maar er is niets opgehaald!"),
    ("inwoner", "Dit is nu al de derde keer. Ik wil nu uw leidinggevende spreken!"),
    ("medewerker", "Dat begrijp ik. Ik zet uw melding door en de afdeling belt u vandaag terug."),
)

router = APIRouter(dependencies=[Depends(require_roles(*ASSIST_ROLES))])
UserDep = Annotated[CurrentUser, Depends(require_roles(*ASSIST_ROLES))]
PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def registry(app: Any) -> live_mod.Registry:
    """The app's live sessions (made on first use)."""
    found = getattr(app.state, "assist_registry", None)
    if not isinstance(found, live_mod.Registry):
        found = live_mod.Registry()
        app.state.assist_registry = found
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
    return await asyncio.get_running_loop().run_in_executor(worker(), function, *args)


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _own(session: Session, uuid: str, user: CurrentUser) -> Klantcontact:
    contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
    if contact is None or (contact.meta or {}).get("medewerker") != user.id:
        raise HTTPException(status_code=404)
    return contact


# --- start ------------------------------------------------------------------------------------


def _open_conversations(session: Session, user: CurrentUser) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Klantcontact)
        .where(Klantcontact.status == "concept")
        .order_by(Klantcontact.created_at.desc())
        .limit(200)
    )
    return [
        {"uuid": c.uuid, "kanaal": c.kanaal, "onderwerp": c.onderwerp, "at": c.created_at}
        for c in rows
        if (c.meta or {}).get("medewerker") == user.id and (c.meta or {}).get("bron") == "live"
    ][:25]


@router.get("/assist", response_class=HTMLResponse)
def start(request: Request, pages: PagesDep, database: DatabaseDep, user: UserDep) -> Response:
    """Een gesprek beginnen: kies het kanaal."""
    with database.session() as session:
        conversations = _open_conversations(session, user)
    context = {"kanalen": LIVE_KANALEN, "conversations": conversations}
    return pages.render(request, "assist/start.html", context)


@router.get("/assist/nakijken", response_class=HTMLResponse)
def to_review(request: Request, pages: PagesDep, database: DatabaseDep, user: UserDep) -> Response:
    """Je gesprekken waarvan de registratie nog nagekeken moet worden."""
    with database.session() as session:
        conversations = _open_conversations(session, user)
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
        contact = Klantcontact(
            kanaal=kanaal,
            onderwerp=live_mod.NEW_TOPIC,
            status="concept",
            meta={"bron": "live", "ai_concept": "ja", "medewerker": user.id},
        )
        session.add(contact)
        session.flush()
        audit.record(
            session,
            settings.audit_secret(),
            actor=user.username,
            action="live_gesprek_gestart",
            object_type="klantcontact",
            object_id=contact.uuid,
            details={"kanaal": kanaal},
        )
        return contact.uuid


# --- the conversation page ----------------------------------------------------------------------


def _live_for(request: Request, database: Database, uuid: str, user: CurrentUser) -> Any:
    live = registry(request.app).get(database, uuid)
    if live is None or live.owner != user.id:
        raise HTTPException(status_code=404)
    return live


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
        contact = _own(session, uuid, user)
        status = contact.status
    live = _live_for(request, database, uuid, user)
    suggestions = live_mod.current_suggestions(database, live) if live.turns else None
    context = {
        "uuid": uuid,
        "kanaal": live.kanaal,
        "turns": live.turns,
        "s": suggestions,
        "closed": status != "concept",
        "speakers": SPEAKER_LABELS,
        "demo": json.dumps([{"speaker": s, "text": t} for s, t in DEMO_TURNS]),
        "message": PAGE_MESSAGES.get(request.query_params.get("melding", "")),
        **contact_extras(database, settings, user, uuid, confirmed=False),
    }
    return pages.render(request, "assist/gesprek.html", context)


def announcement(suggestions: live_mod.Suggestions, *, linked: bool = False) -> str:
    """A short sentence for the screen reader's live region after a turn."""
    parts = [f"Nieuwe voorstellen na beurt {suggestions.turns}:"]
    questions, passages = len(suggestions.questions), len(suggestions.passages)
    parts.append(f"{questions} {'vraag' if questions == 1 else 'vragen'} om te stellen,")
    parts.append(f"{passages} {'stuk' if passages == 1 else 'stukken'} uit de kennisbank.")
    if suggestions.alert is not None:
        parts.append(
            "Let op: de inwoner heeft extra aandacht nodig."
            if suggestions.alert.kind == "escalatie"
            else "Let op: dit vraagt om een specialist."
        )
    if linked:
        parts.append("Eerdere contacten worden opnieuw gezocht.")
    return " ".join(parts)


def render_fragments(
    pages: Pages, turn: Any, suggestions: live_mod.Suggestions, *, linked: bool = False
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
        "melding": announcement(suggestions, linked=linked),
    }


def _handle_turn(
    database: Database, pages: Pages, live: Any, speaker: str, text: str
) -> dict[str, Any]:
    started = time.perf_counter()
    turn, suggestions = live_mod.process_turn(database, live, speaker, text)
    linked = bool(contacts_linking.identifiers_in(turn.text, turn.analysis.entities))
    result = render_fragments(pages, turn, suggestions, linked=linked)
    result["work_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return result


@router.post("/assist/{uuid}/beurt")
async def add_turn(
    request: Request, uuid: str, pages: PagesDep, database: DatabaseDep, user: UserDep
) -> Response:
    """Een beurt toevoegen zonder WebSocket (formulier, of fetch vanuit de pagina)."""
    live = await run_in_threadpool(_live_for, request, database, uuid, user)
    form = await request.form()
    speaker, text = str(form.get("speaker") or ""), str(form.get("text") or "")
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        result = await in_worker(_handle_turn, database, pages, live, speaker, text)
    except InputError as error:
        if wants_json:
            return JSONResponse({"type": "fout", "message": _turn_error(error)}, status_code=422)
        return RedirectResponse(f"/assist/{uuid}?melding=fout#beurt-tekst", status_code=303)
    if wants_json:
        return JSONResponse(result)
    return RedirectResponse(f"/assist/{uuid}#suggesties", status_code=303)


def _turn_error(error: InputError) -> str:
    if "closed" in str(error):
        return "Dit gesprek is al geregistreerd. Begin een nieuw gesprek."
    return "Kies wie er spreekt en typ wat er gezegd is (niet leeg, niet te lang)."


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


async def _socket_session(websocket: WebSocket) -> Any:
    """The live session this socket may feed, or None (then the socket is refused)."""
    if not _origin_ok(websocket):
        return None
    user = await run_in_threadpool(_socket_user, websocket)
    if user is None:
        return None
    database: Database = websocket.app.state.database
    uuid = str(websocket.path_params.get("uuid", ""))
    live = await run_in_threadpool(registry(websocket.app).get, database, uuid)
    return live if live is not None and live.owner == user.id else None


def _message(raw: str) -> dict[str, Any]:
    try:
        message = json.loads(raw)
    except ValueError:
        return {}
    return message if isinstance(message, dict) else {}


async def _answer(websocket: WebSocket, live: Any, raw: str) -> None:
    database: Database = websocket.app.state.database
    pages: Pages = websocket.app.state.pages
    message = _message(raw)
    speaker, text = str(message.get("speaker", "")), str(message.get("text", ""))
    try:
        result = await in_worker(_handle_turn, database, pages, live, speaker, text)
    except InputError as error:
        result = {"type": "fout", "message": _turn_error(error)}
    result["id"] = message.get("id")
    await websocket.send_json(result)


async def live_socket(websocket: WebSocket) -> None:
    """WebSocket: beurten als JSON ``{"speaker", "text", "id"?}``; antwoord met fragmenten."""
    live = await _socket_session(websocket)
    if live is None:
        await websocket.close(code=1008)
        return
    await websocket.accept()
    try:
        while True:
            raw = await websocket.receive_text()
            await _answer(websocket, live, raw[: live_mod.MAX_TURN_CHARS * 2])
    except WebSocketDisconnect:
        return


router.add_websocket_route("/assist/{uuid}/ws", live_socket, name="assist_ws")


# --- review gate ------------------------------------------------------------------------------


def editable(draft: Mapping[str, Any]) -> dict[str, str]:
    """The fields a person reviews, by field path, as text."""
    values = {name: str(draft[name]) for name in ("kanaal", "onderwerp", "inhoud", "reactie")}
    for number, vraag in enumerate(draft["vragen"]):
        for name in ("upl", "specifiekeVraag", "gespreksresultaat"):
            values[f"vragen[{number}].{name}"] = str(vraag[name])
    task = draft.get("interneTaak") or {}
    values["interneTaak"] = "ja" if task else "nee"
    values["interneTaak.gevraagdeHandeling"] = str(task.get("gevraagdeHandeling", ""))
    values["interneTaak.toelichting"] = _with_contact_details(
        str(task.get("toelichting", "")), draft.get("betrokkenen") or []
    )
    return values


def _with_contact_details(toelichting: str, betrokkenen: list[dict[str, Any]]) -> str:
    """The task's toelichting with the phone numbers and e-mail addresses the resident gave for
    the callback (contracts §11), labelled as in a contactverzoek from the chat. The employee
    sees them in the review and may change or remove them. (The review form keeps a field on
    one line, so they follow the text after a space.)"""
    lines = [
        f"{CONTACT_LABELS[d['soortDigitaalAdres']]}: {d['adres']}"
        for b in betrokkenen
        for d in b.get("digitaleAdressen") or []
        if d.get("soortDigitaalAdres") in CONTACT_LABELS
        and d.get("adres")
        and str(d["adres"]) not in toelichting
    ]
    if not lines:
        return toelichting
    tail = "; ".join(lines)
    room = TASK_LIMITS["toelichting"] - len(tail) - 1
    text = toelichting if len(toelichting) <= room else toelichting[: max(room - 1, 0)] + "…"
    return f"{text} {tail}" if text else tail


def _explanations(draft: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path, item in draft["explanations"].items():
        found[path] = {"why": item["why"], "confidence": item["confidence"]}
    found["kanaal"] = {"why": "gekozen bij het starten van het gesprek", "confidence": 1.0}
    found["interneTaak.gevraagdeHandeling"] = found["interneTaak"]
    found["interneTaak.toelichting"] = found["interneTaak"]
    return found


def _proposal(database: Database, live: Any, uuid: str) -> dict[str, Any]:
    """The proposal shown for review; snapshot in the concept's metadata on first view."""
    with database.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).one()
        meta = dict(contact.meta or {})
        proposal = meta.get("voorstel")
        if proposal is None or proposal.get("turns") != len(live.turns):
            draft = draft_registration(
                live.transcript(), kanaal=live.kanaal, analysed=live.analysed
            )
            proposal = {
                "turns": len(live.turns),
                "values": editable(draft),
                "explanations": _explanations(draft),
            }
            meta["voorstel"] = proposal
            meta.setdefault("controle_start", datetime.now(UTC).isoformat())
            contact.meta = meta
        return dict(proposal)


def _review_context(
    proposal: Mapping[str, Any],
    values: Mapping[str, str],
    errors: list[tuple[str, str]],
    uuid: str,
) -> dict[str, Any]:
    count = sum(1 for key in proposal["values"] if key.endswith(".upl"))
    return {
        "uuid": uuid,
        "values": values,
        "why": proposal["explanations"],
        "vragen": range(count),
        "kanalen": KANALEN,
        "resultaten": GESPREKSRESULTATEN,
        "upls": sorted(products()),
        "errors": errors,
        "error_ids": dict(errors),
        "fid": _field_id,
    }


@router.get("/assist/{uuid}/controle", response_class=HTMLResponse)
def review(
    request: Request,
    uuid: str,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: UserDep,
) -> Response:
    """De registratie nakijken: elk veld aanpassen, dan bevestigen."""
    with database.session() as session:
        contact = _own(session, uuid, user)
        confirmed = contact.status != "concept"
    if confirmed:
        extras = contact_extras(database, settings, user, uuid, confirmed=True)
        return pages.render(request, "assist/bevestigd.html", {"uuid": uuid, **extras})
    live = _live_for(request, database, uuid, user)
    if not live.turns:
        return RedirectResponse(f"/assist/{uuid}?melding=leeg", status_code=303)
    proposal = _proposal(database, live, uuid)
    context = _review_context(proposal, proposal["values"], [], uuid)
    context.update(contact_extras(database, settings, user, uuid, confirmed=False))
    return pages.render(request, "assist/controle.html", context)


def _submitted(form: Mapping[str, Any], proposal: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key in proposal["values"]:
        raw = form.get(key)
        values[key] = " ".join(str(raw).split()) if key != "inhoud" else str(raw or "").strip()
        if raw is None:
            values[key] = ""
    values["interneTaak"] = "ja" if form.get("interneTaak") == "ja" else "nee"
    return values


def _field_id(path: str) -> str:
    return "veld-" + path.replace("[", "-").replace("]", "").replace(".", "-")


def _check_texts(values: Mapping[str, str]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if values["kanaal"] not in KANALEN:
        errors.append((_field_id("kanaal"), "Kies een kanaal uit de lijst."))
    if not values["onderwerp"]:
        errors.append((_field_id("onderwerp"), "Vul het onderwerp in."))
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            errors.append(
                (_field_id(name), f"Maak het veld {name} korter: hoogstens {limit} tekens.")
            )
    return errors


def _check_vragen(values: Mapping[str, str]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    names = products()
    for key, value in values.items():
        if key.endswith(".upl") and value not in names:
            errors.append((_field_id(key), "Kies een product uit de UPL-lijst."))
        elif key.endswith(".gespreksresultaat") and value not in GESPREKSRESULTATEN:
            errors.append((_field_id(key), "Kies een gespreksresultaat uit de lijst."))
        elif key.endswith(".specifiekeVraag") and not 0 < len(value) <= SPECIFIEK_MAX:
            errors.append((_field_id(key), f"Vul de vraag in, hoogstens {SPECIFIEK_MAX} tekens."))
    return errors


def _check_task(values: Mapping[str, str]) -> list[tuple[str, str]]:
    if values["interneTaak"] != "ja":
        return []
    errors: list[tuple[str, str]] = []
    for name, limit in TASK_LIMITS.items():
        value = values[f"interneTaak.{name}"]
        if name == "gevraagdeHandeling" and not value:
            errors.append((_field_id(f"interneTaak.{name}"), "Vul in wat er moet gebeuren."))
        if len(value) > limit:
            errors.append((_field_id(f"interneTaak.{name}"), f"Hoogstens {limit} tekens."))
    return errors


def changed_fields(proposed: Mapping[str, str], final: Mapping[str, str]) -> list[str]:
    return sorted(key for key in final if proposed.get(key, "") != final[key])


def _actors(session: Session, user: CurrentUser) -> list[Actor]:
    return [employee_actor(session, user.id, user.display_name), assistant_actor(session)]


def _apply(contact: Klantcontact, values: Mapping[str, str], draft: Mapping[str, Any]) -> None:
    contact.kanaal = values["kanaal"]
    contact.onderwerp = values["onderwerp"]
    contact.inhoud = values["inhoud"]
    contact.reactie = values["reactie"]
    contact.taal = draft["taal"]
    contact.vertrouwelijk = draft["vertrouwelijk"]
    contact.tone = draft["tone"]["tone"]
    contact.complex = draft["complex"]
    contact.indicatie_contact_gelukt = draft["indicatieContactGelukt"]
    contact.plaatsgevonden_op = contact.turns[0].at if contact.turns else None
    contact.vragen = [
        Vraag(
            position=number,
            upl=values[f"vragen[{number}].upl"],
            specifieke_vraag=values[f"vragen[{number}].specifiekeVraag"],
            gespreksresultaat=values[f"vragen[{number}].gespreksresultaat"],
        )
        for number in range(len(draft["vragen"]))
    ]
    contact.interne_taken = (
        [
            InterneTaak(
                gevraagde_handeling=values["interneTaak.gevraagdeHandeling"],
                toelichting=values["interneTaak.toelichting"],
            )
        ]
        if values["interneTaak"] == "ja"
        else []
    )
    contact.betrokkenen = [betrokkene_row(b) for b in draft["betrokkenen"]]


def _review_seconds(meta: Mapping[str, Any]) -> int:
    started = datetime.fromisoformat(str(meta["controle_start"]))
    return max(0, round((datetime.now(UTC) - started).total_seconds()))


def _free_text_limit(key: str) -> int | None:
    """The length limit of a free-text field of the review form (None: not free text)."""
    if key in TEXT_LIMITS:
        return TEXT_LIMITS[key]
    if key.endswith(".specifiekeVraag"):
        return SPECIFIEK_MAX
    if key.startswith("interneTaak."):
        return TASK_LIMITS.get(key.split(".", 1)[1])
    return None


def scrubbed(values: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The values to store: identifiers the employee typed in free-text fields replaced by
    their tag (``[BSN]``), and the names of the fields where that happened. The interne taak
    keeps a phone number or e-mail address: a callback needs it (contracts §11)."""
    stored: dict[str, str] = {}
    replaced: list[str] = []
    for key, value in values.items():
        limit = _free_text_limit(key)
        keep = CALLBACK_KINDS if key.startswith("interneTaak.") else ()
        clean = contacts_linking.scrub(value, keep) if limit is not None else value
        if clean != value:
            replaced.append(key)
            clean = clean[:limit]
        stored[key] = clean
    return stored, sorted(replaced)


def _confirm(
    database: Database,
    settings: Settings,
    live: Any,
    user: CurrentUser,
    values: Mapping[str, str],
) -> None:
    draft = draft_registration(live.transcript(), kanaal=values["kanaal"], analysed=live.analysed)
    stored, replaced = scrubbed(values)
    with database.session() as session:
        contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == live.uuid)).one()
        meta = dict(contact.meta or {})
        proposal = meta.pop("voorstel")
        proposed: dict[str, str] = proposal["values"]
        seconds = _review_seconds(meta)
        meta.pop("controle_start", None)
        _apply(contact, stored, draft)
        contact.actoren = _actors(session, user)
        contact.status = "bevestigd"
        changed = changed_fields(proposed, values)
        # What Reisgenoot proposed, with identifiers replaced by their tag (the callback
        # number lives on in the interne taak only): the audit's hashes refer to it.
        snapshot = {
            key: contacts_linking.scrub(value) if _free_text_limit(key) is not None else value
            for key, value in proposed.items()
        }
        meta.update(
            {
                "bevestigd_door": user.id,
                "gewijzigde_velden": len(changed),
                "voorstel": {"turns": proposal.get("turns"), "values": snapshot},
            }
        )
        contact.meta = meta
        session.flush()
        contacts_linking.record_identifiers(
            session,
            contact,
            contacts_linking.link_key(settings),
            extra=[value for key, value in values.items() if _free_text_limit(key) is not None],
        )
        audit.record(
            session,
            settings.audit_secret(),
            actor=user.username,
            action="klantcontact_bevestigd",
            object_type="klantcontact",
            object_id=contact.uuid,
            details={
                "gewijzigd": changed,
                "voorstel": {key: sha256(value) for key, value in snapshot.items()},
                "definitief": {key: sha256(value) for key, value in stored.items()},
                "identificatoren_vervangen": replaced,
                "controle_seconden": seconds,
                "beurten": len(live.turns),
                "vragen": len(draft["vragen"]),
                "interne_taak": values["interneTaak"] == "ja",
            },
        )


def _load_for_confirm(database: Database, uuid: str, user: CurrentUser) -> dict[str, Any] | None:
    with database.session() as session:
        contact = _own(session, uuid, user)
        if contact.status != "concept":
            return None
        proposal = (contact.meta or {}).get("voorstel")
        return dict(proposal) if proposal else {}


@router.post("/assist/{uuid}/controle", response_class=HTMLResponse)
async def confirm(
    request: Request,
    uuid: str,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: UserDep,
) -> Response:
    """Bevestigen: pas nu wordt het concept een geregistreerd klantcontact."""
    proposal = await run_in_threadpool(_load_for_confirm, database, uuid, user)
    if proposal is None:
        return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)
    if not proposal:  # never reviewed: show the review page first
        return RedirectResponse(f"/assist/{uuid}/controle", status_code=303)
    live = await run_in_threadpool(_live_for, request, database, uuid, user)
    values = _submitted(await request.form(), proposal)
    errors = _check_texts(values) + _check_vragen(values) + _check_task(values)
    if errors:
        context = _review_context(proposal, values, errors, uuid)
        context["linked"] = None
        return pages.render(request, "assist/controle.html", context, status_code=422)
    await run_in_threadpool(_confirm, database, settings, live, user, values)
    response = RedirectResponse(f"/assist/{uuid}/controle?bevestigd=1", status_code=303)
    return send_after_confirm(response, database, settings, uuid, user)


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
    response: Response, database: Database, settings: Settings, uuid: str, user: CurrentUser
) -> Response:
    """With an Open Klant link, send the contact after the response; a failure keeps it."""
    if contacts_sending.is_configured(settings):
        response.background = BackgroundTask(
            contacts_sending.send_quietly, database, settings, [uuid], user.username
        )
    return response
