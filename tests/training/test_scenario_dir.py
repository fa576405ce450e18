"""A municipality's own practice scenarios (``REISGENOOT_SCENARIO_DIR``), in a temporary folder.

Own files are loaded beside the shipped scenarios; an own file with a shipped name replaces
that scenario. Bad files give Dutch errors naming file, line and field: strictly on the
command line (exit 2), and on the opleider's page in the web app, where a broken file is left
out so the other scenarios keep working. Changes are seen without a restart.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from reisgenoot.cli import app as cli_app
from reisgenoot.settings import Settings
from reisgenoot.training.catalogue import SHIPPED, catalogue, catalogue_for
from reisgenoot.training.scenario import ScenarioError
from reisgenoot.training.scenario_files import load_scenarios, scenario_dir
from reisgenoot.training.simulator import Session
from tests.conftest import fresh_settings
from tests.training.test_web import as_user, say
from tests.web.fixtures import Account, csrf_from

runner = CliRunner()
SHIPPED_COUNT = len(load_scenarios())
BASE = (scenario_dir() / "grofvuil-ophalen.yaml").read_text(encoding="utf-8")
OWN = "eigen-grofvuil"
OWN_TITLE = "Grofvuil in onze gemeente"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of ``text`` that starts with ``start``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.fixture
def own_dir(tmp_path: Path) -> Path:
    """The municipality's folder: one new scenario and one that replaces a shipped one."""
    folder = tmp_path / "eigen-scenarios"
    folder.mkdir()
    write(folder, OWN, BASE.replace("titel: Grofvuil laten ophalen", f"titel: {OWN_TITLE}"))
    write(folder, "paspoort-vakantie", _renamed("paspoort-vakantie", "Paspoort, onze eigen versie"))
    write(folder, "_notities", "dit is geen scenario: bestanden met _ worden overgeslagen\n")
    (folder / "LEESMIJ.txt").write_text("geen yaml", encoding="utf-8")
    return folder


def _renamed(name: str, title: str) -> str:
    text = (scenario_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    return re.sub(r"^titel: .*$", f"titel: {title}", text, count=1, flags=re.M)


# --- the catalogue ----------------------------------------------------------------------------


def test_own_scenarios_are_loaded_beside_the_shipped_ones(own_dir: Path) -> None:
    found = catalogue(own_dir)
    assert len(found) == SHIPPED_COUNT + 1  # one new; the replacement does not add one
    assert found.get(OWN).titel == OWN_TITLE
    assert found.is_own(OWN) and found.origins[OWN] == str(own_dir / f"{OWN}.yaml")
    assert not found.is_own("grofvuil-ophalen") and found.origins["grofvuil-ophalen"] == SHIPPED
    assert "_notities" not in found and found.problems == ()
    assert sorted(found.own) == [OWN, "paspoort-vakantie"]


def test_an_own_file_with_a_shipped_name_replaces_that_scenario(own_dir: Path) -> None:
    found = catalogue(own_dir)
    assert found.replaced == ("paspoort-vakantie",)
    assert found.get("paspoort-vakantie").titel == "Paspoort, onze eigen versie"
    assert catalogue().get("paspoort-vakantie").titel != "Paspoort, onze eigen versie"


def test_an_own_scenario_plays_like_a_shipped_one(own_dir: Path) -> None:
    scenario = catalogue(own_dir).get(OWN)
    assert scenario.oefenscripts is not None
    session = Session.replay(scenario, 4, scenario.oefenscripts.goed)
    assert session.outcome == "doel_bereikt"


def test_the_setting_names_the_folder(own_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REISGENOOT_SCENARIO_DIR", str(own_dir))
    settings = Settings()
    assert settings.scenario_dir == own_dir
    assert OWN in catalogue_for(settings)
    assert Settings(scenario_dir=None).scenario_dir is None


def test_changes_are_seen_without_a_restart(own_dir: Path) -> None:
    assert "nog-een" not in catalogue(own_dir)
    path = write(own_dir, "nog-een", BASE)
    assert "nog-een" in catalogue(own_dir)
    path.write_text(BASE.replace("titel: Grofvuil laten ophalen", "titel: Aangepast"), "utf-8")
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))  # a new change time, whatever the clock
    assert catalogue(own_dir).get("nog-een").titel == "Aangepast"
    path.unlink()
    assert "nog-een" not in catalogue(own_dir)


# --- clear Dutch errors: file, line and field ----------------------------------------------------


def _strict_error(folder: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        catalogue(folder)
    return caught.value.dutch()


def test_a_missing_field_names_file_line_and_field(tmp_path: Path) -> None:
    text = BASE.replace("  geduld: 8\n", "")
    path = write(tmp_path, "zonder-geduld", text)
    message = _strict_error(tmp_path)
    assert message.startswith(f"Fout in scenario {path}, regel {line_of(text, 'persona:')}:")
    assert "veld 'persona.geduld': dit veld ontbreekt" in message


def test_bad_yaml_names_file_and_line(tmp_path: Path) -> None:
    text = BASE.replace("niveau: 1\n", "niveau: [1\n")
    path = write(tmp_path, "kapotte-yaml", text)
    message = _strict_error(tmp_path)
    assert str(path) in message and "geen geldige YAML (regel" in message


def test_a_typo_and_a_wrong_value_name_their_own_line(tmp_path: Path) -> None:
    text = BASE.replace("\nonjuist:", "\nonjuiste:").replace("  geduld: 8", "  geduld: veel")
    path = write(tmp_path, "tikfouten", text)
    message = _strict_error(tmp_path)
    assert f"{path}, regel {line_of(text, '  geduld:')}:" in message
    assert "veld 'persona.geduld': hier hoort een heel getal" in message
    assert f"regel {line_of(text, 'onjuiste:')}, veld 'onjuiste': dit veld bestaat niet" in message


def test_a_missing_top_level_field_points_at_the_start_of_the_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "zonder-niveau", BASE.replace("niveau: 1\n", ""))
    message = _strict_error(tmp_path)
    assert f"{path}, regel 1: veld 'niveau': dit veld ontbreekt" in message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mijn Scenario", "alleen kleine letters, cijfers en streepjes"),
        ("assign", "'reisgenoot train assign'"),
    ],
)
def test_file_names_must_be_usable_names(tmp_path: Path, name: str, expected: str) -> None:
    write(tmp_path, name, BASE)
    message = _strict_error(tmp_path)
    assert f"{name}.yaml" in message and expected in message


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "bestaat-niet"
    message = _strict_error(folder)
    assert "REISGENOOT_SCENARIO_DIR" in message and "bestaat niet" in message
    assert str(folder) in message
    lenient = catalogue(folder, strict=False)
    assert len(lenient) == SHIPPED_COUNT and len(lenient.problems) == 1


def test_leniently_a_broken_file_is_left_out_and_reported(own_dir: Path) -> None:
    write(own_dir, "kapot", BASE.replace("  geduld: 8\n", ""))
    found = catalogue(own_dir, strict=False)
    assert "kapot" not in found and OWN in found
    assert len(found.problems) == 1 and "kapot.yaml" in found.problems[0]
    assert "persona.geduld" in found.problems[0]


# --- on the command line -----------------------------------------------------------------------


@pytest.fixture
def cli_own(cli_env: Settings, own_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from reisgenoot.cli import context

    monkeypatch.setenv("REISGENOOT_SCENARIO_DIR", str(own_dir))
    context.reset()
    yield own_dir
    context.reset()


def test_train_list_shows_own_scenarios(cli_own: Path) -> None:
    result = runner.invoke(cli_app, ["train", "--list"])
    assert result.exit_code == 0, result.output
    assert f"{OWN}\tniveau 1 (basis)\t{OWN_TITLE}" in result.stdout
    assert f"Eigen scenario's uit {cli_own}: {OWN}, paspoort-vakantie." in result.stderr
    assert "vervangen een meegeleverd scenario: paspoort-vakantie" in result.stderr
    listed = {
        i["naam"]: i
        for i in json.loads(runner.invoke(cli_app, ["train", "--list", "--json"]).stdout)
    }
    assert listed[OWN]["bron"] == str(cli_own / f"{OWN}.yaml")
    assert listed["grofvuil-ophalen"]["bron"] == SHIPPED


def test_train_plays_an_own_scenario(cli_own: Path, tmp_path: Path) -> None:
    scenario = catalogue(cli_own).get(OWN)
    assert scenario.oefenscripts is not None
    script = tmp_path / "goed.txt"
    script.write_text("\n".join(scenario.oefenscripts.goed) + "\n", encoding="utf-8")
    result = runner.invoke(
        cli_app, ["train", OWN, "--seed", "4", "--script", str(script), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scenario"] == OWN and data["titel"] == OWN_TITLE
    assert data["uitkomst"] == "doel_bereikt"


def test_a_broken_own_file_stops_the_command_with_exit_2(cli_own: Path) -> None:
    text = BASE.replace("  geduld: 8\n", "")
    write(cli_own, "kapot", text)
    result = runner.invoke(cli_app, ["train", "--list"])
    assert result.exit_code == 2
    assert f"kapot.yaml, regel {line_of(text, 'persona:')}" in result.stderr
    assert "veld 'persona.geduld': dit veld ontbreekt" in result.stderr
    assert result.stdout == ""


# --- on the web ----------------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path, template_db: str, own_dir: Path) -> Settings:
    """This module's installation has its own scenario folder."""
    base = fresh_settings(tmp_path / "home", template_db)
    return base.model_copy(update={"scenario_dir": own_dir})


def test_trainee_chooses_and_practises_an_own_scenario(
    client: TestClient, users: dict[str, Account], settings: Settings
) -> None:
    as_user(client, "trainee")
    page = client.get("/training")
    assert f'<option value="{OWN}">{OWN_TITLE} (niveau basis)</option>' in page.text
    data = {"csrf_token": csrf_from(page.text), "scenario": OWN}
    response = client.post("/training/oefenen", data=data)
    assert response.status_code == 303
    session_id = int(response.headers["location"].rsplit("/", 1)[1])
    scenario = catalogue_for(settings).get(OWN)
    assert scenario.oefenscripts is not None
    for line in scenario.oefenscripts.goed:
        reply = say(client, session_id, line)
        assert reply.status_code == 200
        if "Bekijk je feedback" in reply.text:
            break
    feedback = client.get(f"/training/oefenen/{session_id}/feedback")
    assert feedback.status_code == 200 and OWN_TITLE in feedback.text


def test_a_broken_own_file_is_shown_to_the_opleider_and_others_keep_working(
    client: TestClient, users: dict[str, Account], own_dir: Path
) -> None:
    write(own_dir, "kapot", BASE.replace("  geduld: 8\n", ""))
    as_user(client, "trainee")
    page = client.get("/training")
    assert page.status_code == 200 and OWN_TITLE in page.text
    as_user(client, "opleider")
    overview = client.get("/training/scenarios")
    assert "Deze eigen oefengesprekken konden niet worden geladen" in overview.text
    assert "kapot.yaml" in overview.text and "persona.geduld" in overview.text
    assert f"<code>{own_dir}</code>" in overview.text
    assert "eigen (vervangt het meegeleverde)" in overview.text
