"""The OpenID Connect client: discovery, the authorization request with PKCE, the code
exchange, and the checks of the ID token.

The cryptography and the claim rules come from maintained libraries: the signature is
checked by ``joserfc`` against the provider's published keys (fetched again once when a
token names an unknown key, so key rotation needs no restart), and the claims by Authlib's
``CodeIDToken`` (issuer, audience, expiry, issued-at, nonce, authorized party, access-token
hash). Only asymmetric signatures are accepted: never ``none``, never a shared secret.
HTTP goes through ``httpx`` with a timeout; every failure becomes an :class:`SsoError`.
See ``docs/decisions/0021-single-sign-on.md``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from reisgenoot.errors import AccountError

ASYMMETRIC_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
METADATA_SECONDS = 3600  # discovery and keys are fetched again after an hour
LEEWAY_SECONDS = 60  # clock difference allowed between provider and server


class SsoError(AccountError):
    """Logging in via the organisation failed; ``code`` says why (Dutch in the catalogue)."""

    code = "sso_fout"


@dataclass(frozen=True, slots=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str | None = None
    scopes: tuple[str, ...] = ("openid", "profile")
    timeout: float = 10.0


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    algorithms: tuple[str, ...]
    client_auth: str  # client_secret_basic, client_secret_post or none

    @classmethod
    def parse(
        cls, data: Mapping[str, Any], *, expected_issuer: str, has_secret: bool
    ) -> ProviderMetadata:
        if data.get("issuer") != expected_issuer:
            raise SsoError(
                "issuer mismatch", code="sso_verkeerde_issuer", found=str(data.get("issuer"))[:200]
            )
        endpoints = {}
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            value = data.get(name)
            if not isinstance(value, str) or not value.startswith(("https://", "http://")):
                raise SsoError(f"discovery lacks {name}", code="sso_onbereikbaar")
            endpoints[name] = value
        offered = data.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = tuple(a for a in ASYMMETRIC_ALGORITHMS if a in offered)
        if not algorithms:
            raise SsoError("no asymmetric id_token algorithm", code="sso_onbereikbaar")
        methods = data.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        auth = "none"
        if has_secret:
            auth = next(
                (m for m in ("client_secret_basic", "client_secret_post") if m in methods),
                "client_secret_basic",
            )
        end_session = data.get("end_session_endpoint")
        return cls(
            issuer=expected_issuer,
            authorization_endpoint=endpoints["authorization_endpoint"],
            token_endpoint=endpoints["token_endpoint"],
            jwks_uri=endpoints["jwks_uri"],
            end_session_endpoint=end_session if isinstance(end_session, str) else None,
            algorithms=algorithms,
            client_auth=auth,
        )


@dataclass(frozen=True, slots=True)
class LoginRequest:
    """The secrets of one login under way: kept by the server, never in the URL but the challenge."""

    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def new(cls) -> LoginRequest:
        return cls(
            state=generate_token(43), nonce=generate_token(43), code_verifier=generate_token(64)
        )


@dataclass(frozen=True, slots=True)
class Tokens:
    id_token: str
    access_token: str | None


class OidcClient:
    """One provider, shared by all requests of the app (thread-safe caches)."""

    def __init__(self, config: OidcConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._transport = transport
        self._lock = threading.Lock()
        self._metadata: tuple[float, ProviderMetadata] | None = None
        self._keys: tuple[float, KeySet] | None = None

    def _http(self) -> httpx.Client:
        """A client for one exchange (logins are rare; nothing stays open between them)."""
        return httpx.Client(
            timeout=self.config.timeout, transport=self._transport, follow_redirects=False
        )

    def _get_json(self, url: str) -> Mapping[str, Any]:
        try:
            with self._http() as http:
                response = http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SsoError(
                f"provider unreachable: {type(exc).__name__}", code="sso_onbereikbaar"
            ) from exc
        if not isinstance(data, dict):
            raise SsoError("provider answered no JSON object", code="sso_onbereikbaar")
        return data

    def metadata(self) -> ProviderMetadata:
        """The discovery document, checked (its issuer must be the configured one) and cached."""
        with self._lock:
            cached = self._metadata
        if cached is not None and time.monotonic() - cached[0] < METADATA_SECONDS:
            return cached[1]
        url = self.config.issuer.rstrip("/") + "/.well-known/openid-configuration"
        metadata = ProviderMetadata.parse(
            self._get_json(url),
            expected_issuer=self.config.issuer,
            has_secret=self.config.client_secret is not None,
        )
        with self._lock:
            self._metadata = (time.monotonic(), metadata)
        return metadata

    def _key_set(self, *, refresh: bool = False) -> KeySet:
        with self._lock:
            cached = self._keys
        if not refresh and cached is not None and time.monotonic() - cached[0] < METADATA_SECONDS:
            return cached[1]
        data = self._get_json(self.metadata().jwks_uri)
        try:
            keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise SsoError("unusable key set", code="sso_onbereikbaar") from exc
        with self._lock:
            self._keys = (time.monotonic(), keys)
        return keys

    def key_count(self) -> int:
        """How many keys the provider publishes (fetching them: a check that they are usable)."""
        return len(self._key_set(refresh=True).keys)

    def authorization_url(self, request: LoginRequest, *, redirect_uri: str) -> str:
        scopes = ["openid", *(s for s in self.config.scopes if s != "openid")]
        params = {
            "response_type": "code",
            "client_id": self.config.client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": request.state,
            "nonce": request.nonce,
            "code_challenge": create_s256_code_challenge(request.code_verifier),
            "code_challenge_method": "S256",
        }
        return str(add_params_to_uri(self.metadata().authorization_endpoint, params))

    def exchange_code(self, code: str, *, redirect_uri: str, code_verifier: str) -> Tokens:
        """Trade the code for tokens at the token endpoint (with the PKCE verifier)."""
        metadata = self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
            "client_id": self.config.client_id,
        }
        extra: dict[str, Any] = {}
        secret = self.config.client_secret
        if metadata.client_auth == "client_secret_post" and secret is not None:
            form["client_secret"] = secret
        elif metadata.client_auth == "client_secret_basic" and secret is not None:
            # RFC 6749 §2.3.1: both parts form-encoded before Basic authentication
            extra["auth"] = httpx.BasicAuth(
                quote(self.config.client_id, safe=""), quote(secret, safe="")
            )
        try:
            with self._http() as http:
                response = http.post(metadata.token_endpoint, data=form, **extra)
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SsoError(
                f"token endpoint: {type(exc).__name__}", code="sso_onbereikbaar"
            ) from exc
        if response.status_code != 200 or not isinstance(data, dict):
            error = data.get("error") if isinstance(data, dict) else None
            raise SsoError(f"token endpoint refused: {str(error)[:80]}", code="sso_ongeldig")
        id_token, access_token = data.get("id_token"), data.get("access_token")
        if not isinstance(id_token, str) or not id_token:
            raise SsoError("no id_token in the token response", code="sso_ongeldig")
        return Tokens(id_token, access_token if isinstance(access_token, str) else None)

    def verify_id_token(
        self, id_token: str, *, nonce: str, access_token: str | None = None, now: int | None = None
    ) -> dict[str, Any]:
        """The claims of a valid ID token; :class:`SsoError` (``sso_ongeldig``) otherwise."""
        metadata = self.metadata()
        try:
            try:
                token = jwt.decode(id_token, self._key_set(), algorithms=metadata.algorithms)
            except InvalidKeyIdError:
                token = jwt.decode(
                    id_token, self._key_set(refresh=True), algorithms=metadata.algorithms
                )
            options = {
                "iss": {"essential": True, "value": metadata.issuer},
                "aud": {"essential": True, "value": self.config.client_id},
                "sub": {"essential": True},
                "exp": {"essential": True},
            }
            params = {"nonce": nonce, "client_id": self.config.client_id}
            if access_token:
                params["access_token"] = access_token
            claims = CodeIDToken(token.claims, token.header, options, params)
            claims.validate(now=now, leeway=LEEWAY_SECONDS)
        except (JoseError, ValueError, TypeError) as exc:
            raise SsoError(f"id_token refused: {type(exc).__name__}", code="sso_ongeldig") from exc
        if not isinstance(claims.get("sub"), str) or not claims["sub"] or len(claims["sub"]) > 255:
            raise SsoError("unusable subject", code="sso_ongeldig")
        return dict(claims)

    def logout_url(self, *, post_logout_redirect_uri: str) -> str | None:
        """The provider's end-session address (RP-initiated logout), or None when it has none."""
        try:
            endpoint = self.metadata().end_session_endpoint
        except SsoError:
            return None
        if endpoint is None:
            return None
        params = {
            "client_id": self.config.client_id,
            "post_logout_redirect_uri": post_logout_redirect_uri,
        }
        return str(add_params_to_uri(endpoint, params))
