"""The one table of the signals: a teamleider's mark on a signal.

A mark belongs to a *scope* (one team, or the whole municipality) and a *signal key*: kind,
topic, kanaal ("" for all channels) and the detection week. It holds the mark ("herkend",
"actie" or "ruis"), an optional note with personal data redacted, and when it was set. It
holds no user id: who set it is in the audit trail, and nothing links a mark to an employee or
to a contact. The detectors never read this table (docs/signals.md, "Marks").
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reisgenoot.store.base import Base, utcnow

MARKS: dict[str, str] = {
    "herkend": "Herkend",
    "actie": "Actie",
    "ruis": "Ruis",
}
WHOLE_MUNICIPALITY = "gemeente"


def scope_of(team_id: int | None) -> str:
    """The scope key of a team (or of the whole municipality for ``None``)."""
    return WHOLE_MUNICIPALITY if team_id is None else f"team:{team_id}"


class SignalMark(Base):
    __tablename__ = "signal_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(30), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    topic: Mapped[str] = mapped_column(String(300))
    kanaal: Mapped[str] = mapped_column(String(50), default="")
    week_start: Mapped[date] = mapped_column(Date)
    week_end: Mapped[date] = mapped_column(Date)
    mark: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint(
            "scope", "kind", "topic", "kanaal", "week_start", name="uq_signal_marks_key"
        ),
    )
