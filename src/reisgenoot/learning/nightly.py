"""The nightly training run of the web app: a daemon thread that wakes once a day.

At ``learn_nightly_hour`` (Europe/Amsterdam) it runs :func:`reisgenoot.learning.training.train_all`
under a file lock in ``REISGENOOT_HOME`` (several workers of one installation train once). The
work runs in its own thread outside any request, so pages keep answering; a failure is logged
(without personal data) and the next night tries again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
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


def seconds_until(hour: int, now: datetime) -> float:
    """Seconds from ``now`` to the next ``hour``:00 in Europe/Amsterdam."""
    local = now.astimezone(ZONE)
    target = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target <= local:
        target = (target + timedelta(days=1)).replace(hour=hour)
    return max(1.0, (target - local).total_seconds())


class NightlyTraining:
    """Retrains every learner once a night; :meth:`run_now` does one run at once."""

    def __init__(self, settings: Settings, database: Database, learners: Sequence[Learner]) -> None:
        self.settings = settings
        self.database = database
        self.learners = tuple(learners)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_now(self) -> list[Outcome]:
        lock = FileLock(str(self.settings.ensure_home() / "learn.lock"))
        try:
            with lock.acquire(timeout=0):
                return train_all(
                    self.database,
                    self.settings.home,
                    self.learners,
                    self.settings.learn_dev_dir,
                    retention_days=self.settings.learn_retention_days,
                )
        except Timeout:
            log.info("nightly training skipped: another process is training")
            return []

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
