"""Engine, sessions and migrations. A fresh home is created and migrated on first use.

Migration runs under a lock so that two processes starting on the same fresh home both
succeed: a file lock beside the SQLite database, a PostgreSQL advisory lock otherwise.
A database stamped with a revision id from before the migrations were numbered in chain
order is moved to the new id first (:func:`renumber_old_revision`, ADR 2).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from reisgenoot.errors import StoreError
from reisgenoot.settings import Settings
from reisgenoot.store.base import AppMeta, utcnow

MIGRATION_LOCK_ID = 746_172_001  # arbitrary, constant advisory-lock key

# Revision ids of 0.1.0, when the history ran 0001→0002→0003→0004→0009→0008→0007→0005, and
# the ids they have now that the files are numbered in chain order. "0005", "0008" and "0009"
# are ids in both numberings: the self-service tables (created by the old 0005 and the new
# 0008) and the sealed teamdialoog envelopes (created by the new 0009) tell which one a
# database means.
OLD_REVISIONS = {"0009": "0005", "0008": "0006", "0005": "0008"}
RENUMBERING_WITNESS = "selfservice_chats"
NEW_0009_WITNESS = "impact_envelopes"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(settings: Settings, **pool: int | float) -> Engine:
    """The engine of ``settings``; ``pool`` sets the connection pool (``pool_size``,
    ``max_overflow``, ``pool_timeout``), else SQLAlchemy's defaults apply."""
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        settings.ensure_home()
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, **pool
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    location = resources.files("reisgenoot") / "migrations"
    config.set_main_option("script_location", str(location))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def renumber_old_revision(connection: Connection) -> str | None:
    """Move a database stamped with an old revision id to its new id; return the current id."""
    current = current_revision(connection)
    if current is None or current not in OLD_REVISIONS:
        return current
    has_selfservice = inspect(connection).has_table(RENUMBERING_WITNESS)
    if current == "0005":
        is_old = has_selfservice  # the old head; the new 0005 comes before those tables
    elif current == "0008":
        is_old = not has_selfservice  # the old signals step; the new 0008 creates them
    else:  # "0009": the old training step, or the new sealed-envelope step
        is_old = not inspect(connection).has_table(NEW_0009_WITNESS)
    if not is_old:
        return current
    connection.execute(
        text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"),
        {"new": OLD_REVISIONS[current], "old": current},
    )
    return OLD_REVISIONS[current]


def _check_foreign_keys(connection: Connection) -> None:
    """Refuse (roll back) a SQLite migration that left a row pointing at nothing."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
    if broken is not None:
        raise StoreError(
            "foreign key broken by a migration",
            detail=f"na het bijwerken verwijst een rij in {broken[0]} naar niets; "
            "er is niets veranderd",
        )


class Database:
    """The engine and session factory of one installation."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` under a lock; a no-op when already there."""
        if self.settings.is_sqlite and revision == "head":
            lock = FileLock(str(self.settings.ensure_home() / "migrate.lock"), timeout=120)
            with lock, self._migrating() as connection:
                self._upgrade(connection, revision)
            return
        with self._migrating() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_ID}
                )
            self._upgrade(connection, revision)

    @contextmanager
    def _migrating(self) -> Iterator[Connection]:
        """One transaction for a migration; on SQLite with foreign keys off meanwhile.

        Alembic's batch mode changes a SQLite table by copying it and dropping the old one.
        With foreign keys on, that drop deletes every row that refers to the table with
        ``ON DELETE CASCADE`` (migration 0012 emptied ``selfservice_ratings`` so). SQLite
        ignores the pragma inside a transaction, so it is set before the transaction begins;
        before committing, ``foreign_key_check`` proves the copied tables still fit together,
        and the pooled connection gets foreign keys back whatever happens.
        """
        with self.engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    yield connection
                    if sqlite:
                        _check_foreign_keys(connection)
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()

    def _upgrade(self, connection: Connection, revision: str) -> None:
        current = renumber_old_revision(connection)
        if revision == "head" and current == head_revision():
            return
        command.upgrade(alembic_config(connection), revision)

    def downgrade(self, revision: str) -> None:
        with self._migrating() as connection:
            renumber_old_revision(connection)
            command.downgrade(alembic_config(connection), revision)

    def get_meta(self, key: str) -> str | None:
        with self.session() as session:
            row = session.get(AppMeta, key)
            return row.value if row else None

    def set_meta(self, session: Session, key: str, value: str) -> None:
        row = session.get(AppMeta, key)
        if row is None:
            session.add(AppMeta(key=key, value=value, updated_at=utcnow()))
        else:
            row.value = value
            row.updated_at = utcnow()

    def is_demo(self) -> bool:
        with self.session() as session:
            return session.scalar(select(AppMeta.value).where(AppMeta.key == "demo")) is not None

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    """Create the engine for ``settings``; migrate to head unless told not to."""
    database = Database(settings)
    if migrate:
        database.migrate()
    return database
