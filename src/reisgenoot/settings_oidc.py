"""The single sign-on settings (OpenID Connect), a part of :class:`reisgenoot.settings.Settings`.

Kept apart so the settings module stays one readable page; the fields are ordinary settings
with the prefix ``REISGENOOT_`` and appear in the generated reference like every other one.
How a beheerder fills them in for Entra ID, ADFS and Keycloak: ``docs/handleiding/sso.md``.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _checked_url(value: str | None, setting: str) -> str | None:
    """An https URL (plain http only on a loopback address, for tests and a local demo)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    parts = urlsplit(value)
    secure = parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname or ""))
    if not parts.hostname or not secure or parts.query or parts.fragment:
        raise ValueError(f"{setting}: {value!r} is no https address without query or fragment")
    return value


class OidcSettings(BaseSettings):
    """Login via the municipality's identity provider (Entra ID, ADFS, Keycloak)."""

    oidc_issuer: str | None = Field(
        default=None,
        description=(
            "Issuer URL of the OpenID Connect provider, exactly as in its discovery document, "
            "e.g. `https://login.microsoftonline.com/<tenant>/v2.0`, `https://adfs.gemeente.nl/adfs` "
            "or `https://sso.gemeente.nl/realms/gemeente`. Set with `OIDC_CLIENT_ID` to show "
            "'Inloggen via uw organisatie' on the login page. Empty: local accounts only."
        ),
    )
    oidc_client_id: str | None = Field(
        default=None, description="Client id of Reisgenoot at the provider."
    )
    oidc_client_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Client secret at the provider, from the environment; never put it in a file in "
            "the repository. Empty (and no `OIDC_CLIENT_SECRET_FILE`): a public client with PKCE only."
        ),
    )
    oidc_client_secret_file: Path | None = Field(
        default=None,
        description=(
            "File holding the client secret (e.g. a container secret); read at start. Used "
            "when `OIDC_CLIENT_SECRET` is empty."
        ),
    )
    oidc_redirect_url: str | None = Field(
        default=None,
        description=(
            "The address the provider sends people back to, as registered there: "
            "`https://reisgenoot.gemeente.nl/login/oidc/callback`. Empty: made from the address "
            "of the request (fine without a reverse proxy that changes host or scheme)."
        ),
    )
    oidc_scopes: list[str] = Field(
        default_factory=lambda: ["openid", "profile"],
        description="Scopes asked for at login; `openid` is always added.",
    )
    oidc_username_claim: str = Field(
        default="preferred_username",
        description=(
            "Claim with the user name shown in Reisgenoot (Entra ID and Keycloak: "
            "`preferred_username`; ADFS: `upn`). Missing: the subject is used."
        ),
    )
    oidc_name_claim: str = Field(
        default="name", description="Claim with the display name. Missing: the user name."
    )
    oidc_roles_claim: str = Field(
        default="roles",
        description=(
            "Claim with the user's roles or groups (a list or one value); a dotted path "
            "reaches into an object, e.g. `realm_access.roles` (Keycloak)."
        ),
    )
    oidc_role_map: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "From claim values to Reisgenoot roles, as JSON, e.g. "
            '`{"KCC-Medewerker": ["medewerker"], "KCC-Teamleider": ["teamleider", "medewerker"]}`. '
            "Roles: medewerker, teamleider, opleider, trainee, redacteur, beheerder. Roles are "
            "set from the claims at every login; someone without a mapped role cannot log in."
        ),
    )
    oidc_team_claim: str | None = Field(
        default=None,
        description=(
            "Claim with the user's team (a dotted path works too). Empty: the team is not "
            "taken from the provider and a beheerder sets it in Reisgenoot."
        ),
    )
    oidc_team_map: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "From team claim values to team names, as JSON, e.g. "
            '`{"a1b2-...": "KCC Noord"}`. Empty: the claim value is the team name. With a map, '
            "the first value found in it is the team; none found: no team."
        ),
    )
    oidc_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Longest wait for one answer of the provider."
    )
    local_login: bool = Field(
        default=True,
        description=(
            "Accept the user name and password of local Reisgenoot accounts. Set to false when "
            "everybody logs in via the organisation; the `reisgenoot users` commands keep working."
        ),
    )

    @field_validator("oidc_issuer")
    @classmethod
    def _issuer_is_https(cls, value: str | None) -> str | None:
        return _checked_url(value, "REISGENOOT_OIDC_ISSUER")

    @field_validator("oidc_redirect_url")
    @classmethod
    def _redirect_is_https(cls, value: str | None) -> str | None:
        return _checked_url(value, "REISGENOOT_OIDC_REDIRECT_URL")

    @field_validator("oidc_role_map", mode="before")
    @classmethod
    def _single_roles_become_lists(cls, value: object) -> object:
        if isinstance(value, dict):
            return {
                key: [roles] if isinstance(roles, str) else roles for key, roles in value.items()
            }
        return value

    @property
    def oidc_enabled(self) -> bool:
        """Both the issuer and the client id are set."""
        return bool(self.oidc_issuer and self.oidc_client_id)

    def oidc_secret(self) -> str | None:
        """The client secret from the environment, else from its file; None for a public client."""
        if self.oidc_client_secret is not None and self.oidc_client_secret.get_secret_value():
            return self.oidc_client_secret.get_secret_value()
        if self.oidc_client_secret_file is not None:
            text = self.oidc_client_secret_file.read_text(encoding="utf-8").strip()
            return text or None
        return None
