"""Teams of real accounts for the impact-dialogue tests, and helpers to fill in rounds."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from reisgenoot.accounts.models import Role, User
from reisgenoot.accounts.service import NewUser, add_user
from reisgenoot.impact import survey
from reisgenoot.impact.models import Round
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.web.fixtures import PASSWORD, _argon2_once

STATEMENT_KEYS = (
    *("emo_nieuwsgierig", "emo_zorg_baan", "emo_fouten", "emo_gehoord"),
    *("fun_minder_administratie", "fun_voorstellen", "fun_tijd_inwoners", "fun_drukker"),
    *("pro_trots", "pro_wat_blijft", "pro_ingewikkeld", "pro_rol"),
    *("ont_weet_wat", "ont_tijd_hulp", "ont_nieuwe_collegas"),
    *("kri_controleren", "kri_durven", "kri_bron", "kri_zonder_lezen"),
)
OPEN_TEXTS = (
    "Ik maak me zorgen over mijn baan en over de werkdruk.",
    "De werkdruk is hoog, maar de administratie gaat sneller.",
    "Ik ben nieuwsgierig, maar ik wil meer uitleg en training.",
    "Training helpt mij. Ik wil meer uitleg over de bronnen.",
    "Mijn baan verandert. Bel Jan de Vries op 06-12345678 als je vragen hebt.",
    "Ik mis het contact met inwoners aan de telefoon.",
)


@dataclass(frozen=True)
class TeamFixture:
    team_id: int
    members: list[int]
    usernames: list[str]


MakeTeam = Callable[..., TeamFixture]


@pytest.fixture
def make_team(settings: Settings, db: Database) -> MakeTeam:
    """Create a team with ``size`` medewerkers (usernames ``<prefix>1`` …)."""

    def make(name: str, size: int, prefix: str | None = None) -> TeamFixture:
        prefix = prefix or name.lower().replace(" ", "-") + "-"
        hashed = _argon2_once(PASSWORD)
        ids: list[int] = []
        names: list[str] = []
        with db.session() as session:
            for index in range(1, size + 1):
                username = f"{prefix}{index}"
                user = add_user(
                    session,
                    NewUser(username, f"Medewerker {username}", PASSWORD, (Role.MEDEWERKER,), name),
                    hashed,
                    audit_key=settings.audit_secret(),
                    actor="test",
                )
                ids.append(user.id)
                names.append(username)
            team_id = session.scalar(select(User.team_id).where(User.id == ids[0]))
            assert team_id is not None
        return TeamFixture(team_id, ids, names)

    return make


def join_team(db: Database, username: str, team_id: int) -> None:
    with db.session() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        user.team_id = team_id


def open_round(db: Database, settings: Settings, team_id: int) -> int:
    with db.session() as session:
        return survey.open_round(
            session, team_id, audit_key=settings.audit_secret(), actor="test"
        ).id


def close_round(db: Database, settings: Settings, round_id: int) -> None:
    with db.session() as session:
        survey.close_round(session, round_id, audit_key=settings.audit_secret(), actor="test")


def form_for(index: int, low: bool = False) -> dict[str, str]:
    """A filled-in form: person ``index`` answers all statements (values vary by person)."""
    value = "1" if low else str(index % 5 + 1)
    form = dict.fromkeys(STATEMENT_KEYS, value)
    form["emotioneel_open"] = OPEN_TEXTS[index % len(OPEN_TEXTS)]
    return form


def answer_round(
    db: Database,
    round_id: int,
    members: list[int],
    forms: Mapping[int, dict[str, str]] | None = None,
) -> None:
    for index, user_id in enumerate(members):
        survey.submit(db, round_id, user_id, (forms or {}).get(index, form_for(index)))


def full_round(db: Database, settings: Settings, team: TeamFixture, people: int) -> int:
    """Open, let ``people`` members answer, close; returns the round id."""
    round_id = open_round(db, settings, team.team_id)
    answer_round(db, round_id, team.members[:people])
    close_round(db, settings, round_id)
    return round_id


def round_of(db: Database, round_id: int) -> Round:
    with db.session() as session:
        found = session.get(Round, round_id)
        assert found is not None
        return found
