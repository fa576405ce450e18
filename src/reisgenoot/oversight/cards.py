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

GEBRUIKERS = Card(
    "Gebruikers beheren",
    "Accounts, rollen en teams; wachtwoord opnieuw instellen; een account uitzetten.",
    "/beheer/gebruikers",
)

AUDIT = Card(
    "Auditlogboek",
    "Zien wie wat deed, controleren dat er niets is veranderd, en exporteren.",
    "/beheer/audit",
)
TRANSPARANTIE = Card(
    "Hoe wij AI gebruiken",
    "De openbare uitleg over de AI-functies, met modelkaarten en de export voor het "
    "Algoritmeregister.",
    "/hulp/over-ai",
)

CARDS: tuple[RoleCard, ...] = (
    *for_roles(AUDIT, beheerder=65),
    *for_roles(TRANSPARANTIE, beheerder=70),
    *for_roles(GEBRUIKERS, beheerder=15),
    *for_roles(TOEZICHT, teamleider=60, beheerder=60),
    *for_roles(MIJN_CONTROLES, medewerker=90),
)
