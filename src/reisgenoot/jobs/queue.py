"""Background work behind one interface: a task is deferred by name with JSON arguments.

Two runners keep the same :class:`JobQueue` interface (ADR 28):

- :class:`InProcessQueue` (SQLite, small installations, ``REISGENOOT_JOBS_QUEUE=in-process``):
  the work runs in the app process right after the response that deferred it (once; what
  fails stays queued in the database for the next run, as before).
- :class:`reisgenoot.jobs.postgres.PostgresQueue` (PostgreSQL): a job row in the database,
  run by ``reisgenoot worker`` with retries and backoff; any app process may defer, any
  worker may run it.

The tasks themselves are plain functions (``run(**arguments)``) named in a :class:`Task`;
composition (:mod:`reisgenoot.ops.tasks`) lists them with their database and settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from reisgenoot.errors import JobError
from reisgenoot.log import get_logger

LOG = get_logger(__name__)
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]
AfterResponse = Callable[[], None]

__all__ = ["AfterResponse", "InProcessQueue", "JobError", "JobQueue", "JsonValue", "Task"]


@dataclass(frozen=True)
class Task:
    """One kind of background work: its name, what it runs and how often it is tried."""

    name: str
    run: Callable[..., object]
    attempts: int = 5  # tries in all on the queue (the first included)
    backoff_seconds: int = 5  # the n-th retry waits about backoff ** n seconds


class JobQueue(Protocol):
    """Where deferred work goes; ``kind`` is ``"in-process"`` or ``"postgres"``."""

    kind: str

    def defer(self, task: str, **arguments: JsonValue) -> AfterResponse | None:
        """Queue ``task``; returns work the caller runs after its response (in-process
        runner) or None (the queue holds the job)."""
        ...

    def open(self) -> None: ...

    def close(self) -> None: ...


def by_name(tasks: Sequence[Task]) -> Mapping[str, Task]:
    found = {task.name: task for task in tasks}
    if len(found) != len(tasks):
        raise ValueError("two tasks with one name")
    return found


class InProcessQueue:
    """Runs deferred work in this process, after the response (Starlette's background task);
    a failure is logged without its arguments and the work stays for the next run."""

    kind = "in-process"

    def __init__(self, tasks: Sequence[Task]) -> None:
        self.tasks = by_name(tasks)
        self.failures = 0

    def defer(self, task: str, **arguments: JsonValue) -> AfterResponse | None:
        found = self.tasks[task]  # an unknown name is a programming error: fail loudly

        def run() -> None:
            try:
                found.run(**arguments)
            except Exception as exc:  # logged (the type only); the work stays queued
                self.failures += 1
                LOG.error("achtergrondtaak %s mislukt (%s)", found.name, type(exc).__name__)

        return run

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None
