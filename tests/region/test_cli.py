"""The command line on an installation with several municipalities: ``--gemeente KEY`` or
``REISGENOOT_GEMEENTE`` picks the one a command acts on; ``db upgrade`` migrates them all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reisgenoot.cli import app as cli
from reisgenoot.cli import context
from reisgenoot.knowledge.ingest import store_articles
from reisgenoot.learning.examples import record_question_link
from reisgenoot.store.engine import Database, head_revision
from tests.region.test_isolation import KWISPEL
from tests.region.two import Two, two, write_file

runner = CliRunner()
OWN_VARIABLES = ("DATABASE_URL", "SECRET_KEY", "AUDIT_KEY", "AUDIT_ANCHOR", "GEMEENTE")


@pytest.fixture
def installation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """The environment of an installation: its home; the test sets the municipalities file."""
    for name in OWN_VARIABLES:
        monkeypatch.delenv(f"REISGENOOT_{name}", raising=False)
    monkeypatch.setenv("REISGENOOT_HOME", str(tmp_path / "installatie"))
    context.reset()
    yield tmp_path
    context.reset()


@pytest.fixture
def region(installation: Path, template_db: str, monkeypatch: pytest.MonkeyPatch) -> Two:
    found = two(installation, template_db)
    monkeypatch.setenv("REISGENOOT_MUNICIPALITIES_FILE", str(found.file))
    config = found.settings("aadorp")
    db = Database(config)
    try:
        with db.session() as session:
            store_articles(session, [KWISPEL], audit_key=config.audit_secret(), actor="test")
            record_question_link(session, question="hond los", article_id=KWISPEL.source_id)
    finally:
        db.dispose()
    return found


def _search(*choice: str) -> list[str]:
    result = runner.invoke(cli, [*choice, "kb", "search", "kwispelvergunning", "--json"])
    assert result.exit_code == 0, result.output
    return [hit["id"] for hit in json.loads(result.stdout)]


def test_a_command_acts_on_the_chosen_municipality(
    region: Two, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _search("--gemeente", "aadorp") == [KWISPEL.source_id]
    assert _search("--gemeente", "beekdal") == []
    monkeypatch.setenv("REISGENOOT_GEMEENTE", "aadorp")
    context.reset()
    assert _search() == [KWISPEL.source_id]
    assert _search("--gemeente", "beekdal") == []  # the option wins over the variable


def test_learning_status_and_accounts_per_municipality(region: Two) -> None:
    def examples(key: str) -> int:
        status = runner.invoke(cli, ["--gemeente", key, "learn", "status", "--json"])
        assert status.exit_code == 0, status.output
        return int(json.loads(status.stdout)["voorbeelden"]["vraag_artikel"])

    assert (examples("aadorp"), examples("beekdal")) == (1, 0)
    made = runner.invoke(
        cli,
        [
            "--gemeente",
            "beekdal",
            "users",
            "add",
            "bea",
            "--role",
            "medewerker",
            "--password-stdin",
        ],
        input="een-lang-wachtwoord\n",
    )
    assert made.exit_code == 0, made.output

    def users(key: str) -> list[str]:
        listed = runner.invoke(cli, ["--gemeente", key, "users", "list"])
        return [json.loads(line)["username"] for line in listed.stdout.splitlines()]

    assert (users("aadorp"), users("beekdal")) == ([], ["bea"])


def test_without_a_choice_a_command_asks_for_one_in_dutch(region: Two) -> None:
    result = runner.invoke(cli, ["kb", "search", "hond", "--json"])
    assert result.exit_code == 2
    assert "Kies er een met --gemeente" in result.stderr
    assert "aadorp, beekdal" in result.stderr and "Traceback" not in result.output
    unknown = runner.invoke(cli, ["--gemeente", "nergens", "kb", "search", "hond"])
    assert unknown.exit_code == 2
    assert "De gemeente 'nergens' staat niet in" in unknown.stderr


def test_choosing_a_municipality_without_a_file_is_refused(installation: Path) -> None:
    result = runner.invoke(cli, ["--gemeente", "aadorp", "kb", "search", "hond"])
    assert result.exit_code == 2
    assert "REISGENOOT_MUNICIPALITIES_FILE is niet ingesteld" in result.stderr


def test_db_upgrade_migrates_every_municipality(
    installation: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hosts = {"aadorp": ["aadorp.test"], "beekdal": ["beekdal.test"]}
    file = write_file(installation, None, hosts=hosts)  # two empty databases
    monkeypatch.setenv("REISGENOOT_MUNICIPALITIES_FILE", str(file))
    result = runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Gemeente Aadorp" in result.stderr and "Gemeente Beekdal" in result.stderr
    for key in ("aadorp", "beekdal"):
        current = runner.invoke(cli, ["--gemeente", key, "db", "current"])
        assert json.loads(current.stdout)["current"] == head_revision()
