"""Two municipalities in one browser (headless Chromium): each host name shows its own
municipality, a login at one is no login at the other, and each finds only its own articles.

``*.localhost`` names resolve to this machine in Chromium, so one server on one port serves
both, routed by host name as behind a regional KCC's reverse proxy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from reisgenoot.accounts.models import Role
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.region import Region, municipality_apps
from reisgenoot.store.engine import Database
from tests.region.test_isolation import KWISPEL
from tests.region.two import Two, add_user, two
from tests.web.fixtures import PASSWORD, LiveServer

pytestmark = pytest.mark.browser
HOSTS = {"aadorp": ["aadorp.localhost"], "beekdal": ["beekdal.localhost"]}


@pytest.fixture
def served(tmp_path: Path, template_db: str) -> Iterator[tuple[Two, LiveServer]]:
    found = two(tmp_path, template_db, HOSTS)
    apps = municipality_apps(found.municipalities)
    for key, app in apps.items():
        database: Database = app.state.database
        add_user(found.settings(key), database, "chef", Role.MEDEWERKER)
    aadorp = found.settings("aadorp")
    with apps["aadorp"].state.database.session() as session:
        store_articles(session, [KWISPEL], audit_key=aadorp.audit_secret(), actor="test")
    region = Region({HOSTS[key][0]: app for key, app in apps.items()})
    server = LiveServer(cast(Any, region))
    server.start()
    yield found, server
    server.stop()


def _url(server: LiveServer, key: str, path: str) -> str:
    return f"http://{key}.localhost:{server.port}{path}"


def _login(page: Any, server: LiveServer, key: str) -> None:
    page.goto(_url(server, key, "/login"))
    page.fill("#gebruikersnaam", "chef")
    page.fill("#wachtwoord", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(_url(server, key, "/start/**"))


def test_logging_into_two_municipalities_in_one_browser(
    browser: Any, served: tuple[Two, LiveServer], tmp_path: Path
) -> None:
    _, server = served
    _login(browser, server, "aadorp")
    assert "Gemeente Aadorp" in browser.locator("body").inner_text()
    browser.goto(_url(server, "aadorp", "/kennisbank?q=kwispelvergunning"))
    assert browser.get_by_text(KWISPEL.title).count() >= 1
    browser.screenshot(path=str(tmp_path / "aadorp.png"), full_page=True)

    browser.goto(_url(server, "beekdal", "/kennisbank?q=kwispelvergunning"))
    assert "/login" in browser.url  # Aadorp's login is no login here
    _login(browser, server, "beekdal")
    body = browser.locator("body").inner_text()
    assert "Gemeente Beekdal" in body and "Aadorp" not in body
    browser.goto(_url(server, "beekdal", "/kennisbank?q=kwispelvergunning"))
    assert browser.get_by_text(KWISPEL.title).count() == 0
    browser.screenshot(path=str(tmp_path / "beekdal.png"), full_page=True)

    browser.goto(_url(server, "aadorp", "/kennisbank"))  # still logged in at Aadorp
    assert "/kennisbank" in browser.url

    answer = browser.goto(_url(server, "nergens", "/"))
    assert answer.status == 404
    assert "Dit adres kennen we niet" in browser.locator("h1").inner_text()
