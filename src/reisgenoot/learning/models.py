"""Tables of learning: examples from confirmed work and the versions of learned models.

An **example** is redacted text with the label a person gave it and its provenance: what kind
of work it came from, when, and which capability — never which employee. It points at the row
it came from (a klantcontact or a self-service exchange) so that erasing that row erases the
example too (``ON DELETE CASCADE``), and it is purged after the retention period. A learner may keep a value derived from the
redacted text on the row (the sentence vector of the UPL learner), so it shares that fate.

A **model version** is one trained artifact of one learner: its files live under
``REISGENOOT_HOME/models/<learner>/<number>/``; the row records how many examples it learned
from, its blind-dev figures before and after, and whether it is the active version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from reisgenoot.store.base import Base, utcnow

# Kinds of example (what the work was).
REGISTRATION = "registratie"  # a registration an employee confirmed in the review gate
QUESTION_LINK = "vraag_artikel"  # a redacteur linked an unanswered question to an article
RATING = "beoordeling"  # a resident rated a self-service answer useful or not
KINDS = (REGISTRATION, QUESTION_LINK, RATING)

# Status of a model version.
ACTIVE = "actief"
REPLACED = "vervangen"
REJECTED = "afgewezen"
ROLLED_BACK = "teruggedraaid"


class Example(Base):
    """One labelled example from confirmed work (redacted; no employee)."""

    __tablename__ = "learning_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    capability: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[dict[str, Any]] = mapped_column(JSON)
    proposed: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    klantcontact_id: Mapped[int | None] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="CASCADE"), index=True
    )
    exchange_id: Mapped[int | None] = mapped_column(
        ForeignKey("selfservice_exchanges.id", ondelete="CASCADE"), index=True
    )
    # The e5 sentence vector of the redacted text, as a learner reads it (float16 bytes; None
    # until the first training run after the example was recorded). It lives on the row, so
    # it goes with the example: retention, erasure and a deleted contact take it along.
    vector: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class ModelVersion(Base):
    """One trained version of one learner's model."""

    __tablename__ = "learning_versions"
    __table_args__ = (UniqueConstraint("learner", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner: Mapped[str] = mapped_column(String(60), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    examples: Mapped[int] = mapped_column(Integer, default=0)
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(500), default="")
