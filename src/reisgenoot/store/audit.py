"""Append-only audit trail with a keyed hash chain, its end anchored outside the database.

Each event holds ``prev_hash`` (the hash of the event before it) and ``hash`` =
HMAC-SHA256(key, canonical form of the event including ``prev_hash``). The key lives
outside the database (settings), so a chain recomputed after tampering is detected. A
single ``audit_head`` row (also keyed) records the last sequence number and hash.

The head row lives in the same database as the events, so someone who deletes the last
events can delete or roll back the head as well (or restore an older copy of the database).
Therefore the end of the chain is also *anchored* in a file outside the database
(``home/audit.anchor``, keyed with the audit key, ADR 11): after every commit that appended
events, the anchor moves forward to the committed head, under a file lock (web workers and
commands append at the same time), written atomically. It only moves forward, and only when
the database still holds the event it pointed at; otherwise it stays put as evidence and a
warning is logged. :func:`verify` then also checks that the chain reaches the anchor.

The anchor's location travels with the key (:class:`reisgenoot.settings.AuditKey`); a plain
``bytes`` key means no anchor. Events hold ids and hashes, never raw personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Engine, Integer, String, event, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from reisgenoot.errors import AuditError
from reisgenoot.log import get_logger
from reisgenoot.store.audit_anchor import (
    Anchor,
    AnchorUnreadable,
    file_lock,
    read_anchor,
    write_anchor,
)
from reisgenoot.store.audit_base import ChainStart, read_start
from reisgenoot.store.base import Base, utcnow

GENESIS = "0" * 64
_HEAD_ID = 1
_PENDING = "reisgenoot.audit.anchor"

_log = get_logger(__name__)


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
    """Serialise writers so that two events never claim the same place in the chain.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a write that changes nothing,
    which takes the database's write lock *before* the head is read (a plain read takes no
    lock, and two processes would both append after the same head).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(746172002)"))
    elif dialect == "sqlite":
        session.execute(text("UPDATE audit_head SET seq = seq WHERE id = :id"), {"id": _HEAD_ID})


def anchor_path(key: bytes) -> Path | None:
    """Where the chain of ``key`` is anchored (None for a plain key)."""
    path = getattr(key, "anchor", None)
    return path if isinstance(path, Path) else None


def record(
    session: Session,
    key: bytes,
    *,
    actor: str,
    action: str,
    object_type: str = "",
    object_id: str = "",
    details: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (it commits or rolls back with it).

    ``at`` is for the demo's synthetic history only (events of past days); everything else
    records the moment it happens.

    With an anchored key, the anchor follows after the commit (:func:`_after_commit`).
    """
    _lock(session)
    head = session.get(AuditHead, _HEAD_ID, with_for_update=True, populate_existing=True)
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    new = AuditEvent(
        seq=seq + 1,
        at=at or utcnow(),
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
    _note_pending(session, key, starts_chain=new.seq == 1)
    return new


# --- the anchor (the file itself: reisgenoot.store.audit_anchor) -------------------------------


@dataclass(slots=True)
class _Pending:
    """An anchored key appended in this session; the anchor follows after the commit."""

    path: Path
    key: bytes
    engine: Engine
    starts_chain: bool
    force: bool = False


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def _note_pending(session: Session, key: bytes, *, starts_chain: bool) -> None:
    path = anchor_path(key)
    if path is None:
        return
    pending = session.info.get(_PENDING)
    if isinstance(pending, _Pending):
        pending.starts_chain = pending.starts_chain or starts_chain
    else:
        session.info[_PENDING] = _Pending(path, bytes(key), _engine_of(session), starts_chain)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not isinstance(pending, _Pending):
        return
    try:
        advance_anchor(
            pending.path,
            pending.key,
            pending.engine,
            starts_chain=pending.starts_chain,
            force=pending.force,
        )
    except Exception:  # the events are committed; a failing anchor must not undo the request
        _log.exception("Het auditanker %s kon niet worden bijgewerkt.", pending.path)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction is gone, with its events
        session.info.pop(_PENDING, None)


_warned: set[tuple[str, str]] = set()


def _warn_once(path: Path, problem: str, message: str) -> None:
    if (str(path), problem) not in _warned:
        _warned.add((str(path), problem))
        _log.warning("%s Controleer met 'reisgenoot audit verify'.", message)


def _committed_head(connection: Connection, key: bytes, path: Path) -> tuple[int, str] | None:
    """The committed head row, when its MAC holds and its event is there; else None."""
    row = connection.execute(
        select(AuditHead.seq, AuditHead.hash, AuditHead.mac).where(AuditHead.id == _HEAD_ID)
    ).first()
    if row is None:
        return None
    stored = connection.execute(select(AuditEvent.hash).where(AuditEvent.seq == row.seq)).scalar()
    if stored != row.hash or not hmac.compare_digest(row.mac, _head_mac(key, row.seq, row.hash)):
        _warn_once(path, "kop", "Het eindpunt van de auditketen in de database klopt niet.")
        return None
    return row.seq, row.hash


def advance_anchor(
    path: Path, key: bytes, engine: Engine, *, starts_chain: bool = False, force: bool = False
) -> Anchor | None:
    """Move the anchor to the committed head of the chain; return the anchor as it is now.

    The anchor only moves forward, and only when the event it names is still in the
    database with the same hash. A missing anchor is created only by the transaction that
    started the chain. ``force`` (after a beheerder has investigated) anchors the current
    head whatever the old anchor said.
    """
    with file_lock(path), engine.connect() as connection:
        try:
            current = read_anchor(path, key)
        except AnchorUnreadable:
            if not force:
                _warn_once(path, "ongeldig", f"Het auditanker {path} is onleesbaar of gewijzigd.")
                return None
            current = None
        head = _committed_head(connection, key, path)
        if head is None:
            return current
        seq, hash_ = head
        if not force:
            if current is None and not starts_chain:
                _warn_once(path, "ontbreekt", f"Het auditanker {path} ontbreekt.")
                return None
            if current is not None:
                if current.seq >= seq:
                    if (current.seq, current.hash) != head:
                        _warn_once(path, "achter", "De database ligt achter op het auditanker.")
                    return current
                stored = connection.execute(
                    select(AuditEvent.hash).where(AuditEvent.seq == current.seq)
                ).scalar()
                if stored != current.hash:
                    _warn_once(path, "afwijkend", "De auditketen wijkt af van het auditanker.")
                    return current
        return write_anchor(path, key, seq, hash_)


def reanchor(session: Session, key: bytes, *, actor: str) -> AuditEvent:
    """Record ``anker_vernieuwd`` and anchor the chain's end there, whatever the old anchor said.

    For a beheerder who investigated a failed check (for example after restoring a backup);
    the event names the old anchor, so the reset itself stays in the trail. The caller
    commits; the anchor is written right after the commit.
    """
    path = anchor_path(key)
    if path is None:
        raise AuditError("no anchor", detail="deze sleutel heeft geen anker")
    try:
        old = read_anchor(path, key)
        previous: int | str | None = old.seq if old else None
    except AnchorUnreadable:
        previous = "onleesbaar"
    new = record(
        session,
        key,
        actor=actor,
        action="anker_vernieuwd",
        object_type="audit",
        details={"vorig_anker": previous},
    )
    pending = session.info.get(_PENDING)
    assert isinstance(pending, _Pending)
    pending.force = True
    return new


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verification:
    """The result of :func:`verify`.

    ``broken_at`` is the first bad sequence number; ``missing`` how many events are gone
    (a gap, or the end); ``anchored`` the sequence number the anchor names (None: no anchor
    was checked); ``removed`` how many of the oldest events were removed after their
    retention period (:mod:`reisgenoot.store.audit_base`): ``events`` counts the rest.
    """

    intact: bool
    events: int
    broken_at: int | None = None
    problem: str | None = None
    missing: int | None = None
    anchored: int | None = None
    removed: int = 0


def _check(events: Iterable[AuditEvent], key: bytes, start: ChainStart) -> Verification:
    expected_prev, expected_seq, count = start.hash, start.seq + 1, 0
    for item in events:
        count += 1
        if item.seq != expected_seq:
            return Verification(False, count, expected_seq, "ontbreekt", item.seq - expected_seq)
        if item.prev_hash != expected_prev:
            return Verification(False, count, item.seq, "keten_verbroken")
        if not hmac.compare_digest(item.hash, _mac(key, _canonical(item))):
            return Verification(False, count, item.seq, "gewijzigd")
        expected_prev, expected_seq = item.hash, item.seq + 1
    return Verification(True, count)


def _load_anchor(path: Path, key: bytes) -> Anchor | AnchorUnreadable | None:
    with file_lock(path):
        try:
            return read_anchor(path, key)
        except AnchorUnreadable as exc:
            return exc


def _check_head(
    session: Session, head: AuditHead | None, key: bytes, count: int, removed: int
) -> Verification:
    """The database's own end marker against the events (``count`` kept after ``removed``)."""
    last = removed + count
    if head is None:
        return Verification(
            last == 0, count, None if last == 0 else 1, None if last == 0 else "kop_ontbreekt"
        )
    if not hmac.compare_digest(head.mac, _head_mac(key, head.seq, head.hash)):
        return Verification(False, count, head.seq, "kop_gewijzigd")
    if head.seq > last:
        return Verification(False, count, last + 1, "einde_verwijderd", head.seq - last)
    at_head = session.get(AuditEvent, head.seq)
    if at_head is None or at_head.hash != head.hash:
        return Verification(False, count, head.seq, "kop_gewijzigd")
    return Verification(True, count)


def _check_anchor(
    session: Session, anchor: Anchor | AnchorUnreadable | None, count: int, removed: int
) -> Verification:
    """The anchor outside the database against the events (``count`` kept after ``removed``)."""
    last = removed + count
    if isinstance(anchor, AnchorUnreadable):
        return Verification(False, count, None, "anker_ongeldig")
    if anchor is None:
        return (
            Verification(True, count)
            if last == 0
            else Verification(False, count, None, "anker_ontbreekt")
        )
    if anchor.seq > last:
        missing = anchor.seq - last
        return Verification(False, count, last + 1, "einde_verwijderd", missing, anchor.seq)
    at_anchor = session.get(AuditEvent, anchor.seq)
    if at_anchor is None or at_anchor.hash != anchor.hash:
        return Verification(False, count, anchor.seq, "anker_afwijkend", anchored=anchor.seq)
    return Verification(True, count, anchored=anchor.seq)


def verify(session: Session, key: bytes) -> Verification:
    """Walk the chain; report the first event that was changed, removed or re-ordered.

    The chain starts after the events removed for retention (the keyed ``audit_base``
    record). Then check the end: the head row in the database, and the anchor outside it
    (when ``key`` has one). Read in this order — anchor, head, start, events — so that appends
    running meanwhile only add to what was read last and cannot raise a false alarm; events
    after the head are such appends (they need the key to fit the chain).
    """
    path = anchor_path(key)
    anchor = _load_anchor(path, key) if path is not None else None
    head = session.execute(select(AuditHead).where(AuditHead.id == _HEAD_ID)).scalar()
    removed, result = _walk(session, key)
    if result.intact:
        result = _check_head(session, head, key, result.events, removed)
    if result.intact and path is not None:
        result = _check_anchor(session, anchor, result.events, removed)
    return replace(result, removed=removed)


def _walk(session: Session, key: bytes, *, again: bool = True) -> tuple[int, Verification]:
    """The events from the chain's start on; (how many were removed before it, the result)."""
    start = read_start(session, key, GENESIS)
    if start is None:
        return 0, Verification(False, 0, None, "begin_gewijzigd")
    events = session.execute(
        select(AuditEvent).where(AuditEvent.seq > start.seq).order_by(AuditEvent.seq)
    ).scalars()
    result = _check(events, key, start)
    if again and result.problem == "ontbreekt" and result.broken_at == start.seq + 1:
        return _walk(session, key, again=False)  # a purge may have moved the start meanwhile
    return start.seq, result
