"""``reisgenoot learn import``: real JSONL files in, redacted examples stored, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from reisgenoot.cli import app as cli_app
from reisgenoot.cli import context
from reisgenoot.cli.context import database
from reisgenoot.learning import registry
from reisgenoot.learning.importing import LINE_MAX
from reisgenoot.learning.models import Example
from reisgenoot.settings import Settings
from tests.learning.conftest import write_dev


def _line(resident: str, upl: str = "paspoort", task: Any = None) -> dict[str, Any]:
    return {
        "transcript": {
            "kanaal": "Telefoon",
            "turns": [
                {"speaker": "medewerker", "text": "Gemeente Voorbeeldstad, goedemiddag."},
                {"speaker": "inwoner", "text": resident},
            ],
        },
        "registration": {
            "vragen": [
                {
                    "upl": upl,
                    "specifiekeVraag": "Paspoort van Henk de Vries verlopen",
                    "gespreksresultaat": "Zelfstandig afgehandeld",
                }
            ],
            "interneTaak": task,
        },
    }


def _write(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


def _count(settings: Settings) -> int:
    assert settings.home.is_dir()
    with database().session() as session:
        return int(session.scalar(select(func.count(Example.id))) or 0)


def test_a_good_file_is_stored_redacted_with_label_and_provenance(
    cli_env: Settings, tmp_path: Path
) -> None:
    good = _write(
        tmp_path / "goed.jsonl",
        [
            _line(
                "Mijn paspoort is verlopen, mijn BSN is 111222333 en mijn naam is Henk de Vries."
            ),
            "",
            _line("Mijn container is kapot.", "afvalcontainer", {"actie": "terugbellen"}),
        ],
    )
    result = CliRunner().invoke(cli_app, ["learn", "import", str(good), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"geimporteerd": 2}
    with database().session() as session:
        rows = list(session.scalars(select(Example).order_by(Example.id)))
    assert [r.kind for r in rows] == ["registratie", "registratie"]
    assert {r.capability for r in rows} == {"import"}
    assert "111222333" not in rows[0].text and "Henk" not in rows[0].text
    assert rows[0].text.startswith("medewerker: ") and "\ninwoner: " in rows[0].text
    assert rows[0].label == {
        "kanaal": "Telefoon",
        "vragen": [{"upl": "paspoort", "gespreksresultaat": "Zelfstandig afgehandeld"}],
        "interneTaak": False,
    }
    assert "Henk" not in json.dumps(rows[0].label)  # specifiekeVraag is not kept
    assert rows[1].label["interneTaak"] is True
    status = CliRunner().invoke(cli_app, ["learn", "status", "--json"])
    assert json.loads(status.stdout)["voorbeelden"]["registratie"] == 2


def test_a_bad_line_in_the_middle_names_the_line_and_imports_nothing(
    cli_env: Settings, tmp_path: Path
) -> None:
    lines: list[Any] = [_line(f"Mijn paspoort is verlopen, deel {n}.") for n in range(5)]
    lines[3] = _line("Iets over een product dat niet bestaat.", "bestaat niet als product")
    bad = _write(tmp_path / "fout.jsonl", lines)
    result = CliRunner().invoke(cli_app, ["learn", "import", str(bad)])
    assert result.exit_code == 2
    assert "regel 4" in result.stderr and "bestaat niet" in result.stderr
    assert "niets geïmporteerd" in result.stderr and "Traceback" not in result.output
    assert _count(cli_env) == 0
    lines[3] = '{"transcript": {"kanaal": "Telefoon", "turns": ['  # broken JSON
    broken = _write(tmp_path / "kapot.jsonl", lines)
    result = CliRunner().invoke(cli_app, ["learn", "import", str(broken)])
    assert result.exit_code == 2 and "regel 4" in result.stderr and "JSON" in result.stderr
    lines[3] = _line("Mijn paspoort is verlopen.")
    lines[3]["transcript"]["turns"][1]["speaker"] = "robot"
    wrong = _write(tmp_path / "spreker.jsonl", lines)
    result = CliRunner().invoke(cli_app, ["learn", "import", str(wrong)])
    assert result.exit_code == 2 and "regel 4" in result.stderr and "speaker" in result.stderr
    assert _count(cli_env) == 0


def test_wrong_encoding_is_refused_with_the_line(cli_env: Settings, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.jsonl"
    good = json.dumps(_line("Mijn paspoort is verlopen.")).encode()
    latin.write_bytes(
        good
        + b"\n"
        + json.dumps(_line("Ik wil een paspoort, caf\u00e9"))
        .encode("latin-1")
        .replace(b"\\u00e9", b"\xe9")
        + b"\n"
    )
    result = CliRunner().invoke(cli_app, ["learn", "import", str(latin)])
    assert result.exit_code == 2
    assert "regel 2" in result.stderr and "UTF-8" in result.stderr
    assert _count(cli_env) == 0


def test_a_huge_line_is_refused_without_reading_it_whole(cli_env: Settings, tmp_path: Path) -> None:
    huge = _line("Mijn paspoort is verlopen. " + "bla " * (LINE_MAX // 4 + 10))
    path = _write(tmp_path / "groot.jsonl", [_line("Mijn paspoort is verlopen."), huge, _line("x")])
    result = CliRunner().invoke(cli_app, ["learn", "import", str(path)])
    assert result.exit_code == 2
    assert "regel 2" in result.stderr and "langer dan" in result.stderr
    assert _count(cli_env) == 0


def test_missing_and_empty_files_give_a_dutch_error(cli_env: Settings, tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli_app, ["learn", "import", str(tmp_path / "weg.jsonl")])
    assert missing.exit_code == 2 and "kan niet worden gelezen" in missing.stderr
    empty = tmp_path / "leeg.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["learn", "import", str(empty)])
    assert result.exit_code == 2 and "geen gesprekken" in result.stderr


def test_progress_goes_to_stderr_for_big_files(cli_env: Settings, tmp_path: Path) -> None:
    path = _write(tmp_path / "veel.jsonl", [_line(f"Paspoort verlopen {n}.") for n in range(1000)])
    result = CliRunner().invoke(cli_app, ["learn", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "1000 gesprekken gecontroleerd" in result.stderr
    assert json.loads(result.stdout) == {"geimporteerd": 1000}
    assert _count(cli_env) == 1000


def test_imported_corrections_change_what_register_proposes(
    cli_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """import → learn train → register: the command-line path of a new installation."""
    from tests.learning.test_learning import CORRECTIONS, LOST, NEW, OTHER, _main_upl

    dev = write_dev(tmp_path / "dev", [(t, _main_upl(t)) for t in OTHER])
    monkeypatch.setenv("REISGENOOT_LEARN_DEV_DIR", str(dev))
    conversation = tmp_path / "nieuw.txt"
    conversation.write_text(f"medewerker: Goedemiddag.\ninwoner: {NEW}\n", encoding="utf-8")
    runner = CliRunner()

    def proposed() -> str:
        result = runner.invoke(cli_app, ["register", str(conversation), "--json"])
        assert result.exit_code == 0, result.output
        return str(json.loads(result.stdout)["vragen"][0]["upl"])

    assert proposed() != LOST
    path = _write(tmp_path / "correcties.jsonl", [_line(t, LOST) for t in CORRECTIONS])
    assert runner.invoke(cli_app, ["learn", "import", str(path)]).exit_code == 0
    trained = runner.invoke(cli_app, ["learn", "train", "--model", "assist.topics", "--json"])
    assert trained.exit_code == 0, trained.output
    assert json.loads(trained.stdout)[0]["geactiveerd"] is True
    context.reset()  # a new process: the active version is read from the database
    registry.ACTIVE.replace({})
    try:
        assert proposed() == LOST
    finally:
        registry.ACTIVE.replace({})
