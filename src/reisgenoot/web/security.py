"""CSRF protection and security headers.

CSRF uses the synchronizer-token pattern: a logged-in user's token is the ``csrf_token`` of
their server-side session row. Before login (the login form) a signed double-submit token
is used: a random value in the ``reisgenoot_csrf`` cookie, and in the form that value signed
with the installation's secret, so a cookie planted by someone else cannot be matched. The
token comes in the form field ``csrf_token`` or, for HTMX requests, the ``X-CSRF-Token``
header. :func:`csrf_protect` runs on every route of the app; it lets only safe methods
through without a token.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reisgenoot.errors import AccountError
from reisgenoot.web.deps import CurrentUser, optional_user

PRESESSION_COOKIE = "reisgenoot_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
PRESESSION_MAX_AGE = 8 * 3600  # a login form older than a working day must be reloaded


def content_security_policy(form_targets: tuple[str, ...] = ()) -> str:
    """The policy; ``form_targets`` are origins a form may lead to (the SSO provider's logout)."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            " ".join(("form-action 'self'", *form_targets)),
            "frame-ancestors 'none'",
        )
    )


CONTENT_SECURITY_POLICY = content_security_policy()
# Pages that may use the microphone: live assist by voice (reisgenoot.assist.live_speech).
MICROPHONE_PATHS = ("/assist/",)
MICROPHONE_POLICY = "camera=(), microphone=(self), geolocation=(), payment=()"
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class CsrfError(AccountError):
    """A state-changing request without a valid CSRF token."""

    code = "csrf_fout"


class CsrfGuard:
    """Issues and checks pre-session tokens; compares session tokens in constant time."""

    def __init__(self, secret: str, *, secure_cookies: bool) -> None:
        self._signer = URLSafeTimedSerializer(secret, salt="reisgenoot.csrf.presession")
        self.secure_cookies = secure_cookies

    def _nonce(self, request: Request) -> str:
        nonce = request.cookies.get(PRESESSION_COOKIE) or getattr(request.state, "csrf_nonce", None)
        if not nonce:
            nonce = secrets.token_urlsafe(32)
            request.state.csrf_nonce = nonce
        return str(nonce)

    def token_for(self, request: Request, user: CurrentUser | None) -> str:
        """The token to put in forms on this page."""
        if user is not None:
            return user.csrf_token
        return self._signer.dumps(self._nonce(request))

    def attach_cookie(self, request: Request, response: Response) -> None:
        """Set the pre-session cookie when :meth:`token_for` made a new nonce."""
        nonce = getattr(request.state, "csrf_nonce", None)
        if nonce and not request.cookies.get(PRESESSION_COOKIE):
            response.set_cookie(
                PRESESSION_COOKIE,
                nonce,
                httponly=True,
                samesite="lax",
                secure=self.secure_cookies,
                path="/",
            )

    def valid(self, request: Request, user: CurrentUser | None, submitted: str) -> bool:
        if not submitted:
            return False
        if user is not None and hmac.compare_digest(submitted, user.csrf_token):
            return True
        cookie = request.cookies.get(PRESESSION_COOKIE)
        if not cookie:
            return False
        try:
            signed = self._signer.loads(submitted, max_age=PRESESSION_MAX_AGE)
        except BadSignature:
            return False
        return isinstance(signed, str) and hmac.compare_digest(signed, cookie)


async def _submitted_token(request: Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def csrf_protect(
    request: Request, user: Annotated[CurrentUser | None, Depends(optional_user)]
) -> None:
    """Refuse every state-changing request whose token does not match (→ 403)."""
    if request.method in SAFE_METHODS:
        return
    guard: CsrfGuard = request.app.state.csrf
    if not guard.valid(request, user, await _submitted_token(request)):
        raise CsrfError("missing or wrong CSRF token")


class SecurityHeadersMiddleware:
    """Add the security headers to every response; pages are not cached."""

    def __init__(self, app: ASGIApp, form_targets: tuple[str, ...] = ()) -> None:
        self.app = app
        self.headers = {
            **SECURITY_HEADERS,
            "Content-Security-Policy": content_security_policy(form_targets),
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        is_static = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
                if not is_static:
                    headers["Cache-Control"] = "no-store"
                if path.startswith(MICROPHONE_PATHS):
                    headers["Permissions-Policy"] = MICROPHONE_POLICY
            await send(message)

        await self.app(scope, receive, send_with_headers)
