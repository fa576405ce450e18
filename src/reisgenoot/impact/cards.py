"""Start-page cards of the teamdialoog (each role sees what it can do there)."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

TEAMDIALOOG = Card(
    "Teamdialoog",
    "Geef anoniem aan hoe AI je werk verandert. Je team bespreekt alleen de uitkomst van het hele team.",
    "/teamdialoog",
)

CARDS: tuple[RoleCard, ...] = (
    *for_roles(TEAMDIALOOG, medewerker=50, opleider=30, redacteur=70),
    *for_roles(
        Card(
            "Teamdialoog",
            "Start een anonieme ronde, lees de uitkomst van het team en de leidraad voor het teamgesprek.",
            "/teamdialoog",
        ),
        teamleider=20,
    ),
    *for_roles(
        Card(
            "Teamdialoog",
            "Rondes voor alle teams, het beeld van de hele organisatie en de vragenlijst.",
            "/teamdialoog",
        ),
        beheerder=30,
    ),
)
