"""One linear migration history: upgrade → downgrade → upgrade on the real database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from reisgenoot.migrations.models import include_name, metadata
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, alembic_config, current_revision, head_revision
from tests.conftest import PG_URL


def test_history_is_linear() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    bases = script.get_bases()
    assert len(bases) == 1


def test_files_are_numbered_in_chain_order() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    chain = list(reversed(list(script.walk_revisions())))  # base first
    assert [r.revision for r in chain] == [f"{n:04d}" for n in range(1, len(chain) + 1)]
    for revision in chain:
        assert revision.path is not None
        assert Path(revision.path).name.startswith(f"{revision.revision}_")


@pytest.mark.parametrize(
    ("new", "old"),
    [("0005", "0009"), ("0006", "0008"), ("0008", "0005")],
    ids=["training_more", "signals", "selfservice-old-head"],
)
def test_a_database_stamped_with_an_old_revision_id_upgrades(
    empty_settings: Settings, new: str, old: str
) -> None:
    """A database of before the renumbering (ADR 2) is moved to the new id, then upgraded."""
    database = Database(empty_settings)
    try:
        database.migrate(new)
        database.migrate(new)  # a database already at the new id is left alone
        with database.engine.connect() as connection:
            assert current_revision(connection) == new
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :old"), {"old": old})
        database.migrate()
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
        assert set(metadata.tables) <= set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()


def test_a_database_at_the_new_0009_is_not_taken_for_the_old_one(
    empty_settings: Settings,
) -> None:
    """ "0009" is an id of both numberings; a database at the new one stays where it is."""
    database = Database(empty_settings)
    try:
        database.migrate()
        database.migrate()
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
    finally:
        database.dispose()


def test_upgrade_downgrade_upgrade(empty_settings: Settings) -> None:
    database = Database(empty_settings)
    try:
        database.migrate()
        tables = set(inspect(database.engine).get_table_names())
        assert set(metadata.tables) <= tables
        database.downgrade("base")
        left = set(inspect(database.engine).get_table_names()) - {"alembic_version"}
        assert left == set()
        database.migrate()
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
        assert set(metadata.tables) <= set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()


def test_models_match_migrations(settings: Settings) -> None:
    """Autogenerate finds nothing to do: the models and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    database = Database(settings)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": False, "include_name": include_name}
            )
            diff = compare_metadata(context, metadata)
        assert diff == []
    finally:
        database.dispose()


@pytest.mark.skipif(PG_URL is not None, reason="the fresh-home race concerns the embedded SQLite")
def test_two_processes_on_a_fresh_home_both_succeed(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    command = [sys.executable, "-m", "reisgenoot", "db", "current"]
    env = {"REISGENOOT_HOME": str(home), "PATH": "/usr/bin:/bin"}
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert cast(str, head_revision()) in out.decode()
