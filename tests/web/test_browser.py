"""Real Chromium: keyboard-only login per role, the demo banner, HTMX search, screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reisgenoot.accounts.models import Role
from reisgenoot.store.engine import Database
from reisgenoot.web.pages import START_PAGES
from tests.web.fixtures import PASSWORD, LiveServer

pytestmark = pytest.mark.browser

BANNER = "Demo: Gemeente Voorbeeldstad is een verzonnen gemeente. Alle gegevens zijn nep."


def watch_console(page: Any) -> list[str]:
    """Collect browser errors (a CSP violation shows up here)."""
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def tab_to(page: Any, element_id: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def keyboard_login(page: Any, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/login")
    tab_to(page, "gebruikersnaam")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "wachtwoord"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/start/**")


@pytest.mark.parametrize("role", list(Role))
def test_keyboard_login_reaches_own_start_page(
    browser: Any, live_server: LiveServer, role: Role, tmp_path: Path
) -> None:
    problems = watch_console(browser)
    keyboard_login(browser, live_server, role.value)
    assert browser.url == f"{live_server.url}/start/{role.value}"
    assert browser.locator("h1").inner_text() == START_PAGES[role].title
    browser.screenshot(path=str(tmp_path / f"start-{role.value}.png"), full_page=True)
    assert problems == []


def test_skip_link_is_the_first_stop(browser: Any, live_server: LiveServer) -> None:
    browser.goto(f"{live_server.url}/login")
    browser.keyboard.press("Tab")
    assert browser.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    assert browser.locator(".skiplink").is_visible()


def test_wrong_password_moves_focus_to_error_summary(browser: Any, live_server: LiveServer) -> None:
    browser.goto(f"{live_server.url}/login")
    browser.fill("#gebruikersnaam", "medewerker")
    browser.fill("#wachtwoord", "fout-wachtwoord-1")
    browser.press("#wachtwoord", "Enter")
    browser.wait_for_selector("[data-error-summary]")
    browser.wait_for_function("() => document.activeElement.matches('[data-error-summary]')")
    assert "Onbekende gebruikersnaam of wachtwoord" in browser.inner_text("[data-error-summary]")


def test_demo_banner_shows_when_database_is_demo(
    browser: Any, live_server: LiveServer, db: Database, tmp_path: Path
) -> None:
    browser.goto(f"{live_server.url}/login")
    assert browser.locator(".demo-banner").count() == 0
    with db.session() as session:
        db.set_meta(session, "demo", "1")
    for path in ("/login", "/hulp"):
        browser.goto(f"{live_server.url}{path}")
        assert browser.locator(".demo-banner").inner_text().strip() == BANNER
    browser.screenshot(path=str(tmp_path / "hulp.png"), full_page=True)
    browser.goto(f"{live_server.url}/login")
    browser.screenshot(path=str(tmp_path / "login.png"), full_page=True)
    keyboard_login(browser, live_server, "medewerker")
    assert browser.locator(".demo-banner").is_visible()


def test_kennisbank_htmx_search_updates_results(
    browser: Any, live_server: LiveServer, articles: object, tmp_path: Path
) -> None:
    problems = watch_console(browser)
    keyboard_login(browser, live_server, "medewerker")
    browser.goto(f"{live_server.url}/kennisbank")
    browser.wait_for_function("() => window.htmx !== undefined")
    browser.locator("#zoekvraag").press_sequentially("paspoort", delay=30)
    browser.wait_for_selector("#resultaten .result")
    assert "Paspoort aanvragen" in browser.inner_text("#resultaten")
    assert "q=paspoort" in browser.url  # the URL follows the search (hx-push-url)
    assert browser.locator("main h1").count() == 1  # only the results were swapped in

    browser.locator("#zoekvraag").fill("")
    browser.locator("#zoekvraag").press_sequentially("matras", delay=30)
    browser.wait_for_function(
        "() => document.querySelector('#resultaten').innerText.includes('Grofvuil laten ophalen')"
    )
    assert "Paspoort aanvragen" not in browser.inner_text("#resultaten")
    browser.screenshot(path=str(tmp_path / "kennisbank.png"), full_page=True)

    browser.click("text=Grofvuil laten ophalen")
    browser.wait_for_selector(".desk-memo")
    assert "Voor medewerkers" in browser.inner_text(".desk-memo")
    browser.screenshot(path=str(tmp_path / "artikel.png"), full_page=True)
    assert problems == []
