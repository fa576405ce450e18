"""The redactie insight reads the real self-service data (ratings, hand-offs, open questions)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from reisgenoot.knowledge.insight import MIN_GROUP, insight
from reisgenoot.knowledge.insight_data import SelfServiceInsight
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.selfservice_models import Chat, Exchange, Rating
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database


def _exchange(chat: Chat, n: int, **values: object) -> Exchange:
    return Exchange(chat=chat, position=n, question=f"vraag {n}", **values)


def test_ratings_handoffs_and_repeated_questions_reach_the_insight(db: Database) -> None:
    with db.session() as session:
        article = session.scalars(select(Article).where(Article.kind == "kennisartikel")).first()
        assert article is not None
        source_id, title = article.source_id, article.title
        chat = Chat(token_hash="x" * 64)
        session.add(chat)
        for n in range(3):  # three residents found it unhelpful
            exchange = _exchange(chat, n, reason="answered", article_id=source_id)
            exchange.rating = Rating(helpful=False)
            session.add(exchange)
        for n in range(3, 5):  # two hand-offs on the same article
            session.add(
                _exchange(chat, n, reason="low_confidence", handoff=True, article_id=source_id)
            )
        for n in range(5, 5 + MIN_GROUP):  # the same question, asked by five residents
            session.add(
                Exchange(
                    chat=chat,
                    position=n,
                    question="Mag mijn  kat op het Balkon?"
                    if n % 2
                    else "mag mijn kat op het balkon?",
                    reason="out_of_scope",
                    handoff=True,
                )
            )
        old = _exchange(chat, 99, reason="out_of_scope", handoff=True)
        old.at = utcnow() - timedelta(days=400)  # outside the period
        session.add(old)

    found = insight(SelfServiceInsight(db))
    assert found.has_data
    assert [(a.source_id, a.title, a.not_helpful, a.handoffs) for a in found.weak_articles] == [
        (source_id, title, 3, 2)
    ]
    assert [q.count for q in found.unanswered] == [MIN_GROUP]
    assert "vraag 99" not in {q.text_redacted for q in found.unanswered}


def test_a_quiet_chat_still_shows_its_latest_period_and_says_which(db: Database) -> None:
    """When the chat has been quiet for longer than the period (or in the demo, whose data ends
    on a fixed day), the page shows the latest 90 days with data and names them."""
    long_ago = utcnow() - timedelta(days=200)
    with db.session() as session:
        chat = Chat(token_hash="q" * 64)
        session.add(chat)
        for n in range(MIN_GROUP):
            exchange = _exchange(chat, n, reason="out_of_scope", handoff=True)
            exchange.question = "Waar kan ik mijn kano te water laten?"
            exchange.at = long_ago - timedelta(days=n)
            session.add(exchange)
        too_old = _exchange(chat, 50, reason="out_of_scope", handoff=True)
        too_old.at = long_ago - timedelta(days=120)  # 120 days before the newest: outside
        session.add(too_old)
    found = insight(SelfServiceInsight(db))
    assert [q.count for q in found.unanswered] == [MIN_GROUP]
    assert found.period is not None
    assert abs((found.period[1] - long_ago.date()).days) <= 1  # local day of the newest question
    # 90 × 24 hours in local days: 91 when the window crosses a change to or from summer
    # time close to midnight (late in the evening in winter, 200 days back is summer)
    assert (found.period[1] - found.period[0]).days in (89, 90, 91)
    assert found.period_text.startswith("van ") and str(long_ago.year) in found.period_text
