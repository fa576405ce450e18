"""Demo accounts and teams of the fictional "Gemeente Voorbeeldstad".

One login per role (listed in the README from :data:`DEMO_LOGINS`) plus colleagues, so that
every team has at least five people who handle contacts: team figures (k ≥ 5) can then be
shown. All names are obviously fictional; the passwords are public on purpose — the demo is
for trying things out on a local machine, never for real data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, Team, User
from reisgenoot.accounts.passwords import hash_password
from reisgenoot.accounts.service import NewUser, add_user, create_user, get_or_create_team

TEAM_NOORD = "KCC Team Noord"
TEAM_ZUID = "KCC Team Zuid"
TEAM_BELASTINGEN = "Vakafdeling Belastingen"
DEMO_TEAMS: tuple[tuple[str, str], ...] = (
    (TEAM_NOORD, "Klantcontactcentrum, team Noord (demo)"),
    (TEAM_ZUID, "Klantcontactcentrum, team Zuid (demo)"),
    (TEAM_BELASTINGEN, "Vakafdeling Belastingen: vragen over aanslagen, bezwaar en kwijtschelding"),
)
KCC_TEAMS = (TEAM_NOORD, TEAM_ZUID)
COLLEAGUE_PASSWORD = "demo-collega"  # noqa: S105  (public demo password, documented)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One demo account; ``handles_contacts`` puts it in the synthetic history as employee."""

    username: str
    password: str
    display_name: str
    roles: tuple[Role, ...]
    team: str | None
    handles_contacts: bool = False


def _colleague(username: str, display_name: str, team: str) -> DemoAccount:
    return DemoAccount(
        username, COLLEAGUE_PASSWORD, display_name, (Role.MEDEWERKER,), team, handles_contacts=True
    )


ROLE_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "medewerker",
        "demo-medewerker",
        "Mira Medewerker (demo)",
        (Role.MEDEWERKER,),
        TEAM_NOORD,
        handles_contacts=True,
    ),
    DemoAccount(
        "teamleider", "demo-teamleider", "Tom Teamleider (demo)", (Role.TEAMLEIDER,), TEAM_NOORD
    ),
    DemoAccount("opleider", "demo-opleider", "Olga Opleider (demo)", (Role.OPLEIDER,), TEAM_ZUID),
    DemoAccount("trainee", "demo-trainee", "Tim Trainee (demo)", (Role.TRAINEE,), TEAM_NOORD),
    DemoAccount(
        "redacteur", "demo-redacteur", "Rosa Redacteur (demo)", (Role.REDACTEUR,), TEAM_ZUID
    ),
    DemoAccount("beheerder", "demo-beheerder", "Bram Beheerder (demo)", (Role.BEHEERDER,), None),
)

COLLEAGUES: tuple[DemoAccount, ...] = (
    _colleague("noord2", "Collega Noord 2 (demo)", TEAM_NOORD),
    _colleague("noord3", "Collega Noord 3 (demo)", TEAM_NOORD),
    _colleague("noord4", "Collega Noord 4 (demo)", TEAM_NOORD),
    _colleague("noord5", "Collega Noord 5 (demo)", TEAM_NOORD),
    _colleague("zuid1", "Collega Zuid 1 (demo)", TEAM_ZUID),
    _colleague("zuid2", "Collega Zuid 2 (demo)", TEAM_ZUID),
    _colleague("zuid3", "Collega Zuid 3 (demo)", TEAM_ZUID),
    _colleague("zuid4", "Collega Zuid 4 (demo)", TEAM_ZUID),
    _colleague("zuid5", "Collega Zuid 5 (demo)", TEAM_ZUID),
    _colleague("belasting1", "Collega Belastingen 1 (demo)", TEAM_BELASTINGEN),
    _colleague("belasting2", "Collega Belastingen 2 (demo)", TEAM_BELASTINGEN),
    _colleague("belasting3", "Collega Belastingen 3 (demo)", TEAM_BELASTINGEN),
    _colleague("belasting4", "Collega Belastingen 4 (demo)", TEAM_BELASTINGEN),
    _colleague("belasting5", "Collega Belastingen 5 (demo)", TEAM_BELASTINGEN),
)

DEMO_ACCOUNTS: tuple[DemoAccount, ...] = ROLE_ACCOUNTS + COLLEAGUES

# (username, password, roles, team): the logins printed by `reisgenoot demo` and in the README.
# The colleagues (noord2…noord5, zuid1…zuid5, belasting1…belasting5) log in with
# COLLEAGUE_PASSWORD as medewerker.
DEMO_LOGINS: list[tuple[str, str, tuple[str, ...], str | None]] = [
    (a.username, a.password, tuple(r.value for r in a.roles), a.team) for a in ROLE_ACCOUNTS
]


def create_demo_accounts(
    session: Session, *, audit_key: bytes, actor: str, min_length: int = 10
) -> list[tuple[DemoAccount, User]]:
    """Create the teams and every demo account, each audited as ``gebruiker_aangemaakt``.

    The role accounts go through :func:`create_user`. The colleagues share one public
    password, so they share one Argon2 hash too: hashing is deliberately slow, and 14
    hashes of the same published password would only slow the first start down.
    """
    teams: dict[str, Team] = {}
    for name, description in DEMO_TEAMS:
        teams[name] = get_or_create_team(session, name)
        teams[name].description = description
    created: list[tuple[DemoAccount, User]] = []
    for account in ROLE_ACCOUNTS:
        new = NewUser(
            account.username, account.display_name, account.password, account.roles, account.team
        )
        user = create_user(session, new, audit_key=audit_key, actor=actor, min_length=min_length)
        created.append((account, user))
    shared_hash = hash_password(COLLEAGUE_PASSWORD)
    for account in COLLEAGUES:
        new = NewUser(account.username, account.display_name, "", account.roles, account.team)
        user = add_user(session, new, shared_hash, audit_key=audit_key, actor=actor)
        created.append((account, user))
    return created
