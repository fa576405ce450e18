"""Check-the-AI items come back after a delay, to test and build retention.

Every item a trainee checks is scheduled (spaced retrieval, :data:`checkai.REVIEW_DAYS`):
an item answered fully right comes back after 3 days, one with a mistake after 1 day. At a
review a fully right answer moves the item one step further (7, 14, 30 days); a mistake sets
it back to 1 day. After the last step the item is learnt and does not come back. The check
page offers a due item before a new one and says so ("herhaling").

Retention is the share of reviews answered fully right: all errors found and nothing marked
that was correct. It is shown to the trainee and their opleider only, never compared.

Every function takes ``now`` so tests can run a controlled clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.training import checkai
from reisgenoot.training.models import CheckAttempt, CheckReview

__all__ = [
    "Retention",
    "due_item",
    "is_due",
    "perfect",
    "retention",
    "schedule",
]


def perfect(result: checkai.CheckResult) -> bool:
    """Fully right: every error found and no correct sentence marked."""
    return not result.missed and not result.false_alarms


def _find(session: Session, trainee_id: int, article_id: str, seed: int) -> CheckReview | None:
    return session.scalar(
        select(CheckReview).where(
            CheckReview.trainee_id == trainee_id,
            CheckReview.article_id == article_id,
            CheckReview.seed == seed,
        )
    )


def due_item(session: Session, trainee_id: int, now: datetime) -> CheckReview | None:
    """The trainee's item that has waited longest past its review date, if any."""
    return session.scalar(
        select(CheckReview)
        .where(
            CheckReview.trainee_id == trainee_id,
            CheckReview.due_at.is_not(None),
            CheckReview.due_at <= now,
        )
        .order_by(CheckReview.due_at, CheckReview.id)
        .limit(1)
    )


def is_due(session: Session, trainee_id: int, article_id: str, seed: int, now: datetime) -> bool:
    row = _find(session, trainee_id, article_id, seed)
    return row is not None and row.due_at is not None and row.due_at <= now


def _next_due(step: int, now: datetime) -> datetime | None:
    if step >= len(checkai.REVIEW_DAYS):
        return None  # learnt: it does not come back
    return now + timedelta(days=checkai.next_review_days(step))


def schedule(
    session: Session,
    trainee_id: int,
    item: checkai.CheckItem,
    seed: int,
    result: checkai.CheckResult,
    now: datetime,
) -> bool:
    """Plan the item's next review after this attempt; True if this attempt was a review.

    Checking an item again before it is due changes nothing: only due reviews count.
    """
    right = perfect(result)
    row = _find(session, trainee_id, item.article_id, seed)
    if row is None:
        step = 1 if right else 0
        session.add(
            CheckReview(
                trainee_id=trainee_id,
                article_id=item.article_id,
                seed=seed,
                step=step,
                reviews=0,
                due_at=_next_due(step, now),
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        return False
    if row.due_at is None or row.due_at > now:
        return False
    row.step = row.step + 1 if right else 0
    row.reviews += 1
    row.due_at = _next_due(row.step, now)
    row.updated_at = now
    session.flush()
    return True


@dataclass(frozen=True, slots=True)
class Retention:
    """Reviews done and answered fully right, and items due now or later."""

    reviews: int = 0
    right: int = 0
    due: int = 0
    planned: int = 0

    @property
    def share(self) -> int | None:
        """Percentage of reviews answered fully right (None before the first review)."""
        return round(100 * self.right / self.reviews) if self.reviews else None


def retention(session: Session, trainee_id: int, now: datetime) -> Retention:
    reviews = right = 0
    for result in session.scalars(
        select(CheckAttempt.result).where(CheckAttempt.trainee_id == trainee_id)
    ):
        if result.get("herhaling"):
            reviews += 1
            right += 1 if result.get("helemaal_goed") else 0
    base = select(func.count()).select_from(CheckReview)
    mine = (CheckReview.trainee_id == trainee_id, CheckReview.due_at.is_not(None))
    due = session.scalar(base.where(*mine, CheckReview.due_at <= now)) or 0
    planned = session.scalar(base.where(*mine, CheckReview.due_at > now)) or 0
    return Retention(reviews, right, int(due), int(planned))
