"""The ``tone`` and ``b1`` commands (CONTRACTS §1 and §6)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reisgenoot.cli import app

runner = CliRunner()


def test_tone_plain_line() -> None:
    result = runner.invoke(app, ["tone", "Ik wil nu een leidinggevende spreken, belachelijk!!"])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert line.startswith("boos (")
    assert "escaleren: vraagt_mens" in line
    assert "signalen:" in line


def test_tone_json() -> None:
    result = runner.invoke(app, ["tone", "--json", "Heel erg bedankt voor de hulp!"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["tone", "intensity", "escalate", "escalate_reasons", "cues"]
    assert data["tone"] == "positief"


def test_tone_stdin() -> None:
    result = runner.invoke(
        app, ["tone", "--json", "-"], input="Ik ben bang dat ik mijn huis kwijtraak."
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["tone"] == "bezorgd"


def test_tone_empty_input_is_neutral() -> None:
    result = runner.invoke(app, ["tone", "--json", "-"], input="")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "tone": "neutraal",
        "intensity": 0.0,
        "escalate": False,
        "escalate_reasons": [],
        "cues": [],
    }


def test_tone_batch_one_line_per_input_in_order(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"text": "Bedankt!"}\n'
        "geen json\n"
        '{"query": "verkeerde sleutel"}\n'
        '{"text": "Ik zie het niet meer zitten.", "extra": 1}\n'
        "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["tone", "--batch", str(source)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    assert lines[0]["tone"] == "positief"
    assert "error" in lines[1] and "regel 2" in lines[1]["error"].lower()
    assert "error" in lines[2]
    assert lines[3]["escalate"] is True and "wanhoop" in lines[3]["escalate_reasons"]
    assert "error" in lines[4]


def test_tone_batch_from_stdin() -> None:
    result = runner.invoke(
        app, ["tone", "--batch", "-", "--json"], input='{"text": "Ja."}\n{"text": "Nee!!"}\n'
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2


def test_tone_invalid_utf8_exits_2_with_offset(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b'{"text": "goed"}\n{"text": "\xff"}\n')
    result = runner.invoke(app, ["tone", "--batch", str(source)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "byte 27" in result.stderr


def test_tone_invalid_utf8_on_stdin_exits_2() -> None:
    result = runner.invoke(app, ["tone", "-"], input=b"ab\xffcd")
    assert result.exit_code == 2
    assert "byte 2" in result.stderr


def test_tone_without_text_is_a_usage_error() -> None:
    result = runner.invoke(app, ["tone"])
    assert result.exit_code == 2


def test_b1_plain_and_json() -> None:
    text = "Teneinde uw aanvraag te beoordelen, dient u derhalve uw gegevens te verstrekken."
    plain = runner.invoke(app, ["b1", text])
    assert plain.exit_code == 0
    assert plain.stdout.startswith("B1: nee")
    assert "Gebruik 'daarom' in plaats van 'derhalve'." in plain.stdout
    data = json.loads(runner.invoke(app, ["b1", "--json", text]).stdout)
    assert data["b1"] is False
    assert data["sentences"][0]["officialese"]


def test_b1_empty_is_b1_without_sentences() -> None:
    result = runner.invoke(app, ["b1", "--json", "-"], input="")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["b1"] is True
    assert data["sentences"] == []


def test_b1_batch(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "Wij helpen u graag."}\n{"text": 3}\n', encoding="utf-8")
    result = runner.invoke(app, ["b1", "--batch", str(source)])
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["b1"] is True
    assert "error" in second
