"""Kennisbank gaps from the self-service chat: topics whose answers residents rate "niet nuttig"
far more often than the other topics' answers (whole municipality only, k ≥ 5 chats)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from reisgenoot.accounts.models import Team
from reisgenoot.knowledge.selfservice_models import Chat, Exchange, Rating
from reisgenoot.signals.service import CHAT_KANAAL, compute_signals
from reisgenoot.store.engine import Database
from tests.signals.history import TOPICS, fill, plain, world

END = date(2026, 11, 27)  # a Friday; the default window is 21–27 November
_chats = iter(range(1, 10_000))


def rate(
    db: Database,
    topic: str,
    ratings: list[bool],
    day: date = date(2026, 11, 25),
    chats: int | None = None,
    question: str = "Hoe vraag ik dit aan?",
) -> None:
    """``ratings`` (True = nuttig) of answers on ``topic`` on ``day``, spread over ``chats``
    chats (default: one chat per rating)."""
    moment = datetime.combine(day, time(11), UTC)
    with db.session() as session:
        opened = [
            Chat(token_hash=f"{next(_chats):064d}", started_at=moment, last_at=moment)
            for _ in range(chats or len(ratings))
        ]
        session.add_all(opened)
        session.flush()
        for i, helpful in enumerate(ratings):
            exchange = Exchange(
                chat_id=opened[i % len(opened)].id,
                position=i,
                at=moment,
                question=question,
                answer="Zie het kennisartikel.",
                reason="beantwoord",
                topic=topic,
            )
            exchange.rating = Rating(helpful=helpful, at=moment + timedelta(minutes=1))
            session.add(exchange)


def chat_signals(report: object) -> list[object]:
    return [s for s in report.signals if s.kanaal == CHAT_KANAAL]  # type: ignore[attr-defined]


def test_poorly_rated_answers_on_a_topic_are_a_kennisbank_gap(db: Database) -> None:
    fill(db, world(END), plain(world(END)), seed=11)
    question = "Mijn BSN is 111222333, waarom is de ophaaldag veranderd?"
    rate(db, TOPICS[1], [False] * 9 + [True] * 3, question=question)
    rate(db, TOPICS[0], [False] * 3 + [True] * 27)
    rate(db, TOPICS[2], [False] * 2 + [True] * 18)
    with db.session() as session:
        report = compute_signals(session)
    found = chat_signals(report)
    assert len(found) == 1
    signal = found[0]
    assert signal.kind == "kennisbank" and signal.topic == TOPICS[1]  # type: ignore[attr-defined]
    assert signal.observed == 0.75 and signal.baseline == 0.1  # type: ignore[attr-defined]
    assert "9 van 12 beoordelingen" in signal.explanation  # type: ignore[attr-defined]
    assert "chat op de website" in signal.explanation  # type: ignore[attr-defined]
    examples = signal.examples  # type: ignore[attr-defined]
    assert examples and "111222333" not in examples[0] and "ophaaldag" in examples[0]
    assert signal.to_dict()["kanaal"] == CHAT_KANAAL  # type: ignore[attr-defined]


def test_ratings_outside_the_window_do_not_count(db: Database) -> None:
    fill(db, world(END), plain(world(END)), seed=11)
    rate(db, TOPICS[1], [False] * 12, day=date(2026, 11, 10))
    rate(db, TOPICS[0], [True] * 30, day=date(2026, 11, 10))
    rate(db, TOPICS[0], [True] * 30)
    with db.session() as session:
        assert chat_signals(compute_signals(session)) == []
        earlier = compute_signals(session, until=date(2026, 11, 13))
    assert [s.topic for s in chat_signals(earlier)] == [TOPICS[1]]  # type: ignore[attr-defined]


def test_too_few_ratings_or_chats_give_no_signal(db: Database) -> None:
    fill(db, world(END), plain(world(END)), seed=11)
    rate(db, TOPICS[1], [False] * 9)  # under 10 ratings
    rate(db, TOPICS[2], [False] * 12, chats=4)  # 12 ratings, but from only 4 chats
    rate(db, TOPICS[0], [True] * 30)
    with db.session() as session:
        report = compute_signals(session)
    assert chat_signals(report) == []
    assert report.suppressed >= 1  # the 4-chat cell is suppressed, and counted


def test_chat_ratings_are_not_shown_per_team(db: Database) -> None:
    """The chat is nobody's team work: a team's signals never include it."""
    fill(db, world(END), plain(world(END)), seed=11)
    rate(db, TOPICS[1], [False] * 12)
    rate(db, TOPICS[0], [True] * 30)
    with db.session() as session:
        team = Team(name="KCC Zuid")
        session.add(team)
    with db.session() as session:
        assert len(chat_signals(compute_signals(session))) == 1
        assert chat_signals(compute_signals(session, team="KCC Zuid")) == []


def test_a_new_rating_refreshes_the_municipality_cache_key(db: Database) -> None:
    from reisgenoot.signals.cache import data_version

    fill(db, world(END), plain(world(END)), seed=11)
    with db.session() as session:
        team = Team(name="KCC Zuid")
        session.add(team)
        session.flush()
        team_id = team.id
    with db.session() as session:
        before, team_before = data_version(session, None), data_version(session, team_id)
    rate(db, TOPICS[1], [False])
    with db.session() as session:
        assert data_version(session, None) != before
        assert data_version(session, team_id) == team_before
