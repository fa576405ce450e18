"""Real Chromium: a whole round — open, answer as five employees (each warned that they left
most statements open, each sending anyway), close, report, leidraad, an agreed action, the next
round that starts with "Wat hebben we gedaan met jullie zorgen?"."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from reisgenoot.store.engine import Database
from tests.impact.conftest import MakeTeam, join_team
from tests.web.fixtures import PASSWORD, Account, LiveServer

pytestmark = pytest.mark.browser

ANSWERS = {
    "emo_nieuwsgierig": ["5", "4", "5", "2", "4"],
    "emo_zorg_baan": ["5", "4", "1", "5", "2"],
    "emo_gehoord": ["2", "1", "2", "3", "2"],
    "fun_minder_administratie": ["4", "4", "5", "3", "4"],
    "kri_durven": ["4", "5", "4", "4", "3"],
}
OPEN = [
    "Ik ben bang dat mijn baan verdwijnt en niemand luistert naar onze zorgen.",
    "Ik wil meer uitleg over wat het systeem doet. Dan ben ik minder bang.",
    "Nieuwsgierig! Maar wie luistert naar onze zorgen over de werkdruk?",
    "Mijn baan verandert snel. Ik mis uitleg van de leiding.",
    "Ik hoop dat de leiding naar onze zorgen luistert.",
]


def screenshot(page: Any, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("REISGENOOT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"impact-{name}.png"), full_page=True)


def axe_problems(page: Any) -> list[str]:
    """Serious or critical WCAG 2.0/2.1 A/AA violations on the page as it is now."""
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    result = Axe().run(page, options=options).response
    return [
        f"{v['id']} ({v['impact']}): {n['html'][:120]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


def log_in(page: Any, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/login?next=/teamdialoog")
    page.fill("#gebruikersnaam", username)
    page.fill("#wachtwoord", PASSWORD)
    page.click("button:has-text('Inloggen')")
    page.wait_for_url(f"{server.url}/teamdialoog")


def log_out(page: Any) -> None:
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/login**")


def test_a_whole_round_in_the_browser(
    browser: Any,
    live_server: LiveServer,
    users: dict[str, Account],
    db: Database,
    make_team: MakeTeam,
    tmp_path: Path,
) -> None:
    page = browser
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    team = make_team("Team Noord", 5, prefix="kcc")
    join_team(db, "teamleider", team.team_id)

    # The teamleider opens a round.
    log_in(page, live_server, "teamleider")
    page.click("button:has-text('Nieuwe ronde openen voor Team Noord')")
    page.wait_for_selector("text=Ronde 1 sluiten")
    assert page.locator("td.num:has-text('nog geen 5')").count() == 1  # no live count
    screenshot(page, tmp_path, "0-overzicht")
    log_out(page)

    # Five employees answer; the second attempt of one of them is refused.
    for index, username in enumerate(team.usernames):
        log_in(page, live_server, username)
        page.click("text=Vragenlijst invullen")
        for key, values in ANSWERS.items():
            page.check(f"input[name='{key}'][value='{values[index]}']")
        page.fill("#emotioneel_open", OPEN[index])
        if index == 0:
            screenshot(page, tmp_path, "1-vragenlijst")
        page.click("button:has-text('Antwoorden versturen')")
        # 5 of the 19 statements: the page first asks whether to send anyway.
        page.wait_for_selector("h2:has-text('Je hebt nog weinig ingevuld')")
        assert page.locator(
            f"input[name='emo_gehoord'][value='{ANSWERS['emo_gehoord'][index]}']"
        ).is_checked()
        assert page.input_value("#emotioneel_open") == OPEN[index]
        if index == 0:
            screenshot(page, tmp_path, "1b-weinig-ingevuld")
            assert axe_problems(page) == []
        page.click("button:has-text('Toch versturen')")
        page.wait_for_selector("text=Bedankt voor het invullen!")
        assert page.locator("text=Vragenlijst invullen").count() == 0
        log_out(page)

    # The teamleider closes the round and reads the report.
    log_in(page, live_server, "teamleider")
    page.click("button:has-text('Ronde 1 sluiten')")
    page.wait_for_url("**/rondes/*/rapport")
    report_url = page.url
    assert page.locator("svg.td-chart").count() >= 5
    assert page.locator("svg.td-chart title").first.text_content()
    assert page.locator("text=Team is verdeeld").count() >= 1
    assert page.locator("blockquote.td-quote").count() >= 1
    assert "luister" in page.content()
    screenshot(page, tmp_path, "2-rapport")

    # The leidraad starts with emotioneel, then an action is agreed.
    page.click("text=Naar de gespreksleidraad")
    page.wait_for_selector("#f-emotioneel")  # emotioneel leads: low and divided
    assert page.locator("text=Verloop van een uur").count() == 1
    page.fill("#titel", "Maandelijks vragenuur over AI met de leiding")
    page.select_option("#eigenaar", "management")
    page.fill("#datum", (date.today() + timedelta(days=30)).isoformat())
    page.select_option("#dimensie", "emotioneel")
    page.click("button:has-text('Actie vastleggen')")
    page.wait_for_selector("text=Maandelijks vragenuur over AI met de leiding")
    screenshot(page, tmp_path, "3-leidraad")
    page.emulate_media(media="print")
    assert not page.locator("form.td-actions-form").is_visible()
    page.emulate_media(media="screen")

    # The organisation view (a teamleider sees only the own team).
    page.click("text=Overzicht organisatie")
    page.wait_for_selector("text=Team Noord (ronde 1)")
    screenshot(page, tmp_path, "5-organisatie")

    # The action is under way; the next round opens.
    page.goto(report_url)
    page.select_option("select[name='status']", "bezig")
    page.fill("input[name='toelichting']", "Eerste vragenuur is gepland.")
    page.click("button:has-text('Status opslaan')")
    page.wait_for_selector("text=Mee bezig")
    page.goto(f"{live_server.url}/teamdialoog")
    page.click("button:has-text('Nieuwe ronde openen voor Team Noord')")
    page.wait_for_selector("text=Ronde 2 sluiten")
    log_out(page)

    # An employee sees what was done with the concerns before answering again.
    log_in(page, live_server, team.usernames[0])
    page.click("text=Vragenlijst invullen")
    page.wait_for_selector("h2:has-text('Wat hebben we gedaan met jullie zorgen?')")
    assert page.locator("text=Maandelijks vragenuur over AI met de leiding").count() == 1
    assert page.locator("text=Mee bezig").count() == 1
    screenshot(page, tmp_path, "4-volgende-ronde")
    assert problems == []
