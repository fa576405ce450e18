"""Start-page cards of live assist and the review gate."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

CARDS: tuple[RoleCard, ...] = (
    *for_roles(
        Card(
            "Live hulp bij gesprekken",
            "Tijdens een gesprek: voorstellen voor vragen en antwoorden, met de bron erbij. Jij beslist.",
            "/assist",
        ),
        medewerker=30,
    ),
    *for_roles(
        Card(
            "Registratie nakijken",
            "Het systeem vult de registratie van het contact alvast in. Jij controleert en bevestigt.",
            "/assist/nakijken",
        ),
        medewerker=40,
    ),
)
