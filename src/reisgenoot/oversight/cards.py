"""Start-page cards of oversight: reliance figures for teamleiders, own reviews for employees."""

from reisgenoot.web.cards import Card, RoleCard, for_roles

TOEZICHT = Card(
    "Toezicht op de voorstellen",
    "Hoe het team de registratievoorstellen gebruikt: per team en maand, nooit per medewerker.",
    "/toezicht",
)
MIJN_CONTROLES = Card(
    "Mijn controles",
    "Je eigen controles van voorstellen per maand. Alleen jij ziet ze.",
    "/toezicht/mijn-controles",
)

CARDS: tuple[RoleCard, ...] = (
    *for_roles(TOEZICHT, teamleider=60, beheerder=60),
    *for_roles(MIJN_CONTROLES, medewerker=90),
)
