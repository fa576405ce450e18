"""What a beheerder does with accounts: change roles and team, reset a password, deactivate.

Every change is audited (who did it, what changed — never a password). Two guards keep an
installation manageable: the last active beheerder cannot lose the role or be deactivated,
and nobody deactivates themselves. Deactivating or resetting a password ends the person's
sessions, so a stolen session stops working at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, Team, User, UserRole, UserSession
from reisgenoot.accounts.passwords import hash_password
from reisgenoot.accounts.service import get_or_create_team
from reisgenoot.errors import AccountError
from reisgenoot.store import audit

TEMPORARY_WORDS = 4  # words of a temporary password (≈ 26 characters, > 100 bits)
MAX_DISPLAY_NAME = 200
MAX_TEAM_NAME = 150

__all__ = ["deactivate", "reactivate", "reset_password", "teams", "update_user", "users"]


def users(session: Session) -> list[User]:
    """Every account, by display name."""
    return list(session.scalars(select(User).order_by(func.lower(User.display_name))))


def teams(session: Session) -> list[Team]:
    return list(session.scalars(select(Team).order_by(Team.name)))


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AccountError("no such user", code="gebruiker_onbekend")
    return user


def _active_beheerders(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(User.id))
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.BEHEERDER.value, User.active.is_(True))
        )
        or 0
    )


def _is_last_beheerder(session: Session, user: User) -> bool:
    return user.active and Role.BEHEERDER in user.roles and _active_beheerders(session) <= 1


def _end_sessions(session: Session, user: User) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def _audit(
    session: Session,
    audit_key: bytes,
    actor: str,
    action: str,
    user: User,
    details: dict[str, object] | None = None,
) -> None:
    audit.record(
        session,
        audit_key,
        actor=actor,
        action=action,
        object_type="user",
        object_id=str(user.id),
        details=details,
    )


def update_user(
    session: Session,
    user_id: int,
    *,
    display_name: str,
    roles: Sequence[Role],
    team: str | None,
    audit_key: bytes,
    actor: str,
) -> User:
    """Change name, roles and team; refuses no roles and removing the last beheerder."""
    user = _user(session, user_id)
    name = display_name.strip()
    if not name or len(name) > MAX_DISPLAY_NAME:
        raise AccountError("bad display name", code="naam_ongeldig", maximum=MAX_DISPLAY_NAME)
    if not roles:
        raise AccountError("no roles", code="geen_rol")
    team_name = (team or "").strip()
    if len(team_name) > MAX_TEAM_NAME:
        raise AccountError("team name too long", code="team_te_lang", maximum=MAX_TEAM_NAME)
    wanted = frozenset(roles)
    if Role.BEHEERDER not in wanted and _is_last_beheerder(session, user):
        raise AccountError("last beheerder", code="laatste_beheerder")
    before = {"roles": sorted(user.roles), "team": user.team.name if user.team else None}
    user.display_name = name
    user.role_rows = [UserRole(role=role.value) for role in sorted(wanted)]
    user.team = get_or_create_team(session, team_name) if team_name else None
    session.flush()
    after = {"roles": sorted(r.value for r in wanted), "team": team_name or None}
    _audit(session, audit_key, actor, "gebruiker_gewijzigd", user, {"voor": before, "na": after})
    return user


def reset_password(session: Session, user_id: int, *, audit_key: bytes, actor: str) -> str:
    """Give the account a new random password and end its sessions; returns the password.

    The password is shown once to the beheerder, who passes it on; it is stored only as a hash.
    """
    user = _user(session, user_id)
    if user.oidc_issuer is not None:  # a password would let them in past the organisation
        raise AccountError("account of the organisation", code="sso_account_wachtwoord")
    password = "-".join(secrets.token_urlsafe(5) for _ in range(TEMPORARY_WORDS))
    user.password_hash = hash_password(password)
    _end_sessions(session, user)
    _audit(session, audit_key, actor, "wachtwoord_opnieuw_ingesteld", user)
    return password


def deactivate(session: Session, user_id: int, *, audit_key: bytes, actor: str) -> User:
    """Block logging in and end the sessions; refuses oneself and the last beheerder."""
    user = _user(session, user_id)
    if user.username == actor:
        raise AccountError("deactivate self", code="zelf_uitzetten")
    if _is_last_beheerder(session, user):
        raise AccountError("last beheerder", code="laatste_beheerder")
    user.active = False
    _end_sessions(session, user)
    _audit(session, audit_key, actor, "gebruiker_uitgezet", user)
    return user


def reactivate(session: Session, user_id: int, *, audit_key: bytes, actor: str) -> User:
    user = _user(session, user_id)
    user.active = True
    _audit(session, audit_key, actor, "gebruiker_aangezet", user)
    return user
