"""``reisgenoot signals`` (CONTRACTS §9): JSON shape, empty database, team level only."""

from __future__ import annotations

import json
from datetime import date
from typing import cast

from sqlalchemy import Table, insert, select
from typer.testing import CliRunner

from reisgenoot.accounts.models import Team, User
from reisgenoot.cli import app
from reisgenoot.contacts.models import Actor, Klantcontact, klantcontact_actoren
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.signals.history import fill, plain, world

runner = CliRunner()
KEYS = [
    "kind",
    "topic",
    "kanaal",
    "window",
    "baseline",
    "observed",
    "score",
    "explanation",
    "examples",
]
END = date(2026, 11, 27)


def test_empty_database(cli_env: Settings) -> None:
    result = runner.invoke(app, ["signals", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["signals"] == []
    assert json.loads(result.stdout)["suppressed"] == 0
    plain_run = runner.invoke(app, ["signals"])
    assert plain_run.exit_code == 0 and "Geen signalen" in plain_run.stdout


def test_bad_flags_exit_2(cli_env: Settings) -> None:
    assert runner.invoke(app, ["signals", "--since", "gisteren"]).exit_code == 2
    assert runner.invoke(app, ["signals", "--team", "Bestaat niet"]).exit_code == 2
    assert (
        runner.invoke(app, ["signals", "--since", "2026-02-01", "--until", "2026-01-01"]).exit_code
        == 2
    )


def _history_with_employees(settings: Settings) -> list[str]:
    """A history with a surge; every contact linked to one of six named employees of a team."""
    database = Database(settings)
    w = world(END)
    injected = plain(w)
    injected.volume[-2:, 0] = 2.0
    fill(database, w, injected)
    names = [f"Medewerker Geheim{i}" for i in range(6)]
    with database.session() as session:
        team = Team(name="KCC Noord")
        session.add(team)
        session.flush()
        users = [
            User(username=f"geheim{i}", display_name=n, team_id=team.id)
            for i, n in enumerate(names)
        ]
        actors = [Actor(naam=n, soort_actor="medewerker") for n in names]
        session.add_all([*users, *actors])
        session.flush()
        ids = list(session.scalars(select(Klantcontact.id)))
        session.execute(cast(Table, Klantcontact.__table__).update().values(team_id=team.id))
        session.execute(
            insert(klantcontact_actoren),
            [{"klantcontact_id": c, "actor_id": actors[c % 6].id} for c in ids],
        )
        secrets = names + [u.username for u in users] + [a.uuid for a in actors]
    database.dispose()
    return secrets


def test_json_shape_and_no_employee_figures(cli_env: Settings) -> None:
    secrets = _history_with_employees(cli_env)
    for args in (["signals", "--json"], ["signals", "--json", "--team", "KCC Noord"], ["signals"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        for secret in secrets:
            assert secret not in result.stdout
        assert "geheim" not in result.stdout.lower()
    data = json.loads(runner.invoke(app, ["signals", "--json"]).stdout)
    assert set(data) >= {"signals", "suppressed"}
    assert data["signals"] and all(list(s) == KEYS for s in data["signals"])
    surge = next(s for s in data["signals"] if s["kind"] == "volume")
    assert surge["topic"] == "paspoort" and surge["window"]["end"] == "2026-11-27"
    assert isinstance(data["suppressed"], int)


def test_small_team_is_merged(cli_env: Settings) -> None:
    database = Database(cli_env)
    fill(database, world(END), plain(world(END)))
    with database.session() as session:
        team = Team(name="Klein team")
        session.add(team)
        session.flush()
        session.add_all(
            User(username=f"k{i}", display_name=f"K {i}", team_id=team.id) for i in range(3)
        )
        session.execute(cast(Table, Klantcontact.__table__).update().values(team_id=team.id))
    database.dispose()
    result = runner.invoke(app, ["signals", "--json", "--team", "Klein team"])
    data = json.loads(result.stdout)
    assert data["team_merged"] is True and data["signals"] == [] and data["suppressed"] > 0


def test_evaluate_command() -> None:
    result = runner.invoke(app, ["signals", "evaluate", "--runs", "2", "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["volume"]["runs"] == 2
