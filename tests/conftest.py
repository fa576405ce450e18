"""The one conftest: settings and real databases (SQLite always; PostgreSQL when
``REISGENOOT_TEST_DATABASE_URL`` points at the throwaway server started by ``scripts/test``).

A migrated template is built once per session and copied for each test (a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), so every test starts clean and fast.

Every test that uses a database (through ``template_db`` or ``empty_settings``, directly or
through fixtures such as ``settings``, ``db``, ``cli_env``, ``users``, ``client``,
``live_server``) is marked ``db`` at collection; ``scripts/test`` runs only those again on
PostgreSQL, except those of the real llama.cpp server (marked ``llama_server``: what they test
is the model server, which is costly to start and run). The suite runs in parallel
(pytest-xdist): each worker builds its own template, and database names carry the worker's id
and process id.

Fixtures that fill a database with much data do it once per session into a template of their
own and copy that per test in the same way: ``demo_template`` (the demo municipality as
``reisgenoot demo`` seeds it) here, the signals tests' team history in ``tests/signals``. Tests
that use them are put in one xdist group each (``scripts/test`` runs ``--dist loadgroup``), so
a pass fills each template once, not once per worker; so are the tests of the assist
evaluation set (``evaluation`` in ``tests/assist``). With pytest 9.2 and pytest-xdist 3.8 the
groups are lost, so at present each worker fills them itself (ADR 43).

Passwords are hashed in this process with the cheapest Argon2id parameters (the way Django's
test settings swap in a fast hasher): a login then costs microseconds instead of 0.2 CPU
seconds, and the suite logs in a few hundred times per pass. The production parameters are
kept in ``PRODUCTION_HASHER`` and checked by ``tests/accounts/test_users.py``; servers that
tests start as separate processes hash with them.
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from reisgenoot.accounts import passwords
from reisgenoot.demo.seed import SeedReport, demo_vectors, seed_demo
from reisgenoot.knowledge.embeddings import CachedEmbedder, E5Embedder
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database, open_database

pytest_plugins = ["tests.web.fixtures"]

PG_URL = os.environ.get("REISGENOOT_TEST_DATABASE_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
DATABASE_FIXTURES = frozenset({"template_db", "empty_settings", "settings", "db", "cli_env"})
_counter = itertools.count()
_ANCHORS: dict[str, Path] = {}  # filled template → its audit anchor file (see database_of)

PRODUCTION_HASHER = passwords._HASHER
passwords._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def pytest_report_header() -> str:
    return f"database: {'PostgreSQL ' + make_url(PG_URL).render_as_string(hide_password=True) if PG_URL else 'SQLite'}"


# A test using one of these session fixtures (filled templates, or results that cost seconds
# to compute, such as the assist drafts of the whole evaluation set) joins its xdist group, so
# a pass builds each of them once, not once per worker.
TEMPLATE_GROUPS = {
    "demo_template": "demo",
    "team_history": "team_history",
    "evaluation": "assist_evaluation",
}


# tryfirst: pytest-xdist reads the xdist_group marks in its own collection hook (it appends the
# group to the test id there), so the marks must be set before it. Note (ADR 43): with pytest
# 9.2 and pytest-xdist 3.8 that suffix is lost (xdist sets ``_nodeid``, pytest 9.2 reads ``_id``),
# so pyproject.toml keeps pytest below 9.2; tests/test_xdist_groups.py fails if it is lost again.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``db`` every test whose fixture closure reaches a database fixture, and
    ``llama_server`` every test of the real model server; put the tests of one filled
    template (or other costly session fixture) in one xdist group."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if DATABASE_FIXTURES.intersection(names):
            item.add_marker(pytest.mark.db)
        if "llama_url" in names:
            item.add_marker(pytest.mark.llama_server)
        for fixture, group in TEMPLATE_GROUPS.items():
            if fixture in names:
                item.add_marker(pytest.mark.xdist_group(group))
                break


def _database_name(kind: str) -> str:
    """A PostgreSQL database name unique to this xdist worker and process."""
    return f"rg_{kind}_{WORKER}_{os.getpid()}"


def _admin_url() -> str:
    assert PG_URL is not None
    return make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)


@functools.cache
def _admin_engine() -> Engine:
    """One pooled AUTOCOMMIT engine on the server's ``postgres`` database per worker: a new
    engine (and server backend) per statement cost about 40 ms of CPU per test, two thirds of
    it in the server (ADR 43)."""
    return create_engine(_admin_url(), isolation_level="AUTOCOMMIT")


def _pg_execute(statement: str) -> None:
    with _admin_engine().connect() as connection:
        connection.execute(text(statement))


@functools.cache
def _copy_strategy() -> str:
    """``STRATEGY FILE_COPY`` on PostgreSQL 15 and later: copying the template's files costs
    the server half the CPU of the default WAL_LOG (which writes every block to the WAL) for
    the small databases of the tests; older servers copy files anyway and know no STRATEGY."""
    with _admin_engine().connect() as connection:
        version = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    return " STRATEGY FILE_COPY" if version >= 150000 else ""


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
    anchor = _ANCHORS.get(template or "")
    if anchor is not None and anchor.exists():
        shutil.copyfile(anchor, home / anchor.name)
    if PG_URL is None:
        if template is not None:
            shutil.copyfile(template, home / "reisgenoot.db")
        return Settings(home=home, audit_key="test-audit-key", secret_key="test-secret-key")
    name = f"{_database_name('test')}_{next(_counter)}"
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}"')
    if template is not None:
        _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{_copy_strategy()}')
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


def database_of(settings: Settings) -> str:
    """What :func:`fresh_settings` copies: the SQLite file or the PostgreSQL database name.

    The audit trail's anchor file lives beside the database in ``home``; it is copied with it.
    """
    template = (
        str(make_url(settings.database_url).database)
        if settings.database_url
        else str(settings.home / "reisgenoot.db")
    )
    _ANCHORS[template] = settings.home / "audit.anchor"
    return template


@dataclass(frozen=True)
class Demo:
    """The seeded demo municipality: a template to copy and what the seed reported."""

    template: str
    report: SeedReport


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, template_db: str) -> Demo:
    """The demo municipality as ``reisgenoot demo`` seeds it (the default 90 days, the
    kennisbank indexed from the shipped passage vectors), seeded once; copy it per test or
    module with ``fresh_settings(home, demo_template.template)``."""
    settings = fresh_settings(tmp_path_factory.mktemp("demo-template") / "home", template_db)
    database = Database(settings)
    embedder = CachedEmbedder(E5Embedder(), demo_vectors())
    embedder.path = None  # read-only
    report = seed_demo(database, settings, embedder=embedder)
    database.dispose()  # PostgreSQL copies a template only while no one is connected to it
    return Demo(database_of(settings), report)


@pytest.fixture
def demo_settings(tmp_path: Path, demo_template: Demo) -> Settings:
    """Settings pointing at this test's own copy of the seeded demo municipality."""
    return fresh_settings(tmp_path / "demo-home", demo_template.template)


@pytest.fixture
def demo_db(demo_settings: Settings) -> Iterator[Database]:
    database = Database(demo_settings)
    yield database
    database.dispose()


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
