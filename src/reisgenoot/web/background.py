"""Deferring background work from a route (the app's :class:`~reisgenoot.jobs.queue.JobQueue`).

With the PostgreSQL queue the job is a row that ``reisgenoot worker`` runs; with the in-process
runner the work runs after the response is sent (Starlette's background task), as before.
When the queue cannot be reached the response still goes out: the work itself is kept in the
database (a contact waits as ``niet_verzonden``) and the next run takes it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.background import BackgroundTask

from reisgenoot.jobs.queue import JobQueue, JsonValue
from reisgenoot.log import get_logger

LOG = get_logger(__name__)


def get_jobs(request: Request) -> JobQueue:
    jobs: JobQueue = request.app.state.jobs
    return jobs


JobsDep = Annotated[JobQueue, Depends(get_jobs)]


def defer_after(response: Response, jobs: JobQueue, task: str, **arguments: JsonValue) -> Response:
    """Queue ``task`` for after ``response``; a queue that is down is logged, not shown."""
    try:
        work = jobs.defer(task, **arguments)
    except Exception as exc:  # the work stays in the database for the next run
        LOG.error("achtergrondtaak %s niet in de wachtrij gezet (%s)", task, type(exc).__name__)
        return response
    if work is not None:
        response.background = BackgroundTask(work)
    return response
