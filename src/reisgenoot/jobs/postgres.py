"""The job queue on PostgreSQL: procrastinate 3 (psycopg 3), run by ``reisgenoot worker``.

Any app process defers a job (one row in ``procrastinate_jobs``, inserted over a small
connection pool of its own); any worker takes it (``SELECT … FOR UPDATE SKIP LOCKED`` inside
the library, woken by ``LISTEN/NOTIFY``). A task that raises is tried again with exponential
backoff up to its :attr:`~reisgenoot.jobs.queue.Task.attempts`; then the job stays ``failed``
in the table, visible (:func:`queue_counts`, ``/metrics``, ``reisgenoot worker --status``).

The hourly tick (``hourly``) is a periodic task: with several workers, the library's
periodic-defer table makes sure one of them runs it per hour. The nightly run hangs off it
(the hour is checked in Europe/Amsterdam, so summer time needs no second cron line).

The schema is created by Alembic migration 0017 (:mod:`reisgenoot.jobs.schema`); see ADR 28.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import procrastinate
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from reisgenoot.jobs.queue import AfterResponse, JsonValue, Task, by_name
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings

LOG = get_logger(__name__)
QUEUE = "reisgenoot"
HOURLY = "reisgenoot.elk_uur"
STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


def conninfo(settings: Settings) -> str:
    """The libpq connection string of the settings' PostgreSQL URL (SQLAlchemy form)."""
    url = make_url(settings.resolved_database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class PostgresQueue:
    """Deferred work as rows in PostgreSQL; :meth:`run_worker` runs them."""

    kind = "postgres"

    def __init__(
        self,
        settings: Settings,
        tasks: Sequence[Task],
        *,
        hourly: Callable[[datetime], object] | None = None,
        pool_size: int = 2,
    ) -> None:
        self.tasks = by_name(tasks)
        connector = procrastinate.PsycopgConnector(
            conninfo=conninfo(settings), min_size=1, max_size=pool_size
        )
        self.app = procrastinate.App(connector=connector)
        self._opened = False
        for task in self.tasks.values():
            self._register(task)
        if hourly is not None:
            self._register_hourly(hourly)

    def _register(self, task: Task) -> None:
        def run(**arguments: Any) -> None:
            task.run(**arguments)

        retry = procrastinate.RetryStrategy(
            max_attempts=max(0, task.attempts - 1), exponential_wait=task.backoff_seconds
        )
        self.app.task(name=task.name, queue=QUEUE, retry=retry)(run)

    def _register_hourly(self, hourly: Callable[[datetime], object]) -> None:
        def tick(timestamp: int) -> None:
            hourly(datetime.fromtimestamp(timestamp, UTC))

        task = self.app.task(name=HOURLY, queue=QUEUE)(tick)
        self.app.periodic(cron="0 * * * *", periodic_id="uur")(task)

    def defer(self, task: str, **arguments: JsonValue) -> AfterResponse | None:
        if task not in self.tasks:
            raise KeyError(task)
        self.open()
        self.app.tasks[task].defer(**arguments)
        return None

    def open(self) -> None:
        if not self._opened:
            self.app.open()
            self._opened = True

    def close(self) -> None:
        if self._opened:
            self.app.close()
            self._opened = False

    def run_worker(self, *, once: bool = False, concurrency: int = 1) -> None:
        """Run jobs until stopped (SIGINT/SIGTERM finish the running job first); with
        ``once`` only those that are due now, then return."""
        self.app.run_worker(
            queues=[QUEUE],
            concurrency=concurrency,
            wait=not once,
            install_signal_handlers=not once,
            delete_jobs="successful",
            listen_notify=not once,
        )


def queue_counts(connection: Connection) -> dict[str, int]:
    """Jobs in the queue per status (every status present, 0 when none)."""
    rows = connection.execute(
        text(
            "SELECT status::text, count(*) FROM procrastinate_jobs "
            "WHERE queue_name = :queue GROUP BY status"
        ),
        {"queue": QUEUE},
    ).all()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({str(status): int(number) for status, number in rows})
    return counts


def failed_jobs(connection: Connection, limit: int = 20) -> list[dict[str, Any]]:
    """The latest failed jobs: id, task, attempts, when (never their arguments)."""
    rows = connection.execute(
        text(
            "SELECT j.id, j.task_name, j.attempts, max(e.at) AS at FROM procrastinate_jobs j "
            "LEFT JOIN procrastinate_events e ON e.job_id = j.id "
            "WHERE j.queue_name = :queue AND j.status = 'failed' "
            "GROUP BY j.id ORDER BY j.id DESC LIMIT :limit"
        ),
        {"queue": QUEUE, "limit": limit},
    ).all()
    return [{"id": r[0], "taak": r[1], "pogingen": r[2], "wanneer": r[3]} for r in rows]
