"""The real :class:`~reisgenoot.knowledge.insight.InsightProvider`: the self-service chat.

Ratings and hand-offs per article and the questions the assistant could not answer well come
from the stored exchanges of the resident chat (questions are stored redacted). Identical
questions (case and spacing ignored) are counted together, so a question only reaches the
redactie once at least :data:`~reisgenoot.knowledge.insight.MIN_GROUP` residents asked it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from reisgenoot.knowledge.insight import ArticleFeedback, UnansweredQuestion
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.selfservice import (
    GAP_REASONS,
    ratings_per_article,
    unanswered_questions,
)
from reisgenoot.knowledge.selfservice_models import Exchange, Rating
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

DEFAULT_DAYS = 90
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class SelfServiceInsight:
    """Insight over the ``days`` days up to the newest question or rating in the chat.

    With a chat in use that is "the last ``days`` days"; when the chat has been quiet (or for
    the demo, whose data ends on a fixed day) the page still shows the latest period with data,
    and says which period that is.
    """

    def __init__(self, database: Database, days: int = DEFAULT_DAYS) -> None:
        self.database = database
        self.days = days

    def _period(self) -> tuple[datetime, datetime]:
        with self.database.session() as session:
            times = [
                session.scalar(select(func.max(Exchange.at))),
                session.scalar(select(func.max(Rating.at))),
            ]
        latest = max((t for t in times if t is not None), default=None)
        until = (latest or utcnow()) + timedelta(seconds=1)
        return until - timedelta(days=self.days), until

    def period(self) -> tuple[date, date]:
        """First and last local day of the period the figures cover."""
        since, until = self._period()
        first = since.astimezone(AMSTERDAM).date()
        last = (until - timedelta(seconds=1)).astimezone(AMSTERDAM).date()
        return first, last

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
