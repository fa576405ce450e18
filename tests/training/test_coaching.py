"""Linking trainees to opleiders: in the browser (opleider, beheerder), in the terminal,
audited, and only a linked opleider sees a trainee's results (CONTRACTS §10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.cli import app as cli_app
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.audit import AuditEvent
from reisgenoot.store.engine import Database
from reisgenoot.training.catalogue import catalogue
from reisgenoot.training.models import Assignment, PracticeResult
from reisgenoot.training.scenario_files import load_scenarios
from tests.training.test_web import as_user, play_good_run, start, user_id
from tests.web.fixtures import MULTI_ROLE, Account, csrf_from

runner = CliRunner()


def post_form(client: TestClient, path: str, data: dict[str, str]) -> object:
    token = csrf_from(client.get("/training/trainees").text)
    return client.post(path, data={**data, "csrf_token": token})


def links(db: Database) -> set[tuple[int, int]]:
    with db.session() as session:
        rows = session.scalars(select(Assignment))
        return {(row.opleider_id, row.trainee_id) for row in rows}


def events(db: Database, action: str) -> list[AuditEvent]:
    with db.session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_opleider_links_views_and_unlinks_a_trainee(
    client: TestClient, users: dict[str, Account], db: Database, settings: Settings
) -> None:
    as_user(client, "trainee")
    session_id = start(client)
    play_good_run(client, session_id)
    trainee, opleider = user_id(db, "trainee"), user_id(db, "opleider")

    as_user(client, "opleider")
    assert client.get(f"/training/trainees/{trainee}").status_code == 404  # not linked yet
    page = client.get("/training/trainees")
    assert "Trainee toevoegen" in page.text and f'<option value="{trainee}">' in page.text
    response = post_form(client, "/training/trainees/koppelen", {"trainee": str(trainee)})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert (opleider, trainee) in links(db)
    page = client.get("/training/trainees?gedaan=gekoppeld")
    assert "De trainee is gekoppeld." in page.text
    assert f'href="/training/trainees/{trainee}"' in page.text
    assert client.get(f"/training/trainees/{trainee}").status_code == 200
    assert client.get(f"/training/oefenen/{session_id}/feedback").status_code == 200
    linked = events(db, "training_trainee_gekoppeld")
    assert len(linked) == 1 and linked[0].actor == "opleider"
    assert linked[0].details == {"opleider": "opleider", "trainee": "trainee"}

    # another opleider sees nothing of this trainee
    as_user(client, MULTI_ROLE)
    assert client.get(f"/training/trainees/{trainee}").status_code == 404
    assert client.get(f"/training/oefenen/{session_id}/feedback").status_code == 404
    assert f'href="/training/trainees/{trainee}"' not in client.get("/training/trainees").text
    # … and cannot remove someone else's link: the form acts for the opleider themself
    response = post_form(
        client,
        "/training/trainees/loskoppelen",
        {"trainee": str(trainee), "opleider": str(opleider)},
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "is niet aan deze opleider gekoppeld" in response.text  # type: ignore[attr-defined]
    assert (opleider, trainee) in links(db)

    as_user(client, "opleider")
    response = post_form(client, "/training/trainees/loskoppelen", {"trainee": str(trainee)})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert links(db) == set()
    assert client.get(f"/training/trainees/{trainee}").status_code == 404
    assert client.get(f"/training/oefenen/{session_id}/feedback").status_code == 404
    assert len(events(db, "training_trainee_losgekoppeld")) == 1
    with db.session() as session:
        assert audit.verify(session, settings.audit_secret()).intact


def test_linking_needs_csrf_and_the_right_roles(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    as_user(client, "opleider")
    trainee, medewerker = user_id(db, "trainee"), user_id(db, "medewerker")
    response = client.post("/training/trainees/koppelen", data={"trainee": str(trainee)})
    assert response.status_code == 403
    assert links(db) == set()
    response = post_form(client, "/training/trainees/koppelen", {"trainee": str(medewerker)})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "heeft niet de rol trainee" in response.text  # type: ignore[attr-defined]
    response = post_form(client, "/training/trainees/koppelen", {"trainee": ""})
    assert "Kies eerst een trainee." in response.text  # type: ignore[attr-defined]
    assert links(db) == set()
    for username in ("trainee", "medewerker", "teamleider"):
        as_user(client, username)
        token = csrf_from(client.get("/start").text)
        response = client.post(
            "/training/trainees/koppelen", data={"trainee": str(trainee), "csrf_token": token}
        )
        assert response.status_code == 403, username


def test_beheerder_manages_every_link_but_sees_no_results(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    trainee, second = user_id(db, "trainee"), user_id(db, MULTI_ROLE)
    as_user(client, "beheerder")
    page = client.get("/training/trainees")
    assert "Alle koppelingen" in page.text and "Er zijn nog geen koppelingen." in page.text
    response = post_form(
        client, "/training/trainees/koppelen", {"opleider": str(second), "trainee": str(trainee)}
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert links(db) == {(second, trainee)}
    page = client.get("/training/trainees")
    assert "Test teamleider en opleider" in page.text and "Test trainee" in page.text
    assert client.get(f"/training/trainees/{trainee}").status_code == 403
    response = post_form(client, "/training/trainees/koppelen", {"trainee": str(trainee)})
    assert "Kies eerst een opleider." in response.text  # type: ignore[attr-defined]
    response = post_form(
        client, "/training/trainees/loskoppelen", {"opleider": str(second), "trainee": str(trainee)}
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert links(db) == set()
    assert [e.actor for e in events(db, "training_trainee_losgekoppeld")] == ["beheerder"]


# --- the terminal ---------------------------------------------------------------------------


@pytest.mark.usefixtures("users")
def test_cli_assign_list_and_remove(cli_env: Settings, db: Database) -> None:
    args = ["train", "assign", "--opleider", "opleider", "--trainee", "trainee"]
    result = runner.invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    assert "gekoppeld" in result.stderr
    assert links(db) == {(user_id(db, "opleider"), user_id(db, "trainee"))}
    again = runner.invoke(cli_app, args)
    assert again.exit_code == 0 and "niets veranderd" in again.stderr
    assert len(events(db, "training_trainee_gekoppeld")) == 1
    listed = runner.invoke(cli_app, ["train", "assign", "--opleider", "opleider"])
    assert [json.loads(line) for line in listed.stdout.splitlines()] == [
        {"opleider": "Test opleider", "trainee": "Test trainee"}
    ]
    removed = runner.invoke(cli_app, [*args, "--remove"])
    assert removed.exit_code == 0, removed.output
    assert links(db) == set()
    assert events(db, "training_trainee_losgekoppeld")[0].actor.startswith("cli:")


@pytest.mark.usefixtures("users")
def test_cli_assign_bad_input_exits_2_in_dutch(cli_env: Settings, db: Database) -> None:
    wrong_role = runner.invoke(
        cli_app, ["train", "assign", "--opleider", "opleider", "--trainee", "medewerker"]
    )
    assert wrong_role.exit_code == 2
    assert "heeft niet de rol trainee" in wrong_role.stderr
    unknown = runner.invoke(
        cli_app, ["train", "assign", "--opleider", "niemand", "--trainee", "trainee"]
    )
    assert unknown.exit_code == 2 and "niemand" in unknown.stderr
    not_linked = runner.invoke(
        cli_app, ["train", "assign", "--opleider", "opleider", "--trainee", "trainee", "--remove"]
    )
    assert not_linked.exit_code == 2 and "niet aan deze opleider gekoppeld" in not_linked.stderr
    stray = runner.invoke(cli_app, ["train", "grofvuil-ophalen", "--remove"])
    assert stray.exit_code == 2 and "train assign" in stray.stderr
    assert links(db) == set()


@pytest.mark.usefixtures("users")
def test_cli_practice_as_a_trainee_uses_and_updates_their_path(
    cli_env: Settings, db: Database, tmp_path: Path
) -> None:
    """With --trainee the terminal practice is the trainee's own, as on the web: the path picks
    from their ratings, and the result is stored and moves their ratings."""
    from reisgenoot.training import service as practice

    trainee = user_id(db, "trainee")
    with db.session() as session:
        expected = practice.pick_scenario(session, trainee, scenarios=catalogue())
    scenario = load_scenarios()[expected]
    assert scenario.oefenscripts is not None
    script = tmp_path / "goed.txt"
    script.write_text("\n".join(scenario.oefenscripts.goed) + "\n", encoding="utf-8")
    args = ["train", "--trainee", "trainee", "--seed", "3", "--script", str(script), "--json"]
    result = runner.invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    assert f"leerpad van trainee): {expected}" in result.stderr
    data = json.loads(result.stdout)
    plain = runner.invoke(
        cli_app, ["train", expected, "--seed", "3", "--script", str(script), "--json"]
    )
    assert plain.exit_code == 0 and json.loads(plain.stdout) == data  # the same conversation
    with db.session() as session:
        rows = practice.sessions_of(session, trainee)
        assert [(r.scenario, r.finished, r.picked_by_path) for r in rows] == [
            (expected, True, True)
        ]
        stored = session.get(PracticeResult, rows[0].id)
        assert stored is not None and stored.feedback["totaal"] == data["totaal"]
        assert practice.profile_of(session, trainee).history == (expected,)
        assert practice.profile_of(session, trainee).skills  # ratings moved
    unknown = runner.invoke(cli_app, ["train", "--trainee", "niemand", "--script", str(script)])
    assert unknown.exit_code == 2 and "niemand" in unknown.stderr
