"""The one conftest: settings and real databases (SQLite always; PostgreSQL when
``REISGENOOT_TEST_DATABASE_URL`` points at the throwaway server started by ``scripts/test``).

A migrated template is built once per session and copied for each test (a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), so every test starts clean and fast.

Every test that uses a database (through ``template_db`` or ``empty_settings``, directly or
through fixtures such as ``settings``, ``db``, ``cli_env``, ``users``, ``client``,
``live_server``) is marked ``db`` at collection; ``scripts/test`` runs only those again on
PostgreSQL. The suite runs in parallel (pytest-xdist): each worker builds its own template,
and database names carry the worker's id and process id.

Passwords are hashed in this process with the cheapest Argon2id parameters (the way Django's
test settings swap in a fast hasher): a login then costs microseconds instead of 0.2 CPU
seconds, and the suite logs in a few hundred times per pass. The production parameters are
kept in ``PRODUCTION_HASHER`` and checked by ``tests/accounts/test_users.py``; servers that
tests start as separate processes hash with them.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from reisgenoot.accounts import passwords
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, open_database

pytest_plugins = ["tests.web.fixtures"]

PG_URL = os.environ.get("REISGENOOT_TEST_DATABASE_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
DATABASE_FIXTURES = frozenset({"template_db", "empty_settings", "settings", "db", "cli_env"})
_counter = itertools.count()

PRODUCTION_HASHER = passwords._HASHER
passwords._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + make_url(PG_URL).render_as_string(hide_password=True) if PG_URL else 'SQLite'}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``db`` every test whose fixture closure reaches a database fixture."""
    for item in items:
        if DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def _database_name(kind: str) -> str:
    """A PostgreSQL database name unique to this xdist worker and process."""
    return f"rg_{kind}_{WORKER}_{os.getpid()}"


def _admin_url() -> str:
    assert PG_URL is not None
    return make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)


def _pg_execute(statement: str) -> None:
    engine = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database to copy: a SQLite file path, or a PostgreSQL database name."""
    if PG_URL is None:
        home = tmp_path_factory.mktemp("template")
        open_database(Settings(home=home)).dispose()
        yield str(home / "reisgenoot.db")
        return
    name = _database_name("template")
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}"')
    _pg_execute(f'CREATE DATABASE "{name}"')
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    open_database(Settings(home=tmp_path_factory.mktemp("pg"), database_url=url)).dispose()
    yield name
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_settings(home: Path, template: str | None = None) -> Settings:
    """Settings for a new, empty-but-migrated database (copied from ``template``) in ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    if PG_URL is None:
        if template is not None:
            shutil.copyfile(template, home / "reisgenoot.db")
        return Settings(home=home, audit_key="test-audit-key", secret_key="test-secret-key")
    name = f"{_database_name('test')}_{next(_counter)}"
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}"')
    if template is not None:
        _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        _pg_execute(f'CREATE DATABASE "{name}"')
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    # Background work runs in the app process here too, right after the response, so tests
    # of what it does need no worker; the PostgreSQL job queue has its own tests (tests/jobs).
    return Settings(
        home=home,
        database_url=url,
        audit_key="test-audit-key",
        secret_key="test-secret-key",
        jobs_queue="in-process",
    )


@pytest.fixture
def settings(tmp_path: Path, template_db: str) -> Settings:
    """Settings pointing at a fresh migrated database of this test's own."""
    return fresh_settings(tmp_path / "home", template_db)


@pytest.fixture
def empty_settings(tmp_path: Path) -> Settings:
    """Settings pointing at a database with no tables at all (for migration tests)."""
    return fresh_settings(tmp_path / "empty-home")


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings)
    yield database
    database.dispose()


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Point the ``reisgenoot`` command (in-process) at this test's database."""
    from reisgenoot.cli import context

    monkeypatch.setenv("REISGENOOT_HOME", str(settings.home))
    monkeypatch.setenv("REISGENOOT_AUDIT_KEY", "test-audit-key")
    monkeypatch.setenv("REISGENOOT_SECRET_KEY", "test-secret-key")
    if settings.database_url:
        monkeypatch.setenv("REISGENOOT_DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("REISGENOOT_DATABASE_URL", raising=False)
    context.reset()
    yield settings
    context.reset()
