"""The job queue's tables in PostgreSQL, applied and removed by Alembic (migration 0017).

The SQL is the library's own (``procrastinate.schema.SchemaManager.get_schema``), applied in
the migration's transaction, so ``reisgenoot migrate`` (and every app start) sets up the queue
with the rest of the schema, under the same advisory lock. The version of procrastinate is
pinned to one minor release in ``pyproject.toml``; moving to a newer one comes with a new
migration that applies the library's migration files for that step (ADR 28). SQLite has no
queue: there these functions do nothing.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

PREFIX = "procrastinate"


def apply(connection: Connection) -> None:
    """Create the queue's types, tables, functions and triggers (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    connection.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))


def drop(connection: Connection) -> None:
    """Remove everything :func:`apply` made (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        return
    for table in connection.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE :p"
        ),
        {"p": f"{PREFIX}%"},
    ).scalars():
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    functions = connection.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname LIKE :p"
        ),
        {"p": f"{PREFIX}%"},
    ).scalars()
    for signature in list(functions):
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    types = connection.execute(
        text(
            "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE n.nspname = current_schema() AND t.typname LIKE :p AND t.typtype IN ('e', 'c')"
        ),
        {"p": f"{PREFIX}%"},
    ).scalars()
    for name in list(types):
        connection.exec_driver_sql(f'DROP TYPE IF EXISTS "{name}" CASCADE')


def is_queue_table(name: str | None) -> bool:
    """Whether a table belongs to the queue (Alembic's autogenerate leaves them alone)."""
    return bool(name) and str(name).startswith(PREFIX)
