"""Start-page cards of privacy: retention periods, inzage and erasure (beheerder)."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

BEWAARTERMIJNEN = Card(
    "Bewaartermijnen",
    "Hoe lang Reisgenoot gegevens bewaart, per soort. Aanpassen en nu opschonen.",
    "/beheer/bewaartermijnen",
)
INWONER = Card(
    "Inzage en wissen",
    "Alle gegevens van één inwoner opzoeken, downloaden of wissen (AVG).",
    "/beheer/inwoner",
)

CARDS: tuple[RoleCard, ...] = (
    *for_roles(BEWAARTERMIJNEN, beheerder=75),
    *for_roles(INWONER, beheerder=76),
)
