"""Logging in via the organisation: logins under way, and the local account of a provider's user.

A login under way is one row of ``oidc_login_states`` (found by the hash of its ``state``,
used once, worthless after :data:`STATE_LIFETIME`). When the provider's ID token has been
checked (:mod:`reisgenoot.accounts.oidc`), :func:`sign_in` finds or creates the local user
linked by (issuer, subject) and sets the roles and the team from the claims, at every login:
the provider is the source of truth. Someone without any mapped role is refused. The audit
trail gets the user id and which claims were used, never a name or the subject in clear.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import OidcLoginState, Role, User, UserRole
from reisgenoot.accounts.oidc import LoginRequest, SsoError
from reisgenoot.accounts.service import get_or_create_team, parse_roles
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

STATE_LIFETIME = timedelta(minutes=10)
MAX_CLAIM_VALUES = 200  # a token with thousands of groups is cut off, not processed


@dataclass(frozen=True, slots=True)
class ClaimRules:
    """Which claims mean what; built once from the settings (:meth:`from_settings`)."""

    username_claim: str = "preferred_username"
    name_claim: str = "name"
    roles_claim: str = "roles"
    role_map: Mapping[str, tuple[Role, ...]] = field(default_factory=dict)
    team_claim: str | None = None
    team_map: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(
        cls,
        *,
        username_claim: str,
        name_claim: str,
        roles_claim: str,
        role_map: Mapping[str, Sequence[str]],
        team_claim: str | None,
        team_map: Mapping[str, str],
    ) -> ClaimRules:
        """Refuses (``AccountError`` ``onbekende_rol``) a map naming a role that does not exist."""
        roles = {value: tuple(parse_roles(names)) for value, names in role_map.items()}
        return cls(username_claim, name_claim, roles_claim, roles, team_claim, dict(team_map))


def claim(claims: Mapping[str, Any], name: str) -> Any:
    """A claim by its full name (ADFS uses URIs with dots), else by a dotted path."""
    if name in claims:
        return claims[name]
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def claim_values(claims: Mapping[str, Any], name: str) -> list[str]:
    """A claim as a list of strings (one string, a list, or nothing)."""
    value = claim(claims, name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value[:MAX_CLAIM_VALUES] if isinstance(item, str)]
    return []


def _text(value: Any, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def roles_from(claims: Mapping[str, Any], rules: ClaimRules) -> tuple[Role, ...]:
    found = {
        role
        for value in claim_values(claims, rules.roles_claim)
        for role in rules.role_map.get(value, ())
    }
    return tuple(role for role in Role if role in found)


def team_from(claims: Mapping[str, Any], rules: ClaimRules) -> str | None:
    for value in claim_values(claims, rules.team_claim or ""):
        name = rules.team_map.get(value) if rules.team_map else value
        if name and name.strip():
            return name.strip()[:150]
    return None


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def begin(session: Session, next_path: str) -> LoginRequest:
    """Start a login: store its secrets (and drop logins that were never finished)."""
    session.execute(
        delete(OidcLoginState).where(OidcLoginState.created_at < utcnow() - STATE_LIFETIME)
    )
    request = LoginRequest.new()
    session.add(
        OidcLoginState(
            state_hash=_hash(request.state),
            nonce=request.nonce,
            code_verifier=request.code_verifier,
            next_path=next_path,
        )
    )
    return request


@dataclass(frozen=True, slots=True)
class PendingLogin:
    nonce: str
    code_verifier: str
    next_path: str


def take(session: Session, state: str, browser_state: str) -> PendingLogin:
    """The login this answer belongs to, removed so it cannot be used twice.

    ``state`` comes back in the URL, ``browser_state`` from this browser's cookie: they must
    be equal (so an answer meant for another browser is refused) and known, and not too old.
    """
    if not state or not browser_state or not hmac.compare_digest(state, browser_state):
        raise SsoError("state does not match this browser", code="sso_verlopen")
    row = session.get(OidcLoginState, _hash(state))
    if row is None:
        raise SsoError("unknown or used state", code="sso_verlopen")
    pending = PendingLogin(row.nonce, row.code_verifier, row.next_path)
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    session.delete(row)
    if utcnow() - created > STATE_LIFETIME:
        raise SsoError("state too old", code="sso_verlopen")
    return pending


def subject_key(audit_key: bytes, issuer: str, subject: str) -> str:
    """A keyed hash of the provider's user, for audit events about someone without an account."""
    return hmac.new(audit_key, f"{issuer}|{subject}".encode(), hashlib.sha256).hexdigest()[:32]


def _free_username(session: Session, wanted: str, user_id: int | None) -> str:
    """``wanted``, or ``wanted (2)`` … when a different account has that name already."""
    candidate, number = wanted, 1
    while True:
        owner = session.scalar(select(User.id).where(User.username == candidate))
        if owner is None or owner == user_id:
            return candidate
        number += 1
        candidate = f"{wanted[:140]} ({number})"


def sign_in(
    session: Session,
    claims: Mapping[str, Any],
    rules: ClaimRules,
    *,
    issuer: str,
    audit_key: bytes,
) -> User | None:
    """The local user of these (checked) claims, created or brought up to date.

    None when no claim value maps to a role: nothing is created or changed, and the refusal is
    audited as ``sso_geweigerd`` with a keyed hash of the subject only (commit the session to
    keep it). Raises :class:`SsoError` ``sso_uitgezet`` when a beheerder switched the linked
    account off.
    """
    subject = str(claims["sub"])
    roles = roles_from(claims, rules)
    user = session.scalar(
        select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
    )
    if not roles:
        audit.record(
            session,
            audit_key,
            actor="sso",
            action="sso_geweigerd",
            object_type="sso_subject",
            object_id=subject_key(audit_key, issuer, subject),
            details={"reden": "geen_rol", "account": user.id if user is not None else None},
        )
        return None
    if user is not None and not user.active:
        raise SsoError("account switched off", code="sso_uitgezet")
    username = _text(claim(claims, rules.username_claim), 150) or subject[:150]
    display_name = _text(claim(claims, rules.name_claim), 200) or username
    username = _free_username(session, username, user.id if user is not None else None)
    created = user is None
    if user is None:
        user = User(oidc_issuer=issuer, oidc_subject=subject, password_hash=None)
        session.add(user)
    user.username = username
    user.display_name = display_name
    before = sorted(user.roles) if not created else []
    user.role_rows = [UserRole(role=role.value) for role in roles]
    if rules.team_claim:
        team = team_from(claims, rules)
        user.team = get_or_create_team(session, team) if team else None
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=f"user:{user.id}",
        action="ingelogd",
        object_type="user",
        object_id=str(user.id),
        details={
            "via": "sso",
            "nieuw_account": created,
            "rollen": sorted(r.value for r in roles),
            "rollen_gewijzigd": before != sorted(roles),
            "team": user.team_id,
        },
    )
    return user
