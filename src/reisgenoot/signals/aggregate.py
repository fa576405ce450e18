"""Daily aggregates of registered contacts, computed in the database.

Times are stored in UTC and bucketed by their date in Europe/Amsterdam, in SQL:

- PostgreSQL (``timestamptz``): ``date(timezone('Europe/Amsterdam', plaatsgevonden_op))``;
- SQLite: ``date(plaatsgevonden_op, '+1 hours' | '+2 hours')`` with a CASE over the summer-time
  intervals (last Sunday of March 01:00 UTC … last Sunday of October 01:00 UTC) of the years
  in the requested range, passed in as literals.

Every query is one GROUP BY; Python only reshapes the grouped rows (a few thousand) into arrays.
Only registered contacts count (status ``bevestigd``); drafts do not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team, User
from reisgenoot.contacts.models import (
    Actor,
    Betrokkene,
    Klantcontact,
    Vraag,
    klantcontact_actoren,
)
from reisgenoot.knowledge.selfservice_models import Exchange, Rating

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REGISTERED = "bevestigd"
NEGATIVE_TONES = ("boos", "bezorgd")
HANDOFFS = (
    "Doorverbonden naar afdeling",
    "Doorverbonden naar collega",
    "Klant neemt opnieuw contact op",
)
REPEAT_DAYS = 7

IntArray = npt.NDArray[np.int64]

KC = Klantcontact.__table__
VR = Vraag.__table__
BT = Betrokkene.__table__
EX = Exchange.__table__
RT = Rating.__table__


def utc_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """UTC instants of local midnight at ``since`` and after ``until`` (half-open)."""

    def at(day: date) -> datetime:
        return datetime.combine(day, time(0), AMSTERDAM).astimezone(UTC)

    return at(since), at(until + timedelta(days=1))


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def summer_intervals(first: int, last: int) -> list[tuple[datetime, datetime]]:
    """CEST intervals in naive UTC for the years ``first`` … ``last`` (EU rule since 1996)."""
    return [
        (
            datetime.combine(_last_sunday(year, 3), time(1)),
            datetime.combine(_last_sunday(year, 10), time(1)),
        )
        for year in range(first, last + 1)
    ]


def _sqlite_stamp(moment: datetime) -> ColumnElement[Any]:
    return literal_column(f"'{moment:%Y-%m-%d %H:%M:%S}'")


def local_day(column: Any, dialect: str, lo: datetime, hi: datetime) -> ColumnElement[Any]:
    """SQL for the Europe/Amsterdam date of a UTC timestamp column."""
    if dialect == "postgresql":
        return func.date(func.timezone(literal_column("'Europe/Amsterdam'"), column))
    summer = or_(
        *(
            and_(column >= _sqlite_stamp(a), column < _sqlite_stamp(b))
            for a, b in summer_intervals(lo.year, hi.year)
        )
    )
    shift = case((summer, literal_column("'+2 hours'")), else_=literal_column("'+1 hours'"))
    return func.date(column, shift)


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _scope(lo: datetime, hi: datetime, team_id: int | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        KC.c.plaatsgevonden_op >= lo,
        KC.c.plaatsgevonden_op < hi,
        KC.c.status == REGISTERED,
    ]
    if team_id is not None:
        conditions.append(KC.c.team_id == team_id)
    return conditions


def _flag(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


@dataclass(frozen=True, slots=True)
class Cells:
    """Daily counts per topic and channel: arrays of shape (days, topics, kanalen)."""

    days: list[date]
    topics: list[str]
    kanalen: list[str]
    contacts: IntArray
    negative: IntArray  # tone boos or bezorgd
    toned: IntArray  # tone known
    handoffs: IntArray  # doorverbonden / klant neemt opnieuw contact op

    @property
    def empty(self) -> bool:
        return not self.topics


def _daily_statement(dialect: str, lo: datetime, hi: datetime, team_id: int | None) -> Select[Any]:
    inner = (
        select(
            local_day(KC.c.plaatsgevonden_op, dialect, lo, hi).label("d"),
            VR.c.upl.label("upl"),
            KC.c.kanaal.label("kanaal"),
            KC.c.tone.label("tone"),
            VR.c.gespreksresultaat.label("uitkomst"),
        )
        .select_from(VR.join(KC, VR.c.klantcontact_id == KC.c.id))
        .where(*_scope(lo, hi, team_id))
        .subquery()
    )
    return select(
        inner.c.d,
        inner.c.upl,
        inner.c.kanaal,
        func.count(),
        _flag(inner.c.tone.in_(NEGATIVE_TONES)),
        _flag(inner.c.tone.is_not(None)),
        _flag(inner.c.uitkomst.in_(HANDOFFS)),
    ).group_by(inner.c.d, inner.c.upl, inner.c.kanaal)


def daily_cells(session: Session, since: date, until: date, team_id: int | None = None) -> Cells:
    """Per local day × UPL topic × kanaal: contacts, negative tone, tone known, hand-offs.

    A contact with questions on two topics counts once for each topic.
    """
    lo, hi = utc_bounds(since, until)
    rows = session.execute(_daily_statement(_dialect(session), lo, hi, team_id)).all()
    days = [since + timedelta(days=i) for i in range((until - since).days + 1)]
    topics = sorted({str(r[1]) for r in rows})
    kanalen = sorted({str(r[2]) for r in rows})
    shape = (len(days), len(topics), len(kanalen))
    arrays = [np.zeros(shape, dtype=np.int64) for _ in range(4)]
    if rows:
        day_index = {d: i for i, d in enumerate(days)}
        topic_index = {t: i for i, t in enumerate(topics)}
        kanaal_index = {k: i for i, k in enumerate(kanalen)}
        index = np.array(
            [
                (day_index[as_date(r[0])], topic_index[str(r[1])], kanaal_index[str(r[2])])
                for r in rows
            ],
            dtype=np.int64,
        ).T
        values = np.array([r[3:7] for r in rows], dtype=np.int64).T
        for array, column in zip(arrays, values, strict=True):
            array[index[0], index[1], index[2]] = column
    return Cells(days, topics, kanalen, *arrays)


def latest_contact_day(session: Session, team_id: int | None = None) -> date | None:
    """The local date of the newest registered contact, or None for an empty database."""
    statement = select(func.max(KC.c.plaatsgevonden_op)).where(KC.c.status == REGISTERED)
    if team_id is not None:
        statement = statement.where(KC.c.team_id == team_id)
    latest = session.scalar(statement)
    if latest is None:
        return None
    moment = latest if isinstance(latest, datetime) else datetime.fromisoformat(str(latest))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(AMSTERDAM).date()


@dataclass(frozen=True, slots=True)
class RepeatCell:
    """Contacts of identifiable residents on one topic in one period, and the repeats."""

    contacts: int
    people: int
    repeats: int
    repeat_people: int


def _person_key() -> ColumnElement[Any]:
    parts = (BT.c.voornaam, BT.c.voorvoegsel_achternaam, BT.c.achternaam, BT.c.organisatienaam)
    key: ColumnElement[Any] = func.lower(parts[0])
    for part in parts[1:]:
        key = key.concat("|").concat(func.lower(part))
    return key


def _within_days(dialect: str, later: Any, earlier: Any, days: int) -> ColumnElement[bool]:
    if dialect == "postgresql":
        condition: ColumnElement[bool] = later - earlier <= literal_column(
            f"interval '{days} days'"
        )
        return condition
    return func.julianday(later) - func.julianday(earlier) <= days


def repeat_cells(
    session: Session,
    since: date,
    window_start: date,
    until: date,
    team_id: int | None = None,
) -> dict[tuple[str, int], RepeatCell]:
    """Per (topic, part): part 0 is [since, window_start), part 1 is [window_start, until].

    A repeat is a contact of a resident (a betrokkene with a name) who had a contact on the
    same UPL topic at most 7 days before. The name is only a grouping key inside the query.
    """
    dialect = _dialect(session)
    lo, hi = utc_bounds(since - timedelta(days=REPEAT_DAYS), until)
    start, _ = utc_bounds(since, since)
    split, _ = utc_bounds(window_start, window_start)
    person = _person_key().label("person")
    named = or_(BT.c.achternaam != "", BT.c.organisatienaam != "")
    base = (
        select(KC.c.plaatsgevonden_op.label("t"), VR.c.upl.label("upl"), person)
        .select_from(
            VR.join(KC, VR.c.klantcontact_id == KC.c.id).join(BT, BT.c.klantcontact_id == KC.c.id)
        )
        .where(*_scope(lo, hi, team_id), named)
        .subquery()
    )
    previous = (
        func.lag(base.c.t).over(partition_by=(base.c.person, base.c.upl), order_by=base.c.t)
    ).label("prev")
    lagged = select(base.c.t, base.c.upl, base.c.person, previous).subquery()
    is_repeat = and_(
        lagged.c.prev.is_not(None), _within_days(dialect, lagged.c.t, lagged.c.prev, REPEAT_DAYS)
    )
    part = case((lagged.c.t >= split, 1), else_=0).label("part")
    statement = (
        select(
            part,
            lagged.c.upl,
            func.count(),
            func.count(distinct(lagged.c.person)),
            _flag(is_repeat),
            func.count(distinct(case((is_repeat, lagged.c.person)))),
        )
        .where(lagged.c.t >= start)
        .group_by(part, lagged.c.upl)
    )
    return {
        (str(r[1]), int(r[0])): RepeatCell(int(r[2]), int(r[3]), int(r[4] or 0), int(r[5]))
        for r in session.execute(statement)
    }


def question_texts(
    session: Session, since: date, until: date, team_id: int | None = None, limit: int = 4000
) -> list[tuple[str, str, int]]:
    """The most frequent (specifieke vraag, UPL) pairs of a period, with their counts."""
    lo, hi = utc_bounds(since, until)
    count = func.count().label("n")
    statement = (
        select(VR.c.specifieke_vraag, VR.c.upl, count)
        .select_from(VR.join(KC, VR.c.klantcontact_id == KC.c.id))
        .where(*_scope(lo, hi, team_id), VR.c.specifieke_vraag != "")
        .group_by(VR.c.specifieke_vraag, VR.c.upl)
        .order_by(count.desc(), VR.c.specifieke_vraag)
        .limit(limit)
    )
    return [(str(r[0]), str(r[1]), int(r[2])) for r in session.execute(statement)]


@dataclass(frozen=True, slots=True)
class ExampleQuery:
    """Which contacts may serve as examples of a signal."""

    topics: Sequence[str] = ()
    kanaal: str | None = None
    negative_tone: bool = False
    handoff: bool = False
    questions: Sequence[str] = ()
    unhelpful_chat: bool = False  # chat questions whose answer was rated "niet nuttig"


def example_subjects(
    session: Session,
    since: date,
    until: date,
    query: ExampleQuery,
    team_id: int | None = None,
    limit: int = 3,
) -> list[str]:
    """A few of the newest matching contacts, without repeats (not redacted): for a signal on
    topics, the matching question (``upl (specifieke vraag)``, so that a contact with two
    questions shows the one the signal is about); otherwise the contact's ``onderwerp``."""
    lo, hi = utc_bounds(since, until)
    if query.unhelpful_chat:
        return _unhelpful_questions(session, (lo, hi), query.topics, limit)
    conditions = _scope(lo, hi, team_id)
    if query.topics:
        conditions.append(VR.c.upl.in_(list(query.topics)))
    if query.kanaal is not None:
        conditions.append(KC.c.kanaal == query.kanaal)
    if query.negative_tone:
        conditions.append(KC.c.tone.in_(NEGATIVE_TONES))
    if query.handoff:
        conditions.append(VR.c.gespreksresultaat.in_(HANDOFFS))
    if query.questions:
        conditions.append(VR.c.specifieke_vraag.in_(list(query.questions)))
    statement = (
        select(KC.c.onderwerp, VR.c.upl, VR.c.specifieke_vraag)
        .select_from(VR.join(KC, VR.c.klantcontact_id == KC.c.id))
        .where(*conditions)
        .order_by(KC.c.plaatsgevonden_op.desc())
        .limit(limit * 10)
    )
    by_question = bool(query.topics or query.questions)
    texts = (
        f"{upl} ({question})" if by_question and upl and question else str(onderwerp)
        for onderwerp, upl, question in session.execute(statement)
    )
    newest = dict.fromkeys(texts)
    return list(newest)[:limit]


def _unhelpful_questions(
    session: Session, bounds: tuple[datetime, datetime], topics: Sequence[str], limit: int
) -> list[str]:
    """The newest chat questions on ``topics`` whose answer was rated "niet nuttig" (stored
    redacted already; the caller redacts again)."""
    statement = (
        select(EX.c.question)
        .select_from(RT.join(EX, RT.c.exchange_id == EX.c.id))
        .where(
            RT.c.at >= bounds[0],
            RT.c.at < bounds[1],
            RT.c.helpful.is_(False),
            EX.c.topic.in_(list(topics)),
        )
        .order_by(RT.c.at.desc())
        .limit(limit * 10)
    )
    newest = dict.fromkeys(str(r) for r in session.scalars(statement))
    return list(newest)[:limit]


@dataclass(frozen=True, slots=True)
class RatingCell:
    """Ratings of the self-service chat's answers on one topic."""

    topic: str
    rated: int
    not_helpful: int
    chats: int  # distinct chats (anonymous residents) that rated


def rating_cells(session: Session, since: date, until: date) -> list[RatingCell]:
    """Per topic: ratings of chat answers given ``[since, until]`` (local days), one GROUP BY."""
    lo, hi = utc_bounds(since, until)
    rows = session.execute(
        select(
            EX.c.topic,
            func.count(RT.c.id),
            func.count(RT.c.id).filter(RT.c.helpful.is_(False)),
            func.count(distinct(EX.c.chat_id)),
        )
        .select_from(RT.join(EX, RT.c.exchange_id == EX.c.id))
        .where(RT.c.at >= lo, RT.c.at < hi, EX.c.topic.is_not(None))
        .group_by(EX.c.topic)
    ).all()
    return sorted(
        (RatingCell(str(t), int(n), int(x), int(c)) for t, n, x, c in rows), key=lambda c: c.topic
    )


def team_id_by_name(session: Session, name: str) -> int | None:
    return session.scalar(select(Team.id).where(Team.name == name))


def team_people(session: Session, team_id: int, since: date, until: date) -> int:
    """People in a team: its accounts, or the employees on its contacts if that is more."""
    accounts = session.scalar(select(func.count()).where(User.team_id == team_id)) or 0
    lo, hi = utc_bounds(since, until)
    link = klantcontact_actoren
    actors = session.scalar(
        select(func.count(distinct(link.c.actor_id)))
        .select_from(
            link.join(KC, link.c.klantcontact_id == KC.c.id).join(
                Actor.__table__, Actor.__table__.c.id == link.c.actor_id
            )
        )
        .where(*_scope(lo, hi, team_id), Actor.__table__.c.soort_actor == "medewerker")
    )
    return max(int(accounts), int(actors or 0))
