"""Model cards say what a function learned here: "geleerd van N bevestigde gesprekken", from
the active version in the learning registry — and nothing while the packaged model is used."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reisgenoot.app import create_app
from reisgenoot.cli import app as cli
from reisgenoot.cli.context import database
from reisgenoot.language.readability import check_b1
from reisgenoot.learning.models import ACTIVE, REJECTED, ModelVersion
from reisgenoot.oversight.transparency import ai_functions, learned
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

LEARNED = "Het onderwerp is ook geleerd van 1.234 bevestigde gesprekken"


def _version(
    db: Database,
    *,
    active: bool,
    examples: int,
    main: float,
    own: tuple[float, float] | None = None,
) -> None:
    before: dict[str, object] = {"main": 0.34}
    after: dict[str, object] = {"main": main}
    if own is not None:
        before["values"], after["values"] = {"eigen_werk": own[0]}, {"eigen_werk": own[1]}
    with db.session() as session:
        session.add(
            ModelVersion(
                learner="assist.topics",
                number=1 if active else 2,
                examples=examples,
                before=before,
                after=after,
                status=ACTIVE if active else REJECTED,
                active=active,
            )
        )


def test_only_an_active_version_shows_on_the_card(db: Database) -> None:
    with db.session() as session:
        assert learned(session) == {}
    _version(db, active=False, examples=99, main=0.2)
    with db.session() as session:
        assert learned(session) == {}  # a rejected version taught the function nothing
    _version(db, active=True, examples=1234, main=0.3625)
    with db.session() as session:
        found = learned(session)
    assert set(found) == {"registratievoorstel"}
    assert found["registratievoorstel"].examples == 1234
    assert found["registratievoorstel"].text.startswith(LEARNED)
    assert "bij 36 van de 100 testgesprekken goed" in found["registratievoorstel"].text


def test_a_version_activated_for_the_own_work_says_so(db: Database) -> None:
    _version(db, active=True, examples=500, main=0.6, own=(0.75, 0.8))
    with db.session() as session:
        text = learned(session)["registratievoorstel"].text
    assert "nieuwste bevestigde gesprekken: 75 van de 100 goed met het vorige model, 80" in text
    assert check_b1(text).b1


def test_learning_texts_are_b1() -> None:
    for function in ai_functions():
        if function.card.learning is not None:
            text = function.card.learning.b1.format(n=64) + " " + function.card.learning.figure_b1
            report = check_b1(text.format(n=40))
            assert report.b1, (function.id, report.reasons)


def test_public_page_and_cli_show_what_was_learned(settings: Settings, db: Database) -> None:
    with TestClient(create_app(settings, db), follow_redirects=False) as client:
        assert "bevestigde gesprekken" not in client.get("/hulp/over-ai").text
    _version(db, active=True, examples=1234, main=0.3625)
    with TestClient(create_app(settings, db), follow_redirects=False) as client:
        page = client.get("/hulp/over-ai")
    assert page.status_code == 200 and LEARNED in page.text


@pytest.mark.usefixtures("cli_env")
def test_cli_model_cards_name_the_learned_examples() -> None:
    runner = CliRunner()
    before = json.loads(runner.invoke(cli, ["transparency", "modelkaarten", "--json"]).stdout)
    assert all(card["geleerd"] is None for card in before)
    _version(database(), active=True, examples=1234, main=0.3625)
    result = runner.invoke(cli, ["transparency", "modelkaarten"])
    assert result.exit_code == 0, result.output
    assert LEARNED in result.stdout
    cards = json.loads(runner.invoke(cli, ["transparency", "modelkaarten", "--json"]).stdout)
    by_id = {card["id"]: card for card in cards}
    assert by_id["registratievoorstel"]["geleerd"]["geleerd_van"] == 1234
    assert by_id["kennisbank-antwoorden"]["geleerd"] is None


def test_a_teamleider_sees_what_was_learned_for_the_whole_municipality_only(
    settings: Settings, db: Database, users: dict[str, Any]
) -> None:
    """Learning figures are installation level: the count of the whole municipality and the
    blind-dev figure; no team below it, no employee (contracts §10)."""
    from tests.web.fixtures import login

    _version(db, active=True, examples=1234, main=0.3625)
    with TestClient(create_app(settings, db), follow_redirects=False) as client:
        login(client, "teamleider")
        page = client.get("/hulp/over-ai").text
    assert LEARNED + " van de hele gemeente" in page
    assert "niet welke medewerker" in page
    for name, account in users.items():
        if name != "teamleider":  # the header names who is logged in
            assert account.display_name not in page
    columns = set(ModelVersion.__table__.columns.keys())
    assert not {"user_id", "team_id", "medewerker", "employee"} & columns
