"""The nightly run of the web app: a daemon thread that wakes once a day.

At ``learn_nightly_hour`` (Europe/Amsterdam) it runs, under a file lock in ``REISGENOOT_HOME``
(several workers of one installation run once), first the jobs it was given (``create_app``
gives it the retention purge, :mod:`reisgenoot.privacy.purge`), then
:func:`reisgenoot.learning.training.train_all`, so models never learn from examples past their
retention period. The work runs in its own thread outside any request, so pages keep
answering; a failing job is logged (without personal data), the next one still runs, and the
next night tries again. One scheduler for every nightly task: add a job, not a thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout

from reisgenoot.learning.learner import Learner
from reisgenoot.learning.training import Outcome, train_all
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

log = get_logger(__name__)
ZONE = ZoneInfo("Europe/Amsterdam")
Job = tuple[str, Callable[[], object]]  # (name for the log, the work)


def seconds_until(hour: int, now: datetime) -> float:
    """Seconds from ``now`` to the next ``hour``:00 in Europe/Amsterdam."""
    local = now.astimezone(ZONE)
    target = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target <= local:
        target = (target + timedelta(days=1)).replace(hour=hour)
    return max(1.0, (target - local).total_seconds())


class NightlyTraining:
    """Runs the nightly jobs, then retrains every learner, once a night; :meth:`run_now` does
    one run at once."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        learners: Sequence[Learner],
        *,
        jobs: Sequence[Job] = (),
        retention_days: Callable[[], int] | None = None,
    ) -> None:
        self.settings = settings
        self.database = database
        self.learners = tuple(learners)
        self.jobs = tuple(jobs)
        # The examples' retention period in force (a beheerder may have changed the setting's).
        self.retention_days = retention_days or (lambda: settings.learn_retention_days)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_now(self) -> list[Outcome]:
        lock = FileLock(str(self.settings.ensure_home() / "learn.lock"))
        try:
            with lock.acquire(timeout=0):
                self._run_jobs()
                return train_all(
                    self.database,
                    self.settings.home,
                    self.learners,
                    self.settings.learn_dev_dir,
                    retention_days=self.retention_days(),
                )
        except Timeout:
            log.info("nightly training skipped: another process is training")
            return []

    def _run_jobs(self) -> None:
        for name, job in self.jobs:
            try:
                job()
            except Exception:  # the other jobs and the training still run
                log.exception("nightly job failed", extra={"taak": name})

    def _loop(self, hour: int) -> None:
        while not self._stop.wait(seconds_until(hour, datetime.now(ZONE))):
            try:
                self.run_now()
            except Exception:  # the web app must keep running; tomorrow tries again
                log.exception("nightly training failed")

    def start(self) -> None:
        hour = self.settings.learn_nightly_hour
        if hour is None or self._thread is not None:
            return
        self._thread = threading.Thread(
            target=self._loop, args=(hour,), name="reisgenoot-learn", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
