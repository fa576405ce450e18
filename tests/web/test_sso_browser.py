"""The whole round in headless Chromium: login via the organisation, and logout there too.

The real provider (node-oidc-provider) must know the app's address before it starts, and
the app must know the provider's: the live server's socket is bound first (behind a small
ASGI holder), then the provider is started with that address, then the app is built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from reisgenoot.app import create_app
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.oidc.server import Provider, start_provider
from tests.web.fixtures import LiveServer
from tests.web.test_accessibility import Audit
from tests.web.test_sso import ACCOUNTS, sso_settings_for

pytestmark = pytest.mark.browser


class AppHolder:
    """An ASGI app whose real app is set after the server's address is known."""

    app: FastAPI | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None
        await self.app(scope, receive, send)


@pytest.fixture
def sso_server(
    settings: Settings, db: Database, tmp_path: Path
) -> Iterator[tuple[LiveServer, Provider]]:
    holder = AppHolder()
    server = LiveServer(holder)  # type: ignore[arg-type]  # any ASGI app will do
    providers = start_provider(tmp_path, accounts=ACCOUNTS, app_urls=(server.url,))
    provider = next(providers)
    holder.app = create_app(sso_settings_for(settings, provider), db)
    server.start()
    try:
        yield server, provider
    finally:
        server.stop()
        providers.close()


def test_login_and_logout_via_the_organisation_in_chromium(
    browser: Any, sso_server: tuple[LiveServer, Provider], tmp_path: Path
) -> None:
    server, provider = sso_server
    blocked: list[str] = []
    browser.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    audit = Audit()
    browser.goto(f"{server.url}/login")
    audit.check(browser, "inloggen met SSO")
    browser.screenshot(path=str(tmp_path / "login.png"), full_page=True)
    log_in_at_provider(browser, server, provider, "anna")
    browser.wait_for_url(f"{server.url}/start/medewerker")
    assert "Anna de Vries" in browser.content()

    browser.get_by_role("button", name="Uitloggen").click()
    browser.wait_for_url(f"{provider.issuer}/**")
    browser.locator("button[autofocus], button[type=submit]").first.click()  # "yes, sign me out"
    browser.wait_for_url(f"{server.url}/uitgelogd")
    assert "Je bent uitgelogd" in browser.content()
    browser.goto(f"{server.url}/start/medewerker")
    assert browser.url.startswith(f"{server.url}/login")
    assert blocked == []

    browser.context.clear_cookies()
    log_in_at_provider(browser, server, provider, "cor")  # no mapped role
    browser.wait_for_url(f"{server.url}/login/oidc/callback**")
    assert browser.locator("h1").inner_text() == "Nog geen toegang tot Reisgenoot"
    audit.check(browser, "geen rol")
    audit.assert_clean()


def log_in_at_provider(page: Any, server: LiveServer, provider: Provider, who: str) -> None:
    """From the login page, through the provider's own login and consent forms."""
    page.goto(f"{server.url}/login")
    page.get_by_role("link", name="Inloggen via uw organisatie").click()
    page.wait_for_url(f"{provider.issuer}/**")
    page.fill("input[name=login]", who)
    page.fill("input[name=password]", "wat-dan-ook")
    page.locator("button[type=submit]").first.click()
    page.locator("button[type=submit]").first.click()  # the provider's consent
