"""Real Chromium: ask, rate, ask for a person, fill the form, see the confirmation and the list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.fixtures import LiveServer
from tests.web.test_browser import keyboard_login, watch_console

pytestmark = pytest.mark.browser


def test_resident_asks_rates_and_asks_for_a_person(
    browser: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    problems = watch_console(browser)
    browser.goto(f"{live_server.url}/hulp")
    browser.get_by_role("link", name="Stel uw vraag aan de digitale assistent").click()
    browser.wait_for_url(f"{live_server.url}/hulp/chat")
    assert "computerprogramma, geen mens" in browser.locator(".assistant-disclosure").inner_text()

    browser.get_by_label("Uw vraag").fill("Wat kost een parkeervergunning?")
    browser.get_by_role("button", name="Vraag versturen").click()
    exchange = browser.locator("#gesprek > li").first
    exchange.get_by_role("link", name="Parkeervergunning voor bewoners").wait_for()
    assert browser.url == f"{live_server.url}/hulp/chat"  # htmx: no page load
    assert browser.get_by_label("Uw vraag").input_value() == ""

    exchange.get_by_role("button", name="Ja").click()
    exchange.get_by_text("Bedankt voor uw beoordeling.").wait_for()
    browser.screenshot(path=str(tmp_path / "chat.png"), full_page=True)

    browser.get_by_role("link", name="Liever een mens?").click()
    browser.wait_for_url(f"{live_server.url}/hulp/chat/mens")
    browser.get_by_label("Telefoonnummer").fill("06 98765432")
    browser.get_by_role("button", name="Verstuur mijn verzoek").click()
    browser.wait_for_url(f"{live_server.url}/hulp/chat/verzonden")
    assert browser.locator("h1").inner_text() == "Uw verzoek is verstuurd"
    assert problems == []

    keyboard_login(browser, live_server, "medewerker")
    browser.goto(f"{live_server.url}/contactverzoeken")
    request = browser.locator(".request").first
    assert "06 98765432" in request.inner_text()
    request.get_by_text("Gesprek met de digitale assistent").click()
    assert "Wat kost een parkeervergunning?" in request.inner_text()
    request.get_by_label("Wat heb je gedaan?").fill("Teruggebeld en de kosten uitgelegd.")
    request.get_by_role("button", name="Afgehandeld").click()
    browser.get_by_text("Het contactverzoek staat op afgehandeld.").wait_for()
    assert browser.locator(".request:not(.request-done)").count() == 0
    done = browser.locator(".request-done").first
    done.get_by_text("Geschiedenis").click()
    assert "Teruggebeld en de kosten uitgelegd." in done.inner_text()
    assert problems == []


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def test_a_new_chat_can_be_started_after_an_answer_and_is_visible(
    browser: Any, live_server: LiveServer
) -> None:
    problems = watch_console(browser)
    browser.goto(f"{live_server.url}/hulp/chat")
    assert browser.get_by_role("button", name="Nieuw gesprek beginnen").count() == 0
    browser.get_by_label("Uw vraag").fill("Wat kost een parkeervergunning?")
    browser.get_by_role("button", name="Vraag versturen").click()
    start_over = browser.get_by_role("button", name="Nieuw gesprek beginnen")
    start_over.wait_for()  # without a page load: the "too long" message points to it
    text, back = start_over.evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    page = browser.evaluate("getComputedStyle(document.body).backgroundColor")
    shown_on = back if not back.endswith(", 0)") else page
    assert _rgb(text) != _rgb(shown_on), f"{text} on {shown_on}"
    start_over.click()
    browser.wait_for_url(f"{live_server.url}/hulp/chat")
    assert browser.locator("#gesprek > li").count() == 0
    assert problems == []


def test_a_keyboard_rating_keeps_the_focus_in_its_answer(
    browser: Any, live_server: LiveServer
) -> None:
    problems = watch_console(browser)
    browser.goto(f"{live_server.url}/hulp/chat")
    browser.get_by_label("Uw vraag").fill("Wat kost een parkeervergunning?")
    browser.keyboard.press("Tab")
    browser.keyboard.press("Enter")
    exchange = browser.locator("#gesprek > li").first
    exchange.get_by_role("button", name="Nee").focus()
    browser.keyboard.press("Enter")
    exchange.get_by_text("Bedankt voor uw beoordeling.").wait_for()
    focused = browser.evaluate("document.activeElement.className")
    assert focused == "rating-done"  # not the page's body: the keyboard user is not sent to the top
    browser.keyboard.press("Tab")
    assert browser.evaluate("document.activeElement.textContent") == (
        "Vraag contact met een medewerker"
    )
    assert problems == []
