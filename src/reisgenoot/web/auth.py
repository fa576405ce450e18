"""Logging in and out: ``GET/POST /login``, ``POST /logout``.

Login goes through :func:`reisgenoot.accounts.service.authenticate` (throttled per account
and address, and per account from any address; the address is :func:`client_address`, which
believes ``X-Forwarded-For`` only from configured proxies). A new server-side session is started on every login, so a session id known
before login is worthless after it; the audit trail records ids only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reisgenoot.accounts.models import User
from reisgenoot.accounts.service import (
    LoginPolicy,
    LoginThrottled,
    authenticate,
    end_session,
    start_session,
)
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import (
    SESSION_COOKIE,
    CurrentUser,
    OptionalUser,
    client_address,
    get_database,
    get_settings,
    public,
    require_user,
    safe_next,
)
from reisgenoot.web.security import PRESESSION_COOKIE
from reisgenoot.web.sso_client import provider_logout_url
from reisgenoot.web.templating import Pages, get_pages

router = APIRouter()

WRONG_LOGIN = "Onbekende gebruikersnaam of wachtwoord."
MISSING_FIELDS = "Vul je gebruikersnaam en je wachtwoord in."
LOGGED_OUT = "Je bent uitgelogd."
LOCAL_LOGIN_OFF = "Inloggen met een gebruikersnaam en wachtwoord van Reisgenoot staat uit. Log in via je organisatie."
THROTTLED = "Te veel mislukte pogingen. Wacht een paar minuten en probeer het opnieuw."

SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_database)]
PagesDep = Annotated[Pages, Depends(get_pages)]


def login_page(
    request: Request,
    pages: Pages,
    *,
    next_path: str,
    username: str = "",
    error: str | None = None,
    sso_error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The login page: the organisation's login when configured, the local form unless off."""
    settings = get_settings(request)
    context = {
        "next": next_path,
        "username": username,
        "error": error,
        "sso_error": sso_error,
        "notice": notice,
        "sso": settings.oidc_enabled,
        "local_login": settings.local_login,
    }
    return pages.render(request, "login.html", context, status_code=status_code)


@router.get("/login", response_class=HTMLResponse)
@public
def login_form(
    request: Request, pages: PagesDep, user: OptionalUser, next: str = "/", uitgelogd: str = ""
) -> Response:
    """Het inlogscherm."""
    target = safe_next(next)
    if user is not None:
        return RedirectResponse(target, status_code=303)
    notice = LOGGED_OUT if uitgelogd else None
    return login_page(request, pages, next_path=target, notice=notice)


@router.post("/login", response_class=HTMLResponse)
@public
def login(
    request: Request,
    pages: PagesDep,
    settings: SettingsDep,
    database: DatabaseDep,
    username: Annotated[str, Form(max_length=150)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Controleer gebruikersnaam en wachtwoord en start een sessie."""
    target = safe_next(next)
    username = username.strip()
    if not settings.local_login:
        return login_page(
            request, pages, next_path=target, sso_error=LOCAL_LOGIN_OFF, status_code=403
        )
    if not username or not password:
        return login_page(
            request,
            pages,
            next_path=target,
            username=username,
            error=MISSING_FIELDS,
            status_code=400,
        )
    policy = LoginPolicy(
        max_attempts=settings.login_max_attempts,
        lockout=timedelta(seconds=settings.login_lockout_seconds),
        account_max_attempts=settings.login_account_max_attempts,
    )
    old_token = request.cookies.get(SESSION_COOKIE)
    try:
        with database.session() as session:
            user = authenticate(session, username, password, client_address(request), policy)
            if user is None:
                token = None
            else:
                if old_token:
                    end_session(session, old_token)
                token, _row = start_session(session, user)
                audit.record(
                    session,
                    settings.audit_secret(),
                    actor=f"user:{user.id}",
                    action="ingelogd",
                    object_type="user",
                    object_id=str(user.id),
                )
    except LoginThrottled:
        return login_page(
            request, pages, next_path=target, username=username, error=THROTTLED, status_code=429
        )
    if token is None:
        return login_page(
            request, pages, next_path=target, username=username, error=WRONG_LOGIN, status_code=400
        )
    return signed_in(target, token, settings)


def signed_in(target: str, token: str, settings: Settings) -> RedirectResponse:
    """The answer to a successful login (local or via the organisation): the session cookie
    is set, the pre-session cookie goes, and the browser goes on to ``target``."""
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )
    response.delete_cookie(PRESESSION_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(
    request: Request,
    settings: SettingsDep,
    database: DatabaseDep,
    user: Annotated[CurrentUser, Depends(require_user)],
) -> Response:
    """Beëindig de sessie."""
    token = request.cookies.get(SESSION_COOKIE, "")
    with database.session() as session:
        end_session(session, token)
        account = session.get(User, user.id)
        via_sso = account is not None and account.oidc_issuer is not None
        audit.record(
            session,
            settings.audit_secret(),
            actor=f"user:{user.id}",
            action="uitgelogd",
            object_type="user",
            object_id=str(user.id),
            details={"via": "sso"} if via_sso else None,
        )
    # The local session has ended; someone who came via the organisation is also sent to
    # its end-session address (when it has one), which sends them back to the login page.
    location = (provider_logout_url(request) if via_sso else None) or "/login?uitgelogd=1"
    response = RedirectResponse(location, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response
