"""Retention periods the beheerder set in the browser, over the defaults from the settings.

One row per kind of data (:data:`reisgenoot.privacy.retention.KINDS`) that was changed; a
kind without a row uses its setting (``REISGENOOT_RETENTION_…_DAYS``). Who changed it and
when is kept here and in the audit trail (ADR 20).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from reisgenoot.store.base import Base, utcnow


class RetentionOverride(Base):
    __tablename__ = "retention_settings"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(150))
