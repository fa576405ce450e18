"""Real Chromium: a redacteur publishes a crisis notice and sees it first on /hulp."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from reisgenoot.knowledge.formats import ArticleData
from tests.web.fixtures import PASSWORD, Account, LiveServer

pytestmark = pytest.mark.browser


def screenshot(page: Any, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("REISGENOOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"redactie-{name}.png"), full_page=True)


def test_redacteur_publishes_a_crisis_notice(
    browser: Any,
    live_server: LiveServer,
    users: dict[str, Account],
    articles: list[ArticleData],
    tmp_path: Path,
) -> None:
    page = browser
    page.goto(f"{live_server.url}/login?next=/start/redacteur")
    page.fill("#gebruikersnaam", "redacteur")
    page.fill("#wachtwoord", PASSWORD)
    page.click("button:has-text('Inloggen')")
    page.wait_for_url(f"{live_server.url}/start/redacteur")
    page.click("a:has-text('Crisisberichten')")
    page.click("a:has-text('Nieuw crisisbericht')")
    page.fill("#titel", "Grofvuil wordt later opgehaald")
    page.fill("#tekst", "Door een storing halen wij het grofvuil deze week een dag later op.")
    page.fill("#onderwerp", "grofvuil")
    screenshot(page, tmp_path, "crisis-form")
    page.click("button:has-text('Bericht plaatsen')")
    page.wait_for_url("**/redactie/crisis?geplaatst=1")
    assert page.get_by_role("status").inner_text().startswith("Het crisisbericht is geplaatst")
    page.goto(f"{live_server.url}/hulp")
    page.fill("#vraag", "matras laten ophalen")
    page.click("button:has-text('Zoeken')")
    notice = page.locator(".crisis-notice").first
    assert "Grofvuil wordt later opgehaald" in notice.inner_text()
    first_heading = page.locator("main h3, main summary").first.inner_text()
    assert "Grofvuil wordt later opgehaald" in first_heading
    assert page.locator("details.answer summary").first.inner_text() == "Grofvuil laten ophalen"
    screenshot(page, tmp_path, "hulp")
