"""Start-page cards of the contactverzoeken work list and the Open Klant connection."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

CARDS: tuple[RoleCard, ...] = (
    *for_roles(
        Card(
            "Contactverzoeken",
            "Inwoners die via de digitale assistent om contact vroegen, met het gesprek erbij.",
            "/contactverzoeken",
        ),
        medewerker=60,
    ),
    *for_roles(
        Card(
            "Koppeling met Open Klant",
            "Zie welke contacten nog niet in Open Klant staan en verstuur ze opnieuw.",
            "/beheer/openklant",
        ),
        beheerder=50,
    ),
)
