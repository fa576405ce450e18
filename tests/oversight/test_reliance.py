"""Reliance on the registration proposals: per team and month, suppressed below 5 people or
20 reviews, never per person (contracts §10); an employee sees only their own history."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.accounts.models import Role, Team, User
from reisgenoot.accounts.service import NewUser, create_user
from reisgenoot.cli import app as cli
from reisgenoot.oversight.reliance import ALL_TEAMS, CONFIRMED, own_history, reliance
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.engine import Database
from tests.web.fixtures import PASSWORD, login

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("users")


def _member(session: Any, settings: Settings, name: str, team: str, role: Role) -> None:
    create_user(
        session,
        NewUser(name, f"Test {name}", PASSWORD, (role,), team=team),
        audit_key=settings.audit_secret(),
        actor="test",
    )


def _confirm(
    session: Any, settings: Settings, actor: str, changed: list[str], seconds: int
) -> None:
    audit.record(
        session,
        settings.audit_secret(),
        actor=actor,
        action=CONFIRMED,
        object_type="klantcontact",
        object_id="x",
        details={"gewijzigd": changed, "controle_seconden": seconds},
    )


@pytest.fixture
def reviews(settings: Settings, db: Database) -> None:
    """Team Noord: 5 people, 25 reviews; team Zuid: 3 people, 30 reviews (too few people)."""
    with db.session() as session:
        for n in range(5):
            _member(session, settings, f"noord{n}", "Noord", Role.MEDEWERKER)
        for n in range(3):
            _member(session, settings, f"zuid{n}", "Zuid", Role.MEDEWERKER)
        _member(session, settings, "leider-noord", "Noord", Role.TEAMLEIDER)
        for i in range(25):  # 10 unchanged, 15 with the topic changed, 5 of those also the UPL
            changed = [] if i < 10 else ["onderwerp", *(["vragen[0].upl"] if i >= 20 else [])]
            _confirm(session, settings, f"noord{i % 5}", changed, seconds=30 + i)
        for i in range(30):
            _confirm(session, settings, f"zuid{i % 3}", [], seconds=5)


def test_figures_per_team_and_suppression_below_the_thresholds(db: Database, reviews: None) -> None:
    with db.session() as session:
        rows = {row.team: row for row in reliance(session)}
    noord = rows["Noord"]
    assert noord.shown and noord.reviews == 25
    assert noord.unchanged_share == 0.4
    assert noord.edit_rate == {"onderwerp": 0.6, "upl": 0.2}
    assert noord.median_seconds == 42.0
    assert rows["Zuid"].shown is False  # 30 reviews, but 3 people
    assert rows["Zuid"].reviews == 0 and rows["Zuid"].unchanged_share is None
    everyone = rows[ALL_TEAMS]  # Zuid's reviews still count, merged into the municipality
    assert everyone.shown and everyone.reviews == 55


def test_too_few_reviews_is_suppressed_even_with_enough_people(
    settings: Settings, db: Database
) -> None:
    with db.session() as session:
        for n in range(6):
            _member(session, settings, f"klein{n}", "Klein", Role.MEDEWERKER)
        for i in range(19):
            _confirm(session, settings, f"klein{i % 6}", [], seconds=10)
    with db.session() as session:
        assert [r.shown for r in reliance(session, teams=["Klein"])] == [False]


def test_an_employee_sees_their_own_history_only(db: Database, reviews: None) -> None:
    with db.session() as session:
        (mine,) = own_history(session, "noord0")
    assert mine.reviews == 5  # noord0 did reviews 0, 5, 10, 15, 20
    assert mine.unchanged_share == 0.4


def test_pages_show_team_figures_to_the_teamleider_and_nothing_per_person(
    settings: Settings, db: Database, client: TestClient, reviews: None
) -> None:
    login(client, "leider-noord")
    page = client.get("/toezicht")
    assert page.status_code == 200
    assert "Noord" in page.text and "Zuid" not in page.text and ALL_TEAMS not in page.text
    assert "40%" in page.text and "Onderwerp (60%)" in page.text
    for name in ("noord0", "noord1", "Test noord0"):
        assert name not in page.text
    client.cookies.clear()
    login(client, "medewerker")
    assert client.get("/toezicht").status_code == 403
    own = client.get("/toezicht/mijn-controles")
    assert own.status_code == 200 and "nog geen voorstellen bevestigd" in own.text
    client.cookies.clear()
    login(client, "beheerder")
    everything = client.get("/toezicht").text
    assert ALL_TEAMS in everything and "Te weinig controles of mensen om te tonen." in everything
    with db.session() as session:
        assert session.scalar(select(Team.id).where(Team.name == "Zuid")) is not None
        assert session.scalar(select(User.id).where(User.username == "zuid0")) is not None


@pytest.mark.usefixtures("cli_env")
def test_cli_json_per_team(reviews: None) -> None:
    result = runner.invoke(cli, ["oversight", "--team", "Noord", "--json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["team"] == "Noord" and row["getoond"] is True and row["controles"] == 25
    suppressed = json.loads(runner.invoke(cli, ["oversight", "--team", "Zuid", "--json"]).stdout)
    assert suppressed == [{"team": "Zuid", "maand": suppressed[0]["maand"], "getoond": False}]


def _review(session: Any, settings: Settings, actor: str, **details: Any) -> None:
    audit.record(
        session,
        settings.audit_secret(),
        actor=actor,
        action=CONFIRMED,
        object_type="klantcontact",
        object_id="x",
        details={"gewijzigd": [], "controle_seconden": 30, **details},
    )


def _first(own_upl: bool, final_upl: bool) -> dict[str, Any]:
    return {
        "keuze": {"upl": "paspoort", "gespreksresultaat": "Zelfstandig afgehandeld"},
        "zelfde_als_voorstel": {"upl": own_upl, "gespreksresultaat": True},
        "definitief_als_voorstel": {"upl": final_upl, "gespreksresultaat": True},
    }


@pytest.fixture
def marked(settings: Settings, db: Database) -> None:
    """Team West, 6 people: 24 reviews "eerst zelf" (own product = proposal in 4; of the 20
    that differed, 10 gave way to the proposal), 24 without; a source opened in 30 of 48;
    hand-off advice in 24 reviews, 6 of them overridden. Team Oost: advice in 4 reviews only."""
    with db.session() as session:
        for n in range(6):
            _member(session, settings, f"west{n}", "West", Role.MEDEWERKER)
            _member(session, settings, f"oost{n}", "Oost", Role.MEDEWERKER)
        for i in range(24):
            first = _first(own_upl=i < 4, final_upl=i < 14)
            _review(session, settings, f"west{i % 6}", eerst_zelf=first, bron_geopend=i < 20,
                    gewijzigd=["vragen[0].upl"] if 12 <= i < 18 else [])  # fmt: skip
        for i in range(24):
            advice = {"doorverwijsadvies": "escalatie", "advies_gevolgd": i >= 6}
            _review(session, settings, f"west{i % 6}", bron_geopend=i < 10, eerst_zelf=None,
                    gewijzigd=["onderwerp"] if i < 12 else [], **advice)  # fmt: skip
        for i in range(24):
            advice = {"doorverwijsadvies": "specialist", "advies_gevolgd": False} if i < 4 else {}
            _review(session, settings, f"oost{i % 6}", **advice)


def test_sources_advice_and_eerst_zelf_figures(db: Database, marked: None) -> None:
    with db.session() as session:
        rows = {row.team: row for row in reliance(session)}
    west = rows["West"].as_dict()
    assert west["bron_geopend"] == round(30 / 48, 3)
    assert west["doorverwijsadvies"] == {"getoond": True, "adviezen": 24, "overschreven": 0.25}
    first = west["eerst_zelf"]
    assert first["getoond"] and first["controles"] == 24
    assert first["eigen_keuze_gelijk_aan_voorstel"] == {"upl": 0.167, "gespreksresultaat": 1.0}
    assert first["overgestapt_naar_voorstel"] == 0.5
    assert first["ongewijzigd_bevestigd"] == 0.75 and first["wijzigingen_per_veld"] == {"upl": 0.25}
    direct = west["zonder_eerst_zelf"]
    assert direct["getoond"] and direct["controles"] == 24
    assert direct["ongewijzigd_bevestigd"] == 0.5
    # Oost: advice in 4 reviews is too few to show its share; no "eerst zelf" at all.
    oost = rows["Oost"].as_dict()
    assert oost["doorverwijsadvies"] == {"getoond": False}
    assert oost["eerst_zelf"] is None and oost["zonder_eerst_zelf"] is None
    assert oost["bron_geopend"] is None  # not recorded in these reviews


def test_a_part_below_the_thresholds_is_suppressed(settings: Settings, db: Database) -> None:
    """25 reviews by 5 people pass, but the 12 done "eerst zelf" do not: no figure of them,
    so nobody can take the part apart (contracts §10)."""
    with db.session() as session:
        for n in range(5):
            _member(session, settings, f"klein{n}", "Klein", Role.MEDEWERKER)
        for i in range(25):
            first = _first(own_upl=True, final_upl=True) if i < 12 else None
            _review(session, settings, f"klein{i % 5}", eerst_zelf=first)
    with db.session() as session:
        (row,) = reliance(session, teams=["Klein"])
    assert row.shown and row.self_first == {"getoond": False}
    assert row.direct == {"getoond": False}  # 13 reviews


def test_toezicht_page_and_cli_show_the_new_figures(
    client: TestClient, db: Database, settings: Settings, marked: None
) -> None:
    with db.session() as session:
        _member(session, settings, "leider-west", "West", Role.TEAMLEIDER)
    login(client, "leider-west")
    page = client.get("/toezicht").text
    assert "Eerst zelf, dan AI" in page and "Bron geopend" in page
    assert re.search(r">6[23]%<", page)  # source opened in 30 of 48
    assert "25% van 24" in page  # advice overridden
    assert "75% / 50%" in page  # unchanged: eerst zelf / direct
    for name in ("west0", "Test west0"):
        assert name not in page


@pytest.mark.usefixtures("cli_env")
def test_cli_shows_the_new_figures(marked: None) -> None:
    result = runner.invoke(cli, ["oversight", "--team", "West"])
    assert result.exit_code == 0, result.output
    assert "bron geopend 62%" in result.stdout or "bron geopend 63%" in result.stdout
    assert "advies doorverbinden niet gevolgd 25%" in result.stdout
    assert "eerst zelf: 24 controles" in result.stdout


def test_an_employee_sees_their_own_eerst_zelf_figures(client: TestClient, marked: None) -> None:
    login(client, "west0")
    page = client.get("/toezicht/mijn-controles").text
    assert "Mijn controles met eerst zelf, per maand" in page
    assert "west1" not in page and "West" not in page  # nobody else's, no team figures
