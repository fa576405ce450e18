"""The municipalities file: each municipality's own settings, and a Dutch message naming the
problem for every file that cannot be used (never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reisgenoot.cli import app as cli
from reisgenoot.cli import context
from reisgenoot.errors import MunicipalityError
from reisgenoot.municipalities import chosen, load
from reisgenoot.settings import Settings

GOOD = """
[gemeenten.aadorp]
naam = "Gemeente Aadorp"
hosts = ["KCC.Aadorp.nl"]
contact_email = "privacy@aadorp.nl"
public_rate_limit_per_minute = 60

[gemeenten.beekdal]
naam = "Gemeente Beekdal"
hosts = "kcc.beekdal.nl"
home = "beekdal-thuis"
database_url = "postgresql+psycopg://reisgenoot@db/beekdal"
"""


def _file(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "gemeenten.toml"
    file.write_text(text, encoding="utf-8")
    return file


def test_each_municipality_gets_its_own_settings_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_CALLBACK_DUE_HOURS", "24")  # the installation's value …
    monkeypatch.setenv("REISGENOOT_DATABASE_URL", "sqlite:////gedeeld.db")  # … never shared
    monkeypatch.setenv("REISGENOOT_SECRET_KEY", "gedeeld")
    base = Settings(home=tmp_path / "installatie")
    found = load(_file(tmp_path, GOOD), base)
    a, b = (m.settings for m in found.items)
    assert found.keys == ("aadorp", "beekdal")
    assert found.by_host().keys() == {"kcc.aadorp.nl", "kcc.beekdal.nl"}
    assert a.home == tmp_path / "installatie" / "gemeenten" / "aadorp"
    assert a.resolved_database_url.endswith("/gemeenten/aadorp/reisgenoot.db")
    assert a.secret_key is None and b.secret_key is None  # a key file in each own home
    assert b.home == tmp_path / "beekdal-thuis"  # relative to the file
    assert b.database_url == "postgresql+psycopg://reisgenoot@db/beekdal"
    assert (a.contact_email, b.contact_email) == ("privacy@aadorp.nl", "")
    assert (a.public_rate_limit_per_minute, b.public_rate_limit_per_minute) == (60, 30)
    assert a.callback_due_hours == b.callback_due_hours == 24
    assert chosen(base.model_copy(update={"municipalities_file": found.file}), "beekdal") == b


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[gemeenten.a\n", "geen geldige TOML"),
        ("titel = 'x'\n", "er staat geen gemeente in"),
        ('[gemeenten.Aadorp]\nnaam = "A"\nhosts = ["a.nl"]\n', "'Aadorp' is geen geldige sleutel"),
        ('[gemeenten.a]\nhosts = ["a.nl"]\n', "vul 'naam' in"),
        ('[gemeenten.a]\nnaam = "A"\n', "'hosts' moet een lijst"),
        ('[gemeenten.a]\nnaam = "A"\nhosts = ["a b.nl"]\n', "'a b.nl' is geen geldige hostnaam"),
        ('[gemeenten.a]\nnaam = "A"\nhosts = ["a.nl"]\nkleur = "rood"\n', "'kleur' bestaat niet"),
        (
            '[gemeenten.a]\nnaam = "A"\nhosts = ["a.nl"]\nport = 80\n',
            "geldt voor de hele installatie",
        ),
        (
            '[gemeenten.a]\nnaam = "A"\nhosts = ["a.nl"]\ncallback_due_hours = 0\n',
            "callback_due_hours",
        ),
        (
            '[gemeenten.a]\nnaam = "A"\nhosts = ["x.nl"]\n[gemeenten.b]\nnaam = "B"\nhosts = ["X.nl"]\n',
            "delen dezelfde hostnaam",
        ),
        (
            '[gemeenten.a]\nnaam = "A"\nhosts = ["a.nl"]\ndatabase_url = "sqlite:////d.db"\n'
            '[gemeenten.b]\nnaam = "B"\nhosts = ["b.nl"]\ndatabase_url = "sqlite:////d.db"\n',
            "delen dezelfde database",
        ),
    ],
)
def test_a_file_that_cannot_be_used_names_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(MunicipalityError) as raised:
        load(_file(tmp_path, text), Settings(home=tmp_path))
    assert problem in raised.value.dutch()
    assert raised.value.dutch().startswith("Het bestand met gemeenten")


def test_the_command_line_says_what_is_wrong_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REISGENOOT_HOME", str(tmp_path))
    monkeypatch.setenv("REISGENOOT_MUNICIPALITIES_FILE", str(_file(tmp_path, "[gemeenten\n")))
    context.reset()
    try:
        result = CliRunner().invoke(cli, ["--gemeente", "a", "kb", "search", "x"])
    finally:
        context.reset()
    assert result.exit_code == 2
    assert "Het bestand met gemeenten" in result.stderr and "Traceback" not in result.output
    missing = tmp_path / "weg.toml"
    with pytest.raises(MunicipalityError) as raised:
        load(missing, Settings(home=tmp_path))
    assert "kan niet worden gelezen" in raised.value.dutch()
