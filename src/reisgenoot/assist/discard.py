"""Throwing a started live-assist conversation away.

A conversation that is still a concept (not confirmed) can be discarded by the employee who
started it: the concept klantcontact goes, and with it (by cascade) its turns, its keyed
identifier hashes, anything else stored for it, and call audio kept under a retention setting. The audit event
``live_gesprek_weggegooid`` keeps only the uuid and how many turns there were. A confirmed
contact is a registration and cannot be discarded here.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.records import IdentifierHash
from reisgenoot.learning.models import Example
from reisgenoot.speech.retention import AudioStore
from reisgenoot.store import audit

__all__ = ["discard"]


def discard(
    session: Session,
    contact: Klantcontact,
    *,
    actor: str,
    audit_key: bytes,
    audio: AudioStore | None = None,
) -> bool:
    """Delete the concept ``contact`` and all stored with it (with ``audio``: its kept call
    audio too); False when it is no concept."""
    if contact.status != "concept":
        return False
    if audio is not None:
        audio.forget(contact.uuid)
    uuid, turns = contact.uuid, len(contact.turns)
    session.execute(delete(IdentifierHash).where(IdentifierHash.klantcontact_id == contact.id))
    session.execute(delete(Example).where(Example.klantcontact_id == contact.id))
    session.delete(contact)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="live_gesprek_weggegooid",
        object_type="klantcontact",
        object_id=uuid,
        details={"beurten": turns},
    )
    return True
