"""Append-only audit trail with a keyed hash chain.

Each event holds ``prev_hash`` (the hash of the event before it) and ``hash`` =
HMAC-SHA256(key, canonical form of the event including ``prev_hash``). The key lives
outside the database (settings), so a chain recomputed after tampering is detected. A
single ``audit_head`` row (also keyed) records the last sequence number and hash, so that
removing events at the end is detected too. Events hold ids and hashes, never raw
personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, event, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from reisgenoot.errors import AuditError
from reisgenoot.store.base import Base, utcnow

GENESIS = "0" * 64
_HEAD_ID = 1


class AuditEvent(Base):
    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(150))
    action: Mapped[str] = mapped_column(String(100), index=True)
    object_type: Mapped[str] = mapped_column(String(100), default="")
    object_id: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(*_args: Any) -> None:
    raise AuditError(
        "audit events are append-only", detail="auditgebeurtenissen zijn niet te wijzigen"
    )


def _canonical(event_: AuditEvent) -> bytes:
    body = {
        "seq": event_.seq,
        "at": event_.at.isoformat(timespec="microseconds"),
        "actor": event_.actor,
        "action": event_.action,
        "object_type": event_.object_type,
        "object_id": event_.object_id,
        "details": event_.details,
        "prev_hash": event_.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _mac(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _head_mac(key: bytes, seq: int, hash_: str) -> str:
    return _mac(key, f"head:{seq}:{hash_}".encode())


def _lock(session: Session) -> None:
    """Serialise writers so that two events never claim the same place in the chain."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(746172002)"))


def record(
    session: Session,
    key: bytes,
    *,
    actor: str,
    action: str,
    object_type: str = "",
    object_id: str = "",
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with it)."""
    _lock(session)
    head = session.get(AuditHead, _HEAD_ID, with_for_update=True)
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    new = AuditEvent(
        seq=seq + 1,
        at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        details=dict(details or {}),
        prev_hash=prev,
    )
    new.hash = _mac(key, _canonical(new))
    session.add(new)
    if head is None:
        session.add(
            AuditHead(
                id=_HEAD_ID, seq=new.seq, hash=new.hash, mac=_head_mac(key, new.seq, new.hash)
            )
        )
    else:
        head.seq, head.hash, head.mac = new.seq, new.hash, _head_mac(key, new.seq, new.hash)
    session.flush()
    return new


@dataclass(frozen=True, slots=True)
class Verification:
    """The result of :func:`verify`: ``broken_at`` is the first bad sequence number."""

    intact: bool
    events: int
    broken_at: int | None = None
    problem: str | None = None


def _check(events: Iterable[AuditEvent], key: bytes) -> Verification:
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for item in events:
        count += 1
        if item.seq != expected_seq:
            return Verification(False, count, expected_seq, "ontbreekt")
        if item.prev_hash != expected_prev:
            return Verification(False, count, item.seq, "keten_verbroken")
        if not hmac.compare_digest(item.hash, _mac(key, _canonical(item))):
            return Verification(False, count, item.seq, "gewijzigd")
        expected_prev, expected_seq = item.hash, item.seq + 1
    return Verification(True, count)


def verify(session: Session, key: bytes) -> Verification:
    """Walk the chain; report the first event that was changed, removed or re-ordered."""
    events = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    result = _check(events, key)
    if not result.intact:
        return result
    head = session.get(AuditHead, _HEAD_ID)
    last_seq = result.events
    last = session.get(AuditEvent, last_seq) if last_seq else None
    if head is None:
        return result if last is None else Verification(False, last_seq, 1, "kop_ontbreekt")
    if not hmac.compare_digest(head.mac, _head_mac(key, head.seq, head.hash)):
        return Verification(False, last_seq, head.seq, "kop_gewijzigd")
    if last is None or head.seq != last.seq or head.hash != last.hash:
        return Verification(False, last_seq, last_seq + 1, "einde_verwijderd")
    return result
