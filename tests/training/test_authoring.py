"""Opleiders write, check, save (versioned), try and assign scenarios in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from reisgenoot.training.authoring import own_folder, versions
from reisgenoot.training.scenario_files import scenario_dir
from tests.training.test_coaching import events, post_form
from tests.training.test_web import as_user, play_good_run, start, user_id
from tests.web.fixtures import Account, csrf_from

EDITOR = "/training/scenarios/schrijven"
BASE = (scenario_dir() / "paspoort-vakantie.yaml").read_text(encoding="utf-8")


def _post(client: TestClient, name: str, text: str, action: str) -> object:
    token = csrf_from(client.get(EDITOR).text)
    return client.post(
        EDITOR, data={"naam": name, "tekst": text, "actie": action, "csrf_token": token}
    )


def test_check_shows_a_preview_with_both_example_runs(
    client: TestClient, users: dict[str, Account]
) -> None:
    as_user(client, "opleider")
    response = _post(client, "paspoort-zomer", BASE, "controleren")
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.text  # type: ignore[attr-defined]
    assert 'id="voorbeeld"' in page
    assert "goede voorbeeldscript" in page and "zwakke voorbeeldscript" in page
    assert "feiten <strong>goed</strong>" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("titel: x\nniveau: 9\n", "regel 2: veld &#39;niveau&#39;"),
        ("titel: [niet dicht\n", "geen geldige YAML"),
        ("- alleen\n- een lijst\n", "moet velden bevatten"),
    ],
)
def test_a_broken_scenario_gets_a_dutch_error_with_its_line(
    client: TestClient, users: dict[str, Account], text: str, message: str
) -> None:
    as_user(client, "opleider")
    response = _post(client, "kapot", text, "controleren")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.text  # type: ignore[attr-defined]
    assert "Traceback" not in response.text  # type: ignore[attr-defined]


def test_saving_makes_versions_and_the_scenario_is_practised_at_once(
    client: TestClient, users: dict[str, Account], settings: Settings, db: Database
) -> None:
    as_user(client, "opleider")
    first = _post(client, "paspoort-zomer", BASE, "opslaan")
    assert first.status_code == 303  # type: ignore[attr-defined]
    changed = BASE.replace("niveau: 1", "niveau: 2", 1)
    second = _post(client, "paspoort-zomer", changed, "opslaan")
    assert second.headers["location"].endswith("gedaan=2")  # type: ignore[attr-defined]
    folder = own_folder(settings)
    assert (folder / "paspoort-zomer.yaml").read_text(encoding="utf-8") == changed
    assert [v.number for v in versions(folder, "paspoort-zomer")] == [1]
    old = client.get(f"{EDITOR}?naam=paspoort-zomer&versie=1")
    assert "niveau: 1" in old.text
    assert len(events(db, "training.scenario_opgeslagen")) == 2
    overview = client.get("/training")
    assert 'value="paspoort-zomer"' in overview.text  # the opleider can try it right away


def test_a_broken_text_is_never_saved(
    client: TestClient, users: dict[str, Account], settings: Settings
) -> None:
    as_user(client, "opleider")
    response = _post(client, "kapot", "titel: x\n", "opslaan")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not (own_folder(settings) / "kapot.yaml").exists()


def test_only_opleiders_write_scenarios(client: TestClient, users: dict[str, Account]) -> None:
    as_user(client, "trainee")
    assert client.get(EDITOR).status_code == 403
    as_user(client, "medewerker")
    assert client.get(EDITOR).status_code == 403


def test_an_assigned_scenario_is_on_top_of_the_trainees_page(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    trainee = user_id(db, "trainee")
    as_user(client, "opleider")
    post_form(client, "/training/trainees/koppelen", {"trainee": str(trainee)})
    token = csrf_from(client.get(EDITOR).text)
    response = client.post(
        "/training/scenarios/toewijzen",
        data={"naam": "woz-te-hoog", "trainee": str(trainee), "csrf_token": token},
    )
    assert response.status_code == 303
    as_user(client, "trainee")
    page = client.get("/training").text
    assert 'id="van-je-opleider"' in page and 'value="woz-te-hoog"' in page


def test_assigning_to_a_trainee_not_guided_is_refused(
    client: TestClient, users: dict[str, Account], db: Database
) -> None:
    trainee = user_id(db, "trainee")
    as_user(client, "opleider")
    token = csrf_from(client.get(EDITOR).text)
    response = client.post(
        "/training/scenarios/toewijzen",
        data={"naam": "woz-te-hoog", "trainee": str(trainee), "csrf_token": token},
    )
    assert response.status_code == 404


def test_own_folder_is_the_scenario_dir_when_set(tmp_path: Path, settings: Settings) -> None:
    assert own_folder(settings.model_copy(update={"scenario_dir": tmp_path})) == tmp_path


def test_the_feedback_page_shows_the_opleiders_criteria_in_je_form(
    client: TestClient, users: dict[str, Account], kennisbank: Database
) -> None:
    as_user(client, "trainee")
    session_id = start(client)
    play_good_run(client, session_id)
    page = client.get(f"/training/oefenen/{session_id}/feedback").text
    assert 'id="rubriek"' in page and "Zoals een opleider kijkt" in page
    assert "Feiten: <strong>goed</strong>" in page
    assert "U zei" not in page and "Je zei" in page
