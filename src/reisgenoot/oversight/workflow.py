"""A team's way of working with the proposals: "eerst zelf, dan AI" on or off.

A teamleider sets it for their own team, a beheerder for any team (``/toezicht/werkwijze``);
each change is audited as ``team_werkwijze_gewijzigd``. Conversations started after the
change follow it (:mod:`reisgenoot.assist.self_first`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team, User
from reisgenoot.store import audit

__all__ = ["TeamWay", "own_team_id", "set_self_first", "teams"]


@dataclass(frozen=True, slots=True)
class TeamWay:
    id: int
    name: str
    members: int
    self_first: bool


def own_team_id(session: Session, user_id: int) -> int | None:
    return session.scalar(select(User.team_id).where(User.id == user_id))


def teams(session: Session, only: int | None = None, *, every: bool = False) -> list[TeamWay]:
    """The teams a person may set: every team (``every``), else only team ``only``."""
    if not every and only is None:
        return []
    members = (
        select(User.team_id, func.count(User.id).label("n"))
        .where(User.active.is_(True))
        .group_by(User.team_id)
        .subquery()
    )
    query = (
        select(Team.id, Team.name, func.coalesce(members.c.n, 0), Team.self_first)
        .outerjoin(members, members.c.team_id == Team.id)
        .order_by(Team.name)
    )
    if not every:
        query = query.where(Team.id == only)
    return [TeamWay(i, name, int(n), bool(on)) for i, name, n, on in session.execute(query)]


def set_self_first(
    session: Session, team_id: int, on: bool, *, actor: str, audit_key: bytes
) -> bool:
    """Switch "eerst zelf, dan AI" for team ``team_id``; False when there is no such team."""
    team = session.get(Team, team_id)
    if team is None:
        return False
    if team.self_first != on:
        team.self_first = on
        audit.record(
            session,
            audit_key,
            actor=actor,
            action="team_werkwijze_gewijzigd",
            object_type="team",
            object_id=str(team.id),
            details={"eerst_zelf": on},
        )
    return True
