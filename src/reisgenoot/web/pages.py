"""Start pages per role, ``/`` and the health check.

Each role has its own start page: what the role can do now (cards supplied by each capability,
``<capability>/cards.py``, gathered by ``create_app``) and what is coming (cards marked "komt
binnenkort", kept here until a capability exists). A user with several roles
switches between their start pages; ``/`` sends everyone to their first one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from reisgenoot.accounts.models import Role
from reisgenoot.web.cards import Card, cards_for
from reisgenoot.web.deps import CurrentUser, NotAllowedError, public, require_roles, require_user
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter()

PagesDep = Annotated[Pages, Depends(get_pages)]


@dataclass(frozen=True, slots=True)
class StartPage:
    """A role's start page; its cards (what the role can do now) come from the capabilities."""

    title: str
    intro: str
    soon: tuple[Card, ...] = ()
    note: str | None = None


START_PAGES: dict[Role, StartPage] = {
    Role.MEDEWERKER: StartPage(
        "Startpagina KCC-medewerker",
        "Hier vind je wat je nodig hebt bij gesprekken met inwoners en ondernemers.",
    ),
    Role.TEAMLEIDER: StartPage(
        "Startpagina teamleider",
        "Hier zie je hoe het met de vragen en met je team gaat. Altijd per team, nooit per medewerker.",
        (
            Card(
                "Gebruik van AI in het team",
                "Hoe vaak het team voorstellen nakijkt, aanpast of overneemt.",
            ),
        ),
        "Cijfers zie je alleen voor groepen van minstens 5 mensen. Er zijn geen cijfers per medewerker.",
    ),
    Role.OPLEIDER: StartPage(
        "Startpagina opleider",
        "Hier begeleid je nieuwe collega's bij het leren van het vak.",
        (
            Card(
                "Oefengesprekken",
                "Gesprekken met een nagespeelde inwoner, van eenvoudig tot ingewikkeld.",
            ),
            Card(
                "AI-antwoorden controleren",
                "Oefeningen waarin trainees een antwoord van de computer beoordelen.",
            ),
        ),
        "Oefenresultaten zijn er om van te leren. Ze worden nooit gebruikt om mensen te beoordelen.",
    ),
    Role.TRAINEE: StartPage(
        "Startpagina trainee",
        "Welkom! Hier oefen je gesprekken en leer je de kennisbank kennen.",
        (),
        "Je oefenresultaten zijn alleen voor jou en je opleider. Ze worden nooit gebruikt om je te beoordelen.",
    ),
    Role.REDACTEUR: StartPage(
        "Startpagina redacteur",
        "Hier zorg je dat de kennisbank klopt en duidelijk is.",
    ),
    Role.BEHEERDER: StartPage(
        "Startpagina beheerder",
        "Hier beheer je Reisgenoot voor de gemeente.",
        (Card("Instellingen en AI-koppelingen", "Kies of en welk taalmodel Reisgenoot gebruikt."),),
    ),
}


@router.get("/", response_class=HTMLResponse)
def home(user: Annotated[CurrentUser, Depends(require_user)]) -> Response:
    """Stuur de gebruiker naar de (eerste) startpagina van zijn of haar rol."""
    if not user.roles:
        raise NotAllowedError("user without roles")
    return RedirectResponse(f"/start/{user.roles[0].value}", status_code=303)


def _start_page(role: Role) -> Callable[..., Response]:
    holder = Depends(require_roles(role))

    def page(request: Request, pages: PagesDep, user: CurrentUser = holder) -> Response:
        cards = cards_for(role, request.app.state.start_cards)
        context = {"role": role, "page": START_PAGES[role], "cards": cards, "user": user}
        return pages.render(request, "start/role.html", context)

    page.__name__ = f"start_{role.value}"
    page.__doc__ = f"Startpagina voor de rol {role.value}."
    return page


for _role in Role:
    router.add_api_route(
        f"/start/{_role.value}",
        _start_page(_role),
        methods=["GET"],
        response_class=HTMLResponse,
        name=f"start_{_role.value}",
    )


@router.api_route("/gezond", methods=["GET", "HEAD"])
@public
def health() -> JSONResponse:
    """Gezondheidscontrole voor monitoring en load balancers."""
    return JSONResponse({"status": "ok"})
