"""The app's single sign-on setup: one OIDC client and the claim rules, built from the settings.

:func:`configure` runs once in ``create_app`` (a role map naming an unknown role stops the
start with a Dutch message); routes reach the result through :func:`get_sso`. The addresses
the provider sends people back to come from ``REISGENOOT_OIDC_REDIRECT_URL`` when set (behind
a reverse proxy), else from the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request

from reisgenoot.accounts.oidc import OidcClient, OidcConfig
from reisgenoot.accounts.sso import ClaimRules
from reisgenoot.errors import AccountError
from reisgenoot.settings import Settings

CALLBACK_PATH = "/login/oidc/callback"
LOGGED_OUT_PATH = "/uitgelogd"


@dataclass(frozen=True, slots=True)
class SsoSetup:
    client: OidcClient
    rules: ClaimRules
    redirect_url: str | None

    @property
    def issuer(self) -> str:
        return self.client.config.issuer


def configure(settings: Settings) -> SsoSetup | None:
    """The setup when issuer and client id are set, else None (local accounts only)."""
    if not (settings.oidc_enabled and settings.oidc_issuer and settings.oidc_client_id):
        return None
    rules = ClaimRules.from_settings(
        username_claim=settings.oidc_username_claim,
        name_claim=settings.oidc_name_claim,
        roles_claim=settings.oidc_roles_claim,
        role_map=settings.oidc_role_map,
        team_claim=settings.oidc_team_claim,
        team_map=settings.oidc_team_map,
    )
    try:
        secret = settings.oidc_secret()
    except (OSError, UnicodeDecodeError) as exc:
        raise AccountError(
            "client secret file unreadable",
            code="bestand_onleesbaar",
            file=str(settings.oidc_client_secret_file),
            detail=type(exc).__name__,
        ) from exc
    config = OidcConfig(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=secret,
        scopes=tuple(settings.oidc_scopes),
        timeout=settings.oidc_timeout_seconds,
    )
    return SsoSetup(OidcClient(config), rules, settings.oidc_redirect_url)


def form_targets(settings: Settings) -> tuple[str, ...]:
    """Origins a form may lead to besides our own: the provider's, for logging out there."""
    if not settings.oidc_enabled or not settings.oidc_issuer:
        return ()
    parts = urlsplit(settings.oidc_issuer)
    return (f"{parts.scheme}://{parts.netloc}",)


def get_sso(request: Request) -> SsoSetup | None:
    setup: SsoSetup | None = getattr(request.app.state, "sso", None)
    return setup


def _origin(request: Request, setup: SsoSetup) -> str:
    if setup.redirect_url:
        parts = urlsplit(setup.redirect_url)
        return f"{parts.scheme}://{parts.netloc}"
    return str(request.base_url).rstrip("/")


def redirect_uri(request: Request, setup: SsoSetup) -> str:
    """The callback address, exactly as registered at the provider."""
    return setup.redirect_url or _origin(request, setup) + CALLBACK_PATH


def provider_logout_url(request: Request) -> str | None:
    """The provider's end-session address that returns to our login page, or None."""
    setup = get_sso(request)
    if setup is None:
        return None
    return setup.client.logout_url(
        post_logout_redirect_uri=_origin(request, setup) + LOGGED_OUT_PATH
    )
