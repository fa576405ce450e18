"""Explicit ids for bulk inserts: the next free id of a table, and PostgreSQL's sequences.

Bulk inserts (the demo) assign ids in Python so that rows can refer to each other without a
round trip. PostgreSQL's ``serial`` sequences do not see such ids, so afterwards they are moved
past them; SQLite takes ``MAX(id) + 1`` by itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session


def next_id(session: Session, table: Table) -> int:
    """The first id above every id in ``table``."""
    return int(session.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1


def fix_sequences(session: Session, tables: Iterable[str]) -> None:
    """PostgreSQL: move the id sequences of ``tables`` past the ids assigned in Python."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        )
