"""Insight for the redactie: weak articles and questions without a good answer.

The page reads an :class:`InsightProvider`. The ratings of residents, the hand-offs of the
self-service assistant and the questions it could not answer are collected elsewhere; the app
connects a real provider by setting ``app.state.insight_provider``. Until then
:class:`EmptyProvider` makes the page say that there is no data yet.

A provider may also tell the period its figures cover (``period()``: first and last day); the
page then shows it.

Every figure shown rests on at least :data:`MIN_GROUP` contacts (k-anonymity, contracts §10);
rows below it are left out, and the page says how many were left out. Question texts are
redacted once more before they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from reisgenoot.language.calendar import MONTHS
from reisgenoot.language.pii import redact

MIN_GROUP = 5
LOW_SHARE = 0.4  # an article is "weak" when this share of its reactions is negative
MAX_ROWS = 25


@dataclass(frozen=True, slots=True)
class ArticleFeedback:
    """Reactions to one article: ratings by residents and hand-offs to a person."""

    source_id: str
    title: str
    helpful: int
    not_helpful: int
    handoffs: int

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful + self.handoffs

    @property
    def negative_share(self) -> float:
        return (self.not_helpful + self.handoffs) / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class UnansweredQuestion:
    """A question (personal data already redacted) that found no good answer."""

    text_redacted: str
    count: int
    last_seen: datetime


class InsightProvider(Protocol):
    def article_feedback(self) -> Sequence[ArticleFeedback]: ...

    def unanswered_questions(self) -> Sequence[UnansweredQuestion]: ...


class EmptyProvider:
    """No data collected yet (the default)."""

    def article_feedback(self) -> Sequence[ArticleFeedback]:
        return ()

    def unanswered_questions(self) -> Sequence[UnansweredQuestion]:
        return ()


@dataclass(frozen=True, slots=True)
class Insight:
    weak_articles: list[ArticleFeedback]
    unanswered: list[UnansweredQuestion]
    hidden_articles: int  # rows under the group minimum
    hidden_questions: int
    has_data: bool
    period: tuple[date, date] | None = None  # first and last day the figures cover

    @property
    def period_text(self) -> str:
        if self.period is None:
            return ""
        first, last = (f"{d.day} {MONTHS[d.month - 1]} {d.year}" for d in self.period)
        return f"van {first} tot en met {last}"


def insight(provider: InsightProvider) -> Insight:
    """Weak articles (most negative first) and unanswered questions (most asked first)."""
    feedback = list(provider.article_feedback())
    questions = list(provider.unanswered_questions())
    period_of = getattr(provider, "period", None)
    period: tuple[date, date] | None = period_of() if callable(period_of) else None
    big = [f for f in feedback if f.total >= MIN_GROUP]
    weak = sorted(
        (f for f in big if f.negative_share >= LOW_SHARE),
        key=lambda f: (-f.negative_share, -f.total, f.title),
    )
    asked = sorted(
        (q for q in questions if q.count >= MIN_GROUP),
        key=lambda q: (-q.count, q.text_redacted),
    )
    shown = [  # redact again: a provider that forgot must not leak personal data
        UnansweredQuestion(redact(q.text_redacted).text, q.count, q.last_seen)
        for q in asked[:MAX_ROWS]
    ]
    return Insight(
        weak_articles=weak[:MAX_ROWS],
        unanswered=shown,
        hidden_articles=len(feedback) - len(big),
        hidden_questions=len(questions) - len(asked),
        has_data=bool(feedback or questions),
        period=period,
    )
