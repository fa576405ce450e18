"""Background work: the in-process runner and the PostgreSQL job queue (procrastinate).

The queue tests need PostgreSQL (``scripts/test`` starts one); on SQLite they are skipped
and the in-process runner is what an installation uses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from reisgenoot.app import create_app
from reisgenoot.errors import JobError
from reisgenoot.jobs.postgres import PostgresQueue, failed_jobs, queue_counts
from reisgenoot.jobs.queue import InProcessQueue, Task
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.conftest import PG_URL

needs_postgres = pytest.mark.skipif(PG_URL is None, reason="the job queue needs PostgreSQL")


def test_in_process_work_runs_after_the_response_and_a_failure_is_counted() -> None:
    done: list[str] = []

    def fails(**_: Any) -> None:
        raise JobError("down", detail="Open Klant")

    queue = InProcessQueue([Task("noteer", lambda word: done.append(word)), Task("faal", fails)])
    work = queue.defer("noteer", word="verstuurd")
    assert done == [] and work is not None  # nothing runs before the caller says so
    work()
    assert done == ["verstuurd"]
    failing = queue.defer("faal")
    assert failing is not None
    failing()  # logged, never raised into the response
    assert queue.failures == 1
    with pytest.raises(KeyError):
        queue.defer("bestaat-niet")


def test_the_app_on_sqlite_uses_the_in_process_runner(tmp_path: Any) -> None:
    settings = Settings(home=tmp_path, audit_key="k", secret_key="s", jobs_queue="auto")
    assert not settings.uses_job_queue
    assert create_app(settings).state.jobs.kind == "in-process"


@pytest.fixture
def queue_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"jobs_queue": "postgres"})


@pytest.fixture
def ledger(db: Database) -> Iterator[Database]:
    """A table the test tasks write to: proof that a worker ran them (in the database)."""
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE job_ledger (word TEXT)"))
    yield db
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE job_ledger"))


def _written(db: Database) -> list[str]:
    with db.engine.connect() as connection:
        return [str(w) for w in connection.execute(text("SELECT word FROM job_ledger")).scalars()]


def _tasks(db: Database, tries: dict[str, int]) -> list[Task]:
    def note(word: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO job_ledger VALUES (:w)"), {"w": word})

    def flaky(word: str) -> None:
        tries["flaky"] = tries.get("flaky", 0) + 1
        if tries["flaky"] < 2:
            raise JobError("first time", detail="time-out")
        note(word)

    def broken() -> None:
        tries["broken"] = tries.get("broken", 0) + 1
        raise JobError("always", detail="HTTP 502")

    return [
        Task("noteer", note),
        Task("wisselvallig", flaky, attempts=3, backoff_seconds=0),
        Task("kapot", broken, attempts=2, backoff_seconds=0),
    ]


@needs_postgres
def test_a_job_deferred_by_one_process_is_run_by_a_worker(
    queue_settings: Settings, ledger: Database
) -> None:
    tries: dict[str, int] = {}
    app_side = PostgresQueue(queue_settings, _tasks(ledger, tries))
    worker_side = PostgresQueue(queue_settings, _tasks(ledger, tries))
    try:
        assert app_side.defer("noteer", word="verstuurd") is None  # the queue holds it
        with ledger.engine.connect() as connection:
            assert queue_counts(connection)["todo"] == 1
        assert _written(ledger) == []  # nothing ran in the deferring process
        worker_side.run_worker(once=True)
        assert _written(ledger) == ["verstuurd"]
        with ledger.engine.connect() as connection:
            assert queue_counts(connection)["todo"] == 0
    finally:
        app_side.close()


@needs_postgres
def test_a_failing_job_is_retried_and_a_hopeless_one_stays_visible_as_failed(
    queue_settings: Settings, ledger: Database
) -> None:
    tries: dict[str, int] = {}
    queue = PostgresQueue(queue_settings, _tasks(ledger, tries))
    try:
        queue.defer("wisselvallig", word="tweede keer")
        queue.defer("kapot")
        queue.run_worker(once=True)
    finally:
        queue.close()
    assert tries == {"flaky": 2, "broken": 2}  # retried; the broken one up to its attempts
    assert _written(ledger) == ["tweede keer"]
    with ledger.engine.connect() as connection:
        counts = queue_counts(connection)
        failed = failed_jobs(connection)
    assert counts["failed"] == 1 and counts["todo"] == 0
    assert [(job["taak"], job["pogingen"]) for job in failed] == [("kapot", 2)]


@needs_postgres
def test_the_worker_command_shows_the_queue(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reisgenoot.cli import app as cli
    from reisgenoot.cli import context

    monkeypatch.setenv("REISGENOOT_JOBS_QUEUE", "postgres")
    context.reset()
    queue = PostgresQueue(cli_env.model_copy(update={"jobs_queue": "postgres"}), [])
    try:
        queue.open()
        queue.app.configure_task("kapot", queue="reisgenoot", allow_unknown=True).defer()
        queue.run_worker(once=True)  # an unknown task fails at once
    finally:
        queue.close()
    result = CliRunner().invoke(cli, ["worker", "--status", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["taken"]["failed"] == 1
    assert [job["taak"] for job in shown["mislukt"]] == ["kapot"]
    context.reset()


def test_the_worker_command_on_sqlite_explains_there_is_no_queue(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reisgenoot.cli import app as cli
    from reisgenoot.cli import context

    if PG_URL is not None:
        monkeypatch.setenv("REISGENOOT_JOBS_QUEUE", "in-process")
    context.reset()
    result = CliRunner().invoke(cli, ["worker", "--once"])
    assert result.exit_code == 2
    assert "werkt alleen met PostgreSQL" in result.stderr
    context.reset()


@needs_postgres
def test_the_app_on_postgresql_defers_to_the_queue(queue_settings: Settings, db: Database) -> None:
    app = create_app(queue_settings, db)
    assert app.state.jobs.kind == "postgres"
    assert app.state.jobs.defer("openklant.versturen", uuids=["x"], actor="test") is None
    with db.engine.connect() as connection:
        assert queue_counts(connection)["todo"] == 1
    app.state.jobs.close()


@needs_postgres
def test_metrics_count_the_jobs_per_status(queue_settings: Settings) -> None:
    from reisgenoot.ops.metrics import StateCollector

    database = Database(queue_settings)
    queue = PostgresQueue(queue_settings, [Task("noteer", lambda: None)])
    try:
        queue.defer("noteer")
        families = {f.name: f for f in StateCollector(database, ()).collect()}
        samples = {s.labels["status"]: s.value for s in families["reisgenoot_jobs"].samples}
        assert samples["todo"] == 1.0 and samples["failed"] == 0.0
    finally:
        queue.close()
        database.dispose()
