"""Tables of the training: practice sessions and their turns, feedback, Elo ratings,
check-the-AI attempts and which opleider guides which trainee.

A session stores its scenario, seed and every line in order, so it survives a restart and
can be replayed exactly (:meth:`reisgenoot.training.simulator.Session.replay`). Results are
formative (VISION principle 9) and seen only by the trainee and their assigned opleider
(contracts §10). Nothing here describes the trainee's emotions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reisgenoot.store.base import Base, utcnow

STATUS_BUSY = "bezig"
STATUS_DONE = "afgerond"
SPEAKER_TRAINEE = "medewerker"
SPEAKER_RESIDENT = "inwoner"


class PracticeSession(Base):
    """One practice conversation of a trainee with a simulated resident."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scenario: Mapped[str] = mapped_column(String(100))
    seed: Mapped[int] = mapped_column(Integer)
    hints: Mapped[bool] = mapped_column(Boolean, default=False)
    picked_by_path: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=STATUS_BUSY, index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()

    turns: Mapped[list[PracticeTurn]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="PracticeTurn.position",
        lazy="selectin",
    )

    @property
    def finished(self) -> bool:
        return self.status == STATUS_DONE

    def trainee_lines(self) -> list[str]:
        return [turn.text for turn in self.turns if turn.speaker == SPEAKER_TRAINEE]


class PracticeTurn(Base):
    """One line of a practice conversation; ``position`` 0 is the resident's opening."""

    __tablename__ = "training_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    hint: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[PracticeSession] = relationship(back_populates="turns")

    __table_args__ = (UniqueConstraint("session_id", "position", name="uq_training_turns_order"),)


class PracticeResult(Base):
    """The feedback on a finished session and the trainee's skill ratings right after it."""

    __tablename__ = "training_results"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    feedback: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ratings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SkillRating(Base):
    """Elo rating (logit scale) of one trainee for one skill."""

    __tablename__ = "training_skill_ratings"

    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[float] = mapped_column(Float, default=0.0)
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScenarioRating(Base):
    """Elo difficulty of one scenario, learned from all practice sessions."""

    __tablename__ = "training_scenario_ratings"

    scenario: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[float] = mapped_column(Float, default=0.0)
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckAttempt(Base):
    """One check-the-AI exercise done by a trainee (for review after a delay)."""

    __tablename__ = "training_check_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckReview(Base):
    """When a check-the-AI item comes back to a trainee (spaced retrieval, contracts §10).

    ``step`` counts the reviews in a row the trainee got fully right; a wrong answer sets it
    back to 0 (the item returns after 1 day). ``due_at`` is ``None`` once the item is learnt.
    """

    __tablename__ = "training_check_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(Integer)
    step: Mapped[int] = mapped_column(Integer, default=0)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("trainee_id", "article_id", "seed", name="uq_training_check_reviews_item"),
    )


class Assignment(Base):
    """An opleider guides a trainee: only then may the opleider see the trainee's results."""

    __tablename__ = "training_assignments"

    opleider_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScenarioAssignment(Base):
    """An opleider asked a trainee they guide to practise one scenario."""

    __tablename__ = "training_scenario_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    opleider_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scenario: Mapped[str] = mapped_column(String(100))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = [
    "SPEAKER_RESIDENT",
    "SPEAKER_TRAINEE",
    "STATUS_BUSY",
    "STATUS_DONE",
    "Assignment",
    "CheckAttempt",
    "CheckReview",
    "PracticeResult",
    "PracticeSession",
    "PracticeTurn",
    "ScenarioAssignment",
    "ScenarioRating",
    "SkillRating",
]
