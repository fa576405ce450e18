"""Request dependencies: the database, the current user and role checks.

Every route of the app requires a login unless its endpoint is marked :func:`public`
(:func:`login_gate` runs on all routes: deny by default). Role checks come on top with
:func:`require_roles`. The user is resolved once per request from the server-side session
in the ``reisgenoot_session`` cookie, which also ends sessions idle for too long.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from fastapi import Depends, Request

from reisgenoot.accounts.models import Role, User, UserSession
from reisgenoot.accounts.service import resume_session
from reisgenoot.errors import AccountError
from reisgenoot.log import get_logger
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


UNKNOWN_ADDRESS = "onbekend"
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_log = get_logger(__name__)


@functools.lru_cache(maxsize=16)
def _networks(values: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


def _parse_address(text: str) -> IpAddress | None:
    """An address from a peer or an ``X-Forwarded-For`` entry (``[v6]:port``, ``v4:port``)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IpAddress, proxies: tuple[IpNetwork, ...]) -> bool:
    return any(address in network for network in proxies)


@functools.cache
def _warn_rewritten() -> None:
    """Say once per process that the server's proxy-headers mode is on."""
    _log.warning(
        "De webserver zette zelf een adres uit X-Forwarded-For als client; dat adres wordt "
        "niet vertrouwd. Start met 'reisgenoot serve' (of uvicorn met --no-proxy-headers) "
        "en noem de proxy in REISGENOOT_TRUSTED_PROXIES."
    )


def _rewritten_by_server(request: Request) -> bool:
    """True when the ASGI server put an ``X-Forwarded-For`` address in ``client``.

    uvicorn's proxy-headers mode (on by default for a hand-started uvicorn, and trusting
    127.0.0.1) replaces the peer by the header's address with port 0; a real TCP peer never
    has port 0. Such an address may be forged, and the real peer is lost.
    """
    return request.client is not None and request.client.port == 0


def client_address(request: Request) -> str:
    """The client's address, for throttling and rate limits (never logged or stored raw).

    The direct peer, unless it is one of ``REISGENOOT_TRUSTED_PROXIES``: then the right-most
    address in ``X-Forwarded-For`` that is not a trusted proxy (the one the outermost trusted
    proxy saw). Without configured proxies the header is ignored. When the server already
    replaced the peer by a header's address (uvicorn's proxy-headers mode), the address
    cannot be trusted: all such requests share one key, and a warning says how to fix it.
    """
    if request.client is None:
        return UNKNOWN_ADDRESS
    if _rewritten_by_server(request):
        _warn_rewritten()
        return UNKNOWN_ADDRESS
    peer = _parse_address(request.client.host)
    if peer is None:
        return request.client.host  # not an IP address (a test client, a Unix socket)
    proxies = _networks(tuple(get_settings(request).trusted_proxies))
    if not proxies or not _trusted(peer, proxies):
        return str(peer)
    hops = [
        entry
        for header in request.headers.getlist("x-forwarded-for")
        for entry in header.split(",")
        if entry.strip()
    ]
    client = peer
    for entry in reversed(hops):
        address = _parse_address(entry)
        if address is None:
            break  # garbage before the last trusted hop: keep that hop
        client = address
        if not _trusted(address, proxies):
            break
    return str(client)
