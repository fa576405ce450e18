"""Oversight pages: how teams rely on the registration proposals (never per person).

- ``GET /toezicht``: reliance figures per team and month — a teamleider sees their own team, a
  beheerder every team and the whole municipality (contracts §10: ≥ 5 people, ≥ 20 reviews).
- ``GET /toezicht/mijn-controles``: an employee's own review history, seen only by them.
- ``GET /toezicht/werkwijze`` and ``POST /toezicht/werkwijze/{team}``: "eerst zelf, dan AI"
  on or off — a teamleider for their own team, a beheerder for every team (audited).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, Team, User
from reisgenoot.oversight import workflow
from reisgenoot.oversight.reliance import (
    FIELD_LABELS,
    MIN_PEOPLE,
    MIN_REVIEWS,
    own_history,
    reliance,
)
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import (
    STAFF_ROLES,
    CurrentUser,
    get_database,
    get_settings,
    require_roles,
)
from reisgenoot.web.params import RecordId
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter(prefix="/toezicht")

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Manager = Annotated[CurrentUser, Depends(require_roles(Role.TEAMLEIDER, Role.BEHEERDER))]
Staff = Annotated[CurrentUser, Depends(require_roles(*STAFF_ROLES))]


@router.get("", response_class=HTMLResponse)
def team_reliance(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Manager
) -> Response:
    """Hoe teams de voorstellen gebruiken, per team en maand."""
    with database.session() as session:
        if Role.BEHEERDER in user.roles:
            rows = reliance(session)
        else:
            own = session.scalar(
                select(Team.name).join(User, User.team_id == Team.id).where(User.id == user.id)
            )
            rows = reliance(session, teams=[own] if own else [])
    context = {
        "rows": rows,
        "labels": FIELD_LABELS,
        "min_people": MIN_PEOPLE,
        "min_reviews": MIN_REVIEWS,
    }
    return pages.render(request, "oversight/toezicht.html", context)


@router.get("/mijn-controles", response_class=HTMLResponse)
def my_reviews(request: Request, pages: PagesDep, database: DatabaseDep, user: Staff) -> Response:
    """Je eigen controles van voorstellen, per maand (alleen voor jou)."""
    with database.session() as session:
        rows = own_history(session, user.username)
    return pages.render(
        request, "oversight/mijn_controles.html", {"rows": rows, "labels": FIELD_LABELS}
    )


def _settable(session: Session, user: CurrentUser) -> list[workflow.TeamWay]:
    every = Role.BEHEERDER in user.roles
    own = None if every else workflow.own_team_id(session, user.id)
    return workflow.teams(session, own, every=every)


@router.get("/werkwijze", response_class=HTMLResponse)
def way_of_working(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Manager
) -> Response:
    """Werkwijze van het team: "eerst zelf, dan AI" aan of uit."""
    with database.session() as session:
        found = _settable(session, user)
    done = request.query_params.get("klaar") == "1"
    return pages.render(request, "oversight/werkwijze.html", {"teams": found, "done": done})


@router.post("/werkwijze/{team_id}")
def set_way_of_working(
    team_id: RecordId,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Manager,
    eerst_zelf: Annotated[str, Form()] = "",
) -> Response:
    """ "Eerst zelf, dan AI" aan- of uitzetten voor een team."""
    with database.session() as session:
        if team_id not in {team.id for team in _settable(session, user)}:
            raise HTTPException(status_code=404)
        workflow.set_self_first(
            session,
            team_id,
            eerst_zelf == "ja",
            actor=user.username,
            audit_key=settings.audit_secret(),
        )
    return RedirectResponse("/toezicht/werkwijze?klaar=1", status_code=303)
