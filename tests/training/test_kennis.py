"""Training checks amounts and terms against *this installation's* kennisbank, from the database.

An installation with its own article text gets feedback checked against that text (not the
demo municipality's); a scenario whose article is missing still plays, and the feedback says
plainly that the check was skipped, without borrowing Voorbeeldstad's text. The opleider sees
which scenarios lack an article, on the command line and on the web.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reisgenoot.cli import app as cli_app
from reisgenoot.knowledge.formats import ArticleData
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.training import kennis
from reisgenoot.training.catalogue import catalogue
from reisgenoot.training.feedback import feedback, render_text
from reisgenoot.training.scenario_files import load_scenarios
from reisgenoot.training.simulator import Session
from tests.training.conftest import import_articles
from tests.training.test_web import as_user, play_good_run, start
from tests.web.fixtures import Account

SCENARIO = "paspoort-vakantie"
DEMO_AMOUNT = "€ 84,70"  # Gemeente Voorbeeldstad's fee in the demo kennisbank
runner = CliRunner()


def own_article(status: str = "actief") -> ArticleData:
    """The municipality's own paspoort article: the same id, its own fee and term."""
    return ArticleData(
        source="gemeente-eigen",
        source_id="vbs-paspoort",
        title="Paspoort aanvragen",
        status=status,
        sections={
            "tekst": "U vraagt een paspoort aan bij het stadhuis van onze gemeente.",
            "procedure_beschrijving": "- Maak een afspraak.\n- Neem een pasfoto mee.",
            "kosten_en_betaalmethoden": "Een paspoort kost € 91,20.",
            "uiterste_termijn": "Uw paspoort is na 4 werkdagen klaar.",
        },
    )


def play(db: Database, lines: list[str], name: str = SCENARIO) -> Session:
    scenario = catalogue().get(name)
    with db.session() as session:
        reference = kennis.reference_for(session, scenario)
    practice = Session.start(scenario, 3, reference=reference)
    for line in lines:
        practice.respond(line)
    return practice


OPENING = "Goedemorgen, u spreekt met Sanne van de gemeente. Wanneer vertrekt u?"


def test_feedback_is_checked_against_this_installations_own_article(
    settings: Settings, db: Database
) -> None:
    import_articles(db, settings, [own_article()])
    right = "Een paspoort kost € 91,20 en het is na 4 werkdagen klaar."
    wrong = f"Een paspoort kost {DEMO_AMOUNT}."
    practice = play(db, [OPENING, right, wrong])
    assert practice.reference.complete
    assert "91,20" in practice.reference.texts["vbs-paspoort"]
    assert "84,70" not in practice.reference.texts["vbs-paspoort"]
    right_turn, wrong_turn = practice.exchanges[1].analysis, practice.exchanges[2].analysis
    assert [c.value for c in right_turn.claims] == ["91,20", "4 werkdag"]
    assert right_turn.wrong_claims == []  # the municipality's own fee and term are right
    assert [c.text for c in wrong_turn.wrong_claims] == [DEMO_AMOUNT]  # the demo's fee is not
    result = feedback(practice)
    assert result.facts_checked and result.unchecked_notice is None
    point = next(p for p in result.growth if p.skill == "juistheid")
    assert point.quote == wrong  # the feedback names this kennisbank's value (issue 22)
    assert f"'{DEMO_AMOUNT}'. In het kennisartikel staat € 91,20." in point.why
    assert result.to_dict()["feitencontrole"] == {
        "gedaan": True,
        "ontbrekende_artikelen": [],
        "melding": None,
    }


def test_missing_article_is_reported_not_replaced(db: Database) -> None:
    scenario = catalogue().get(SCENARIO)
    assert scenario.oefenscripts is not None
    practice = play(db, [*scenario.oefenscripts.goed])
    assert practice.outcome == "doel_bereikt"  # the practice itself works
    assert practice.reference.texts == {}  # nothing borrowed from the demo kennisbank
    assert practice.reference.missing == ("vbs-paspoort",)
    assert all(not e.analysis.wrong_claims for e in practice.exchanges)  # not judged
    result = feedback(practice)
    notice = result.unchecked_notice
    assert notice is not None
    assert "niet gecontroleerd" in notice and "vbs-paspoort" not in notice  # no internal ids
    assert "staat niet in de kennisbank van je gemeente" in notice
    assert result.to_dict()["feitencontrole"] == {
        "gedaan": False,
        "ontbrekende_artikelen": ["vbs-paspoort"],
        "melding": notice,
    }
    assert notice in render_text(result)
    assert all("uit de kennisbank" not in s.text for s in result.strengths)


def test_an_unchecked_amount_is_neither_right_nor_wrong(db: Database) -> None:
    practice = play(db, [OPENING, "Het kost € 12,00 en duurt 9 weken."])
    assert practice.exchanges[1].analysis.claims
    result = feedback(practice)
    assert all(point.skill != "juistheid" for point in result.growth)


def test_only_active_articles_count(settings: Settings, db: Database) -> None:
    import_articles(db, settings, [own_article(status="concept")])
    practice = play(db, [OPENING])
    assert practice.reference.missing == ("vbs-paspoort",)


def test_missing_by_scenario_names_what_the_kennisbank_lacks(
    settings: Settings, db: Database
) -> None:
    import_articles(db, settings, [own_article()])
    scenarios = load_scenarios()
    with db.session() as session:
        missing = kennis.missing_by_scenario(session, scenarios.values())
    assert missing[SCENARIO] == []
    assert missing["grofvuil-ophalen"] == ["vbs-grofvuil"]
    assert sum(1 for ids in missing.values() if ids) == len(scenarios) - 1


def test_with_the_demo_kennisbank_no_scenario_lacks_an_article(kennisbank: Database) -> None:
    with kennisbank.session() as session:
        missing = kennis.missing_by_scenario(session, load_scenarios().values())
    assert {name: ids for name, ids in missing.items() if ids} == {}


# --- on the command line: a fresh home holds no demo data (contracts §1) ------------------


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``REISGENOOT_HOME`` pointing at a folder that does not exist yet (SQLite)."""
    from reisgenoot.cli import context

    home = tmp_path / "nieuwe-installatie"
    monkeypatch.setenv("REISGENOOT_HOME", str(home))
    monkeypatch.delenv("REISGENOOT_DATABASE_URL", raising=False)
    context.reset()
    yield home
    context.reset()


def test_train_on_a_fresh_home_practises_and_says_the_check_was_skipped(
    fresh_home: Path, tmp_path: Path
) -> None:
    scenario = catalogue().get(SCENARIO)
    assert scenario.oefenscripts is not None
    script = tmp_path / "goed.txt"
    script.write_text("\n".join(scenario.oefenscripts.goed) + "\n", encoding="utf-8")
    args = ["train", SCENARIO, "--seed", "2", "--script", str(script), "--json"]
    result = runner.invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    assert (fresh_home / "reisgenoot.db").exists()  # created and migrated on first use
    assert "vbs-paspoort staat niet in de kennisbank van deze installatie" in result.stderr
    assert "reisgenoot kb import" in result.stderr
    data = json.loads(result.stdout)
    assert data["uitkomst"] == "doel_bereikt"
    assert data["feitencontrole"]["gedaan"] is False
    assert data["feitencontrole"]["ontbrekende_artikelen"] == ["vbs-paspoort"]


def test_train_list_on_a_fresh_home_names_the_missing_articles(fresh_home: Path) -> None:
    result = runner.invoke(cli_app, ["train", "--list"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith(f"{SCENARIO}\t"))
    assert line.endswith("\tontbreekt in de kennisbank: vbs-paspoort")
    total = len(load_scenarios())
    assert f"{total} van de {total} scenario's missen een kennisartikel" in result.stderr
    data = json.loads(runner.invoke(cli_app, ["train", "--list", "--json"]).stdout)
    listed = {item["naam"]: item for item in data}
    assert listed[SCENARIO]["kennisartikelen"] == ["vbs-paspoort"]
    assert listed[SCENARIO]["ontbrekende_artikelen"] == ["vbs-paspoort"]


def test_check_ai_on_a_fresh_home_explains_that_articles_are_needed(fresh_home: Path) -> None:
    result = runner.invoke(cli_app, ["check-ai", "--seed", "1", "--marks", ""])
    assert result.exit_code == 1
    assert "De kennisbank heeft nog geen actieve kennisartikelen" in result.stderr
    assert "reisgenoot kb import" in result.stderr and result.stdout == ""


@pytest.mark.usefixtures("cli_env")
def test_train_list_with_the_demo_kennisbank_lacks_nothing(kennisbank: Database) -> None:
    result = runner.invoke(cli_app, ["train", "--list"])
    assert result.exit_code == 0
    assert "ontbreekt" not in result.stdout and "missen" not in result.stderr


# --- on the web -------------------------------------------------------------------------------


def test_feedback_page_says_the_check_was_skipped(
    client: TestClient, users: dict[str, Account]
) -> None:
    as_user(client, "trainee")
    session_id = start(client)
    play_good_run(client, session_id)
    page = client.get(f"/training/oefenen/{session_id}/feedback")
    assert 'id="niet-gecontroleerd"' in page.text
    assert "niet gecontroleerd" in page.text and "vbs-grofvuil" not in page.text


@pytest.mark.usefixtures("kennisbank")
def test_feedback_page_says_nothing_when_checked(
    client: TestClient, users: dict[str, Account]
) -> None:
    as_user(client, "trainee")
    session_id = start(client)
    play_good_run(client, session_id)
    page = client.get(f"/training/oefenen/{session_id}/feedback")
    assert 'id="niet-gecontroleerd"' not in page.text


@pytest.mark.parametrize("username", ["opleider", "beheerder"])
def test_opleider_sees_which_scenarios_lack_their_article(
    client: TestClient, users: dict[str, Account], settings: Settings, db: Database, username: str
) -> None:
    import_articles(db, settings, [own_article()])
    as_user(client, username)
    assert 'href="/training/scenarios"' in client.get("/training/trainees").text
    page = client.get("/training/scenarios")
    assert page.status_code == 200
    total = len(load_scenarios())
    assert (
        f"Bij {total - 1} van de {total} oefengesprekken ontbreekt een kennisartikel" in page.text
    )
    assert "vbs-paspoort: <strong>in de kennisbank</strong>" in page.text
    assert "vbs-grofvuil: <strong>ontbreekt</strong>" in page.text


@pytest.mark.parametrize("username", ["trainee", "medewerker", "teamleider", "redacteur"])
def test_scenario_overview_is_for_opleiders_and_beheerders(
    client: TestClient, users: dict[str, Account], username: str
) -> None:
    as_user(client, username)
    assert client.get("/training/scenarios").status_code == 403


def test_check_page_without_articles_explains_instead_of_failing(
    client: TestClient, users: dict[str, Account]
) -> None:
    as_user(client, "trainee")
    for url in ("/training/controleren", "/training/controleren?seed=4"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "De kennisbank heeft nog geen actieve kennisartikelen" in page.text
