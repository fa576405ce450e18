"""Accounts: creating users and teams, logging in with throttling, server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import LoginFailure, Role, Team, User, UserRole, UserSession
from reisgenoot.accounts.passwords import hash_password, needs_rehash, verify_password
from reisgenoot.errors import AccountError
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow


def parse_roles(values: Iterable[str]) -> list[Role]:
    roles: list[Role] = []
    for value in values:
        try:
            roles.append(Role(value.strip().lower()))
        except ValueError as exc:
            raise AccountError(
                "unknown role",
                code="onbekende_rol",
                role=value,
                roles=", ".join(r.value for r in Role),
            ) from exc
    return roles


def get_or_create_team(session: Session, name: str) -> Team:
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team


@dataclass(frozen=True, slots=True)
class NewUser:
    username: str
    display_name: str
    password: str
    roles: tuple[Role, ...]
    team: str | None = None


def create_user(
    session: Session, new: NewUser, *, audit_key: bytes, actor: str, min_length: int = 10
) -> User:
    """Create a local account; refuses duplicates and short passwords."""
    if len(new.password) < min_length:
        raise AccountError("password too short", code="wachtwoord_te_kort", minimum=min_length)
    return add_user(session, new, hash_password(new.password), audit_key=audit_key, actor=actor)


def add_user(
    session: Session, new: NewUser, password_hash: str, *, audit_key: bytes, actor: str
) -> User:
    """Add an account with an already computed hash (e.g. one shared demo password).

    Refuses duplicate usernames; audited as ``gebruiker_aangemaakt`` with the roles only.
    """
    if session.scalar(select(User.id).where(User.username == new.username)) is not None:
        raise AccountError("duplicate user", code="gebruiker_bestaat", username=new.username)
    team = get_or_create_team(session, new.team) if new.team else None
    user = User(
        username=new.username,
        display_name=new.display_name,
        password_hash=password_hash,
        team=team,
        role_rows=[UserRole(role=role.value) for role in new.roles],
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="gebruiker_aangemaakt",
        object_type="user",
        object_id=str(user.id),
        details={"roles": sorted(r.value for r in new.roles)},
    )
    return user


def _throttle_key(username: str, address: str) -> str:
    return hashlib.sha256(f"{username.lower()}|{address}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    max_attempts: int = 5
    lockout: timedelta = timedelta(minutes=5)


class LoginThrottled(AccountError):  # noqa: N818  (reads as a state, used as such)
    code = "te_veel_pogingen"


def authenticate(
    session: Session, username: str, password: str, address: str, policy: LoginPolicy
) -> User | None:
    """Check a password; raise :class:`LoginThrottled` while an account/address is paused."""
    now = utcnow()
    key = _throttle_key(username, address)
    failure = session.get(LoginFailure, key)
    if failure and failure.locked_until and failure.locked_until > now:
        raise LoginThrottled("throttled", until=failure.locked_until)
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None or not verify_password(user.password_hash, password):
        _register_failure(session, key, failure, now, policy)
        return None
    if failure is not None:
        session.delete(failure)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _register_failure(
    session: Session, key: str, failure: LoginFailure | None, now: datetime, policy: LoginPolicy
) -> None:
    if failure is None or now - failure.first_at > policy.lockout:
        if failure is not None:
            session.delete(failure)
            session.flush()
        failure = LoginFailure(key=key, failures=0, first_at=now)
        session.add(failure)
    failure.failures += 1
    if failure.failures >= policy.max_attempts:
        failure.locked_until = now + policy.lockout


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User) -> tuple[str, UserSession]:
    """Create a server-side session; returns the raw token for the cookie."""
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=_hash_token(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32)
    )
    session.add(row)
    return token, row


def resume_session(
    session: Session, token: str, timeout: timedelta
) -> tuple[User, UserSession] | None:
    """The user of a live session, touching it; None when unknown or timed out."""
    row = session.get(UserSession, _hash_token(token))
    if row is None:
        return None
    now = utcnow()
    if now - row.last_seen_at > timeout:
        session.delete(row)
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_seen_at = now
    return user, row


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == _hash_token(token)))
