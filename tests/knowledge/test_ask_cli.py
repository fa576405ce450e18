"""`reisgenoot ask` and `kb import`/`kb search` with the hybrid index: the CLI contract."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.settings import Settings

runner = CliRunner()
DEMO = Path(str(resources.files("reisgenoot.demo") / "kennisbank"))
KEYS = {"answer", "sources", "confidence", "handoff", "reason", "b1", "model"}


def _import() -> dict[str, int]:
    result = runner.invoke(app, ["kb", "import", str(DEMO)])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_import_builds_the_index_once(cli_env: Settings) -> None:
    first = _import()
    assert first["created"] >= 44 and first["embedded"] > first["created"]
    assert _import()["embedded"] == 0


def test_ask_json_answers_with_sources(cli_env: Settings) -> None:
    _import()
    result = runner.invoke(app, ["ask", "hoe vraag ik een parkeervergunning aan?", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == KEYS
    assert answer["reason"] == "answered" and answer["handoff"] is False
    assert answer["sources"][0]["id"] == "vbs-parkeervergunning"
    assert set(answer["sources"][0]) == {"id", "title", "passage"}
    assert 0 <= answer["confidence"] <= 1


def test_ask_text_output_and_hand_off(cli_env: Settings) -> None:
    _import()
    result = runner.invoke(app, ["ask", "Ik wil een medewerker spreken"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Doorverwijzen naar een medewerker (asks_for_person)")


def test_ask_batch_contract(cli_env: Settings) -> None:
    _import()
    lines = [
        json.dumps({"query": "grofvuil ophalen"}),
        json.dumps({"question": "waar blijft mijn aanvraag?"}),
        json.dumps({"question": "x" * 2001}),
        json.dumps({"query": ""}),
        "geen json",
        json.dumps({"vraag": "verkeerde sleutel"}),
    ]
    result = runner.invoke(app, ["ask", "--batch", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert set(out[0]) == KEYS and out[0]["sources"][0]["id"] == "vbs-grofvuil"
    assert out[1]["reason"] == "personal_case" and out[1]["answer"] is None
    assert "te lang" in out[2]["error"] and "leeg" in out[3]["error"]
    assert all("error" in line for line in out[4:])


def test_bad_single_questions_exit_2_with_dutch_message(cli_env: Settings) -> None:
    too_long = runner.invoke(app, ["ask", "a" * 2001])
    assert too_long.exit_code == 2 and "te lang" in too_long.output
    empty = runner.invoke(app, ["ask", "  "])
    assert empty.exit_code == 2 and "leeg" in empty.output
    missing = runner.invoke(app, ["ask"])
    assert missing.exit_code == 2


def test_search_is_hybrid_and_batch_keeps_html_as_text(cli_env: Settings, tmp_path: Path) -> None:
    _import()
    notice = tmp_path / "crisis.md"
    notice.write_text(
        "---\nid: vbs-storing-afval\ntitel: Storing afvalinzameling\ntrefwoorden: [afval]\n---\n\n"
        "## Inleiding\nHet afval wordt deze week een dag later opgehaald.\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["kb", "import", str(notice)]).exit_code == 0
    result = runner.invoke(
        app, ["kb", "search", "ik woon in het centrum en wil voor de deur parkeren", "--json"]
    )
    assert json.loads(result.stdout)[0]["id"] == "vbs-parkeervergunning"
    batch = runner.invoke(
        app,
        ["kb", "search", "--batch", "-"],
        input=json.dumps({"query": "<b>afval</b> ophalen"}) + "\n",
    )
    line = json.loads(batch.stdout)
    assert line["query"] == "<b>afval</b> ophalen" and line["results"]
