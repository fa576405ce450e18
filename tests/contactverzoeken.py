"""A contactverzoek to work on (shared by the work-list and the Open Klant task-sync tests)."""

from __future__ import annotations

from reisgenoot.contacts.requests import Callback, NewRequest, create_contactverzoek
from reisgenoot.settings import AuditKey
from reisgenoot.store.engine import Database


def parking_request(db: Database, audit_key: AuditKey) -> str:
    """A new contactverzoek about a parking permit with a callback number; its contact uuid."""
    with db.session() as session:
        contact = create_contactverzoek(
            session,
            NewRequest(
                turns=[("inwoner", "Mijn vraag over de parkeervergunning")],
                summary="Vraag over de parkeervergunning",
                callback=Callback(name="Sara de Vries", phone="0612345678"),
            ),
            audit_key=audit_key,
        )
        return contact.uuid
