"""The beheerder's account pages: users and teams with roles, password reset, deactivation.

- ``GET|POST /beheer/gebruikers``: every account; add one.
- ``GET|POST /beheer/gebruikers/{id}``: change name, roles and team.
- ``POST /beheer/gebruikers/{id}/wachtwoord``: a new temporary password, shown once.
- ``POST /beheer/gebruikers/{id}/uitzetten`` and ``…/aanzetten``: block or allow logging in.

Only beheerders; every change is audited by :mod:`reisgenoot.accounts.admin`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reisgenoot.accounts import admin
from reisgenoot.accounts.models import Role, User
from reisgenoot.accounts.service import NewUser, create_user
from reisgenoot.errors import AccountError
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, get_settings, require_roles
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.params import RecordId
from reisgenoot.web.templating import Pages, get_pages

PREFIX = "/beheer/gebruikers"
router = APIRouter(prefix=PREFIX)

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Beheerder = Annotated[CurrentUser, Depends(require_roles(Role.BEHEERDER))]
DONE = {
    "aangemaakt": "De gebruiker is aangemaakt.",
    "gewijzigd": "De gegevens zijn opgeslagen.",
    "uitgezet": "Het account is uitgezet. Deze persoon kan niet meer inloggen.",
    "aangezet": "Het account is weer aangezet.",
}


def _roles(values: list[str]) -> list[Role]:
    known = {role.value: role for role in Role}
    return [known[value] for value in values if value in known]


def _list_page(request: Request, pages: Pages, database: Database, **extra: Any) -> HTMLResponse:
    with database.session() as session:
        context = {
            "users": admin.users(session),
            "teams": admin.teams(session),
            "roles": list(Role),
            "done": DONE.get(request.query_params.get("klaar", ""), ""),
            "errors": [],
            "form": {},
            **extra,
        }
        return pages.render(
            request, "oversight/gebruikers.html", context, status_code=400 if extra else 200
        )


@router.get("", response_class=HTMLResponse)
def user_list(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Beheerder
) -> Response:
    """Alle gebruikers, met hun rollen en team."""
    return _list_page(request, pages, database)


@router.post("")
def add_user(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Beheerder,
    gebruikersnaam: Annotated[str, Form()] = "",
    naam: Annotated[str, Form()] = "",
    wachtwoord: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
    rol: Annotated[list[str] | None, Form()] = None,
) -> Response:
    roles = _roles(rol or [])
    form = {"gebruikersnaam": gebruikersnaam, "naam": naam, "team": team, "rollen": roles}
    problems = []
    if not gebruikersnaam.strip() or len(gebruikersnaam) > 150 or " " in gebruikersnaam.strip():
        problems.append(("gebruikersnaam", "Vul een inlognaam in, zonder spaties."))
    if not naam.strip() or len(naam) > admin.MAX_DISPLAY_NAME:
        problems.append(("naam", "Vul de naam in zoals collega's die zien."))
    if not roles:
        problems.append(("rol-medewerker", "Kies minstens één rol."))
    if problems:
        return _list_page(request, pages, database, errors=problems, form=form)
    new = NewUser(
        gebruikersnaam.strip(), naam.strip(), wachtwoord, tuple(roles), team.strip() or None
    )
    try:
        with database.session() as session:
            create_user(session, new, audit_key=settings.audit_secret(), actor=user.username)
    except AccountError as error:
        field = "wachtwoord" if error.code == "wachtwoord_te_kort" else "gebruikersnaam"
        return _list_page(request, pages, database, errors=[(field, error.dutch())], form=form)
    return RedirectResponse(f"{PREFIX}?klaar=aangemaakt", status_code=303)


def _edit_page(
    request: Request,
    pages: Pages,
    database: Database,
    user_id: int,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    with database.session() as session:
        person = session.get(User, user_id)
        if person is None:
            return error_page(request, 404, "Deze gebruiker bestaat niet.")
        context = {
            "person": person,
            "teams": admin.teams(session),
            "roles": list(Role),
            "errors": [],
            "password": None,
            "done": DONE.get(request.query_params.get("klaar", ""), ""),
            **extra,
        }
        return pages.render(request, "oversight/gebruiker.html", context, status_code=status)


@router.get("/{user_id}", response_class=HTMLResponse)
def edit_user(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Beheerder, user_id: RecordId
) -> Response:
    """Naam, rollen en team van één gebruiker."""
    return _edit_page(request, pages, database, user_id)


def _change(
    request: Request,
    pages: Pages,
    database: Database,
    user_id: RecordId,
    action: Any,
    done: str,
) -> Response:
    try:
        with database.session() as session:
            action(session)
    except AccountError as error:
        if error.code == "gebruiker_onbekend":
            return error_page(request, 404, error.dutch())
        return _edit_page(
            request, pages, database, user_id, status=400, errors=[("naam", error.dutch())]
        )
    return RedirectResponse(f"{PREFIX}/{user_id}?klaar={done}", status_code=303)


@router.post("/{user_id}")
def save_user(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Beheerder,
    user_id: RecordId,
    naam: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
    rol: Annotated[list[str] | None, Form()] = None,
) -> Response:
    def action(session: Any) -> None:
        admin.update_user(
            session,
            user_id,
            display_name=naam,
            roles=_roles(rol or []),
            team=team,
            audit_key=settings.audit_secret(),
            actor=user.username,
        )

    return _change(request, pages, database, user_id, action, "gewijzigd")


@router.post("/{user_id}/wachtwoord", response_class=HTMLResponse)
def new_password(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Beheerder,
    user_id: RecordId,
) -> Response:
    """Een nieuw tijdelijk wachtwoord; het staat alleen op deze pagina."""
    try:
        with database.session() as session:
            password = admin.reset_password(
                session, user_id, audit_key=settings.audit_secret(), actor=user.username
            )
    except AccountError as error:
        status = 400 if error.code == "sso_account_wachtwoord" else 404
        return error_page(request, status, error.dutch())
    response = _edit_page(request, pages, database, user_id, password=password)
    response.headers["Cache-Control"] = "no-store"
    return response


# Switching an account off or on: one handler per path, the service and the message from here.
SWITCHES = {
    "uitzetten": (admin.deactivate, "uitgezet"),
    "aanzetten": (admin.reactivate, "aangezet"),
}


def _switch_route(word: str) -> None:
    service, done = SWITCHES[word]

    def switch(
        request: Request,
        pages: PagesDep,
        database: DatabaseDep,
        settings: SettingsDep,
        user: Beheerder,
        user_id: RecordId,
    ) -> Response:
        def action(session: Any) -> None:
            service(session, user_id, audit_key=settings.audit_secret(), actor=user.username)

        return _change(request, pages, database, user_id, action, done)

    switch.__name__ = f"account_{word}"
    switch.__doc__ = f"Een account {word} (inloggen blokkeren of weer toestaan)."
    router.post(f"/{{user_id}}/{word}")(switch)


for _word in SWITCHES:
    _switch_route(_word)
