"""Accounts: creating users and teams, logging in with throttling, server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import LoginFailure, Role, Team, User, UserRole, UserSession
from reisgenoot.accounts.passwords import hash_password, needs_rehash, verify_password
from reisgenoot.errors import AccountError
from reisgenoot.log import get_logger
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

_log = get_logger(__name__)


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


def _address_key(username: str, address: str) -> str:
    return hashlib.sha256(f"{username.lower()}|{address}".encode()).hexdigest()


def _account_key(username: str) -> str:
    return hashlib.sha256(f"account|{username.lower()}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """When failed logins pause further attempts.

    Two counters, both kept in the database (so they hold across worker processes), both
    kept for unknown usernames too (so a pause does not reveal whether an account exists):

    - per account and address: ``max_attempts`` failures within ``lockout`` pause that
      address for ``lockout``;
    - per account, from any address: every ``account_max_attempts`` failures pause the
      account, first for ``lockout``, then twice as long each time, up to ``max_lockout``.
      The series ends with a successful login or after ``account_memory`` without failures.
    """

    max_attempts: int = 5
    lockout: timedelta = timedelta(minutes=5)
    account_max_attempts: int = 10
    max_lockout: timedelta = timedelta(days=1)
    account_memory: timedelta = timedelta(days=1)


class LoginThrottled(AccountError):  # noqa: N818  (reads as a state, used as such)
    code = "te_veel_pogingen"


def authenticate(
    session: Session, username: str, password: str, address: str, policy: LoginPolicy
) -> User | None:
    """Check a password; raise :class:`LoginThrottled` while the account or address is paused.

    An unknown username costs the same Argon2 work as a wrong password (a dummy hash is
    verified), and counts the same failures, so neither time nor pauses tell which
    accounts exist.
    """
    now = utcnow()
    keys = (_address_key(username, address), _account_key(username))
    for key in keys:
        failure = session.get(LoginFailure, key)
        if failure and failure.locked_until and failure.locked_until > now:
            raise LoginThrottled("throttled", until=failure.locked_until)
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    stored = user.password_hash if user is not None else None
    if not verify_password(stored, password) or user is None:
        _count_address_failure(session, keys[0], now, policy)
        _count_account_failure(session, keys[1], now, policy)
        return None
    session.execute(
        delete(LoginFailure)
        .where(LoginFailure.key.in_(keys))
        .execution_options(synchronize_session="fetch")
    )
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _count_failure(session: Session, key: str, now: datetime) -> LoginFailure:
    """Add one failure to ``key``'s row, atomically, and return the row as it is now.

    The increment is one UPDATE (``failures = failures + 1``) before the row is read: it
    takes the write lock (SQLite) or the row lock (PostgreSQL) first, so parallel attempts
    from many addresses are all counted. A missing row is inserted in a savepoint; when a
    parallel attempt inserted it first, the UPDATE is repeated.
    """
    increment = (
        update(LoginFailure)
        .where(LoginFailure.key == key)
        .values(failures=LoginFailure.failures + 1)
        .execution_options(synchronize_session=False)
    )
    for _attempt in range(2):
        if cast("CursorResult[Any]", session.execute(increment)).rowcount:
            break
        try:
            with session.begin_nested():
                session.add(LoginFailure(key=key, failures=1, first_at=now))
            break
        except IntegrityError:
            continue
    row = session.get(LoginFailure, key, populate_existing=True)
    assert row is not None
    return row


def _count_address_failure(session: Session, key: str, now: datetime, policy: LoginPolicy) -> None:
    row = _count_failure(session, key, now)
    if now - row.first_at > policy.lockout:  # an old series: this failure starts a new one
        row.failures, row.first_at, row.locked_until = 1, now, None
    if row.failures >= policy.max_attempts:
        row.locked_until = now + policy.lockout


def _count_account_failure(session: Session, key: str, now: datetime, policy: LoginPolicy) -> None:
    row = _count_failure(session, key, now)
    last = max(row.first_at, row.locked_until or row.first_at)
    if now - last > policy.account_memory:
        row.failures, row.first_at, row.locked_until = 1, now, None
    series, rest = divmod(row.failures, policy.account_max_attempts)
    if rest == 0:
        pause = min(policy.lockout * 2 ** min(series - 1, 30), policy.max_lockout)
        row.locked_until = now + pause
        _log.warning(
            "Een account is %d minuten gepauzeerd na %d mislukte inlogpogingen.",
            pause // timedelta(minutes=1),
            row.failures,
        )


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


TOUCH_EVERY = timedelta(seconds=60)


def resume_session(
    session: Session, token: str, timeout: timedelta
) -> tuple[User, UserSession] | None:
    """The user of a live session, touching it; None when unknown or timed out.

    The session is touched (``last_seen_at``) at most once per :data:`TOUCH_EVERY` (or a quarter of ``timeout``), not on
    every request and WebSocket frame: a live conversation checks its session on every turn,
    and a write per turn made every turn of that login wait for the others' row lock (issue
    21). An idle session so ends at most that much before ``timeout`` has passed since
    its last request."""
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
    if now - row.last_seen_at >= min(TOUCH_EVERY, timeout / 4):
        row.last_seen_at = now
    return user, row


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == _hash_token(token)))
