"""Who may manage which team's teamdialoog: beheerders every team, a teamleider their own."""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, User
from reisgenoot.impact.models import Round
from reisgenoot.web.deps import CurrentUser


def team_of(session: Session, user_id: int) -> int | None:
    return session.scalar(select(User.team_id).where(User.id == user_id))


def managed_team_ids(session: Session, user: CurrentUser) -> list[int] | None:
    """None: every team (beheerder); else the teamleider's own team (or none)."""
    if Role.BEHEERDER in user.roles:
        return None
    own = team_of(session, user.id)
    return [own] if own is not None else []


def may_manage(session: Session, user: CurrentUser, team_id: int) -> bool:
    managed = managed_team_ids(session, user)
    return managed is None or team_id in managed


def managed_round(session: Session, user: CurrentUser, round_id: int) -> Round:
    round_ = session.get(Round, round_id)
    if round_ is None:
        raise HTTPException(status_code=404)
    if not may_manage(session, user, round_.team_id):
        raise HTTPException(status_code=403)
    return round_
