"""The nightly run of the web app: a daemon thread that wakes once a day.

At ``learn_nightly_hour`` (Europe/Amsterdam) it runs, under a file lock in ``REISGENOOT_HOME``
(several workers of one installation run once), first the jobs it was given (``create_app``
gives it the retention purge, :mod:`reisgenoot.privacy.purge`), then
:func:`reisgenoot.learning.training.train_all`, so models never learn from examples past their
retention period. One scheduler for every nightly task: add a job, not a thread.

The training itself runs in a **child process at low priority** (:func:`train_in_child`:
``nice`` +10, one numpy thread): feature extraction is plain Python, and in a thread of the web
process it would hold the interpreter lock that every request needs. The web process only
waits for the child and then points its registry at the new active versions, so pages keep
answering while a run is busy. A failing job is logged (without personal data), the next one
still runs, and the next night tries again.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout

from reisgenoot.learning import registry
from reisgenoot.learning.learner import Learner
from reisgenoot.learning.training import Outcome, train_all
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

log = get_logger(__name__)
ZONE = ZoneInfo("Europe/Amsterdam")
Job = tuple[str, Callable[[], object]]  # (name for the log, the work)
NICENESS = 10  # how much lower the child's priority is than the web process's
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _lower_priority() -> None:
    """In the child, before any work: lower priority, one thread for numpy's libraries."""
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"


def _train(settings: Settings, learners: tuple[Learner, ...], retention_days: int) -> list[Outcome]:
    database = Database(settings)
    try:
        return train_all(
            database,
            settings.home,
            learners,
            settings.learn_dev_dir,
            retention_days=retention_days,
        )
    finally:
        database.dispose()


def train_in_child(
    settings: Settings,
    learners: Sequence[Learner],
    *,
    retention_days: int | None = None,
    started: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """:func:`train_all` in a fresh child process at low priority; ``started`` gets the
    child's process id as soon as it runs (a bench or test can watch it)."""
    days = settings.learn_retention_days if retention_days is None else retention_days
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_lower_priority) as pool:
        worker = pool.submit(os.getpid).result()  # the pool's one worker
        future = pool.submit(_train, settings, tuple(learners), days)
        if started is not None:
            started(worker)
        return future.result()


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

    def run_now(self, started: Callable[[int], None] | None = None) -> list[Outcome]:
        """One run at once: the jobs, then training in a low-priority child process; then
        this process uses the new active versions."""
        lock = FileLock(str(self.settings.ensure_home() / "learn.lock"))
        try:
            with lock.acquire(timeout=0):
                self._run_jobs()
                outcomes = train_in_child(
                    self.settings,
                    self.learners,
                    retention_days=self.retention_days(),
                    started=started,
                )
        except Timeout:
            log.info("nightly training skipped: another process is training")
            return []
        with self.database.session() as session:
            registry.refresh(session, self.settings.home)
        return outcomes

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
