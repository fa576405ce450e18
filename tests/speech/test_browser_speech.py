"""Real Chromium with a fake microphone playing a generated call: turns, suggestions and a
registration draft appear without typing, and a turn can be corrected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from reisgenoot.app import create_app
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.assist.test_browser import log_in, shot, watch_console
from tests.web.fixtures import CHROMIUM, CHROMIUM_ARGS, Account, LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def speech_server(
    settings: Settings, db: Database, users: dict[str, Account], model_dir: Path
) -> Iterator[LiveServer]:
    app: FastAPI = create_app(settings.model_copy(update={"speech_model_dir": model_dir}), db)
    server = LiveServer(app)
    server.server.config.ws = "websockets-sansio"
    server.start()
    yield server
    server.stop()


@pytest.fixture
def microphone_page(playwright_session: Any, recordings: dict[str, Path]) -> Iterator[Any]:
    """A Chromium whose microphone plays the mono call once (no loop)."""
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={recordings['mono']}%noloop",
        "--autoplay-policy=no-user-gesture-required",
    ]
    browser = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=args
    )
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["microphone"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    browser.close()


def test_a_call_played_into_the_microphone_gives_turns_suggestions_and_a_draft(
    microphone_page: Any, speech_server: LiveServer, tmp_path: Path
) -> None:
    page = microphone_page
    problems = watch_console(page)
    log_in(page, speech_server)
    page.goto(f"{speech_server.url}/assist")
    page.check("text=Telefoon")
    page.click("button:has-text('Gesprek starten')")
    page.wait_for_selector("#gesprek[data-verbinding='websocket']")
    assert page.is_visible("#spraak")
    page.click("#spraak-knop")  # without consent: refused with an explanation
    assert "Vertel de inwoner eerst" in page.inner_text("#spraak-status")
    assert page.get_attribute("#spraak-knop", "aria-pressed") == "false"
    page.check("#spraak-toestemming")
    page.click("#spraak-knop")
    page.wait_for_selector("#spraak[data-opname='bezig']")
    page.locator("#beurten li").nth(3).wait_for(timeout=120_000)
    shot(page, tmp_path, "spraak-beurten")
    items = page.locator("#beurten li")
    speakers = [items.nth(i).get_attribute("class") or "" for i in range(4)]
    assert "turn-medewerker" in speakers[0] and "turn-inwoner" in speakers[1]
    assert "passport" in items.nth(1).inner_text().lower()
    assert page.get_attribute("#gesprek", "data-beurten") == str(items.count())
    assert page.locator("#suggesties").inner_text().strip()
    page.click("#spraak-knop")
    assert page.get_attribute("#spraak-knop", "aria-pressed") == "false"

    # correct the first resident turn
    items.nth(1).locator(".turn-edit").click()
    page.fill("#correctie-1-tekst", "Mijn paspoort is verlopen, ik wil een nieuw paspoort.")
    page.click("#correctie-1-tekst >> xpath=.. >> button[type=submit]")
    page.locator("#beurten li:nth-child(2):has-text('paspoort is verlopen')").wait_for()
    page.locator("#suggesties:has-text('paspoort')").wait_for()
    shot(page, tmp_path, "spraak-gecorrigeerd")
    page.click("text=Registratie nakijken en bevestigen")
    page.wait_for_url("**/controle")
    assert "paspoort" in page.content().lower()
    assert problems == []
