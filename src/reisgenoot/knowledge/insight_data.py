"""The real :class:`~reisgenoot.knowledge.insight.InsightProvider`: the self-service chat.

Ratings and hand-offs per article and the questions the assistant could not answer well come
from the stored exchanges of the resident chat (questions are stored redacted). Identical
questions (case and spacing ignored) are counted together, so a question only reaches the
redactie once at least :data:`~reisgenoot.knowledge.insight.MIN_GROUP` residents asked it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select

from reisgenoot.knowledge.insight import ArticleFeedback, UnansweredQuestion
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.selfservice import (
    GAP_REASONS,
    ratings_per_article,
    unanswered_questions,
)
from reisgenoot.knowledge.selfservice_models import Exchange
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

DEFAULT_DAYS = 90


class SelfServiceInsight:
    """Insight over the last ``days`` days of the self-service chat."""

    def __init__(self, database: Database, days: int = DEFAULT_DAYS) -> None:
        self.database = database
        self.days = days

    def _period(self) -> tuple[datetime, datetime]:
        until = utcnow() + timedelta(seconds=1)
        return until - timedelta(days=self.days), until

    def article_feedback(self) -> Sequence[ArticleFeedback]:
        since, until = self._period()
        with self.database.session() as session:
            ratings = {r.article_id: r for r in ratings_per_article(session, since, until)}
            handoffs = dict(
                session.execute(
                    select(Exchange.article_id, func.count(Exchange.id))
                    .where(
                        Exchange.handoff.is_(True),
                        Exchange.article_id.is_not(None),
                        Exchange.at >= since,
                        Exchange.at < until,
                    )
                    .group_by(Exchange.article_id)
                ).all()
            )
            titles = {r.article_id: r.title for r in ratings.values()}
            missing = [str(k) for k in handoffs if k not in titles]
            if missing:
                titles.update(
                    session.execute(
                        select(Article.source_id, Article.title).where(
                            Article.source_id.in_(missing)
                        )
                    ).all()
                )
        ids = sorted(set(ratings) | {str(k) for k in handoffs})
        return [
            ArticleFeedback(
                source_id=key,
                title=titles.get(key, key),
                helpful=ratings[key].helpful if key in ratings else 0,
                not_helpful=ratings[key].not_helpful if key in ratings else 0,
                handoffs=int(handoffs.get(key, 0)),
            )
            for key in ids
        ]

    def unanswered_questions(self) -> Sequence[UnansweredQuestion]:
        since, until = self._period()
        with self.database.session() as session:
            rows = unanswered_questions(session, since, until, reasons=GAP_REASONS, limit=5000)
        grouped: dict[str, UnansweredQuestion] = {}
        for row in rows:
            key = " ".join(row.question.casefold().split())
            seen = grouped.get(key)
            if seen is None:
                grouped[key] = UnansweredQuestion(row.question, 1, row.at)
            else:
                grouped[key] = UnansweredQuestion(
                    seen.text_redacted, seen.count + 1, max(seen.last_seen, row.at)
                )
        return list(grouped.values())
