"""`reisgenoot kb search`: ranking, JSON and the batch contract."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.settings import Settings

HEADER = "id,question,reference_answer,license\n"
ROWS = [
    "p1,Hoe vraag ik een paspoort aan?,U vraagt een paspoort aan bij de gemeente.,CC0",
    "r1,Hoe verleng ik mijn rijbewijs?,U verlengt uw rijbewijs bij de gemeente.,CC0",
    "a1,Wanneer wordt het grofvuil opgehaald?,Grofvuil wordt op afspraak opgehaald.,CC0",
]
runner = CliRunner()


def _seed(tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["kb", "import", str(path)]).exit_code == 0


def test_search_json_ranks_the_right_article_first(cli_env: Settings, tmp_path: Path) -> None:
    _seed(tmp_path)
    result = runner.invoke(app, ["kb", "search", "paspoorten aanvragen", "--json"])
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "p1"
    assert set(hits[0]) == {"id", "title", "score"}
    assert all(a["score"] >= b["score"] for a, b in itertools.pairwise(hits))


def test_batch_writes_one_line_per_input_in_order(cli_env: Settings, tmp_path: Path) -> None:
    _seed(tmp_path)
    lines = [
        json.dumps({"query": "grofvuil ophalen"}),
        "geen json",
        json.dumps({"vraag": "verkeerde sleutel"}),
        json.dumps({"query": "rijbewijs verlengen", "extra": 1}),
    ]
    result = runner.invoke(
        app, ["kb", "search", "--batch", "-", "--limit", "1"], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["results"][0]["id"] == "a1"
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["query"] == "rijbewijs verlengen" and out[3]["results"][0]["id"] == "r1"


def test_empty_database_gives_empty_list(cli_env: Settings) -> None:
    result = runner.invoke(app, ["kb", "search", "paspoort", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
