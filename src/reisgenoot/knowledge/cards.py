"""Start-page cards of the kennisbank, the help page, the redactie and crisis notices."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

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
ARTIKELEN = Card(
    "Artikelen schrijven en bewerken",
    "Kennisartikelen maken, nakijken op B1-taalniveau en goedkeuren.",
    "/redactie",
)
INZICHT = Card(
    "Inzicht",
    "Welke artikelen inwoners niet helpen en welke vragen nog geen goed antwoord hebben.",
    "/redactie/inzicht",
)

CARDS: tuple[RoleCard, ...] = (
    *for_roles(
        KENNISBANK, medewerker=10, teamleider=10, opleider=10, trainee=10, redacteur=10,
        beheerder=10,
    ),
    *for_roles(HULP, medewerker=20, redacteur=20, beheerder=20),
    *for_roles(CRISIS, teamleider=40, redacteur=40),
    *for_roles(ARTIKELEN, redacteur=30),
    *for_roles(INZICHT, redacteur=50),
)  # fmt: skip
