"""Tables of the impact dialogue: question sets, rounds, tokens, envelopes, answers, actions.

Anonymity is a property of the schema and of how rows are written (contracts §10,
``docs/impact.md``), not of the queries, and it holds for someone who copies the database files:

- :class:`ParticipationToken` holds only ``(round_id, token_hash, answered)``. The hash is an
  HMAC of round and user under a key that lives outside the database (derived from the audit
  key, :mod:`reisgenoot.impact.sealing`): the database alone cannot tell whose token it is.
  There is no timestamp and no sequence.
- :class:`Envelope` holds, while a round is open, one person's answers sealed (encrypted,
  authenticated, padded to one fixed size) with a random id. Every submission rewrites all
  tokens and envelopes of the round in a new random order, so neither row order nor
  transaction ids show which arrived when. There is no link from an envelope to a token.
- :class:`Answer` holds ``(random UUID, round_id, question_version, question_key, value or
  text)`` and is written only when the round closes: all answers of the round at once, in one
  random order (not per person), after which tokens and envelopes are deleted. There is no user
  id, no submission id, no timestamp and no sequential id.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from reisgenoot.store.base import Base, utcnow

ROUND_OPEN = "open"
ROUND_CLOSED = "gesloten"

ACTION_STATUSES = ("gepland", "bezig", "gedaan", "niet_gelukt")


def random_id() -> str:
    """A random (version 4) UUID as text: reveals nothing about order or time."""
    return str(uuid.uuid4())


class QuestionSet(Base):
    """One version of the questionnaire; answers keep the version they were given on."""

    __tablename__ = "impact_question_sets"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Round(Base):
    """A pulse round of one team. Its times are the finest time any answer carries."""

    __tablename__ = "impact_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    question_version: Mapped[int] = mapped_column(ForeignKey("impact_question_sets.version"))
    status: Mapped[str] = mapped_column(String(20), default=ROUND_OPEN, index=True)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()
    # Filled in when the round closes (tokens and envelopes are then deleted).
    respondents: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_impact_rounds_team_number"),)

    @property
    def is_open(self) -> bool:
        return self.status == ROUND_OPEN


class ParticipationToken(Base):
    """Has one (unnamed) person of the team taken part in this round? Nothing more."""

    __tablename__ = "impact_tokens"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("impact_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)


class Envelope(Base):
    """One person's answers while the round is open: sealed, of fixed size, in no order."""

    __tablename__ = "impact_envelopes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=random_id)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("impact_rounds.id", ondelete="CASCADE"), index=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class Answer(Base):
    """One answer to one question, without any link to who gave it or when."""

    __tablename__ = "impact_answers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=random_id)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("impact_rounds.id", ondelete="CASCADE"), index=True
    )
    question_version: Mapped[int] = mapped_column(Integer)
    question_key: Mapped[str] = mapped_column(String(60))
    value: Mapped[int | None] = mapped_column(Integer)  # 1..5 for statements
    text: Mapped[str | None] = mapped_column(Text)  # redacted open answer


class Action(Base):
    """An action the team agreed on after a round, with an owner role and a date."""

    __tablename__ = "impact_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("impact_rounds.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(30), default="")
    title: Mapped[str] = mapped_column(String(300))
    owner_role: Mapped[str] = mapped_column(String(60))
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="gepland")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
