"""Self-service chats of the demo municipality, so the redactie and the signals have data.

Residents ask the digital assistant on the website about the same topics as the KCC (topic
popularity and question templates of :mod:`reisgenoot.demo.history`), day and night, more on
working days. Most answers come from a kennisbank article of the topic; some questions find no
good answer and are handed over (a few of them asked again and again, so the redactie's insight
page shows them). About half of the answers are rated; most are "nuttig".

The story matches the contact history: from the surge's first day (new waste-collection days,
Monday 9 November 2026) residents also ask the chat about the new days. The assistant answers
with the article on the afvalkalender, which does not mention the new days yet, so most of
those answers are rated "niet nuttig" — a kennisbank gap that the signals show the redacteur.

Ids are assigned in Python from the tables' next free id (PostgreSQL's sequences are moved past
them afterwards). Chats are anonymous like real ones: a hash of a random token, no person, no employee. Questions
contain no personal data (templates only). Everything is drawn from the seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import insert
from sqlalchemy.orm import Session

from reisgenoot.demo.history import AMSTERDAM, HistoryConfig, is_closed
from reisgenoot.knowledge.selfservice_models import Chat, Exchange, Rating
from reisgenoot.store.ids import fix_sequences, next_id

CHATS_OPEN_DAY = 26.0  # expected chats on a working day
CHATS_CLOSED_DAY = 11.0  # weekends and public holidays: the website is always open
SECOND_QUESTION = 0.3  # share of chats with a second question
RATED = 0.5  # share of answers the resident rates
HELPFUL = 0.85  # chance that an ordinary answer is rated "nuttig"
HELPFUL_SURGE = 0.3  # the surge topic's answers while the kennisbank lacks the new days
HANDED_OVER = 0.08  # share of questions without a good answer
SURGE_ARTICLE_TOPIC = "afvalkalender"  # the article the chat answers the new-days questions with
SURGE_CHATS = 8.0  # extra chats a day about the new days, per unit of the surge's rise
SURGE_CHATS_AFTER = 2.0  # and a few a day for as long as the article lacks the new days
UNANSWERED: tuple[str, ...] = (
    "Kan ik mijn parkeervergunning overzetten naar een deelauto?",
    "Waarom staat de container van de buren nog op straat?",
    "Mag ik een tiny house in mijn achtertuin zetten?",
    "Wanneer komt de nieuwe speeltuin in het park?",
    "Hoe meld ik mij aan als vrijwilliger bij de gemeente?",
)


@dataclass(frozen=True, slots=True)
class ChatTotals:
    chats: int
    exchanges: int
    ratings: int


def _token_hash(rng: np.random.Generator) -> str:
    return hashlib.sha256(rng.bytes(32)).hexdigest()


def _moment(rng: np.random.Generator, day: date) -> datetime:
    seconds = int(rng.integers(7 * 3600, 23 * 3600))
    local = datetime.combine(day, time(0), AMSTERDAM) + timedelta(seconds=seconds)
    return local.astimezone(UTC)


def _surge_chats(config: HistoryConfig, day: date) -> float:
    """Expected extra chats about the new waste-collection days on ``day``."""
    surge = config.surge
    if surge is None or day < surge.start(config.end):
        return 0.0
    rise = SURGE_CHATS * (surge.factor(day, config.end) - 1.0) + SURGE_CHATS_AFTER
    return rise * (0.5 if is_closed(day) else 1.0)


def seed_chats(session: Session, config: HistoryConfig, seed: int) -> ChatTotals:
    """Insert the demo's chats, exchanges and ratings (Core bulk inserts, explicit ids)."""
    rng = np.random.default_rng(seed + 41)
    articles: Mapping[str, tuple[str, ...]] = dict(config.articles)
    topics = [t for t in config.topics if articles.get(t.upl)]
    weights = np.array([t.weight for t in topics], dtype=np.float64)
    weights /= weights.sum()
    surge = config.surge
    calendar = next((t for t in topics if t.upl == SURGE_ARTICLE_TOPIC), None)
    chats: list[dict[str, object]] = []
    exchanges: list[dict[str, object]] = []
    ratings: list[dict[str, object]] = []
    first_chat = next_id(session, Chat.__table__)  # type: ignore[arg-type]
    first_exchange = next_id(session, Exchange.__table__)  # type: ignore[arg-type]
    for day in config.dates():
        ordinary = int(rng.poisson(CHATS_CLOSED_DAY if is_closed(day) else CHATS_OPEN_DAY))
        on_new_days = int(rng.poisson(_surge_chats(config, day))) if calendar else 0
        for number in range(ordinary + on_new_days):
            chat_id = first_chat + len(chats)
            started = _moment(rng, day)
            about_new_days = number >= ordinary
            questions = 2 if rng.random() < SECOND_QUESTION and not about_new_days else 1
            at = started
            for position in range(questions):
                exchange_id = first_exchange + len(exchanges)
                at = at + timedelta(seconds=int(rng.integers(20, 240)))
                row: dict[str, object] = {
                    "id": exchange_id,
                    "chat_id": chat_id,
                    "position": position,
                    "at": at,
                    "sources": [],
                    "notices": [],
                    "b1_reasons": [],
                    "b1": None,
                    "article_id": None,
                    "topic": None,
                }
                if not about_new_days and rng.random() < HANDED_OVER:
                    question = UNANSWERED[int(rng.integers(len(UNANSWERED)))]
                    row |= {
                        "question": question,
                        "answer": None,
                        "reason": "low_confidence",
                        "handoff": True,
                        "confidence": round(float(rng.uniform(0.2, 0.5)), 4),
                    }
                    exchanges.append(row)
                    continue
                topic = (
                    calendar
                    if about_new_days and calendar is not None
                    else topics[int(rng.choice(len(topics), p=weights))]
                )
                templates = surge.templates if about_new_days and surge else topic.templates
                question = (
                    str(templates[int(rng.integers(len(templates)))])
                    if templates
                    else f"Ik heb een vraag over {topic.upl}."
                )
                article = articles[topic.upl][0]
                row |= {
                    "question": question,
                    "answer": "Het antwoord uit het kennisartikel.",
                    "reason": "answered",
                    "handoff": False,
                    "confidence": round(float(rng.uniform(0.75, 0.98)), 4),
                    "b1": True,
                    "article_id": article,
                    "topic": topic.upl,
                }
                exchanges.append(row)
                if rng.random() < RATED:
                    helpful = rng.random() < (HELPFUL_SURGE if about_new_days else HELPFUL)
                    ratings.append(
                        {
                            "exchange_id": exchange_id,
                            "helpful": bool(helpful),
                            "comment": "",
                            "at": at + timedelta(seconds=30),
                        }
                    )
            chats.append(
                {
                    "id": chat_id,
                    "token_hash": _token_hash(rng),
                    "started_at": started,
                    "last_at": at,
                }
            )
    if chats:
        session.execute(insert(Chat), chats)
        session.execute(insert(Exchange), exchanges)
    if ratings:
        session.execute(insert(Rating), ratings)
    fix_sequences(session, (Chat.__tablename__, Exchange.__tablename__))
    return ChatTotals(len(chats), len(exchanges), len(ratings))
