"""The background tasks of the web app and the worker, and the queue that runs them.

One list for both runners (ADR 28): the app defers by name (:data:`SEND`, :data:`TASK_STATUS`),
:func:`job_queue` picks the runner from the settings (``REISGENOOT_JOBS_QUEUE``), and
``reisgenoot worker`` runs the same list from the PostgreSQL queue. On the queue an hourly tick
also sends what is still waiting for Open Klant and, at ``LEARN_NIGHTLY_HOUR``
(Europe/Amsterdam), starts the nightly run (retention purge, then training: one
:class:`~reisgenoot.learning.nightly.NightlyTraining`, as the app uses in-process).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from reisgenoot.contacts import sending, tasksync
from reisgenoot.errors import JobError
from reisgenoot.jobs.queue import InProcessQueue, JobQueue, Task
from reisgenoot.learning.nightly import NightlyTraining
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

log = get_logger(__name__)
ZONE = ZoneInfo("Europe/Amsterdam")
SEND = sending.JOB
TASK_STATUS = tasksync.JOB


def tasks(settings: Settings, database: Database) -> tuple[Task, ...]:
    """Sending to Open Klant after a confirmation, and a work-list step's task status."""

    def send(uuids: list[str], actor: str) -> None:
        report = sending.send_pending(database, settings, uuids=uuids, actor=actor)
        if not report.complete:  # kept as niet_verzonden; the queue tries again later
            raise JobError("not all sent", detail=f"{len(report.failed + report.postponed)} over")

    def task_status(uuids: list[str], actor: str) -> None:
        report = sending.send_pending(database, settings, uuids=uuids, actor=actor)
        pushed = tasksync.push_statuses(database, settings, uuids=uuids, actor=actor)
        if not report.complete or pushed.failed or pushed.postponed:
            raise JobError("task status not sent", detail="Open Klant")

    return (Task(SEND, send), Task(TASK_STATUS, task_status))


def hourly(
    settings: Settings, database: Database, nightly: NightlyTraining
) -> Callable[[datetime], None]:
    """The queue's hourly tick: what still waits for Open Klant; the nightly run at its hour."""

    def tick(at: datetime) -> None:
        if sending.is_configured(settings):
            try:
                sending.send_pending(database, settings, actor="systeem")
            except Exception as exc:  # the nightly run still goes
                log.error("Open Klant: versturen elk uur mislukt (%s)", type(exc).__name__)
        hour = settings.learn_nightly_hour
        if hour is not None and at.astimezone(ZONE).hour == hour:
            nightly.run_now()

    return tick


def job_queue(settings: Settings, database: Database, nightly: NightlyTraining) -> JobQueue:
    """The runner the settings ask for: the PostgreSQL queue, or in-process."""
    if not settings.uses_job_queue:
        return InProcessQueue(tasks(settings, database))
    from reisgenoot.jobs.postgres import PostgresQueue

    return PostgresQueue(
        settings, tasks(settings, database), hourly=hourly(settings, database, nightly)
    )
