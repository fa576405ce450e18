"""The opleider writes, checks, saves and assigns practice scenarios in the browser.

- ``GET /training/scenarios/schrijven?naam=…``: the editor, filled with the own or shipped
  text of that scenario (or a starting point), with the earlier versions;
- ``POST /training/scenarios/schrijven``: ``actie=controleren`` validates and previews (the
  example scripts played and judged), ``actie=opslaan`` saves a new version;
- ``POST /training/scenarios/toewijzen``: give a guided trainee a scenario to practise.

Parse → service (:mod:`.authoring`) → render; every error is a Dutch message on the page.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reisgenoot.training import authoring, coaching, kennis
from reisgenoot.training.catalogue import catalogue_for
from reisgenoot.training.page_deps import (
    LEVELS,
    DatabaseDep,
    Opleider,
    PagesDep,
    SettingsDep,
    not_found,
)
from reisgenoot.training.rubric import CRITERIA
from reisgenoot.training.scenario import ScenarioError

router = APIRouter(prefix="/training/scenarios")
STARTER = "paspoort-vakantie"
"""The shipped scenario an empty editor starts from."""
DONE = "Het oefengesprek is opgeslagen (versie {versie}). Trainees kunnen het nu oefenen."


def _editor(
    request: Request,
    pages: PagesDep,
    settings: SettingsDep,
    user: Opleider,
    database: DatabaseDep,
    **values: Any,
) -> Response:
    folder = authoring.own_folder(settings)
    name = str(values.get("name", ""))
    with database.session() as session:
        trainees = [(link.trainee_id, link.trainee) for link in coaching.links(session, user.id)]
    context = {
        "name": name,
        "text": values.get("text", ""),
        "error": values.get("error"),
        "preview": values.get("preview"),
        "done": values.get("done"),
        "versions": authoring.versions(folder, name) if name else [],
        "folder": folder,
        "criteria": CRITERIA,
        "levels": LEVELS,
        "trainees": trainees,
        "scenarios": sorted(catalogue_for(settings, strict=False).scenarios),
    }
    status = 400 if values.get("error") else 200
    return pages.render(request, "training/scenario_schrijven.html", context, status_code=status)


@router.get("/schrijven", response_class=HTMLResponse)
def editor(
    request: Request,
    pages: PagesDep,
    settings: SettingsDep,
    database: DatabaseDep,
    user: Opleider,
    naam: str = "",
    versie: int = 0,
    gedaan: int = 0,
) -> Response:
    """Schrijf of pas een oefengesprek aan, controleer het en sla het op."""
    folder = authoring.own_folder(settings)
    name = naam.strip()
    text = authoring.source_text(folder, name or STARTER) or ""
    chosen = next((v for v in authoring.versions(folder, name) if v.number == versie), None)
    if chosen is not None:
        text = chosen.path.read_text(encoding="utf-8")
    done = DONE.format(versie=gedaan) if gedaan else None
    return _editor(request, pages, settings, user, database, name=name, text=text, done=done)


@router.post("/schrijven", response_class=HTMLResponse)
def check_or_save(
    request: Request,
    pages: PagesDep,
    settings: SettingsDep,
    database: DatabaseDep,
    user: Opleider,
    naam: Annotated[str, Form()] = "",
    tekst: Annotated[str, Form()] = "",
    actie: Annotated[str, Form()] = "controleren",
) -> Response:
    """Controleer (voorbeeld) of sla een nieuwe versie op."""
    name = naam.strip()
    values: dict[str, Any] = {"name": name, "text": tekst}
    try:
        if actie == "opslaan":
            with database.session() as session:
                _scenario, number = authoring.save(
                    session, settings, tekst, name, actor=str(user.id)
                )
            target = f"/training/scenarios/schrijven?naam={quote(name)}&gedaan={number}"
            return RedirectResponse(target, status_code=303)
        with database.session() as session:
            draft = authoring.check(tekst, name)
            reference = kennis.reference_for(session, draft.scenario)
        values["preview"] = authoring.check(tekst, name, reference)
    except ScenarioError as exc:
        values["error"] = exc.dutch()
    return _editor(request, pages, settings, user, database, **values)


@router.post("/toewijzen")
def assign(
    settings: SettingsDep,
    database: DatabaseDep,
    user: Opleider,
    naam: Annotated[str, Form()] = "",
    trainee: Annotated[int, Form()] = 0,
) -> Response:
    """Geef een trainee die je begeleidt een oefengesprek om te oefenen."""
    name = naam.strip()
    if name not in catalogue_for(settings, strict=False):
        raise not_found()
    with database.session() as session:
        try:
            authoring.assign(session, user.id, trainee, name)
        except ScenarioError as exc:  # not a trainee this opleider guides: as if unknown
            raise not_found() from exc
    return RedirectResponse("/training/trainees?gedaan=toegewezen", status_code=303)
