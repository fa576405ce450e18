"""The retention purge: delete, per kind of data, what is past its retention period.

:func:`purge` runs from ``reisgenoot retention purge`` and from the web app's nightly run
(:mod:`reisgenoot.learning.nightly`, composed in ``create_app``). Per kind
(:mod:`reisgenoot.privacy.retention`):

- **klantcontacten** whose moment (``plaatsgevonden_op``, else when it was stored) is older than
  the period, except while an interne taak is still open; the database deletes their
  questions, betrokkenen, interne taken, turns, identifier hashes, Open Klant bookkeeping and
  learning examples with them (``ON DELETE CASCADE``);
- **gespreksbeurten** of contacts older than their (shorter) period, same exception;
- **chats** of the digital assistant whose last question is older than the period, with their
  exchanges, ratings and learning examples;
- **leervoorbeelden** older than the period;
- **auditlogboek**: the oldest events, from the start of the chain, kept verifiable by
  :func:`reisgenoot.store.audit_trim.trim`.

Kept call audio (``REISGENOOT_SPEECH_KEEP_AUDIO_DAYS``) past its period is removed too. With
``dry_run`` nothing changes and the counts say what would go. The purge is audited
(``bewaartermijnen_toegepast``, counts only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Delete, Select, delete, exists, func, select
from sqlalchemy.orm import Session

from reisgenoot.contacts.models import InterneTaak, Klantcontact, Turn
from reisgenoot.contacts.requests import DONE
from reisgenoot.errors import AuditError
from reisgenoot.knowledge.selfservice_models import Chat
from reisgenoot.learning.models import Example
from reisgenoot.log import get_logger
from reisgenoot.privacy import retention
from reisgenoot.privacy.retention import AUDIT, CHATS, CONTACTS, EXAMPLES, TURNS, Kind
from reisgenoot.settings import Settings
from reisgenoot.speech.retention import AudioStore
from reisgenoot.store import audit
from reisgenoot.store.audit_trim import trim
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

log = get_logger(__name__)
ACTION = "bewaartermijnen_toegepast"


@dataclass(frozen=True, slots=True)
class KindResult:
    kind: Kind
    days: int
    cutoff: datetime
    count: int

    def as_dict(self) -> dict[str, object]:
        return {
            "soort": self.kind.key,
            "dagen": self.days,
            "ouder_dan": self.cutoff.isoformat(timespec="seconds"),
            "aantal": self.count,
        }


@dataclass(slots=True)
class PurgeReport:
    dry_run: bool
    results: list[KindResult] = field(default_factory=list)
    audio: int = 0
    problems: list[str] = field(default_factory=list)  # Dutch

    @property
    def total(self) -> int:
        return sum(result.count for result in self.results)

    def as_dict(self) -> dict[str, object]:
        return {
            "proefdraai": self.dry_run,
            "soorten": [result.as_dict() for result in self.results],
            "audio": self.audio,
            "problemen": self.problems,
        }


def contact_moment() -> ColumnElement[datetime]:
    return func.coalesce(Klantcontact.plaatsgevonden_op, Klantcontact.created_at)


def _no_open_task() -> ColumnElement[bool]:
    return ~exists().where(
        InterneTaak.klantcontact_id == Klantcontact.id, InterneTaak.status != DONE
    )


def _expired_contacts(cutoff: datetime) -> Select[Any]:
    return select(Klantcontact.id).where(contact_moment() < cutoff, _no_open_task())


def _statements(cutoffs: dict[str, datetime]) -> list[tuple[Kind, Select[Any], Delete]]:
    """Per kind: how to count what is past its period, and how to delete it."""
    turns = _expired_contacts(cutoffs[TURNS.key])
    contacts = _expired_contacts(cutoffs[CONTACTS.key])
    chats = Chat.last_at < cutoffs[CHATS.key]
    examples = Example.created_at < cutoffs[EXAMPLES.key]
    return [
        (
            TURNS,
            select(func.count(Turn.id)).where(Turn.klantcontact_id.in_(turns)),
            delete(Turn).where(Turn.klantcontact_id.in_(turns)),
        ),
        (
            CONTACTS,
            select(func.count()).select_from(contacts.subquery()),
            delete(Klantcontact).where(Klantcontact.id.in_(contacts)),
        ),
        (CHATS, select(func.count(Chat.id)).where(chats), delete(Chat).where(chats)),
        (
            EXAMPLES,
            select(func.count(Example.id)).where(examples),
            delete(Example).where(examples),
        ),
    ]


def _purge_rows(
    session: Session, settings: Settings, now: datetime, *, dry_run: bool
) -> list[KindResult]:
    periods = {which.key: retention.days(session, settings, which) for which in retention.KINDS}
    cutoffs = {key: now - timedelta(days=value) for key, value in periods.items()}
    results: list[KindResult] = []
    for which, count, remove in _statements(cutoffs):
        if dry_run:
            number = int(session.execute(count).scalar() or 0)
        else:
            outcome = session.execute(remove.execution_options(synchronize_session=False))
            number = int(getattr(outcome, "rowcount", 0) or 0)
        results.append(KindResult(which, periods[which.key], cutoffs[which.key], number))
    results.append(KindResult(AUDIT, periods[AUDIT.key], cutoffs[AUDIT.key], 0))
    return results


def purge(
    database: Database,
    settings: Settings,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    actor: str = "reisgenoot",
) -> PurgeReport:
    """Delete (or with ``dry_run`` count) everything past its retention period."""
    moment = now or utcnow()
    key = settings.audit_secret()
    report = PurgeReport(dry_run)
    with database.session() as session:
        report.results = _purge_rows(session, settings, moment, dry_run=dry_run)
        if not dry_run:
            audit.record(
                session, key, actor=actor, action=ACTION, object_type="bewaartermijnen",
                details={r.kind.key: r.count for r in report.results[:-1]},
            )  # fmt: skip
    audit_result = report.results[-1]
    try:
        with database.session() as session:
            trimmed = trim(session, key, before=audit_result.cutoff, actor=actor, dry_run=dry_run)
        report.results[-1] = KindResult(
            AUDIT, audit_result.days, audit_result.cutoff, trimmed.count
        )
    except AuditError as error:
        report.problems.append(error.dutch())
        log.warning("audit trail not trimmed: the chain is not intact")
    store = AudioStore(settings.home / "audio", settings.speech_keep_audio_days)
    if store.enabled and not dry_run:
        report.audio = store.purge(moment.timestamp())
    return report


def preview(session: Session, settings: Settings, now: datetime | None = None) -> list[KindResult]:
    """What a purge now would delete, per kind, without changing anything or locking the
    audit trail (for the beheerder's page; the audit count leaves out the events the trim
    must keep, the head and the anchored one, so it can be one or two too high)."""
    moment = now or utcnow()
    results = _purge_rows(session, settings, moment, dry_run=True)
    cutoff = results[-1].cutoff
    old_events = session.execute(
        select(func.count(audit.AuditEvent.seq)).where(audit.AuditEvent.at < cutoff)
    ).scalar()
    results[-1] = KindResult(AUDIT, results[-1].days, cutoff, int(old_events or 0))
    return results
