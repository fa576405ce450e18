"""Rounds, one-time participation tokens and anonymous answers.

How a submission stays anonymous, also for someone who copies the database files (see
``docs/impact.md``):

1. The answers are checked first, so a wrong form never uses up the token.
2. One transaction, started by locking the round row (submissions of a round and its closing
   take turns): the person's token is looked up — an HMAC of round and user under a key outside
   the database (:mod:`reisgenoot.impact.sealing`) — and refused when already used. The answers
   go into one sealed envelope of fixed size. Then *all* tokens and envelopes of the round are
   deleted and written again in a new random order, envelopes with new random ids: after the
   commit, every token and envelope of the round looks as old as every other.
3. Closing the round opens the envelopes, writes the single answers of everyone together in
   one random order with random ids (no block per person), and deletes tokens and envelopes.
4. On SQLite the deletes run with ``PRAGMA secure_delete`` (freed space is overwritten with
   zeros) and every submission and closing ends with ``PRAGMA wal_checkpoint(TRUNCATE)``, so
   the ``-wal`` file does not keep earlier page images.

While a round is open, pages say only whether 5 people took part ("nog geen 5", "5 of meer").
No audit event is written per answer (contracts §10): only opening and closing a round are
audited, with counts.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, event, func, insert, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team, User
from reisgenoot.impact.models import (
    ROUND_CLOSED,
    ROUND_OPEN,
    Answer,
    Envelope,
    ParticipationToken,
    Round,
    random_id,
)
from reisgenoot.impact.questions import ImpactError, QuestionSetData, current, get
from reisgenoot.impact.sealing import intact, participation_token, seal, unseal
from reisgenoot.language.pii import redact
from reisgenoot.log import get_logger
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

K = 5  # every figure rests on at least this many people
MIN_ANSWERED_SHARE = 0.5  # below this share of statements the page asks "toch versturen?"
MAX_OPEN_ANSWER = 2000
CHECKPOINT_WAIT_MS = 5000
_random = secrets.SystemRandom()
_log = get_logger(__name__)


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
    """Open the next round for a team and issue a token to each current member.

    ``audit_key`` signs the audit event and is the master key of the tokens (it never lives in
    the database).
    """
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
    )
    session.add(round_)
    session.flush()
    tokens = [participation_token(audit_key, round_.id, u) for u in team_members(session, team_id)]
    _random.shuffle(tokens)
    if tokens:
        session.execute(
            insert(ParticipationToken),
            [{"round_id": round_.id, "token_hash": t, "answered": False} for t in tokens],
        )
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


def has_answered(session: Session, round_: Round, user_id: int, *, key: bytes) -> bool:
    """Whether ``user_id`` used their token in this open round (``key``: the audit key)."""
    if not round_.is_open:
        return False
    token = session.get(
        ParticipationToken, (round_.id, participation_token(key, round_.id, user_id))
    )
    return bool(token and token.answered)


def answered_count(session: Session, round_: Round) -> int:
    """How many people took part. Exact once the round is closed; pages show an open round
    only through :func:`participation_label`."""
    if not round_.is_open:
        return round_.respondents
    statement = select(func.count()).where(
        ParticipationToken.round_id == round_.id, ParticipationToken.answered.is_(True)
    )
    return int(session.scalar(statement) or 0)


def participation_label(session: Session, round_: Round) -> str:
    """What a page may say about participation: the number once closed; while open only
    whether the threshold is reached, so nobody can watch one colleague's answer arrive."""
    if not round_.is_open:
        return str(round_.respondents)
    return f"{K} of meer" if answered_count(session, round_) >= K else f"nog geen {K}"


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


@dataclass(frozen=True, slots=True)
class Completeness:
    """How many statements of the questionnaire a form answers."""

    answered: int
    total: int

    @property
    def mostly_empty(self) -> bool:
        """Fewer than half of the statements: the page asks whether to send anyway."""
        return self.answered < self.total * MIN_ANSWERED_SHARE


def completeness(questions: QuestionSetData, form: Mapping[str, str]) -> Completeness:
    keys = [s.key for d in questions.dimensions for s in d.statements]
    return Completeness(sum(1 for k in keys if form.get(k, "").strip()), len(keys))


def _encode(answers: Sequence[CleanAnswer]) -> bytes:
    items = [[a.question_key, a.value, a.text] for a in answers]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()


def _decode(content: bytes) -> list[CleanAnswer]:
    items: list[list[Any]] = json.loads(content.decode())
    return [CleanAnswer(str(key), value=value, text=text_) for key, value, text_ in items]


def _start_round_transaction(session: Session, round_id: int) -> Round:
    """Begin the write transaction by locking the open round's row.

    Submissions of one round and its closing rewrite the same rows, so they take turns: on
    PostgreSQL through the row lock, on SQLite because the first statement is a write. On
    SQLite ``secure_delete`` is switched on for this connection, so deleted rows are zeroed.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))
    locked = session.execute(
        update(Round)
        .where(Round.id == round_id, Round.status == ROUND_OPEN)
        .values(status=ROUND_OPEN)
        .execution_options(synchronize_session=False)
    )
    if getattr(locked, "rowcount", 0) != 1:
        if session.get(Round, round_id) is None:
            raise ImpactError("unknown round", code="ronde_onbekend")
        raise ImpactError("round not open", code="ronde_gesloten")
    round_ = session.get(Round, round_id, populate_existing=True)
    assert round_ is not None
    return round_


def _rewrite(session: Session, round_id: int, tokens: dict[str, bool], sealed: list[bytes]) -> None:
    """Delete and re-insert every token and envelope of the round in a new random order."""
    session.execute(delete(ParticipationToken).where(ParticipationToken.round_id == round_id))
    session.execute(delete(Envelope).where(Envelope.round_id == round_id))
    token_rows = [{"round_id": round_id, "token_hash": t, "answered": a} for t, a in tokens.items()]
    _random.shuffle(token_rows)
    _random.shuffle(sealed)
    if token_rows:
        session.execute(insert(ParticipationToken), token_rows)
    if sealed:
        session.execute(
            insert(Envelope),
            [{"id": random_id(), "round_id": round_id, "sealed": s} for s in sealed],
        )


def wipe_traces(engine: Engine) -> None:
    """SQLite: copy the WAL into the database file and truncate it, so the ``-wal`` file keeps
    no earlier page images. Waits at most :data:`CHECKPOINT_WAIT_MS` for other readers; when it
    cannot finish, the next write tries again. PostgreSQL: nothing to do here (see the docs)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        wait = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        try:
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if busy is not None and busy[0]:
                _log.warning("teamdialoog: WAL niet helemaal geleegd, readers waren bezig")
        except OperationalError:
            _log.warning("teamdialoog: WAL niet geleegd, de database was bezet")
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait or 0)}")


def submit(database: Database, round_id: int, user_id: int, form: Mapping[str, str]) -> int:
    """Store one person's answers anonymously; returns how many answers were given.

    The key comes from the installation's settings (the audit key, never in the database).
    Raises :class:`ImpactError` (``al_ingevuld``) on a second attempt, (``ronde_gesloten``)
    when the round is not open and (``geen_lid``) for someone outside the team.
    """
    key = database.settings.audit_secret()
    with database.session() as session:
        found = session.get(Round, round_id)
        if found is None:
            raise ImpactError("unknown round", code="ronde_onbekend")
        answers = clean_answers(get(session, found.question_version), form)
    envelope = seal(key, round_id, _encode(answers))
    with database.session() as session:
        round_ = _start_round_transaction(session, round_id)
        members = team_members(session, round_.team_id)
        if user_id not in members:
            raise ImpactError("not a member", code="geen_lid")
        mine = participation_token(key, round_id, user_id)
        rows = session.execute(
            select(ParticipationToken.token_hash, ParticipationToken.answered).where(
                ParticipationToken.round_id == round_id
            )
        )
        tokens = {token: bool(answered) for token, answered in rows}
        # Whoever submits, people who joined the team since the opening get their token now:
        # a new token then never shows that the newcomer was the one who answered.
        for member in members:
            tokens.setdefault(participation_token(key, round_id, member), False)
        if tokens.get(mine):
            raise ImpactError("already answered", code="al_ingevuld")
        tokens[mine] = True
        sealed = list(session.scalars(select(Envelope.sealed).where(Envelope.round_id == round_id)))
        _rewrite(session, round_id, tokens, [*sealed, envelope])
    wipe_traces(database.engine)
    return len(answers)


def _open_envelopes(key: bytes, round_id: int, sealed: Sequence[bytes]) -> list[list[CleanAnswer]]:
    """The submissions whose envelope opens with ``key``; the others are left out."""
    opened: list[list[CleanAnswer]] = []
    for envelope in sealed:
        try:
            opened.append(_decode(unseal(key, round_id, envelope)))
        except ImpactError:
            continue
    return opened


def unreadable(session: Session, round_: Round, key: bytes) -> int:
    """How many envelopes of an open round do not open with ``key`` (a changed or lost key)."""
    sealed = session.scalars(select(Envelope.sealed).where(Envelope.round_id == round_.id))
    return sum(1 for envelope in sealed if not intact(key, round_.id, envelope))


def close_round(
    session: Session,
    round_id: int,
    *,
    audit_key: bytes,
    actor: str,
    discard_unreadable: bool = False,
) -> Round:
    """Close a round: open the envelopes, write all answers at once in random order, delete
    tokens and envelopes, and keep only the number of participants.

    An envelope that does not open (the key was changed or lost) stops the closing with
    ``envelop_onleesbaar``, so the old key can be put back; with ``discard_unreadable`` the
    round closes without those submissions (their number is audited, nothing else).
    """
    round_ = _start_round_transaction(session, round_id)
    sealed = list(session.scalars(select(Envelope.sealed).where(Envelope.round_id == round_id)))
    submissions = _open_envelopes(audit_key, round_id, sealed)
    lost = len(sealed) - len(submissions)
    if lost and not discard_unreadable:
        raise ImpactError("envelopes do not open", code="envelop_onleesbaar", count=lost)
    answers = [a for submission in submissions for a in submission]
    _random.shuffle(answers)
    session.execute(delete(ParticipationToken).where(ParticipationToken.round_id == round_id))
    session.execute(delete(Envelope).where(Envelope.round_id == round_id))
    if answers:
        session.execute(
            insert(Answer),
            [
                {
                    "id": random_id(),
                    "round_id": round_id,
                    "question_version": round_.question_version,
                    "question_key": a.question_key,
                    "value": a.value,
                    "text": a.text,
                }
                for a in answers
            ],
        )
    round_.respondents = len(submissions)
    round_.status = ROUND_CLOSED
    round_.closed_at = utcnow()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="impact_ronde_gesloten",
        object_type="impact_round",
        object_id=str(round_.id),
        details={"team_id": round_.team_id, "deelnemers": round_.respondents}
        | ({"onleesbaar": lost} if lost else {}),
    )
    session.flush()
    engine = session.get_bind()
    if isinstance(engine, Engine):
        event.listen(session, "after_commit", lambda _s: wipe_traces(engine), once=True)
    return round_
