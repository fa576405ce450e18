"""Where the audit chain starts once its oldest events were removed after their retention.

Removing the oldest events (``reisgenoot retention purge``, ADR 20) would make
:func:`reisgenoot.store.audit.verify` report them as missing. So the purge keeps one keyed
record of the last event it removed — its number, hash and time — in the single
``audit_base`` row, and the check starts the chain there: the first kept event must carry
the next number and that hash as its ``prev_hash``. The record is keyed with the audit key
(HMAC), so someone without the key cannot move the start forward to hide events they
removed; deleting the record makes every removed event count as missing again. The purge
itself is an event in the chain (``auditlogboek_opgeschoond``), so it cannot go unnoticed.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from reisgenoot.store.base import Base

BASE_ID = 1


class AuditBase(Base):
    """The last event removed from the start of the chain (one row at most)."""

    __tablename__ = "audit_base"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column()
    mac: Mapped[str] = mapped_column(String(64))


@dataclass(frozen=True, slots=True)
class ChainStart:
    """The chain begins after event ``seq`` (0: nothing removed) whose hash was ``hash``."""

    seq: int
    hash: str
    at: datetime | None = None


def base_mac(key: bytes, seq: int, hash_: str, at: datetime) -> str:
    payload = f"base:{seq}:{hash_}:{at.isoformat(timespec='microseconds')}".encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def read_start(session: Session, key: bytes, genesis: str) -> ChainStart | None:
    """Where the chain starts; None when the record was changed (its MAC does not hold)."""
    row = session.execute(select(AuditBase).where(AuditBase.id == BASE_ID)).scalar()
    if row is None:
        return ChainStart(0, genesis)
    if not hmac.compare_digest(row.mac, base_mac(key, row.seq, row.hash, row.at)):
        return None
    return ChainStart(row.seq, row.hash, row.at)


def move_start(session: Session, key: bytes, seq: int, hash_: str, at: datetime) -> None:
    """Record that every event up to ``seq`` is removed (the caller removes them)."""
    row = session.get(AuditBase, BASE_ID)
    mac = base_mac(key, seq, hash_, at)
    if row is None:
        session.add(AuditBase(id=BASE_ID, seq=seq, hash=hash_, at=at, mac=mac))
    else:
        row.seq, row.hash, row.at, row.mac = seq, hash_, at, mac
