"""The demo municipality: its teamleider sees the waste-collection surge of week 46."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from reisgenoot.app import create_app
from reisgenoot.demo.history import SURGE
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.web.fixtures import login


def test_demo_dashboard_shows_the_surge(demo_settings: Settings, demo_db: Database) -> None:
    with TestClient(create_app(demo_settings, demo_db), follow_redirects=False) as client:
        login(client, "teamleider", "demo-teamleider")
        page = client.get("/signalen").text
    assert "Signalen: KCC Team Noord" in page
    week46 = page[page.index('id="w-2026-W46"') : page.index('id="w-2026-W45"')]
    assert f"Meer vragen:</span> {SURGE.topic}</h4>" in week46
    assert f"Toon verandert:</span> {SURGE.topic}</h4>" in week46
    # The chart table marks week 46 as above normal.
    table = page[page.index(f"Contacten per week: {SURGE.topic}") :]
    row = re.search(r"week 46 .*?</tr>", table, re.S)
    assert row and "ja, boven normaal" in row.group(0)


def test_demo_redacteur_sees_the_outdated_afvalkalender_in_the_chat_ratings(
    demo_settings: Settings, demo_db: Database
) -> None:
    """The demo's residents rate the chat's answers on the new collection days "niet nuttig"
    (the afvalkalender article lacks them): the redacteur sees that kennisbank gap."""
    with TestClient(create_app(demo_settings, demo_db), follow_redirects=False) as client:
        login(client, "redacteur", "demo-redacteur")
        page = client.get("/signalen").text
    week46 = page[page.index('id="w-2026-W46"') : page.index('id="w-2026-W45"')]
    assert "afvalkalender" in week46
    assert "vonden inwoners in de chat op de website" in week46
    assert "ophaaldag" in week46  # an example question, from the chat
