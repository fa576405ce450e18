"""Every app process learns of a newly activated model version from the database."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

from reisgenoot.learning import registry
from reisgenoot.learning.models import ACTIVE as ACTIVE_STATUS
from reisgenoot.learning.models import ModelVersion
from reisgenoot.learning.watch import ActiveVersionWatch
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database


def test_a_version_activated_elsewhere_is_used_after_the_next_check(
    settings: Settings, db: Database
) -> None:
    other = Database(settings)  # the process that trained (the worker)
    watch = ActiveVersionWatch(db, settings.home, every=30)
    try:
        assert watch.check() is False  # the first look only notes what is active
        assert registry.ACTIVE.folder("assist.topics") is None
        folder = registry.version_folder(settings.home, "assist.topics", 1)
        folder.mkdir(parents=True)
        with other.session() as session:
            session.add(
                ModelVersion(learner="assist.topics", number=1, status=ACTIVE_STATUS, active=True)
            )
        assert watch.check() is True
        assert registry.ACTIVE.folder("assist.topics") == folder
        assert watch.check() is False  # nothing changed since: no second switch
    finally:
        registry.ACTIVE.replace({})
        other.dispose()


def test_stopping_the_watch_waits_for_a_check_in_flight(settings: Settings, db: Database) -> None:
    """At shutdown the check's thread still holds a database connection: the cancelled task
    ends only after that check has returned it (else the closed database would leak it)."""
    started, release = threading.Event(), threading.Event()

    class Slow(ActiveVersionWatch):
        def check(self) -> bool:
            started.set()
            release.wait(10)
            return super().check()

    async def scenario() -> tuple[bool, bool]:
        task = asyncio.create_task(Slow(db, settings.home, every=30).run())
        await asyncio.to_thread(started.wait, 10)
        task.cancel()
        await asyncio.sleep(0.05)
        done_while_checking = task.done()
        release.set()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return done_while_checking, task.cancelled()

    # A loop of its own in a thread of its own (a browser test may keep one in this thread).
    with ThreadPoolExecutor(1) as thread:
        done_while_checking, cancelled = thread.submit(asyncio.run, scenario()).result()
    assert not done_while_checking
    assert cancelled
