"""Real Chromium: type turns and see suggestions (WebSocket and form fallback); confirm."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from reisgenoot.contacts.models import Klantcontact
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from tests.web.fixtures import PASSWORD, Account, LiveServer

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("REISGENOOT_SCREENSHOTS")


@pytest.fixture
def ws_server(app: FastAPI, users: dict[str, Account]) -> Iterator[LiveServer]:
    """The live server with WebSocket support switched on (the shared one has none)."""
    server = LiveServer(app)
    server.server.config.ws = "websockets-sansio"
    server.start()
    yield server
    server.stop()


def watch_console(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def log_in(page: Any, server: LiveServer) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#gebruikersnaam", "medewerker")
    page.fill("#wachtwoord", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/start/**")


def start(page: Any, server: LiveServer) -> None:
    page.click("text=Live hulp bij gesprekken")
    page.wait_for_url(f"{server.url}/assist")
    page.check("text=Live chat")
    page.click("button:has-text('Gesprek starten')")
    page.wait_for_selector("#beurt-tekst")
    # The text box exists while the page is still parsed; assist.js (deferred) binds Enter only
    # before "load". An Enter pressed earlier is a new line in the textarea and sends nothing,
    # which under load made the fallback test wait 30 s for a turn that was never sent.
    page.wait_for_load_state("load")


def started(page: Any, server: LiveServer) -> list[str]:
    """Log in and start a conversation; the console problems seen from then on."""
    problems = watch_console(page)
    log_in(page, server)
    start(page, server)
    return problems


def say(page: Any, speaker: str, text: str) -> None:
    page.check(f"#spreker-{speaker}")
    page.fill("#beurt-tekst", text)
    page.keyboard.press("Enter") if page.evaluate(
        "document.activeElement.id"
    ) == "beurt-tekst" else page.press("#beurt-tekst", "Enter")


def shot(page: Any, tmp_path: Path, name: str) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_typed_turns_show_suggestions_over_the_websocket_and_confirm(
    browser: Any, ws_server: LiveServer, articles: list[ArticleData], db: Database, tmp_path: Path
) -> None:
    problems = watch_console(browser)
    log_in(browser, ws_server)
    start(browser, ws_server)
    browser.wait_for_selector("#gesprek[data-verbinding='websocket']")
    say(browser, "medewerker", "Gemeente Voorbeeldstad, goedemiddag.")
    say(browser, "inwoner", "Mijn grofvuil is niet opgehaald. Dit is al de derde keer!")
    say(browser, "inwoner", "Belachelijk! Ik wil nu uw leidinggevende spreken!")
    browser.wait_for_selector("#gesprek[data-beurten='3']")
    panel = browser.locator("#suggesties")
    status = browser.locator("#voorstellen-melding")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith("Nieuwe voorstellen na beurt 3:")
    assert "Grofvuil laten ophalen" in panel.inner_text()
    assert "warm door" in panel.inner_text()
    assert browser.locator("#beurten li").count() == 3
    shot(browser, tmp_path, "assist-live")

    browser.click("text=Registratie nakijken en bevestigen")
    browser.wait_for_selector("#veld-onderwerp")
    shot(browser, tmp_path, "assist-controle")
    browser.fill("#veld-vragen-0-upl", "geen bestaand product")
    browser.click("button:has-text('Bevestigen')")
    browser.wait_for_selector("text=Er is een probleem")
    shot(browser, tmp_path, "assist-controle-fout")
    browser.fill("#veld-vragen-0-upl", "afvalinzameling grofvuil")
    browser.fill("#veld-onderwerp", "Grofvuil niet opgehaald")
    browser.click("button:has-text('Bevestigen')")
    browser.wait_for_selector("text=Registratie bevestigd")
    with db.session() as session:
        statuses = list(session.scalars(select(Klantcontact.status)))
    assert statuses == ["bevestigd"]
    assert [p for p in problems if "422" not in p] == []  # the refused form answers 422


def test_without_websocket_the_page_falls_back_to_posting(
    browser: Any, live_server: LiveServer, articles: list[ArticleData], tmp_path: Path
) -> None:
    problems = watch_console(browser)
    log_in(browser, live_server)
    browser.goto(f"{live_server.url}/assist")
    shot(browser, tmp_path, "assist-start")
    start(browser, live_server)
    say(browser, "inwoner", "Kan de gemeente mijn oude bank ophalen als grofvuil?")
    browser.wait_for_selector("#gesprek[data-beurten='1']")
    assert "Grofvuil laten ophalen" in browser.locator("#suggesties").inner_text()
    browser.set_viewport_size({"width": 390, "height": 844})
    shot(browser, tmp_path, "assist-live-smal")
    # The failed WebSocket handshake is logged by Chromium; nothing else may go wrong.
    assert [p for p in problems if "WebSocket" not in p] == []


def test_demo_replays_a_conversation_at_speaking_pace(
    browser: Any, ws_server: LiveServer, articles: list[ArticleData]
) -> None:
    problems = watch_console(browser)
    log_in(browser, ws_server)
    start(browser, ws_server)
    browser.wait_for_selector("#gesprek[data-verbinding='websocket']")
    browser.click("text=Voorbeeldgesprek afspelen")
    browser.select_option("#demo-tempo", "4")
    browser.click("#demo-start")
    browser.wait_for_selector("#gesprek[data-beurten='6']", timeout=30_000)
    assert browser.locator("#beurten li").count() == 6
    assert "warm door" in browser.locator("#suggesties").inner_text()
    assert problems == []


def test_turns_sources_alert_linked_refresh_review_and_audit(
    browser: Any, ws_server: LiveServer, articles: list[ArticleData], db: Database, tmp_path: Path
) -> None:
    """The whole path of issue 5: suggestions with their source, an alert on an angry turn, the
    "Eerdere contacten" panel refreshed after a BSN, review with one change, and the audit."""
    problems = watch_console(browser)
    log_in(browser, ws_server)
    start(browser, ws_server)
    browser.wait_for_selector("#gesprek[data-verbinding='websocket']")
    assert browser.evaluate("document.activeElement.id") == "beurt-tekst"
    linked = browser.locator("#eerdere-contacten")
    assert "Nog niets om mee te zoeken" in linked.inner_text()

    say(browser, "inwoner", "Kan de gemeente mijn oude bank ophalen als grofvuil?")
    browser.wait_for_selector("#gesprek[data-beurten='1']")
    source = browser.locator("#suggesties .assist-passages a").first
    assert source.inner_text() == "Grofvuil laten ophalen"
    # through the conversation, so the review records that a source was opened
    assert re.fullmatch(
        r"/assist/[0-9a-f-]{36}/bron/vbs-grofvuil\?bron=voorbeeldstad",
        str(source.get_attribute("href")),
    )
    assert browser.locator("#suggesties [data-alert]").count() == 0
    assert "Nieuwe voorstellen na beurt 1" in browser.locator("#voorstellen-melding").inner_text()

    say(browser, "inwoner", "Mijn BSN is 123456782.")
    browser.wait_for_selector("#eerdere-contacten:has-text('Geen eerdere contacten gevonden')")

    say(browser, "inwoner", "Dit is al de derde keer! Belachelijk, ik wil uw leidinggevende!")
    browser.wait_for_selector("#gesprek[data-beurten='3']")
    alert = browser.locator("#suggesties [data-alert='escalatie']")
    assert "warm door" in alert.inner_text()
    assert "Let op" in browser.locator("#voorstellen-melding").inner_text()
    shot(browser, tmp_path, "assist-alert")

    browser.click("text=Registratie nakijken en bevestigen")
    browser.wait_for_selector("#veld-onderwerp")
    proposed = browser.input_value("#veld-onderwerp")
    browser.fill("#veld-onderwerp", "Grofvuil niet opgehaald, derde melding")
    browser.click("button:has-text('Bevestigen')")
    browser.wait_for_selector("text=Registratie bevestigd")

    with db.session() as session:
        registered = session.scalars(select(Klantcontact)).one()
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "klantcontact_bevestigd")
        ).one()
        details, meta = dict(event.details), dict(registered.meta or {})
        turns = [turn.text for turn in registered.turns]
    assert registered.status == "bevestigd"
    assert registered.onderwerp == "Grofvuil niet opgehaald, derde melding"
    assert details["gewijzigd"] == ["onderwerp"]
    assert details["voorstel"]["onderwerp"] == sha256(proposed)
    assert meta["voorstel"]["values"]["onderwerp"] == proposed
    assert details["definitief"]["onderwerp"] == sha256(registered.onderwerp)
    assert isinstance(details["controle_seconden"], int) and details["controle_seconden"] >= 0
    assert details["beurten"] == 3
    assert "Mijn BSN is [BSN]." in turns
    assert problems == []


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_demo_replay_starts_and_stops_with_the_keyboard(
    browser: Any, ws_server: LiveServer, articles: list[ArticleData]
) -> None:
    log_in(browser, ws_server)
    start(browser, ws_server)
    browser.wait_for_selector("#gesprek[data-verbinding='websocket']")
    browser.focus("summary")
    browser.keyboard.press("Enter")  # open the details
    browser.focus("#demo-start")
    browser.keyboard.press("Enter")
    browser.wait_for_selector("#gesprek[data-beurten='1']", timeout=20_000)
    button = browser.locator("#demo-start")
    assert button.inner_text() == "Stoppen"
    assert browser.locator("#demo-status").get_attribute("aria-live") == "polite"
    browser.keyboard.press("Enter")  # the focus stayed on the same button
    assert button.inner_text() == "Afspelen"
    assert "Gestopt" in browser.locator("#demo-status").inner_text()
    count = browser.locator("#beurten li").count()
    browser.wait_for_timeout(4000)  # longer than a turn at speaking pace
    assert browser.locator("#beurten li").count() == count


def test_an_unsure_product_shows_alternatives_to_pick_with_the_keyboard(
    browser: Any, live_server: LiveServer, articles: list[ArticleData], db: Database, tmp_path: Path
) -> None:
    problems = started(browser, live_server)
    say(browser, "inwoner", "Ik heb een vraag over mijn brief.")
    browser.wait_for_selector("#gesprek[data-beurten='1']")
    say(browser, "inwoner", "Over de kosten, ik snap het niet.")
    browser.wait_for_selector("#gesprek[data-beurten='2']")
    assert "Twijfel: misschien ook" in browser.locator("#suggesties").inner_text()

    browser.click("text=Registratie nakijken en bevestigen")
    browser.wait_for_selector("#veld-onderwerp")
    group = browser.get_by_role("group", name="Twijfel: misschien ook …")
    assert group.is_visible()
    proposed = browser.input_value("#veld-vragen-0-upl")
    shot(browser, tmp_path, "assist-controle-twijfel")
    # From the product field, Tab reaches the first alternative; Enter picks it.
    browser.focus("#veld-vragen-0-upl")
    browser.keyboard.press("Tab")
    picked = str(browser.evaluate("document.activeElement.value"))
    path, product = picked.split("|")
    assert path == "vragen[0].upl" and product != proposed
    assert browser.evaluate("document.activeElement.textContent") == f"Kies {product}"
    browser.keyboard.press("Enter")
    # the server shows the form again with the product in the field (a selector, not a script:
    # a polled script string is an eval the page's Content-Security-Policy refuses)
    browser.wait_for_selector(f'#veld-vragen-0-upl[value="{product}"]')
    assert browser.get_by_role("button", name=f"Kies {proposed}").is_visible()  # back again
    # Enter in the product field confirms, as it did before the alternatives were there.
    browser.press("#veld-vragen-0-upl", "Enter")
    browser.wait_for_selector("text=Registratie bevestigd")
    with db.session() as session:
        registered = session.scalars(select(Klantcontact)).one()
        assert [v.upl for v in registered.vragen] == [product]
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "klantcontact_bevestigd")
        ).one()
        assert "vragen[0].upl" in event.details["gewijzigd"]
    # The failed WebSocket handshake is logged by Chromium; nothing else may go wrong.
    assert [p for p in problems if "WebSocket" not in p] == []


def test_an_irritated_missed_collection_shows_no_vulnerability_alert(
    browser: Any, ws_server: LiveServer, articles: list[ArticleData], tmp_path: Path
) -> None:
    """Issue 15 (ADR 95): a routine report told with irritation gives no "Let op" and no
    "kwetsbaar"; the draft calls the resident irritated, not angry."""
    problems = started(browser, ws_server)
    browser.wait_for_selector("#gesprek[data-verbinding='websocket']")
    say(browser, "medewerker", "Gemeente Voorbeeldstad, goedemiddag.")
    say(
        browser,
        "inwoner",
        "de container stond vorige week ook al om zeven uur buiten en werd niet geleegd",
    )
    browser.wait_for_selector("#gesprek[data-beurten='2']")
    panel = browser.locator("#suggesties")
    assert browser.locator("#suggesties [data-alert]").count() == 0
    assert "kwetsbaar" not in panel.inner_text()
    assert "Let op" not in browser.locator("#voorstellen-melding").inner_text()
    assert "geïrriteerd" in panel.inner_text()
    shot(browser, tmp_path, "assist-geirriteerd")
    assert problems == []
