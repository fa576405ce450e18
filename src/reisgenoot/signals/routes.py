"""Signals in the browser: the dashboard, marks, and the weekly report (HTML and PDF).

Roles: teamleiders see their own team, beheerders every team and the whole municipality,
redacteuren only the kennisbank signals (hand-offs, residents who come back) of the whole
municipality. Medewerkers, opleiders and trainees have no access. No route takes an employee
as parameter and no page shows a figure per employee (tests/signals/test_team_level.py).

- ``GET /signalen``: dashboard (``van``, ``tot``, ``team`` for beheerders, ``onderwerp``);
- ``POST /signalen/markeringen``: mark a signal "herkend", "actie" or "ruis";
- ``GET /signalen/week?week=YYYY-Www`` and ``GET /signalen/week.pdf?week=…``: weekly report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, Team, User
from reisgenoot.errors import InputError
from reisgenoot.settings import Settings
from reisgenoot.signals import aggregate as agg
from reisgenoot.signals import charts, pdf
from reisgenoot.signals import report as rpt
from reisgenoot.signals.marks import SignalKey, set_mark
from reisgenoot.signals.report import KENNISBANK_KINDS, MAX_WEEKS, Overview, Scope
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.templating import Pages, get_pages

PREFIX = "/signalen"
MESSAGES = {
    "datum_ongeldig": "Vul een geldige datum in, zoals 2026-11-09.",
    "periode_ongeldig": "De begindatum ligt na de einddatum. Kies een andere periode.",
    "periode_te_lang": f"Kies een periode van hoogstens {MAX_WEEKS} weken. "
    f"Je ziet nu de laatste {MAX_WEEKS} weken van je keuze.",
    "week_ongeldig": "Kies een week als 2026-W46 (jaar, W, weeknummer).",
    "team_onbekend": "Dit team bestaat niet.",
    "signaal_onbekend": "Dit signaal bestaat niet (meer). Laad de pagina opnieuw.",
    "markering_onbekend": "Kies herkend, actie of ruis.",
    "notitie_te_lang": "De notitie is te lang. Gebruik hoogstens 500 tekens.",
    "geen_team": "Je account hoort niet bij een team.",
}
BACK_KEYS = ("team", "van", "tot", "onderwerp")

router = APIRouter(prefix=PREFIX)

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Viewer = Annotated[
    CurrentUser, Depends(require_roles(Role.TEAMLEIDER, Role.BEHEERDER, Role.REDACTEUR))
]
Manager = Annotated[CurrentUser, Depends(require_roles(Role.TEAMLEIDER, Role.BEHEERDER))]


def _message(error: InputError) -> str:
    return MESSAGES.get(error.code, "Er ging iets mis. Probeer het opnieuw.")


@dataclass(frozen=True, slots=True)
class Access:
    scope: Scope | None  # None: a teamleider without a team
    kennisbank_only: bool
    editable: bool
    teams: list[Team]
    team_value: str  # the ``team`` parameter to keep in links ("" = own team / municipality)


def _access(session: Session, user: CurrentUser, team: str) -> Access:
    """What this user may see: beheerder any team, teamleider their own, redacteur kennisbank."""
    if Role.BEHEERDER in user.roles:
        teams = list(session.scalars(select(Team).order_by(Team.name)))
        if not team.strip():
            return Access(Scope(None, None), False, True, teams, "")
        found = next((t for t in teams if str(t.id) == team.strip()), None)
        if found is None:
            raise InputError("unknown team", code="team_onbekend")
        return Access(Scope(found.id, found.name), False, True, teams, str(found.id))
    if Role.TEAMLEIDER in user.roles:
        own = session.execute(
            select(Team.id, Team.name).join(User, User.team_id == Team.id).where(User.id == user.id)
        ).first()
        scope = None if own is None else Scope(int(own[0]), str(own[1]))
        return Access(scope, False, True, [], "")
    return Access(Scope(None, None), True, False, [], "")


def _parse_day(raw: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise InputError("bad date", code="datum_ongeldig") from exc


def _period(session: Session, van: str, tot: str) -> tuple[list[date], str]:
    """The Mondays of the chosen weeks, and a message when the choice had to be cut."""
    latest = agg.latest_contact_day(session)
    if latest is None:
        return [], ""
    last = _parse_day(tot) or latest
    first = _parse_day(van) or last - timedelta(weeks=rpt.DEFAULT_WEEKS) + timedelta(days=1)
    mondays = rpt.weeks_between(first, last)
    if len(mondays) > MAX_WEEKS:
        return mondays[-MAX_WEEKS:], MESSAGES["periode_te_lang"]
    return mondays, ""


def _back(query: dict[str, str]) -> str:
    return urlencode({k: v for k, v in query.items() if k in BACK_KEYS and v})


@router.get("", response_class=HTMLResponse)
def dashboard(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Viewer,
    van: str = "",
    tot: str = "",
    team: str = "",
    onderwerp: str = "",
    opgeslagen: str = "",
) -> Response:
    """Signalen van het team (of de gemeente), per week, met uitleg, markeringen en grafieken."""
    error = ""
    with database.session() as session:
        try:
            access = _access(session, user, team)
            mondays, error = _period(session, van, tot)
        except InputError as exc:
            error = _message(exc)
            access = _access(session, user, "")
            mondays = rpt.default_weeks(agg.latest_contact_day(session))
        view = _overview(session, access, mondays, onderwerp)
        context: dict[str, Any] = {
            "view": view,
            "error": error,
            "saved": opgeslagen == "1",
            "no_team": access.scope is None,
            "kennisbank_only": access.kennisbank_only,
            "editable": access.editable,
            "teams": access.teams,
            "team_value": access.team_value,
            "van": view.first.isoformat() if view.first else van,
            "tot": view.last.isoformat() if view.last else tot,
            "max_weeks": MAX_WEEKS,
            "back": _back(dict(request.query_params)),
            "svg": charts.svg,
        }
        return pages.render(request, "signals/dashboard.html", context)


def _overview(session: Session, access: Access, mondays: list[date], topic: str) -> Overview:
    if access.scope is None:
        return Overview(Scope(None, None), [], None)
    kinds = KENNISBANK_KINDS if access.kennisbank_only else None
    return rpt.build(
        session,
        access.scope,
        mondays,
        kinds=kinds,
        with_charts=not access.kennisbank_only,
        topic=topic.strip() or None,
    )


@router.post("/markeringen")
def mark(
    request: Request,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Manager,
    signaal: Annotated[str, Form()] = "",
    markering: Annotated[str, Form()] = "",
    notitie: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
    terug: Annotated[str, Form()] = "",
) -> Response:
    """Markeer een signaal als herkend, actie of ruis (met een notitie zonder namen)."""
    try:
        with database.session() as session:
            access = _access(session, user, team)
            if access.scope is None:
                raise InputError("no team", code="geen_team")
            key = SignalKey.parse(signaal)
            _require_detected(session, access.scope, key)
            set_mark(
                session,
                access.scope.team_id,
                key,
                markering,
                notitie,
                audit_key=settings.audit_secret(),
                actor=user.username,
            )
    except InputError as exc:
        return error_page(request, 400, _message(exc))
    back = _back(dict(parse_qsl(terug)))
    target = f"{PREFIX}?{back + '&' if back else ''}opgeslagen=1{_anchor(key)}"
    return RedirectResponse(target, status_code=303)


def _anchor(key: SignalKey) -> str:
    return f"#w-{rpt.week_code(key.week_start)}"


def _require_detected(session: Session, scope: Scope, key: SignalKey) -> None:
    """Only signals that the detectors found in that week (for this scope) can be marked."""
    if key.week_end != key.week_start + timedelta(days=6) or key.week_start.weekday() != 0:
        raise InputError("not a week", code="signaal_onbekend")
    latest = agg.latest_contact_day(session)
    if latest is None or key.week_start > latest:
        raise InputError("no data", code="signaal_onbekend")
    found = rpt.week_signals(session, scope, key.week_start, min(key.week_end, latest))
    if not any(SignalKey.of(s, (key.week_start, key.week_end)) == key for s in found.signals):
        raise InputError("signal not found", code="signaal_onbekend")


def _week_view(database: Database, user: CurrentUser, week: str, team: str) -> tuple[Overview, str]:
    with database.session() as session:
        access = _access(session, user, team)
        if access.scope is None:
            raise InputError("no team", code="geen_team")
        latest = agg.latest_contact_day(session)
        monday = rpt.parse_week(week) if week.strip() else rpt.monday_of(latest or date.today())
        return rpt.build(session, access.scope, [monday]), access.team_value


@router.get("/week", response_class=HTMLResponse)
def week_page(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Manager,
    week: str = "",
    team: str = "",
) -> Response:
    """Het weekrapport: signalen van één week met uitleg en grafieken, om af te drukken."""
    try:
        view, team_value = _week_view(database, user, week, team)
    except InputError as exc:
        return error_page(request, 400, _message(exc))
    if not view.weeks:
        return error_page(request, 404, "Er zijn nog geen contacten, dus ook geen weekrapport.")
    context = {"view": view, "team_value": team_value, "svg": charts.svg}
    return pages.render(request, "signals/week.html", context)


@router.get("/week.pdf")
def week_pdf(
    request: Request, database: DatabaseDep, user: Manager, week: str = "", team: str = ""
) -> Response:
    """Het weekrapport als PDF."""
    try:
        view, _ = _week_view(database, user, week, team)
    except InputError as exc:
        return error_page(request, 400, _message(exc))
    if not view.weeks:
        return error_page(request, 404, "Er zijn nog geen contacten, dus ook geen weekrapport.")
    body = pdf.week_pdf(view)
    filename = f"signalen-{view.weeks[0].code}.pdf"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type="application/pdf", headers=headers)
