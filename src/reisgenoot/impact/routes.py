"""Teamdialoog in the browser: rounds, the anonymous questionnaire, report, leidraad, actions,
the organisation view and the question set.

Roles: every staff member answers the open round of their own team. Teamleiders manage their
own team (open and close rounds, report, leidraad, actions); beheerders manage every team, see
the organisation view across teams and edit the question set. No route shows the answers of
one person: reports show aggregates of at least 5 people, and there is no page, export or API
per submission (there is nothing in the database to build one from).

- ``GET /teamdialoog``: overview; ``POST /teamdialoog/teams/{team}/rondes``: open a round;
  ``POST /teamdialoog/rondes/{id}/sluiten``: close it.
- ``GET|POST /teamdialoog/rondes/{id}/invullen``: the questionnaire (once per person).
- ``GET /teamdialoog/rondes/{id}/rapport[.pdf]``, ``…/leidraad[.pdf]``; ``POST …/acties``;
  ``POST /teamdialoog/acties/{id}/status``.
- ``GET /teamdialoog/organisatie``; ``GET|POST /teamdialoog/vragen`` (beheerder).
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, Team
from reisgenoot.impact import actions as action_service
from reisgenoot.impact import pdf, questions, survey
from reisgenoot.impact.access import managed_round, managed_team_ids, may_manage, team_of
from reisgenoot.impact.guide import build_guide
from reisgenoot.impact.messages import PRIVACY, message
from reisgenoot.impact.models import Action, Round
from reisgenoot.impact.organisation import organisation_view
from reisgenoot.impact.questions import DIMENSIONS, ImpactError
from reisgenoot.impact.report import K, team_report
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import (
    STAFF_ROLES,
    CurrentUser,
    get_database,
    get_settings,
    require_roles,
)
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.params import RecordId, parse_id
from reisgenoot.web.templating import Pages, get_pages

PREFIX = "/teamdialoog"
CONFIRM_FIELD = "bevestigd"

router = APIRouter(prefix=PREFIX)

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Staff = Annotated[CurrentUser, Depends(require_roles(*STAFF_ROLES))]
Manager = Annotated[CurrentUser, Depends(require_roles(Role.TEAMLEIDER, Role.BEHEERDER))]
Beheerder = Annotated[CurrentUser, Depends(require_roles(Role.BEHEERDER))]


# --- overview, opening and closing ---------------------------------------------------------


def _own_round(session: Session, user: CurrentUser, key: bytes) -> dict[str, Any] | None:
    team_id = team_of(session, user.id)
    if team_id is None:
        return None
    round_ = survey.open_round_of(session, team_id)
    if round_ is None:
        return None
    return {"round": round_, "answered": survey.has_answered(session, round_, user.id, key=key)}


def _round_row(session: Session, round_: Round, key: bytes) -> dict[str, Any]:
    return {
        "round": round_,
        "answered": survey.participation_label(session, round_),
        "unreadable": survey.unreadable(session, round_, key) if round_.is_open else 0,
    }


def _managed_teams(session: Session, user: CurrentUser, key: bytes) -> list[dict[str, Any]]:
    if not user.has_any((Role.TEAMLEIDER, Role.BEHEERDER)):
        return []
    managed = managed_team_ids(session, user)
    statement = select(Team).order_by(Team.name)
    if managed is not None:
        statement = statement.where(Team.id.in_(managed))
    return [
        {
            "team": team,
            "size": survey.team_size(session, team.id),
            "rounds": [_round_row(session, r, key) for r in survey.rounds_of(session, team.id)],
        }
        for team in session.scalars(statement)
    ]


@router.get("", response_class=HTMLResponse)
def overview(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Staff,
    klaar: str = "",
) -> Response:
    """Teamdialoog: de open ronde van je team, en voor teamleiders de rondes van hun team."""
    with database.session() as session:
        context = {
            "own": _own_round(session, user, settings.audit_secret()),
            "teams": _managed_teams(session, user, settings.audit_secret()),
            "is_manager": user.has_any((Role.TEAMLEIDER, Role.BEHEERDER)),
            "is_beheerder": Role.BEHEERDER in user.roles,
            "thanks": klaar == "1",
            "privacy": PRIVACY,
            "k": K,
        }
        return pages.render(request, "impact/overzicht.html", context)


@router.post("/teams/{team_id}/rondes")
def open_round(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Manager,
    team_id: RecordId,
) -> Response:
    """Open een nieuwe ronde voor een team."""
    try:
        with database.session() as session:
            if not may_manage(session, user, team_id):
                raise HTTPException(status_code=403)
            survey.open_round(
                session, team_id, audit_key=settings.audit_secret(), actor=user.username
            )
    except ImpactError as error:
        return error_page(request, 409, message(error))
    return RedirectResponse(PREFIX, status_code=303)


@router.post("/rondes/{round_id}/sluiten")
def close_round(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Manager,
    round_id: RecordId,
    zonder_onleesbare: Annotated[str, Form()] = "",
) -> Response:
    """Sluit een ronde; daarna is de uitkomst te zien (bij minstens 5 deelnemers).

    ``zonder_onleesbare=ja``: sluit ook als antwoordlijsten niet te openen zijn (de sleutel
    is veranderd); die tellen dan niet mee.
    """
    try:
        with database.session() as session:
            managed_round(session, user, round_id)
            survey.close_round(
                session,
                round_id,
                audit_key=settings.audit_secret(),
                actor=user.username,
                discard_unreadable=zonder_onleesbare == "ja",
            )
    except ImpactError as error:
        return error_page(request, 409, message(error))
    return RedirectResponse(f"{PREFIX}/rondes/{round_id}/rapport", status_code=303)


# --- answering ------------------------------------------------------------------------------


def _questionnaire(database: Database, user: CurrentUser, round_id: int) -> dict[str, Any]:
    with database.session() as session:
        round_ = session.get(Round, round_id)
        if round_ is None:
            raise HTTPException(status_code=404)
        if team_of(session, user.id) != round_.team_id:
            raise HTTPException(status_code=403)
        key = database.settings.audit_secret()
        return {
            "round": round_,
            "questions": questions.get(session, round_.question_version),
            "answered": survey.has_answered(session, round_, user.id, key=key),
            "lookback": action_service.lookback(session, round_),
            "lookback_title": action_service.LOOKBACK_TITLE,
            "owner_roles": action_service.OWNER_ROLES,
            "status_labels": action_service.STATUS_LABELS,
            "privacy": PRIVACY,
            "error": "",
            "warning": None,
            "values": {},
        }


@router.get("/rondes/{round_id}/invullen", response_class=HTMLResponse)
def questionnaire(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Staff, round_id: RecordId
) -> Response:
    """De anonieme vragenlijst van een ronde."""
    context = _questionnaire(database, user, round_id)
    return pages.render(request, "impact/invullen.html", context)


def _mostly_empty(
    database: Database, user: CurrentUser, round_id: int, values: dict[str, str]
) -> survey.Completeness | None:
    """The form's completeness when it answers fewer than half of the statements of an open
    round this person has not answered yet; None when it can go straight to :func:`submit`.
    Raises :class:`ImpactError` for a form that would be refused anyway."""
    with database.session() as session:
        round_ = session.get(Round, round_id)
        if round_ is None or not round_.is_open:
            return None
        if survey.has_answered(session, round_, user.id, key=database.settings.audit_secret()):
            return None
        questions_ = questions.get(session, round_.question_version)
    found = survey.completeness(questions_, values)
    if not found.mostly_empty:
        return None
    survey.clean_answers(questions_, values)  # a form that is refused anyway shows its error
    return found


@router.post("/rondes/{round_id}/invullen")
async def submit(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Staff, round_id: RecordId
) -> Response:
    """Sla de antwoorden anoniem op; een tweede keer invullen wordt geweigerd.

    Wie minder dan de helft van de zinnen invulde, krijgt eerst de vraag of dat klopt
    ("Toch versturen" of verder invullen); de antwoorden blijven dan in het formulier staan.
    """
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    confirmed = values.pop(CONFIRM_FIELD, "") == "ja"
    try:
        warning = None if confirmed else _mostly_empty(database, user, round_id, values)
        if warning is not None:
            context = _questionnaire(database, user, round_id)
            context.update(warning=warning, values=values)
            return pages.render(request, "impact/invullen.html", context)
        survey.submit(database, round_id, user.id, values)
    except ImpactError as error:
        status = 409 if error.code in ("al_ingevuld", "ronde_gesloten") else 400
        if error.code in ("ronde_onbekend",):
            raise HTTPException(status_code=404) from error
        if error.code == "geen_lid":
            raise HTTPException(status_code=403) from error
        if status == 409:
            return error_page(request, 409, message(error))
        context = _questionnaire(database, user, round_id)
        context.update(error=message(error), values=values)
        return pages.render(request, "impact/invullen.html", context, status_code=400)
    return RedirectResponse(f"{PREFIX}?klaar=1", status_code=303)


# --- report, leidraad, actions ---------------------------------------------------------------


def _report_context(session: Session, user: CurrentUser, round_id: int) -> dict[str, Any]:
    round_ = managed_round(session, user, round_id)
    report = team_report(session, round_.id)
    return {
        "report": report,
        "round": round_,
        "actions": action_service.actions_of(session, round_.id),
        "lookback": action_service.lookback(session, round_),
        "lookback_title": action_service.LOOKBACK_TITLE,
        "owner_roles": action_service.OWNER_ROLES,
        "status_labels": action_service.STATUS_LABELS,
        "dimension_names": {d.key: d.name for d in report.questions.dimensions},
        "scale": report.questions.scale,
        "k": K,
        "today": date.today().isoformat(),
    }


@router.get("/rondes/{round_id}/rapport", response_class=HTMLResponse)
def report_page(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Manager, round_id: RecordId
) -> Response:
    """Het teamrapport van een ronde: verdeling per dimensie, verandering en thema's."""
    with database.session() as session:
        context = _report_context(session, user, round_id)
        return pages.render(request, "impact/rapport.html", context)


@router.get("/rondes/{round_id}/rapport.pdf")
def report_pdf(database: DatabaseDep, user: Manager, round_id: RecordId) -> Response:
    """Het teamrapport als PDF."""
    with database.session() as session:
        context = _report_context(session, user, round_id)
        body = pdf.report_pdf(context["report"], context["actions"], context["lookback"])
    return _pdf_response(body, f"teamdialoog-ronde-{round_id}-rapport.pdf")


def _guide_context(session: Session, user: CurrentUser, round_id: int) -> dict[str, Any]:
    context = _report_context(session, user, round_id)
    context["guide"] = build_guide(context["report"], context["lookback"])
    return context


@router.get("/rondes/{round_id}/leidraad", response_class=HTMLResponse)
def guide_page(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Manager, round_id: RecordId
) -> Response:
    """De gespreksleidraad voor het teamgesprek over deze ronde."""
    with database.session() as session:
        context = _guide_context(session, user, round_id)
        return pages.render(request, "impact/leidraad.html", context)


@router.get("/rondes/{round_id}/leidraad.pdf")
def guide_pdf(database: DatabaseDep, user: Manager, round_id: RecordId) -> Response:
    """De gespreksleidraad als PDF."""
    with database.session() as session:
        context = _guide_context(session, user, round_id)
        body = pdf.guide_pdf(context["guide"])
    return _pdf_response(body, f"teamdialoog-ronde-{round_id}-leidraad.pdf")


def _pdf_response(body: bytes, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type="application/pdf", headers=headers)


def _parse_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ImpactError("bad date", code="datum_ongeldig") from exc


@router.post("/rondes/{round_id}/acties")
def add_action(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Manager,
    round_id: RecordId,
    titel: Annotated[str, Form()] = "",
    eigenaar: Annotated[str, Form()] = "",
    datum: Annotated[str, Form()] = "",
    dimensie: Annotated[str, Form()] = "",
) -> Response:
    """Leg een afgesproken actie vast, met een eigenaar (rol) en een datum."""
    try:
        with database.session() as session:
            round_ = managed_round(session, user, round_id)
            action_service.add_action(
                session,
                round_,
                title=titel,
                owner_role=eigenaar,
                due=_parse_date(datum),
                dimension=dimensie if dimensie in DIMENSIONS else "",
                audit_key=settings.audit_secret(),
                actor=user.username,
            )
    except ImpactError as error:
        return error_page(request, 400, message(error))
    return RedirectResponse(f"{PREFIX}/rondes/{round_id}/leidraad#acties", status_code=303)


@router.post("/acties/{action_id}/status")
def action_status(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Manager,
    action_id: RecordId,
    status: Annotated[str, Form()] = "",
    toelichting: Annotated[str, Form()] = "",
    terug: Annotated[str, Form()] = "",
) -> Response:
    """Werk de status van een actie bij."""
    try:
        with database.session() as session:
            action = session.get(Action, action_id)
            if action is None:
                raise HTTPException(status_code=404)
            if not may_manage(session, user, action.team_id):
                raise HTTPException(status_code=403)
            action_service.set_status(
                session,
                action,
                status,
                toelichting,
                audit_key=settings.audit_secret(),
                actor=user.username,
            )
            back = parse_id(terug) or action.round_id
    except ImpactError as error:
        return error_page(request, 400, message(error))
    return RedirectResponse(f"{PREFIX}/rondes/{back}/rapport#terugblik", status_code=303)


# --- organisation view and question set ------------------------------------------------------


@router.get("/organisatie", response_class=HTMLResponse)
def organisation(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Manager
) -> Response:
    """De cijfers over teams heen; alleen teams met minstens 5 deelnemers."""
    with database.session() as session:
        managed = managed_team_ids(session, user)
        view = organisation_view(session, managed)
        names = {d.key: d.name for d in questions.current(session).dimensions}
        context = {"view": view, "dimension_names": names, "k": K, "own_only": managed is not None}
        return pages.render(request, "impact/organisatie.html", context)


def _questions_context(session: Session) -> dict[str, Any]:
    current = questions.current(session)
    return {
        "questions": current,
        "slots": range(questions.MAX_STATEMENTS),
        "error": "",
        "saved": False,
    }


@router.get("/vragen", response_class=HTMLResponse)
def question_set(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Beheerder, opgeslagen: str = ""
) -> Response:
    """De vragenlijst bekijken en aanpassen (een nieuwe versie)."""
    with database.session() as session:
        context = _questions_context(session)
        context["saved"] = opgeslagen == "1"
        return pages.render(request, "impact/vragen.html", context)


@router.post("/vragen")
async def save_question_set(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Beheerder
) -> Response:
    """Sla de aangepaste vragenlijst op als nieuwe versie; lopende rondes houden hun versie."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        with database.session() as session:
            old = questions.current(session)
            next_version = (questions.latest_version(session) or 0) + 1
            questions.save_version(session, questions.revise(old, values, next_version))
    except ImpactError as error:
        with database.session() as session:
            context = _questions_context(session)
        context["error"] = message(error)
        return pages.render(request, "impact/vragen.html", context, status_code=400)
    return RedirectResponse(f"{PREFIX}/vragen?opgeslagen=1", status_code=303)


@router.get("/teamdialoog.css")
def stylesheet(user: Staff) -> Response:
    """Opmaak van de teamdialoog (grafieken en afdrukken)."""
    css = (resources.files("reisgenoot.impact") / "data" / "teamdialoog.css").read_text("utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})
