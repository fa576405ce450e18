"""Rounds, one-time participation tokens and anonymous answers.

How a submission stays anonymous (see ``docs/impact.md``):

1. The answers are checked first, so a wrong form never uses up the token.
2. Transaction 1 turns the person's token to ``answered`` (``UPDATE … WHERE answered = false``;
   a second submission finds no row and is refused). The token is an HMAC of the user id under
   the round's random secret; it holds no time and no order.
3. Transaction 2 stores the answers, in random order, each with a random UUID, the round, the
   question version and key, and the value or the redacted text. Nothing else.
4. Closing the round deletes the tokens and the secret and re-writes the answers in a new
   random order with new ids, so no trace of who answered when remains.

No audit event is written per answer (contracts §10): only opening and closing a round are
audited, with counts.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team, User
from reisgenoot.impact.models import (
    ROUND_CLOSED,
    ROUND_OPEN,
    Answer,
    ParticipationToken,
    Round,
    random_id,
)
from reisgenoot.impact.questions import ImpactError, QuestionSetData, current, get
from reisgenoot.language.pii import redact
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

MAX_OPEN_ANSWER = 2000
_random = secrets.SystemRandom()


def token_hash(secret: str, user_id: int) -> str:
    """The one-time token of ``user_id`` in a round: HMAC-SHA256 under the round's secret."""
    return hmac.new(secret.encode(), f"deelname:{user_id}".encode(), hashlib.sha256).hexdigest()


def team_members(session: Session, team_id: int) -> list[int]:
    statement = select(User.id).where(User.team_id == team_id, User.active.is_(True))
    return list(session.scalars(statement))


def team_size(session: Session, team_id: int) -> int:
    return len(team_members(session, team_id))


def open_round_of(session: Session, team_id: int) -> Round | None:
    statement = select(Round).where(Round.team_id == team_id, Round.status == ROUND_OPEN)
    return session.scalars(statement).first()


def rounds_of(session: Session, team_id: int) -> list[Round]:
    statement = select(Round).where(Round.team_id == team_id).order_by(Round.number.desc())
    return list(session.scalars(statement))


def previous_closed(session: Session, round_: Round) -> Round | None:
    """The closed round of the same team just before ``round_``."""
    statement = (
        select(Round)
        .where(
            Round.team_id == round_.team_id,
            Round.number < round_.number,
            Round.status == ROUND_CLOSED,
        )
        .order_by(Round.number.desc())
    )
    return session.scalars(statement).first()


def open_round(session: Session, team_id: int, *, audit_key: bytes, actor: str) -> Round:
    """Open the next round for a team and issue a token to each current member."""
    if session.get(Team, team_id) is None:
        raise ImpactError("unknown team", code="team_onbekend")
    if open_round_of(session, team_id) is not None:
        raise ImpactError("round already open", code="ronde_al_open")
    questions = current(session)
    number = (
        session.scalar(select(func.max(Round.number)).where(Round.team_id == team_id)) or 0
    ) + 1
    round_ = Round(
        team_id=team_id,
        number=number,
        question_version=questions.version,
        status=ROUND_OPEN,
        opened_at=utcnow(),
        secret=secrets.token_hex(32),
    )
    session.add(round_)
    session.flush()
    members = team_members(session, team_id)
    _random.shuffle(members)
    for user_id in members:
        session.add(ParticipationToken(round_id=round_.id, token_hash=_hash(round_, user_id)))
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="impact_ronde_geopend",
        object_type="impact_round",
        object_id=str(round_.id),
        details={"team_id": team_id, "nummer": number, "vragenlijst": questions.version},
    )
    session.flush()
    return round_


def _hash(round_: Round, user_id: int) -> str:
    if round_.secret is None:
        raise ImpactError("round closed", code="ronde_gesloten")
    return token_hash(round_.secret, user_id)


def _token(session: Session, round_: Round, user_id: int) -> ParticipationToken | None:
    return session.get(ParticipationToken, (round_.id, _hash(round_, user_id)))


def ensure_token(session: Session, round_: Round, user_id: int) -> ParticipationToken:
    """The member's token; one is issued for someone who joined the team after the opening."""
    token = _token(session, round_, user_id)
    if token is None:
        token = ParticipationToken(round_id=round_.id, token_hash=_hash(round_, user_id))
        session.add(token)
        session.flush()
    return token


def has_answered(session: Session, round_: Round, user_id: int) -> bool:
    if not round_.is_open:
        return False
    token = _token(session, round_, user_id)
    return bool(token and token.answered)


def answered_count(session: Session, round_: Round) -> int:
    """How many people took part (counted from tokens while open, stored once closed)."""
    if not round_.is_open:
        return round_.respondents
    statement = select(func.count()).where(
        ParticipationToken.round_id == round_.id, ParticipationToken.answered.is_(True)
    )
    return int(session.scalar(statement) or 0)


@dataclass(frozen=True, slots=True)
class CleanAnswer:
    question_key: str
    value: int | None = None
    text: str | None = None


def _scale_value(raw: str) -> int | None:
    if not raw.strip():
        return None
    if raw.strip() not in {"1", "2", "3", "4", "5"}:
        raise ImpactError("bad scale value", code="antwoord_ongeldig")
    return int(raw)


def clean_answers(questions: QuestionSetData, form: Mapping[str, str]) -> list[CleanAnswer]:
    """Check a filled-in form against the question set; open answers are redacted here."""
    answers: list[CleanAnswer] = []
    for dimension in questions.dimensions:
        for statement in dimension.statements:
            value = _scale_value(form.get(statement.key, ""))
            if value is not None:
                answers.append(CleanAnswer(statement.key, value=value))
        raw = " ".join(form.get(dimension.open_key, "").split())
        if len(raw) > MAX_OPEN_ANSWER:
            raise ImpactError("open answer too long", code="antwoord_te_lang")
        if raw:
            answers.append(CleanAnswer(dimension.open_key, text=redact(raw).text))
    if not answers:
        raise ImpactError("nothing filled in", code="niets_ingevuld")
    return answers


def _consume(database: Database, round_id: int, user_id: int) -> int:
    """Transaction 1: use the token up; returns the question version of the round."""
    with database.session() as session:
        round_ = session.get(Round, round_id)
        if round_ is None or not round_.is_open:
            raise ImpactError("round not open", code="ronde_gesloten")
        if user_id not in team_members(session, round_.team_id):
            raise ImpactError("not a member", code="geen_lid")
        ensure_token(session, round_, user_id)
        used = session.execute(
            update(ParticipationToken)
            .where(
                ParticipationToken.round_id == round_.id,
                ParticipationToken.token_hash == _hash(round_, user_id),
                ParticipationToken.answered.is_(False),
            )
            .values(answered=True)
            .execution_options(synchronize_session=False)
        )
        if getattr(used, "rowcount", 0) != 1:
            raise ImpactError("already answered", code="al_ingevuld")
        return round_.question_version


def submit(database: Database, round_id: int, user_id: int, form: Mapping[str, str]) -> int:
    """Store one person's answers anonymously; returns how many answers were stored.

    Raises :class:`ImpactError` (``al_ingevuld``) on a second attempt, (``ronde_gesloten``)
    when the round is not open and (``geen_lid``) for someone outside the team.
    """
    with database.session() as session:
        round_ = session.get(Round, round_id)
        if round_ is None:
            raise ImpactError("unknown round", code="ronde_onbekend")
        answers = clean_answers(get(session, round_.question_version), form)
    version = _consume(database, round_id, user_id)
    _random.shuffle(answers)
    with database.session() as session:
        for item in answers:
            session.add(
                Answer(
                    id=random_id(),
                    round_id=round_id,
                    question_version=version,
                    question_key=item.question_key,
                    value=item.value,
                    text=item.text,
                )
            )
    return len(answers)


def _reshuffle(session: Session, round_id: int) -> None:
    """Re-write the answers of a round in random order with new random ids."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))
    rows = [
        (a.question_version, a.question_key, a.value, a.text)
        for a in session.scalars(select(Answer).where(Answer.round_id == round_id))
    ]
    session.execute(delete(Answer).where(Answer.round_id == round_id))
    _random.shuffle(rows)
    for version, key, value, text_ in rows:
        session.add(
            Answer(
                id=random_id(),
                round_id=round_id,
                question_version=version,
                question_key=key,
                value=value,
                text=text_,
            )
        )


def close_round(session: Session, round_id: int, *, audit_key: bytes, actor: str) -> Round:
    """Close a round: count the participants, delete tokens and secret, reshuffle answers."""
    round_ = session.get(Round, round_id)
    if round_ is None:
        raise ImpactError("unknown round", code="ronde_onbekend")
    if not round_.is_open:
        raise ImpactError("round already closed", code="ronde_gesloten")
    round_.respondents = answered_count(session, round_)
    session.execute(delete(ParticipationToken).where(ParticipationToken.round_id == round_id))
    _reshuffle(session, round_id)
    round_.secret = None
    round_.status = ROUND_CLOSED
    round_.closed_at = utcnow()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="impact_ronde_gesloten",
        object_type="impact_round",
        object_id=str(round_.id),
        details={"team_id": round_.team_id, "deelnemers": round_.respondents},
    )
    session.flush()
    return round_
