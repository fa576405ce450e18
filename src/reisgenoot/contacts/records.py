"""Bookkeeping beside a klantcontact: its delivery to Open Klant and its identifier hashes.

- :class:`OpenKlantDelivery`: one row per confirmed contact that was (tried to be) sent.
  ``status`` is ``niet_verzonden`` (not sent yet, or only temporary failures: it is retried),
  ``verzonden`` (Open Klant answered 201) or ``fout`` (Open Klant refused the body; retried too,
  but someone should look). ``claimed_until`` is a short lease so that a cron run and the
  background task after confirmation never send the same contact at the same time.
- :class:`IdentifierHash`: keyed hashes (HMAC-SHA256 with a key derived from the instance's
  secret key) of identifiers the resident gave (BSN, e-mail, telephone, KVK, IBAN), so that
  contacts of the same resident can be linked without ever storing the plain value.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reisgenoot.store.base import Base, utcnow

SEND_STATUSES = ("niet_verzonden", "verzonden", "fout")
IDENTIFIER_KINDS = ("bsn", "email", "telefoon", "kvk", "iban")


class OpenKlantDelivery(Base):
    __tablename__ = "openklant_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    klantcontact_id: Mapped[int] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(20), default="niet_verzonden", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    last_attempt_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    remote_uuid: Mapped[str | None] = mapped_column(String(36))
    remote_url: Mapped[str | None] = mapped_column(String(1000))
    tasks_sent: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdentifierHash(Base):
    __tablename__ = "identifier_hashes"

    id: Mapped[int] = mapped_column(primary_key=True)
    klantcontact_id: Mapped[int] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    digest: Mapped[str] = mapped_column(String(64), index=True)

    __table_args__ = (
        UniqueConstraint("klantcontact_id", "digest", name="uq_identifier_hashes_contact_digest"),
    )
