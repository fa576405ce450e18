"""A fresh home is created and migrated on first use; times come back in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from reisgenoot.settings import Settings
from reisgenoot.store.base import AppMeta
from reisgenoot.store.engine import Database, open_database


def test_fresh_home_is_created_and_migrated(tmp_path: Path) -> None:
    home = tmp_path / "nieuw" / "thuis"
    database = open_database(Settings(home=home))
    try:
        assert (home / "reisgenoot.db").exists()
        assert not database.is_demo()
    finally:
        database.dispose()


def test_times_are_stored_in_utc(db: Database) -> None:
    amsterdam = timezone(timedelta(hours=1))
    moment = datetime(2026, 11, 28, 10, 0, tzinfo=amsterdam)
    with db.session() as session:
        session.add(AppMeta(key="t", value="v", updated_at=moment))
    with db.session() as session:
        stored = session.scalar(select(AppMeta.updated_at).where(AppMeta.key == "t"))
    assert stored == moment
    assert stored is not None and stored.utcoffset() == UTC.utcoffset(None)
