"""Real Chromium: a teamleider opens the signals, marks the surge "actie" and finds the
one-step crisis link."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.signals.conftest import SURGE_TOPIC, TeamHistory
from tests.web.fixtures import PASSWORD, Account, LiveServer

pytestmark = pytest.mark.browser


def test_teamleider_marks_a_surge_and_sees_the_crisis_link(
    browser: Any,
    live_server: LiveServer,
    users: dict[str, Account],
    team_history: TeamHistory,
    tmp_path: Path,
) -> None:
    page = browser
    page.goto(f"{live_server.url}/login?next=/signalen")
    page.fill("#gebruikersnaam", "teamleider")
    page.fill("#wachtwoord", PASSWORD)
    page.click("button:has-text('Inloggen')")
    page.wait_for_url(f"{live_server.url}/signalen")
    assert page.locator("h1").inner_text() == "Signalen: KCC Noord"
    # The chart has a text alternative.
    chart = page.locator("svg.sg-chart").first
    assert chart.get_attribute("role") == "img"

    signal = page.locator("article.sg-signal", has_text=f"Meer vragen: {SURGE_TOPIC}").first
    signal.locator("summary", has_text="Markeer dit signaal").click()
    signal.get_by_label("Actie: hier gaan we iets mee doen").check()
    signal.get_by_label("Notitie (niet verplicht, zonder namen)").fill("Route aanpassen")
    signal.get_by_role("button", name="Markering opslaan").click()
    page.wait_for_url("**/signalen?*opgeslagen=1*")
    assert "De markering is opgeslagen." in page.locator("[role=status]").first.inner_text()

    signal = page.locator("article.sg-signal", has_text=f"Meer vragen: {SURGE_TOPIC}").first
    assert "Markering: Actie" in signal.inner_text()
    link = signal.get_by_role("link", name="Maak crisisbericht")
    href = link.get_attribute("href")
    assert href is not None
    parts = urlsplit(href)
    assert parts.path == "/redactie/crisis/nieuw"
    assert parse_qs(parts.query) == {"onderwerp": [SURGE_TOPIC], "bron": ["signaal"]}
    assert link.get_attribute("class") == "button"

    folder = Path(os.environ.get("REISGENOOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "signalen-dashboard.png"), full_page=True)
