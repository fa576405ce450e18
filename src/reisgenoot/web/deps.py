"""Request dependencies: the database, the current user and role checks.

Every route of the app requires a login unless its endpoint is marked :func:`public`
(:func:`login_gate` runs on all routes: deny by default). Role checks come on top with
:func:`require_roles`. The user is resolved once per request from the server-side session
in the ``reisgenoot_session`` cookie, which also ends sessions idle for too long.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from fastapi import Depends, Request

from reisgenoot.accounts.models import Role, User, UserSession
from reisgenoot.accounts.service import resume_session
from reisgenoot.errors import AccountError
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

SESSION_COOKIE = "reisgenoot_session"
_PUBLIC_MARK = "__reisgenoot_public__"
_UNRESOLVED = object()

F = TypeVar("F", bound=Callable[..., Any])

ROLE_ORDER: tuple[Role, ...] = tuple(Role)
STAFF_ROLES: tuple[Role, ...] = tuple(Role)


class LoginRequiredError(AccountError):
    """No (live) session; pages answer with a redirect to the login page."""

    code = "inloggen_nodig"


class NotAllowedError(AccountError):
    """Logged in, but none of the roles this page needs (→ 403)."""

    code = "geen_toegang"


@dataclass(frozen=True, slots=True)
class CurrentUser:
    """The logged-in user of this request, detached from the database session."""

    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    csrf_token: str

    @classmethod
    def of(cls, user: User, session_row: UserSession) -> CurrentUser:
        roles = tuple(role for role in ROLE_ORDER if role in user.roles)
        return cls(user.id, user.username, user.display_name, roles, session_row.csrf_token)

    def has_any(self, roles: Iterable[Role]) -> bool:
        return any(role in self.roles for role in roles)


def public(endpoint: F) -> F:
    """Mark a route endpoint as reachable without logging in."""
    setattr(endpoint, _PUBLIC_MARK, True)
    return endpoint


def is_public(endpoint: object) -> bool:
    return bool(getattr(endpoint, _PUBLIC_MARK, False))


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def resolve_user(request: Request) -> CurrentUser | None:
    """The user of the session cookie (cached on the request); None without a live session."""
    cached = getattr(request.state, "user", _UNRESOLVED)
    if cached is not _UNRESOLVED:
        return cached if isinstance(cached, CurrentUser) else None
    user: CurrentUser | None = None
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        database = get_database(request)
        timeout = timedelta(minutes=get_settings(request).session_timeout_minutes)
        with database.session() as session:
            found = resume_session(session, token, timeout)
            if found is not None:
                user = CurrentUser.of(*found)
    request.state.user = user
    return user


def optional_user(request: Request) -> CurrentUser | None:
    """Dependency form of :func:`resolve_user` (runs in the thread pool)."""
    return resolve_user(request)


OptionalUser = Annotated[CurrentUser | None, Depends(optional_user)]


def login_gate(request: Request, user: OptionalUser) -> None:
    """Deny by default: every endpoint not marked :func:`public` needs a live session."""
    if user is None and not is_public(request.scope.get("endpoint")):
        raise LoginRequiredError("login required")


def require_user(request: Request, user: OptionalUser) -> CurrentUser:
    if user is None:
        raise LoginRequiredError("login required")
    return user


def require_roles(*roles: Role) -> Callable[..., CurrentUser]:
    """A dependency that returns the user when they hold one of ``roles`` (else 403)."""
    wanted = frozenset(roles)

    def dependency(user: Annotated[CurrentUser, Depends(require_user)]) -> CurrentUser:
        if not user.has_any(wanted):
            raise NotAllowedError("role missing", roles=sorted(wanted))
        return user

    dependency.__name__ = f"require_roles_{'_'.join(sorted(r.value for r in wanted))}"
    return dependency


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after login; anything pointing elsewhere becomes ``default``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def is_htmx(request: Request) -> bool:
    """An HTMX request for a fragment (not a history restore, which wants the full page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def client_address(request: Request) -> str:
    return request.client.host if request.client else "onbekend"
