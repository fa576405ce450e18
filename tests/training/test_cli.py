"""``reisgenoot train`` and ``reisgenoot check-ai`` in the terminal (CONTRACTS §1, §8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.training.feedback import FORMATIVE_NOTICE
from reisgenoot.training.scenario_files import load_scenarios

runner = CliRunner()
# The commands run on this test's database, with the demo kennisbank imported the normal way.
pytestmark = pytest.mark.usefixtures("cli_env", "kennisbank")


def _script(tmp_path: Path, name: str, kind: str) -> Path:
    scenario = load_scenarios()[name]
    assert scenario.oefenscripts is not None
    path = tmp_path / f"{kind}.txt"
    lines = ["# oefenscript", *getattr(scenario.oefenscripts, kind)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_list_shows_scenarios_with_level() -> None:
    result = runner.invoke(app, ["train", "--list"])
    assert result.exit_code == 0
    assert "paspoort-vakantie\tniveau 1 (basis)" in result.stdout
    assert "verontwaardigde-bewoner\tniveau 3 (expert)" in result.stdout
    data = json.loads(runner.invoke(app, ["train", "--list", "--json"]).stdout)
    assert len(data) >= 15 and {"naam", "niveau", "titel"} <= set(data[0])


def test_script_run_prints_feedback_json_on_stdout(tmp_path: Path) -> None:
    script = _script(tmp_path, "kwijtschelding-aanvragen", "goed")
    result = runner.invoke(
        app, ["train", "kwijtschelding-aanvragen", "--seed", "4", "--script", str(script), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["uitkomst"] == "doel_bereikt" and data["totaal"] >= 80
    assert data["let_op"] == FORMATIVE_NOTICE
    again = runner.invoke(
        app, ["train", "kwijtschelding-aanvragen", "--seed", "4", "--script", str(script), "--json"]
    )
    assert json.loads(again.stdout)["gesprek"] == data["gesprek"]


def test_text_feedback_starts_with_strengths(tmp_path: Path) -> None:
    script = _script(tmp_path, "grofvuil-ophalen", "zwak")
    result = runner.invoke(
        app, ["train", "grofvuil-ophalen", "--seed", "1", "--script", str(script)]
    )
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("Wat ging goed:") < out.index("Wat kan nog beter:")
    assert "alleen voor jou en je opleider" in out
    assert "Je zei:" in out and "U zei:" not in out  # one form of address to the trainee


def test_without_scenario_the_path_picks_one(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("Goedemorgen, met de gemeente Voorbeeldstad.\nTot ziens.\n", encoding="utf-8")
    result = runner.invoke(app, ["train", "--seed", "1", "--script", str(script), "--json"])
    assert result.exit_code == 0
    picked = json.loads(result.stdout)["scenario"]
    assert load_scenarios()[picked].niveau == 1


def test_interactive_mode_reads_stdin() -> None:
    result = runner.invoke(
        app, ["train", "paspoort-vakantie", "--seed", "2", "--json"], input="Goedemorgen!\n/stop\n"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["beurten"] == 1


def test_bad_input_exits_2_with_dutch_message(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "bestaat-niet"])
    assert result.exit_code == 2 and "bestaat niet" in result.output
    result = runner.invoke(
        app, ["train", "paspoort-vakantie", "--script", str(tmp_path / "weg.txt")]
    )
    assert result.exit_code == 2 and "weg.txt" in result.output


def test_check_ai_scores_marks() -> None:
    result = runner.invoke(
        app, ["check-ai", "vbs-paspoort", "--seed", "2", "--marks", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"precisie", "recall", "fouten"} <= set(data)
