"""A real OpenID Connect provider for the tests: node-oidc-provider on 127.0.0.1.

``tests/oidc/provider/`` holds the provider script and its pinned ``package-lock.json``;
``scripts/test`` runs ``npm ci`` there. Without ``node`` or without the installed package the
tests that need the provider are skipped with the reason. The signing key is made here, so a
test can also sign tokens of its own with the provider's key (an expired one, one for another
client) and see them refused. :func:`walk_provider` plays the browser at the provider: it
follows redirects and submits the provider's own login and consent forms.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import threading
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from joserfc.jwk import RSAKey

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "reisgenoot-test"


def unavailable_reason() -> str | None:
    """Why the provider cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node (Node.js 20+) is not installed: the OIDC provider tests need it"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return (
            "node-oidc-provider is not installed: run `npm ci` in tests/oidc/provider "
            "(scripts/test does)"
        )
    return None


@dataclass
class Provider:
    """A running provider: its issuer, the client registered there and its signing key."""

    issuer: str
    client_secret: str
    key: RSAKey
    config_path: Path

    def set_claims(self, login: str, claims: Mapping[str, Any]) -> None:
        """Change someone's claims at the provider (read at their next login)."""
        config = json.loads(self.config_path.read_text(encoding="utf-8"))
        config["accounts"][login] = dict(claims)
        self.config_path.write_text(json.dumps(config), encoding="utf-8")


class _Form(HTMLParser):
    """The first form of a page: its action and its named inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and not self.action:
            self.action = values.get("action", "")
        if tag == "input" and values.get("name"):
            self.fields[values["name"]] = values.get("value", "")


def start_provider(
    tmp: Path,
    *,
    accounts: Mapping[str, Mapping[str, Any]],
    app_urls: tuple[str, ...] = ("http://testserver",),
    id_token_ttl: int = 3600,
) -> Generator[Provider, None, None]:
    """Run the provider until the generator is closed (use through a fixture)."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
    secret = secrets.token_urlsafe(24)
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": secret,
                "redirect_uris": [f"{url}/login/oidc/callback" for url in app_urls],
                "post_logout_redirect_uris": [f"{url}/uitgelogd" for url in app_urls],
            }
        ],
        "jwks": {"keys": [key.as_dict(private=True)]},
        "accounts": {login: dict(claims) for login, claims in accounts.items()},
        "cookieKey": secrets.token_urlsafe(16),
        "idTokenTtl": id_token_ttl,
    }
    path = tmp / "oidc-provider.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    process = subprocess.Popen(
        ["node", str(PROVIDER_DIR / "provider.mjs"), str(path)],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line: list[str] = []
        reader = threading.Thread(
            target=lambda: line.append(process.stdout.readline() if process.stdout else "")
        )
        reader.start()
        reader.join(timeout=30)
        if not line or not line[0].strip():
            raise RuntimeError("the OIDC provider did not start")
        issuer = json.loads(line[0])["issuer"]
        yield Provider(issuer, secret, key, path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def walk_provider(location: str, login: str, *, app_url: str = "http://testserver") -> str:
    """Play the browser at the provider from ``location`` until it sends us back to the app.

    Submits the login form (any password) and the consent form; returns the address at the
    app (the callback with ``code`` and ``state``, or an error).
    """
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        for _step in range(12):
            if location.startswith(app_url):
                return location
            response = browser.get(location)
            if response.is_redirect:
                location = urljoin(location, response.headers["location"])
                continue
            assert response.status_code == 200, (response.status_code, response.text[:300])
            form = _Form()
            form.feed(response.text)
            assert form.action, response.text[:300]
            if "login" in form.fields:
                form.fields.update(login=login, password="any")
            posted = browser.post(urljoin(location, form.action), data=form.fields)
            assert posted.is_redirect, (posted.status_code, posted.text[:300])
            location = urljoin(location, posted.headers["location"])
    raise AssertionError("the provider did not send the browser back")
