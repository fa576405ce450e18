"""Start pages per role, ``/`` and the health check.

Each role has its own start page: what the role can do now (links to the sections that
exist) and what is coming (cards marked "komt binnenkort"). A user with several roles
switches between their start pages; ``/`` sends everyone to their first one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from reisgenoot.accounts.models import Role
from reisgenoot.web.deps import CurrentUser, NotAllowedError, public, require_roles, require_user
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter()

PagesDep = Annotated[Pages, Depends(get_pages)]


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    text: str
    href: str | None = None  # None: komt binnenkort


@dataclass(frozen=True, slots=True)
class StartPage:
    title: str
    intro: str
    now: tuple[Card, ...]
    soon: tuple[Card, ...]
    note: str | None = None


KENNISBANK = Card(
    "Kennisbank",
    "Zoek antwoorden op vragen van inwoners en ondernemers, met de tips voor medewerkers.",
    "/kennisbank",
)
HULP = Card(
    "Hulppagina voor inwoners",
    "Bekijk wat inwoners zelf kunnen vinden, en hoe ze altijd een mens kunnen bereiken.",
    "/hulp",
)
CRISIS = Card(
    "Crisisberichten",
    "Snel een bericht plaatsen als er ineens veel vragen over één onderwerp komen.",
    "/redactie/crisis",
)
TEAMDIALOOG = Card(
    "Teamdialoog",
    "Geef anoniem aan hoe AI je werk verandert. Je team bespreekt alleen de uitkomst van het hele team.",
    "/teamdialoog",
)

START_PAGES: dict[Role, StartPage] = {
    Role.MEDEWERKER: StartPage(
        "Startpagina KCC-medewerker",
        "Hier vind je wat je nodig hebt bij gesprekken met inwoners en ondernemers.",
        (
            KENNISBANK,
            HULP,
            Card(
                "Live hulp bij gesprekken",
                "Tijdens een gesprek: voorstellen voor vragen en antwoorden, met de bron erbij. Jij beslist.",
                "/assist",
            ),
            Card(
                "Registratie nakijken",
                "Het systeem vult de registratie van het contact alvast in. Jij controleert en bevestigt.",
                "/assist/nakijken",
            ),
            TEAMDIALOOG,
            Card(
                "Contactverzoeken",
                "Inwoners die via de digitale assistent om contact vroegen, met het gesprek erbij.",
                "/contactverzoeken",
            ),
        ),
        (),
    ),
    Role.TEAMLEIDER: StartPage(
        "Startpagina teamleider",
        "Hier zie je hoe het met de vragen en met je team gaat. Altijd per team, nooit per medewerker.",
        (
            KENNISBANK,
            Card(
                "Teamdialoog",
                "Start een anonieme ronde, lees de uitkomst van het team en de leidraad voor het teamgesprek.",
                "/teamdialoog",
            ),
            Card(
                "Signalen",
                "Welke onderwerpen groeien, wat is nieuw, waar verandert de toon van inwoners.",
                "/signalen",
            ),
            CRISIS,
        ),
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
            KENNISBANK,
            Card(
                "Leerpaden",
                "Volg de voortgang van de trainees die jij begeleidt.",
                "/training/trainees",
            ),
            TEAMDIALOOG,
        ),
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
        (
            KENNISBANK,
            Card(
                "Oefengesprekken",
                "Oefen met een nagespeelde inwoner. Je krijgt feedback: eerst wat goed ging.",
                "/training",
            ),
            Card(
                "AI-antwoorden controleren",
                "Leer de stof door antwoorden van de computer na te kijken.",
                "/training/controleren",
            ),
            Card(
                "Mijn leerpad",
                "Zie wat je al kunt en wat je nog gaat leren.",
                "/training/voortgang",
            ),
        ),
        (),
        "Je oefenresultaten zijn alleen voor jou en je opleider. Ze worden nooit gebruikt om je te beoordelen.",
    ),
    Role.REDACTEUR: StartPage(
        "Startpagina redacteur",
        "Hier zorg je dat de kennisbank klopt en duidelijk is.",
        (
            KENNISBANK,
            HULP,
            Card(
                "Artikelen schrijven en bewerken",
                "Kennisartikelen maken, nakijken op B1-taalniveau en goedkeuren.",
                "/redactie",
            ),
            CRISIS,
            Card(
                "Inzicht",
                "Welke artikelen inwoners niet helpen en welke vragen nog geen goed antwoord hebben.",
                "/redactie/inzicht",
            ),
            Card(
                "Signalen",
                "Zie welke vragen vaak terugkomen en waar de kennisbank nog geen antwoord op heeft.",
                "/signalen",
            ),
            TEAMDIALOOG,
        ),
        (),
    ),
    Role.BEHEERDER: StartPage(
        "Startpagina beheerder",
        "Hier beheer je Reisgenoot voor de gemeente.",
        (
            KENNISBANK,
            HULP,
            Card(
                "Teamdialoog",
                "Rondes voor alle teams, het beeld van de hele organisatie en de vragenlijst.",
                "/teamdialoog",
            ),
            Card(
                "Trainees en opleiders",
                "Koppel trainees aan hun opleider. Je ziet geen oefenresultaten.",
                "/training/trainees",
            ),
            Card(
                "Koppeling met Open Klant",
                "Zie welke contacten nog niet in Open Klant staan en verstuur ze opnieuw.",
                "/beheer/openklant",
            ),
        ),
        (
            Card("Gebruikers en teams", "Accounts aanmaken, rollen geven en teams indelen."),
            Card(
                "Instellingen en AI-koppelingen", "Kies of en welk taalmodel Reisgenoot gebruikt."
            ),
            Card(
                "Overzichten en export",
                "Het auditlogboek, het algoritmeregister en exports naar Open Klant.",
            ),
        ),
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
        context = {"role": role, "page": START_PAGES[role], "user": user}
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
