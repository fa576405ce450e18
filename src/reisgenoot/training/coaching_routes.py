"""The opleider's pages: linking trainees (contracts §10) and the scenarios with their articles.

- ``GET /training/trainees``: the trainees an opleider guides (a beheerder: every link, but
  never the results), with forms to link and unlink.
- ``POST /training/trainees/koppelen`` and ``…/loskoppelen``: CSRF-protected, audited
  (:mod:`reisgenoot.training.coaching`).
- ``GET /training/scenarios``: every practice scenario (shipped or the municipality's own,
  ``REISGENOOT_SCENARIO_DIR``) with its kennisartikelen, which of them this installation's
  kennisbank lacks (amounts and terms are then not checked), and own files that could not be
  loaded, with file, line and field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role
from reisgenoot.store.engine import Database
from reisgenoot.training import coaching, kennis
from reisgenoot.training.page_deps import (
    FORMATIVE,
    LEVELS,
    Coach,
    DatabaseDep,
    PagesDep,
    ScenariosDep,
    SettingsDep,
)
from reisgenoot.web.deps import CurrentUser
from reisgenoot.web.params import parse_id
from reisgenoot.web.templating import Pages

router = APIRouter(prefix="/training")


LINK_DONE = {
    "gekoppeld": "De trainee is gekoppeld.",
    "losgekoppeld": "De trainee is losgekoppeld. De oefenresultaten blijven bewaard.",
    "toegewezen": "Het oefengesprek staat nu bovenaan de oefenpagina van de trainee.",
}


def _trainees_context(session: Session, user: CurrentUser) -> dict[str, Any]:
    own = Role.OPLEIDER in user.roles
    admin = Role.BEHEERDER in user.roles
    mine = coaching.links(session, user.id) if own else []
    linked = {item.trainee_id for item in mine}
    everyone = coaching.people_with_role(session, Role.TRAINEE)
    return {
        "own": own,
        "admin": admin,
        "trainees": [{"id": item.trainee_id, "name": item.trainee} for item in mine],
        "candidates": [u for u in everyone if u.id not in linked and u.id != user.id],
        "all_trainees": everyone if admin else [],
        "opleiders": coaching.people_with_role(session, Role.OPLEIDER) if admin else [],
        "links": coaching.links(session) if admin else [],
        "formative": FORMATIVE,
        "done": None,
        "error": None,
    }


@router.get("/trainees", response_class=HTMLResponse)
def trainees(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Coach, gedaan: str = ""
) -> Response:
    """De trainees die jij begeleidt; koppelen en loskoppelen (beheerder: alle koppelingen)."""
    with database.session() as session:
        context = _trainees_context(session, user)
    context["done"] = LINK_DONE.get(gedaan)
    return pages.render(request, "training/trainees.html", context)


def _form_id(value: str) -> int | None:
    return parse_id(value.strip())


def _opleider_for(user: CurrentUser, chosen: str) -> int | None:
    """A beheerder chooses the opleider; an opleider always acts for themself."""
    if Role.BEHEERDER in user.roles and chosen.strip():
        return _form_id(chosen)
    return user.id if Role.OPLEIDER in user.roles else None


def _link_failed(
    request: Request, pages: Pages, database: Database, user: CurrentUser, message: str
) -> Response:
    with database.session() as session:
        context = _trainees_context(session, user)
    context["error"] = message
    return pages.render(request, "training/trainees.html", context, status_code=400)


@router.post("/trainees/koppelen")
def link_trainee(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Coach,
    trainee: Annotated[str, Form()] = "",
    opleider: Annotated[str, Form()] = "",
) -> Response:
    """Koppel een trainee aan een opleider (vastgelegd in het auditlogboek)."""
    opleider_id = _opleider_for(user, opleider)
    trainee_id = _form_id(trainee)
    if opleider_id is None:
        return _link_failed(request, pages, database, user, "Kies eerst een opleider.")
    if trainee_id is None:
        return _link_failed(request, pages, database, user, "Kies eerst een trainee.")
    try:
        with database.session() as session:
            coaching.link(
                session,
                opleider_id,
                trainee_id,
                audit_key=settings.audit_secret(),
                actor=user.username,
            )
    except coaching.AssignmentError as exc:
        return _link_failed(request, pages, database, user, exc.dutch())
    return RedirectResponse("/training/trainees?gedaan=gekoppeld", status_code=303)


@router.post("/trainees/loskoppelen")
def unlink_trainee(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Coach,
    trainee: Annotated[str, Form()] = "",
    opleider: Annotated[str, Form()] = "",
) -> Response:
    """Koppel een trainee los; de opleider ziet de resultaten dan niet meer."""
    opleider_id = _opleider_for(user, opleider)
    trainee_id = _form_id(trainee)
    if opleider_id is None or trainee_id is None:
        raise HTTPException(status_code=400)
    try:
        with database.session() as session:
            coaching.unlink(
                session,
                opleider_id,
                trainee_id,
                audit_key=settings.audit_secret(),
                actor=user.username,
            )
    except coaching.AssignmentError as exc:
        return _link_failed(request, pages, database, user, exc.dutch())
    return RedirectResponse("/training/trainees?gedaan=losgekoppeld", status_code=303)


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    installed: ScenariosDep,
    user: Coach,
) -> Response:
    """De oefenscenario's: eigen of meegeleverd, en welke kennisartikelen ontbreken."""
    found = sorted(installed.values(), key=lambda s: (s.niveau, s.titel))
    with database.session() as session:
        missing = kennis.missing_by_scenario(session, found)
    items = [
        {
            "scenario": scenario,
            "level": LEVELS[scenario.niveau],
            "articles": [
                (item, item not in missing[scenario.naam]) for item in scenario.kennisartikelen
            ],
            "complete": not missing[scenario.naam],
            "own": installed.is_own(scenario.naam),
            "replaces": scenario.naam in installed.replaced,
        }
        for scenario in found
    ]
    context = {
        "items": items,
        "lacking": sum(1 for item in items if not item["complete"]),
        "own_dir": installed.own_dir,
        "own_count": len(installed.own),
        "problems": installed.problems,
        "can_write": Role.OPLEIDER in user.roles,
    }
    return pages.render(request, "training/scenarios.html", context)
