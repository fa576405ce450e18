"""The ID-token checks, against a real provider's discovery document and published keys.

Tokens are signed here with the provider's own key (the tests made it), so every refusal
below is of a token whose signature would otherwise be fine: only the one thing under test
is wrong. A changed payload, another key, ``alg: none`` and a shared-secret signature are
refused too.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from reisgenoot.accounts.oidc import OidcClient, OidcConfig, SsoError
from tests.oidc.server import CLIENT_ID, Provider, start_provider

NONCE = "nonce-van-deze-login"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    yield from start_provider(
        tmp_path_factory.mktemp("oidc-keys"), accounts={"anna": {"name": "Anna"}}
    )


@pytest.fixture
def client(provider: Provider) -> OidcClient:
    return OidcClient(OidcConfig(provider.issuer, CLIENT_ID, provider.client_secret))


def claims_for(provider: Provider, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": provider.issuer,
        "sub": "anna",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 600,
        "nonce": NONCE,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def signed(provider: Provider, **changes: Any) -> str:
    return jwt.encode(
        {"alg": "RS256", "kid": "test-key"}, claims_for(provider, **changes), provider.key
    )


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_correct_token_is_accepted(client: OidcClient, provider: Provider) -> None:
    claims = client.verify_id_token(signed(provider), nonce=NONCE)
    assert claims["sub"] == "anna"


def test_the_discovery_document_is_checked(client: OidcClient, provider: Provider) -> None:
    metadata = client.metadata()
    assert metadata.issuer == provider.issuer
    assert metadata.end_session_endpoint is not None
    assert "RS256" in metadata.algorithms and "HS256" not in metadata.algorithms
    assert metadata.client_auth == "client_secret_basic"


def test_another_issuer_in_discovery_is_refused(provider: Provider) -> None:
    wrong = OidcClient(OidcConfig(provider.issuer + "/", CLIENT_ID))
    with pytest.raises(SsoError) as error:
        wrong.metadata()
    assert error.value.code == "sso_verkeerde_issuer"
    assert provider.issuer in error.value.dutch()


@pytest.mark.parametrize(
    ("case", "changes"),
    [
        ("expired", {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}),
        ("wrong audience", {"aud": "een-andere-toepassing"}),
        ("audience list without us", {"aud": ["een-andere-toepassing", "nog-een"]}),
        ("wrong issuer", {"iss": "https://idp.elders.example"}),
        ("other nonce", {"nonce": "een-andere-nonce"}),
        ("no nonce", {"nonce": None}),
        ("no expiry", {"exp": None}),
        ("no subject", {"sub": None}),
        ("issued in the future", {"iat": int(time.time()) + 3600}),
        ("other authorised party", {"aud": [CLIENT_ID, "ander"], "azp": "ander"}),
    ],
)
def test_a_wrong_claim_is_refused(
    client: OidcClient, provider: Provider, case: str, changes: dict[str, Any]
) -> None:
    with pytest.raises(SsoError) as error:
        client.verify_id_token(signed(provider, **changes), nonce=NONCE)
    assert error.value.code == "sso_ongeldig", case
    assert "klopt niet of is verlopen" in error.value.dutch()


def test_a_changed_payload_is_refused(client: OidcClient, provider: Provider) -> None:
    header, _payload, signature = signed(provider).split(".")
    forged = ".".join((header, _b64(claims_for(provider, sub="beheerder")), signature))
    with pytest.raises(SsoError):
        client.verify_id_token(forged, nonce=NONCE)


def test_a_token_signed_with_another_key_is_refused(client: OidcClient, provider: Provider) -> None:
    other = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims_for(provider), other)
    with pytest.raises(SsoError):
        client.verify_id_token(token, nonce=NONCE)


def test_an_unknown_key_id_is_looked_up_once_and_refused(
    client: OidcClient, provider: Provider
) -> None:
    other = RSAKey.generate_key(2048, parameters={"kid": "rotated-key"})
    token = jwt.encode({"alg": "RS256", "kid": "rotated-key"}, claims_for(provider), other)
    with pytest.raises(SsoError):
        client.verify_id_token(token, nonce=NONCE)


def test_unsigned_and_shared_secret_tokens_are_refused(
    client: OidcClient, provider: Provider
) -> None:
    unsigned = ".".join((_b64({"alg": "none"}), _b64(claims_for(provider)), ""))
    with pytest.raises(SsoError):
        client.verify_id_token(unsigned, nonce=NONCE)
    secret = OctKey.import_key(provider.client_secret.encode())
    hs256 = jwt.encode({"alg": "HS256"}, claims_for(provider), secret)
    with pytest.raises(SsoError):
        client.verify_id_token(hs256, nonce=NONCE)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "x" * 5000, "é.é.é"])
def test_garbage_is_refused_without_a_crash(client: OidcClient, garbage: str) -> None:
    with pytest.raises(SsoError):
        client.verify_id_token(garbage, nonce=NONCE)
