"""Real Chromium: a practice conversation from start to feedback, with the keyboard only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from reisgenoot.accounts.models import User
from reisgenoot.store.engine import Database
from reisgenoot.training import service
from reisgenoot.training.catalogue import catalogue
from tests.web.fixtures import PASSWORD, LiveServer

pytestmark = pytest.mark.browser

SCENARIO = "grofvuil-ophalen"
SHIPPED = catalogue()  # the installations in these tests have no own scenarios
FORMATIVE = "Deze scores zijn om van te leren. Ze worden nooit gebruikt om je te beoordelen."


def watch_console(page: Any) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{page.url}: {msg.text} {msg.location}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def active_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def line_field_has_focus(page: Any) -> None:
    page.wait_for_function("() => document.activeElement.name === 'tekst'")


def tab_to_line_field(page: Any, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "tekst":
            return
    raise AssertionError("the line field is not reachable with Tab")


def tab_to(page: Any, element_id: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active_id(page) == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def keyboard_login(page: Any, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/login")
    tab_to(page, "gebruikersnaam")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/start/**")


@pytest.mark.usefixtures("kennisbank")
def test_practice_flow_with_the_keyboard(
    browser: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    problems = watch_console(browser)
    keyboard_login(browser, live_server, "trainee")
    browser.goto(f"{live_server.url}/training")
    tab_to(browser, "scenario")
    browser.keyboard.type("Grofvuil")  # a focused <select> picks the option typed
    assert browser.eval_on_selector("#scenario", "el => el.value") == SCENARIO
    tab_to(browser, "hulp")
    browser.keyboard.press("Space")
    browser.keyboard.press("Tab")
    browser.keyboard.press("Enter")
    browser.wait_for_url(f"{live_server.url}/training/oefenen/*")
    browser.wait_for_function("() => window.htmx !== undefined")
    practice_url = browser.url
    assert browser.locator("#beurten").get_attribute("aria-live") == "polite"
    assert browser.locator("#tip").is_visible()

    tab_to_line_field(browser)
    lines = SHIPPED.get(SCENARIO).oefenscripts.goed  # type: ignore[union-attr]
    for number, line in enumerate(lines, start=1):
        browser.keyboard.type(line)
        browser.keyboard.press("Enter")
        expected = 1 + 2 * number
        browser.wait_for_function(
            f"() => document.querySelectorAll('#beurten li').length === {expected}"
        )
        assert browser.url == practice_url  # HTMX: no page load
        if number == 2:
            line_field_has_focus(browser)
            assert browser.locator("input[name=tekst]").input_value() == ""
            browser.screenshot(path=str(tmp_path / "oefenen.png"), full_page=True)
        if browser.locator("#naar-feedback").count():
            break
        line_field_has_focus(browser)
    browser.wait_for_function("() => document.activeElement.id === 'naar-feedback'")
    last = browser.locator("#beurten li").last.inner_text()
    assert last.startswith(SHIPPED.get(SCENARIO).persona.naam)
    browser.screenshot(path=str(tmp_path / "oefenen-klaar.png"), full_page=True)

    browser.keyboard.press("Enter")
    browser.wait_for_url(f"{practice_url}/feedback")
    body = browser.inner_text("main")
    assert FORMATIVE in body
    assert body.index("Wat ging goed") < body.index("Wat kan nog beter") < body.index("Scores")
    browser.screenshot(path=str(tmp_path / "feedback.png"), full_page=True)
    assert problems == []


def test_progress_page_shows_the_notice(
    browser: Any, live_server: LiveServer, db: Database, tmp_path: Path
) -> None:
    problems = watch_console(browser)
    practise_two_sessions(db)
    keyboard_login(browser, live_server, "trainee")
    browser.goto(f"{live_server.url}/training/voortgang")
    body = browser.inner_text("main")
    assert FORMATIVE in body
    assert "Grofvuil laten ophalen" in body
    browser.screenshot(path=str(tmp_path / "voortgang.png"), full_page=True)
    assert problems == []


def practise_two_sessions(db: Database) -> int:
    with db.session() as session:
        trainee_id = session.scalar(select(User.id).where(User.username == "trainee"))
        assert trainee_id is not None
        for scenario, script in ((SCENARIO, "goed"), ("paspoort-vakantie", "zwak")):
            row = service.start_session(session, trainee_id, scenario, scenarios=SHIPPED, seed=5)
            scripts = SHIPPED.get(scenario).oefenscripts
            assert scripts is not None
            for line in getattr(scripts, script):
                service.store_trainee_line(session, row.id, trainee_id, line)
                service.answer(session, row.id, trainee_id, scenarios=SHIPPED)
                if row.finished:
                    break
            service.stop(session, row.id, trainee_id, scenarios=SHIPPED)
    return trainee_id


def test_opleider_links_a_trainee_and_reads_the_progress(
    browser: Any, live_server: LiveServer, db: Database, tmp_path: Path
) -> None:
    problems = watch_console(browser)
    trainee_id = practise_two_sessions(db)
    keyboard_login(browser, live_server, "opleider")
    browser.goto(f"{live_server.url}/training/trainees")
    assert "Er zijn nog geen trainees aan jou gekoppeld" in browser.inner_text("main")
    tab_to(browser, "trainee")
    browser.keyboard.type("Test trainee")
    assert browser.eval_on_selector("#trainee", "el => el.value") == str(trainee_id)
    browser.keyboard.press("Tab")
    browser.keyboard.press("Enter")
    browser.wait_for_selector("text=De trainee is gekoppeld.")
    browser.screenshot(path=str(tmp_path / "trainees.png"), full_page=True)
    browser.click(f'a[href="/training/trainees/{trainee_id}"]')
    browser.wait_for_url(f"{live_server.url}/training/trainees/{trainee_id}")
    chart = browser.locator("figure.training-chart svg")
    assert chart.get_attribute("role") == "img"
    title = browser.locator("figure.training-chart title").text_content()
    assert title is not None and title.startswith("Gemiddelde score per gesprek, 2 gesprekken")
    body = browser.inner_text("main")
    assert FORMATIVE in body and "Onthouden" in body
    browser.screenshot(path=str(tmp_path / "leerpad-opleider.png"), full_page=True)
    assert problems == []


def test_check_the_ai_with_the_keyboard(
    browser: Any, live_server: LiveServer, tmp_path: Path, kennisbank: Database
) -> None:
    from reisgenoot.training import checkai

    problems = watch_console(browser)
    with kennisbank.session() as session:
        seed = next(s for s in range(1, 50) if checkai.make_item(session, seed=s).errors)
        error = checkai.make_item(session, seed=seed).errors[0]
    number = error.index + 1
    keyboard_login(browser, live_server, "trainee")
    browser.goto(f"{live_server.url}/training/controleren?seed={seed}&hulp=ja")
    assert "Hint:" in browser.inner_text("#check-hint")
    browser.screenshot(path=str(tmp_path / "controleren.png"), full_page=True)
    tab_to(browser, f"fout-{number}")
    browser.keyboard.press("Space")
    browser.keyboard.press("Tab")
    assert active_id(browser) == f"soort-{number}"
    browser.keyboard.type(checkai.ERROR_KINDS[error.kind].capitalize())
    assert browser.eval_on_selector(f"#soort-{number}", "el => el.value") == error.kind
    tab_to(browser, "nakijken")
    browser.keyboard.press("Enter")
    browser.wait_for_selector("text=Uitkomst: AI-antwoord controleren")
    body = browser.inner_text("main")
    assert "Terecht aangewezen (precisie): 100 van de 100" in body
    assert FORMATIVE in body
    browser.screenshot(path=str(tmp_path / "controleren-uitkomst.png"), full_page=True)
    assert problems == []


def test_start_page_links_to_training(browser: Any, live_server: LiveServer) -> None:
    keyboard_login(browser, live_server, "trainee")
    for href in ("/training", "/training/controleren", "/training/voortgang"):
        assert browser.locator(f'main a[href="{href}"]').count() == 1
