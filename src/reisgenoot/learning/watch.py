"""Which learned model versions are active, checked again now and then by every app process.

Training runs in one process (``reisgenoot worker``, ``reisgenoot learn train``, or the nightly
run of one app process) and a beheerder may roll back from any; the other app processes learn
of it from the database: every ``REISGENOOT_MODEL_CHECK_SECONDS`` one small query reads the
active versions, and only when they changed does the process point its registry at the new
folders (:func:`reisgenoot.learning.registry.refresh`). The model files themselves are in
``REISGENOOT_HOME/models``, which every process of one installation shares.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select

from reisgenoot.learning import registry
from reisgenoot.learning.models import ModelVersion
from reisgenoot.log import get_logger
from reisgenoot.store.engine import Database

log = get_logger(__name__)
Active = frozenset[tuple[str, int]]


class ActiveVersionWatch:
    """Refreshes this process's active model versions when the database's changed."""

    def __init__(self, database: Database, home: Path, every: float) -> None:
        self.database, self.home, self.every = database, home, every
        self.seen: Active | None = None

    def check(self) -> bool:
        """One query; True when the active versions changed (and this process switched)."""
        with self.database.session() as session:
            rows = session.execute(
                select(ModelVersion.learner, ModelVersion.number).where(
                    ModelVersion.active.is_(True)
                )
            ).all()
            now: Active = frozenset((str(learner), int(number)) for learner, number in rows)
            if now == self.seen:
                return False
            changed = self.seen is not None
            self.seen = now
            if changed:
                registry.refresh(session, self.home)
                log.info("learned model versions switched", extra={"modellen": len(now)})
            return changed

    async def run(self) -> None:
        """Check every ``every`` seconds until cancelled; a failed check is logged.

        A check in flight when the task is cancelled (the app shutting down) is waited for:
        its thread holds a database connection, which must go back to the pool before the
        database is closed."""
        while True:
            check = asyncio.ensure_future(asyncio.to_thread(self.check))
            try:
                await asyncio.shield(check)
            except asyncio.CancelledError:
                await asyncio.wait([check])
                raise
            except Exception:  # the database may be briefly away; try again next time
                log.exception("active model versions not checked")
            await asyncio.sleep(self.every)
