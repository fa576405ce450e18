"""The audit trail proves nothing was changed or removed, and names the first broken event."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from reisgenoot.errors import AuditError
from reisgenoot.store import audit
from reisgenoot.store.engine import Database

KEY = b"test-audit-key"


def _fill(db: Database, count: int) -> None:
    with db.session() as session:
        for number in range(count):
            audit.record(
                session, KEY, actor="tester", action="iets", object_type="x", object_id=str(number)
            )


def _verify(db: Database, key: bytes = KEY) -> audit.Verification:
    with db.session() as session:
        return audit.verify(session, key)


def test_empty_trail_is_intact(db: Database) -> None:
    assert _verify(db) == audit.Verification(True, 0)


def test_intact_chain(db: Database) -> None:
    _fill(db, 5)
    result = _verify(db)
    assert result.intact and result.events == 5


def test_altered_row_is_named(db: Database) -> None:
    _fill(db, 5)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'indringer' WHERE seq = 3"))
    result = _verify(db)
    assert not result.intact
    assert result.broken_at == 3
    assert result.problem == "gewijzigd"


def test_removed_row_in_the_middle_is_named(db: Database) -> None:
    _fill(db, 5)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    result = _verify(db)
    assert not result.intact and result.broken_at == 2


def test_removed_tail_is_detected(db: Database) -> None:
    _fill(db, 5)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 5"))
    result = _verify(db)
    assert not result.intact and result.problem == "einde_verwijderd"


def test_recomputed_chain_without_the_key_is_detected(db: Database) -> None:
    _fill(db, 3)
    assert not _verify(db, key=b"another-key").intact


def test_orm_refuses_updates(db: Database) -> None:
    _fill(db, 1)
    with pytest.raises(AuditError), db.session() as session:
        event = session.get(audit.AuditEvent, 1)
        assert event is not None
        event.actor = "iemand anders"
        session.flush()
