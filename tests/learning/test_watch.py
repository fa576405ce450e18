"""Every app process learns of a newly activated model version from the database."""

from __future__ import annotations

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
