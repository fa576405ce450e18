"""Start-page cards of the signals dashboard."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

CARDS: tuple[RoleCard, ...] = (
    *for_roles(
        Card(
            "Signalen",
            "Welke onderwerpen groeien, wat is nieuw, waar verandert de toon van inwoners.",
            "/signalen",
        ),
        teamleider=30,
    ),
    *for_roles(
        Card(
            "Signalen",
            "Zie welke vragen vaak terugkomen en waar de kennisbank nog geen antwoord op heeft.",
            "/signalen",
        ),
        redacteur=60,
    ),
)
