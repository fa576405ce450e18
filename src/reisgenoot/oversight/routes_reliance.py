"""Oversight pages: how teams rely on the registration proposals (never per person).

- ``GET /toezicht``: reliance figures per team and month — a teamleider sees their own team, a
  beheerder every team and the whole municipality (contracts §10: ≥ 5 people, ≥ 20 reviews).
- ``GET /toezicht/mijn-controles``: an employee's own review history, seen only by them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from reisgenoot.accounts.models import Role, Team, User
from reisgenoot.oversight.reliance import (
    FIELD_LABELS,
    MIN_PEOPLE,
    MIN_REVIEWS,
    own_history,
    reliance,
)
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import STAFF_ROLES, CurrentUser, get_database, require_roles
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter(prefix="/toezicht")

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
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
