"""Removing audit events past their retention period without making the chain unverifiable.

:func:`trim` removes the oldest events, from the start of the chain, up to the last one that
is older than the limit, and records where the chain now starts in the keyed ``audit_base``
row (:mod:`reisgenoot.store.audit_base`); :func:`reisgenoot.store.audit.verify` starts there.
Rules that keep the check meaningful:

- only an intact chain is trimmed: a broken chain is evidence and stays as it is;
- only a gap-free prefix goes (everything up to the first event that is still young enough);
- the head and the event the anchor file names are never removed, so both ends can still be
  checked;
- the removal is itself an event (``auditlogboek_opgeschoond``, with how many, up to which
  number and that event's hash), written in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from reisgenoot.errors import AuditError
from reisgenoot.store import audit, audit_anchor
from reisgenoot.store.audit import AuditEvent, AuditHead
from reisgenoot.store.audit_base import move_start, read_start

ACTION = "auditlogboek_opgeschoond"


@dataclass(frozen=True, slots=True)
class Trimmed:
    """What :func:`trim` removed (or would remove): ``count`` events up to number ``through``."""

    count: int
    through: int | None = None


def _limit(session: Session, key: bytes) -> int:
    """Events from this number on must stay: the head and the anchored event."""
    head = session.execute(select(AuditHead.seq)).scalar()
    limit = head if head is not None else 0
    path = audit.anchor_path(key)
    if path is not None:
        try:
            anchor = audit_anchor.read_anchor(path, key)
        except audit_anchor.AnchorUnreadable:
            return 0
        if anchor is not None:
            limit = min(limit, anchor.seq)
    return limit


def trim(
    session: Session, key: bytes, *, before: datetime, actor: str, dry_run: bool = False
) -> Trimmed:
    """Remove the events older than ``before`` from the start of the chain (in the caller's
    transaction). Raises :class:`AuditError` when the chain is not intact."""
    audit._lock(session)  # no event is appended while the start moves
    checked = audit.verify(session, key)
    if not checked.intact:
        raise AuditError(
            "audit chain broken", detail="het auditlogboek is niet intact; er is niets opgeschoond"
        )
    start = read_start(session, key, audit.GENESIS)
    assert start is not None  # verify checked it
    first_young = session.execute(
        select(func.min(AuditEvent.seq)).where(AuditEvent.seq > start.seq, AuditEvent.at >= before)
    ).scalar()
    through = _limit(session, key) - 1
    if first_young is not None:
        through = min(through, first_young - 1)
    if through <= start.seq:
        return Trimmed(0)
    last = session.get(AuditEvent, through)
    assert last is not None  # the chain is intact, so every number is there
    last_hash, last_at = last.hash, last.at
    session.expunge(last)  # removed below, in bulk
    count = through - start.seq
    if dry_run:
        return Trimmed(count, through)
    session.execute(
        delete(AuditEvent)
        .where(AuditEvent.seq <= through)
        .execution_options(synchronize_session=False)
    )
    move_start(session, key, through, last_hash, last_at)
    audit.record(
        session,
        key,
        actor=actor,
        action=ACTION,
        object_type="audit",
        details={"aantal": count, "tot_en_met": through, "hash": last_hash},
    )
    return Trimmed(count, through)
