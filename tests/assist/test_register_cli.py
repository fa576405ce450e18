"""``reisgenoot register``: single file, --save writes a concept, --batch order and source."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from reisgenoot.cli import app
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

runner = CliRunner()
CALL = "medewerker: Goedemorgen.\ninwoner: Mijn kliko is kapot, het deksel is eraf.\nmedewerker: Ik zet het door naar de Afvalservice, zij nemen contact met u op.\n"


def test_register_json_writes_nothing(tmp_path: Path, cli_env: Settings) -> None:
    path = tmp_path / "gesprek.txt"
    path.write_text(CALL, encoding="utf-8")
    result = runner.invoke(app, ["register", str(path), "--json", "--kanaal", "Balie"])
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert draft["kanaal"] == "Balie" and draft["vragen"][0]["upl"] == "afvalcontainer"
    database = Database(cli_env)
    with database.session() as session:
        assert session.scalars(select(Klantcontact)).all() == []
    database.dispose()


def test_register_save_writes_concept(tmp_path: Path, cli_env: Settings) -> None:
    path = tmp_path / "gesprek.txt"
    path.write_text(CALL, encoding="utf-8")
    result = runner.invoke(app, ["register", str(path), "--save"])
    assert result.exit_code == 0, result.output
    database = Database(cli_env)
    with database.session() as session:
        contact = session.scalars(select(Klantcontact)).one()
        assert contact.status == "concept"
        assert len(contact.turns) == 3 and contact.turns[1].speaker == "inwoner"
        assert contact.vragen[0].upl == "afvalcontainer"
        assert len(contact.interne_taken) == 1
    database.dispose()


def test_register_bad_file_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "kapot.txt"
    path.write_text("inwoner: hoi\nzomaar tekst\n", encoding="utf-8")
    result = runner.invoke(app, ["register", str(path)])
    assert result.exit_code == 2
    assert "regel 2" in result.stderr


def test_register_batch_order_and_source(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_text(CALL, encoding="utf-8")
    (folder / "a.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Inwoner>Mijn paspoort is verlopen.\n",
        encoding="utf-8",
    )
    (folder / "c.json").write_text(
        '{"kanaal": "Live chat", "turns": [{"speaker": "inwoner"}]}', encoding="utf-8"
    )
    out = tmp_path / "uit.jsonl"
    result = runner.invoke(app, ["register", "--batch", str(folder), "--out", str(out)])
    assert result.exit_code == 3, result.output  # one file failed (contracts §1)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["source"] for line in lines] == ["a.vtt", "b.txt", "c.json"]
    assert lines[0]["vragen"][0]["upl"] == "paspoort"
    assert "error" in lines[2] and "regel" in lines[2]["error"]
    assert result.stdout == ""


def test_register_prints_the_alternatives_of_an_unsure_product(
    tmp_path: Path, cli_env: Settings
) -> None:
    path = tmp_path / "gesprek.txt"
    path.write_text(
        "medewerker: Goedemiddag.\ninwoner: Ik heb een vraag over mijn brief.\n"
        "medewerker: Welke brief bedoelt u?\ninwoner: Over de kosten, ik snap het niet.\n",
        encoding="utf-8",
    )
    draft = json.loads(runner.invoke(app, ["register", str(path), "--json"]).stdout)
    others = draft["vragen"][0]["ookMogelijk"]
    result = runner.invoke(app, ["register", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    (number,) = [i for i, line in enumerate(lines) if line.startswith("Vraag 1:")]
    assert lines[number + 1].strip() == f"Ook mogelijk: {', '.join(others)}"
    sure = tmp_path / "zeker.txt"
    sure.write_text(
        "medewerker: Goedemiddag.\n"
        "inwoner: De lantaarnpaal in mijn straat is kapot.\n"
        "medewerker: Dat geef ik door.\n",
        encoding="utf-8",
    )
    assert "Ook mogelijk" not in runner.invoke(app, ["register", str(sure)]).stdout
