"""Logging in via the organisation (OpenID Connect, authorization code flow with PKCE).

``GET /login/oidc`` starts a login: the secrets go into ``oidc_login_states``, the ``state``
also into a short-lived cookie of this browser, and the browser goes to the provider.
``GET /login/oidc/callback`` is where the provider sends it back: the state must match the
cookie and a login under way (once), the code is traded for tokens, the ID token checked
(signature, issuer, audience, nonce, expiry), and the local account is found or made from
the claims (:func:`reisgenoot.accounts.sso.sign_in`). Someone without a mapped role gets a
Dutch page that says so. ``GET /uitgelogd`` is where the provider sends people after
logging out there. Every failure is a Dutch page, never a 500.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from reisgenoot.accounts.oidc import SsoError
from reisgenoot.accounts.service import end_session, start_session
from reisgenoot.accounts.sso import STATE_LIFETIME, begin, sign_in, take
from reisgenoot.errors import dutch_message
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.engine import Database
from reisgenoot.web.auth import LOGGED_OUT, login_page, signed_in
from reisgenoot.web.deps import (
    SESSION_COOKIE,
    OptionalUser,
    client_address,
    get_database,
    get_settings,
    public,
    safe_next,
)
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.ratelimit import RateLimiter, public_key
from reisgenoot.web.sso_client import CALLBACK_PATH, SsoSetup, get_sso, redirect_uri
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter()
log = get_logger(__name__)

STATE_COOKIE = "reisgenoot_sso"
STATE_COOKIE_PATH = "/login/oidc"
# Provider errors that mean the person stopped or was not let in; others are a failure.
ABORTED = frozenset({"access_denied", "login_required", "consent_required", "interaction_required"})

SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
PagesDep = Annotated[Pages, Depends(get_pages)]
Param = Annotated[str, Query(max_length=4096)]


def _failed(request: Request, pages: Pages, error: SsoError, *, next_path: str = "/") -> Response:
    status = 503 if error.code == "sso_onbereikbaar" else 400
    response = login_page(
        request, pages, next_path=next_path, sso_error=error.dutch(), status_code=status
    )
    response.delete_cookie(STATE_COOKIE, path=STATE_COOKIE_PATH)
    return response


@router.get("/login/oidc")
@public
def sso_start(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    next: Param = "/",
) -> Response:
    """Ga naar het inlogsysteem van de organisatie."""
    setup = get_sso(request)
    if setup is None:
        return error_page(request, 404, dutch_message("sso_niet_ingesteld", {}))
    limiter: RateLimiter = request.app.state.public_limiter
    if not limiter.allow(public_key("sso", client_address(request))):
        return error_page(request, 429)
    target = safe_next(next)
    try:
        setup.client.metadata()  # reach the provider before any database write (cached)
        with database.session() as session:
            login = begin(session, target)
            location = setup.client.authorization_url(
                login, redirect_uri=redirect_uri(request, setup)
            )
    except SsoError as exc:
        log.warning("Inloggen via de organisatie kon niet beginnen: %s", exc.code)
        return _failed(request, pages, exc, next_path=target)
    response = RedirectResponse(location, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        login.state,
        max_age=int(STATE_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path=STATE_COOKIE_PATH,
    )
    return response


def _audit_failure(database: Database, settings: Settings, code: str) -> None:
    """A login that came back but failed: the reason only (no subject, no address)."""
    with database.session() as session:
        audit.record(
            session,
            settings.audit_secret(),
            actor="sso",
            action="sso_mislukt",
            object_type="sso",
            details={"reden": code},
        )


def _complete(
    request: Request,
    setup: SsoSetup,
    database: Database,
    settings: Settings,
    code: str,
    nonce: str,
    verifier: str,
) -> str | None:
    """Trade the code, check the token, sign the user in; the new session token, or None
    when the provider's user has no role in Reisgenoot (the refusal is audited)."""
    tokens = setup.client.exchange_code(
        code, redirect_uri=redirect_uri(request, setup), code_verifier=verifier
    )
    claims = setup.client.verify_id_token(
        tokens.id_token, nonce=nonce, access_token=tokens.access_token
    )
    old_token = request.cookies.get(SESSION_COOKIE)
    with database.session() as session:
        user = sign_in(
            session, claims, setup.rules, issuer=setup.issuer, audit_key=settings.audit_secret()
        )
        if user is None:
            return None
        if old_token:
            end_session(session, old_token)
        token, _row = start_session(session, user)
    return token


@router.get(CALLBACK_PATH)
@public
def sso_callback(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    code: Param = "",
    state: Param = "",
    error: Param = "",
    iss: Param = "",
) -> Response:
    """Het inlogsysteem van de organisatie stuurt de medewerker hier terug."""
    setup = get_sso(request)
    if setup is None:
        return error_page(request, 404, dutch_message("sso_niet_ingesteld", {}))
    try:
        with database.session() as session:
            pending = take(session, state, request.cookies.get(STATE_COOKIE, ""))
    except SsoError as exc:
        return _failed(request, pages, exc)
    try:
        if iss and iss != setup.issuer:  # RFC 9207: an answer of another provider (mix-up)
            raise SsoError("answer from another issuer", code="sso_ongeldig")
        if error or not code:
            reason = "sso_afgebroken" if error in ABORTED else "sso_ongeldig"
            raise SsoError(f"provider answered {error[:40] or 'without a code'}", code=reason)
        token = _complete(
            request, setup, database, settings, code, pending.nonce, pending.code_verifier
        )
    except SsoError as exc:
        _audit_failure(database, settings, exc.code)
        return _failed(request, pages, exc, next_path=pending.next_path)
    if token is None:
        message = dutch_message("sso_geen_rol", {})
        refusal = pages.render(request, "sso_geen_rol.html", {"message": message}, status_code=403)
        refusal.delete_cookie(STATE_COOKIE, path=STATE_COOKIE_PATH)
        return refusal
    response = signed_in(pending.next_path, token, settings)
    response.delete_cookie(STATE_COOKIE, path=STATE_COOKIE_PATH)
    return response


@router.get("/uitgelogd")
@public
def logged_out(request: Request, pages: PagesDep, user: OptionalUser) -> Response:
    """Na het uitloggen bij de organisatie: het inlogscherm met de melding."""
    if user is not None:
        return RedirectResponse("/", status_code=303)
    return login_page(request, pages, next_path="/", notice=LOGGED_OUT)
