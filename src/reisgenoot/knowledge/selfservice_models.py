"""Tables of the self-service chat: anonymous chats, their exchanges and the ratings.

A chat is known only by the SHA-256 hash of a random token in the resident's cookie. Each
exchange is one question with the assistant's answer; the question is stored redacted
(``reisgenoot.language.pii``) and the answer is kennisbank text. A hand-off links the chat
to the contactverzoek (a klantcontact) it created. Ratings carry no identity either.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reisgenoot.store.base import Base, utcnow


class Chat(Base):
    __tablename__ = "selfservice_chats"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_at: Mapped[datetime] = mapped_column(default=utcnow)
    klantcontact_id: Mapped[int | None] = mapped_column(
        ForeignKey("klantcontacten.id", ondelete="SET NULL")
    )

    exchanges: Mapped[list[Exchange]] = relationship(
        cascade="all, delete-orphan", order_by="Exchange.position", back_populates="chat"
    )


class Exchange(Base):
    """One question (redacted) and the assistant's answer or hand-off."""

    __tablename__ = "selfservice_exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        ForeignKey("selfservice_chats.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(30), index=True)
    handoff: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    b1: Mapped[bool | None] = mapped_column(Boolean)
    b1_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    article_id: Mapped[str | None] = mapped_column(String(200), index=True)
    topic: Mapped[str | None] = mapped_column(String(200))
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notices: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    intent: Mapped[str | None] = mapped_column(String(30))  # the question models' reading
    situation: Mapped[str | None] = mapped_column(String(20))
    # The answer is held back: an active crisis notice on its topic may say otherwise.
    notice_conflict: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Referrals in the answer ("Lees het artikel over …") with the article each one means.
    links: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    model: Mapped[str | None] = mapped_column(String(200))  # language model that wrote it

    chat: Mapped[Chat] = relationship(back_populates="exchanges")
    rating: Mapped[Rating | None] = relationship(
        cascade="all, delete-orphan", back_populates="exchange", uselist=False
    )


class Rating(Base):
    """Helpful or not, with an optional (redacted) comment; one per exchange."""

    __tablename__ = "selfservice_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(
        ForeignKey("selfservice_exchanges.id", ondelete="CASCADE"), unique=True
    )
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(String(1000), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    exchange: Mapped[Exchange] = relationship(back_populates="rating")
