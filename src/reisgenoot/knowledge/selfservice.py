"""The self-service chat for residents: answers, hand-off to a person, ratings, insight data.

A resident asks a question; :func:`answer_question` answers it with :func:`~reisgenoot.knowledge.
answering.ask` (extractive kennisbank text, its source, the B1 check of the answer, or a hand-off
with its reason) and stores the exchange with the question redacted. The chat is anonymous:
it is found by the hash of a random token (:func:`new_token`, :func:`find_chat`). Text aimed at a
language model ("negeer je instructies …") is an ordinary question here: nothing is executed
or generated, the answer can only be a passage of an active article.

:func:`hand_off` turns the chat into a contactverzoek (see :mod:`reisgenoot.contacts.requests`):
a klantcontact whose turns are the redacted conversation, with an interne taak ``te_verwerken``.
It is idempotent per chat. :func:`rate` stores one rating per answer (comment redacted).

Data for other parts (the redacteur's insight page, the "kennisbank gaps" signal). Every
function takes a half-open UTC period ``[since, until)``; figures are about articles and topics,
never about people. Callers that show counts to anyone must still apply the k ≥ 5 rule of
contracts §10 where a figure could point at a person.

- :func:`ratings_per_article` → ``[ArticleRatings(article_id, title, helpful, not_helpful)]``
- :func:`handoffs_per_topic` → ``[TopicHandoffs(topic, reason, handoffs, requests)]``: hand-off
  answers per UPL topic (``None`` = no topic) and reason, and how many of those chats became a
  contactverzoek.
- :func:`unanswered_questions` → ``[OpenQuestion(question, reason, confidence, at, candidates)]``:
  redacted questions the assistant had no good answer for (default reasons ``low_confidence``
  and ``out_of_scope``), newest first.
- :func:`b1_failures` → ``{article_id: count}``: answers shown that failed the B1 check.

The index of the embedder must be complete for calibrated answers; :class:`Readiness` tops it up
(synchronously when little is missing, else once in a background thread).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.requests import Callback, NewRequest, create_contactverzoek
from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge.answering import MAX_QUESTION, AnswerPolicy, ask
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.readiness import SYNC_INDEX_LIMIT as SYNC_INDEX_LIMIT
from reisgenoot.knowledge.readiness import Readiness as Readiness
from reisgenoot.knowledge.readiness import SerialEmbedder as SerialEmbedder
from reisgenoot.knowledge.replies import active_articles, around
from reisgenoot.knowledge.selfservice_models import Chat, Exchange, Rating
from reisgenoot.language.pii import redact
from reisgenoot.learning import examples as learning_examples
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.log import get_logger
from reisgenoot.store.base import utcnow

MAX_QUESTION_CHARS = MAX_QUESTION
MAX_QUESTIONS = 30  # per chat; after that the resident starts a new chat or asks for a person
COMMENT_MAX = 500
NOTE_MAX = 1000
SPEAKER_RESIDENT, SPEAKER_ASSISTANT = "inwoner", "digitale assistent"
NO_QUESTION = "De inwoner stelde geen vraag in de chat."
GAP_REASONS = ("low_confidence", "out_of_scope")

MESSAGES = {
    "vraag_leeg": "Typ eerst uw vraag.",
    "vraag_te_lang": (
        "Uw vraag is te lang ({length} tekens). Gebruik hoogstens {limit} tekens. "
        "Maak de vraag korter, of vraag hulp aan een medewerker."
    ),
    "gesprek_te_lang": (
        "Dit gesprek is erg lang geworden. Begin een nieuw gesprek of vraag hulp aan een medewerker."
    ),
    "niet_klaar": (
        "De digitale assistent wordt nog klaargezet. Probeer het over een paar minuten opnieuw. "
        "Of vraag hulp aan een medewerker."
    ),
}

log = get_logger(__name__)


def problem_text(error: KnowledgeError) -> str:
    """The Dutch message for a chat problem (see :data:`MESSAGES`)."""
    template = MESSAGES.get(error.code)
    return template.format(**error.params) if template else error.dutch()


# --- chats --------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_chat(session: Session, token: str | None) -> Chat | None:
    """The chat of ``token`` with its exchanges and ratings, or None."""
    if not token:
        return None
    return session.scalar(
        select(Chat)
        .where(Chat.token_hash == token_hash(token))
        .options(selectinload(Chat.exchanges).selectinload(Exchange.rating))
    )


def start_chat(session: Session, token: str) -> Chat:
    chat = Chat(token_hash=token_hash(token))
    chat.exchanges = []
    session.add(chat)
    session.flush()
    return chat


def check_question(text: str) -> str:
    """The stripped question; an empty or too long one raises :class:`KnowledgeError`."""
    stripped = text.strip()
    if not stripped:
        raise KnowledgeError("empty question", code="vraag_leeg")
    if len(stripped) > MAX_QUESTION:
        raise KnowledgeError(
            "question too long", code="vraag_te_lang", length=len(stripped), limit=MAX_QUESTION
        )
    return stripped


def scrub(text: str, zaak_patterns: Sequence[str] | None = None) -> str:
    """``text`` with personal data replaced by tags (``[BSN]``, ``[TELEFOON]`` …)."""
    return redact(text, zaak_patterns=zaak_patterns).text


# --- answering ----------------------------------------------------------------------------


def answer_question(
    session: Session,
    chat: Chat,
    question: str,
    *,
    embedder: Embedder | None = None,
    zaak_patterns: Sequence[str] | None = None,
    priorities: Mapping[str, int] | None = None,
    model: GuardedModel | None = None,
) -> Exchange:
    """Answer ``question`` in ``chat`` and store the exchange (the question redacted).

    Active crisis notices on the question's topic are stored with it; when one is also on
    the answered article's topic the passage is held back (``notice_conflict``, see
    :mod:`reisgenoot.knowledge.replies`). Referrals to other articles are stored as links.
    """
    text = check_question(question)
    if len(chat.exchanges) >= MAX_QUESTIONS:
        raise KnowledgeError("chat too long", code="gesprek_te_lang")
    answer = ask(session, text, embedder=embedder, priorities=priorities, model=model)
    found = active_articles(session, [s.id for s in answer.sources])
    sources = [
        {"id": s.id, "title": s.title, "source": found[s.id].source}
        for s in answer.sources
        if s.id in found
    ]
    top = found.get(answer.sources[0].id) if answer.sources else None
    confident = answer.confidence >= AnswerPolicy.from_data().out_of_scope_below
    context = around(session, text, answer.answer, top)
    exchange = Exchange(
        position=len(chat.exchanges),
        at=utcnow(),
        question=scrub(text, zaak_patterns),
        answer=answer.answer,
        reason=answer.reason,
        handoff=answer.handoff,
        confidence=round(answer.confidence, 4),
        b1=answer.b1,
        b1_reasons=list(answer.b1_reasons),
        article_id=top.source_id if top is not None and confident else None,
        topic=(top.upl or None) if top is not None and confident else None,
        sources=sources,
        notices=[n.as_dict() for n in context.notices],
        intent=answer.intent,
        situation=answer.situation,
        notice_conflict=context.notice_conflict,
        links=context.links,
        model=answer.model,
    )
    chat.exchanges.append(exchange)
    chat.last_at = exchange.at
    session.flush()
    log.info(
        "chat answer",
        extra={"reason": answer.reason, "confidence": exchange.confidence, "b1": answer.b1},
    )
    return exchange


# --- hand-off and ratings -----------------------------------------------------------------


def conversation(chat: Chat) -> list[tuple[str, str]]:
    """The chat as (speaker, text) turns, as stored (questions redacted)."""
    turns: list[tuple[str, str]] = []
    for exchange in chat.exchanges:
        turns.append((SPEAKER_RESIDENT, exchange.question))
        turns.append((SPEAKER_ASSISTANT, exchange.answer or handoff_text(exchange.reason)))
    return turns


def _summary(chat: Chat, note: str) -> str:
    questions = [e.question for e in chat.exchanges if e.reason != "asks_for_person"]
    parts = [questions[-1]] if questions else []
    if note:
        parts.append(f"Toelichting: {note}")
    return " ".join(parts) or NO_QUESTION


def _topic(chat: Chat) -> str | None:
    """The topic of the exchange that led to the hand-off: the last one (as for the reason).

    An earlier exchange's topic is not used: "parkeervergunning" from the first question must
    not become the onderwerp of a request about something the assistant could not place.
    None gives the default onderwerp "Vraag via de digitale assistent".
    """
    return chat.exchanges[-1].topic if chat.exchanges else None


def _reason(chat: Chat) -> str:
    return chat.exchanges[-1].reason if chat.exchanges else "asks_for_person"


def hand_off(
    session: Session,
    chat: Chat,
    callback: Callback,
    note: str = "",
    *,
    audit_key: bytes,
    zaak_patterns: Sequence[str] | None = None,
) -> Klantcontact:
    """The chat's contactverzoek: created once per chat, the conversation redacted."""
    if chat.klantcontact_id is not None:
        existing = session.get(Klantcontact, chat.klantcontact_id)
        if existing is not None:
            return existing
    clean_note = scrub(note.strip()[:NOTE_MAX], zaak_patterns)
    turns = conversation(chat)
    if clean_note:
        turns.append((SPEAKER_RESIDENT, clean_note))
    request = NewRequest(
        turns=turns,
        summary=_summary(chat, clean_note),
        topic=_topic(chat),
        reason=_reason(chat),
        callback=callback,
    )
    contact = create_contactverzoek(session, request, audit_key=audit_key)
    contact.referentienummer = contact.referentienummer or reference_number()
    chat.klantcontact_id = contact.id
    session.flush()
    return contact


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def reference_number() -> str:
    """A reference number the resident can quote, e.g. ``KC-7QK4WM`` (fits OpenKlant's 10)."""
    return "KC-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def reference_of(session: Session, chat: Chat | None) -> str | None:
    """The reference number of the contactverzoek ``chat`` became, if any."""
    if chat is None or chat.klantcontact_id is None:
        return None
    contact = session.get(Klantcontact, chat.klantcontact_id)
    return contact.referentienummer if contact is not None else None


def rate(
    session: Session,
    chat: Chat,
    exchange_id: int,
    helpful: bool,
    comment: str = "",
    *,
    zaak_patterns: Sequence[str] | None = None,
) -> Rating | None:
    """Store the rating of one answer of ``chat``; None when it was rated before.

    An exchange of another chat raises :class:`KnowledgeError` (code ``onbekend_antwoord``).
    """
    exchange = next((e for e in chat.exchanges if e.id == exchange_id), None)
    if exchange is None:
        raise KnowledgeError("exchange not in this chat", code="onbekend_antwoord")
    if exchange.rating is not None:
        return None
    rating = Rating(
        helpful=helpful, comment=scrub(comment.strip()[:COMMENT_MAX], zaak_patterns), at=utcnow()
    )
    exchange.rating = rating
    session.flush()
    learning_examples.record_rating(
        session,
        exchange_id=exchange.id,
        question=exchange.question,
        article_id=exchange.article_id,
        helpful=helpful,
    )
    return rating


HANDOFF_TEXTS = {
    "low_confidence": "Ik weet niet zeker of ik het goede antwoord heb. Een medewerker kan u beter helpen.",
    "out_of_scope": "Op deze vraag heb ik geen antwoord. Ik ken alleen de informatie van de gemeente. Een medewerker helpt u graag verder.",
    "escalation": "Ik merk dat dit belangrijk voor u is. Een medewerker helpt u graag zelf verder.",
    "asks_for_person": "U wilt graag iemand van de gemeente spreken. Dat kan.",
    "personal_case": "Voor deze vraag moet iemand in uw eigen gegevens kijken. Dat kan ik niet. Een medewerker kan dat wel.",
}


def handoff_text(reason: str) -> str:
    """Why the assistant hands over, in plain Dutch (B1)."""
    return HANDOFF_TEXTS.get(reason, HANDOFF_TEXTS["low_confidence"])


# --- data for the redacteur and the signals -----------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleRatings:
    article_id: str
    title: str
    helpful: int
    not_helpful: int


@dataclass(frozen=True, slots=True)
class TopicHandoffs:
    topic: str | None
    reason: str
    handoffs: int
    requests: int


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    question: str
    reason: str
    confidence: float
    at: datetime
    candidates: list[str] = field(default_factory=list)


def _in_period(column: Any, since: datetime, until: datetime) -> Any:
    return (column >= since) & (column < until)


def ratings_per_article(session: Session, since: datetime, until: datetime) -> list[ArticleRatings]:
    """Helpful / not helpful counts per answered article, most rated first."""
    rows = session.execute(
        select(Exchange.article_id, Rating.helpful, func.count(Rating.id))
        .join(Rating, Rating.exchange_id == Exchange.id)
        .where(_in_period(Rating.at, since, until), Exchange.article_id.is_not(None))
        .group_by(Exchange.article_id, Rating.helpful)
    ).all()
    counts: dict[str, list[int]] = {}
    for article_id, helpful, count in rows:
        counts.setdefault(str(article_id), [0, 0])[0 if helpful else 1] += int(count)
    titles = {a.source_id: a.title for a in _all_articles(session, list(counts))}
    result = [
        ArticleRatings(key, titles.get(key, key), good, bad) for key, (good, bad) in counts.items()
    ]
    return sorted(result, key=lambda r: (-(r.helpful + r.not_helpful), r.article_id))


def _all_articles(session: Session, ids: list[str]) -> list[Article]:
    if not ids:
        return []
    return list(session.scalars(select(Article).where(Article.source_id.in_(ids))))


def handoffs_per_topic(session: Session, since: datetime, until: datetime) -> list[TopicHandoffs]:
    """Hand-off answers per topic and reason, with how many chats became a contactverzoek."""
    requested = Chat.klantcontact_id.is_not(None)
    rows = session.execute(
        select(
            Exchange.topic,
            Exchange.reason,
            func.count(Exchange.id),
            func.count(func.distinct(Chat.id)).filter(requested),
        )
        .join(Chat, Chat.id == Exchange.chat_id)
        .where(Exchange.handoff.is_(True), _in_period(Exchange.at, since, until))
        .group_by(Exchange.topic, Exchange.reason)
    ).all()
    result = [TopicHandoffs(t, r, int(n), int(k)) for t, r, n, k in rows]
    return sorted(result, key=lambda h: (-h.handoffs, h.topic or "", h.reason))


def unanswered_questions(
    session: Session,
    since: datetime,
    until: datetime,
    *,
    reasons: Sequence[str] = GAP_REASONS,
    limit: int = 200,
) -> list[OpenQuestion]:
    """Redacted questions without a good answer (candidates: article ids), newest first."""
    rows = session.scalars(
        select(Exchange)
        .where(Exchange.reason.in_(list(reasons)), _in_period(Exchange.at, since, until))
        .order_by(Exchange.at.desc(), Exchange.id.desc())
        .limit(limit)
    )
    return [
        OpenQuestion(e.question, e.reason, e.confidence, e.at, [s["id"] for s in e.sources])
        for e in rows
    ]


def b1_failures(session: Session, since: datetime, until: datetime) -> dict[str, int]:
    """How often each article's passage was shown while failing the B1 check."""
    rows = session.execute(
        select(Exchange.article_id, func.count(Exchange.id))
        .where(Exchange.b1.is_(False), _in_period(Exchange.at, since, until))
        .where(Exchange.article_id.is_not(None))
        .group_by(Exchange.article_id)
    ).all()
    return {str(a): int(n) for a, n in rows}
