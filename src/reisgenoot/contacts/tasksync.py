"""Keeping the status of interne taken in step with Open Klant, both ways.

Once an interne taak is in Open Klant (:mod:`reisgenoot.contacts.sending` stores its uuid and
the status it sent), ``InterneTaak.openklant_status`` is the status Open Klant has as far as
Reisgenoot knows. Then:

- **push** (:func:`push_statuses`): a task whose local status differs — a step on the work list
  (:mod:`reisgenoot.contacts.worklist`: ``te_verwerken`` ↔ ``verwerkt``) — is sent with
  ``PATCH /internetaken/{uuid}`` (``status``, ``afgehandeldOp``). The queue is the database
  itself: what is not in step is tried again by the next run; retries, backoff and the circuit
  breaker are those of the sender. Triggers: a background task after each work-list step, and
  ``reisgenoot contacts send``.
- **pull** (:func:`pull_statuses`): for tasks in step, ``GET /internetaken/{uuid}``; a status
  changed in Open Klant (handled there, or reopened) becomes the local status, as a step in the
  request's history by "Open Klant" (audited). A task changed on both sides keeps the local
  change: it is pushed, never overwritten. Trigger: ``reisgenoot contacts send`` (cron).

Audit events hold the uuids and statuses, never the task's text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from reisgenoot.contacts import worklist
from reisgenoot.contacts.breaker import OpenKlantBreaker
from reisgenoot.contacts.models import InterneTaak, Klantcontact
from reisgenoot.contacts.openklant import iso
from reisgenoot.contacts.openklant_http import OpenKlantClient, SendError, make_client
from reisgenoot.contacts.requests import DONE, OPEN
from reisgenoot.contacts.sending import MAX_BACKOFF, is_configured, send_pending
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

JOB = "openklant.taakstatus"  # the background task after a work-list step (ops.tasks)
LOG = get_logger(__name__)
STATUSES = (OPEN, DONE)
PULL_RECENT = timedelta(days=14)  # handled tasks are still checked for a reopening this long
PULL_LIMIT = 500

__all__ = ["TaskSyncReport", "pull_statuses", "push_statuses", "sync_quietly"]


@dataclass(slots=True)
class TaskSyncReport:
    configured: bool
    pushed: list[str] = field(default_factory=list)  # interne taak uuids (local)
    pulled: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    postponed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "taakstatus_verzonden": len(self.pushed),
            "taakstatus_opgehaald": len(self.pulled),
            "taakstatus_niet_gelukt": len(self.failed),
            "taakstatus_uitgesteld": len(self.postponed),
        }


@dataclass(frozen=True, slots=True)
class _Pending:
    task_id: int
    task_uuid: str
    remote: str
    status: str
    done_at: datetime | None
    contact_uuid: str


def _retrying(call: Callable[[], Any], settings: Settings, sleep: Callable[[float], None]) -> Any:
    wait = settings.openklant_backoff_seconds
    for attempt in range(1, settings.openklant_max_attempts + 1):
        try:
            return call()
        except SendError as failure:
            if not failure.retryable or attempt == settings.openklant_max_attempts:
                raise
        sleep(min(wait, MAX_BACKOFF))
        wait *= 2
    raise SendError("geen pogingen over", retryable=True)  # pragma: no cover


def _out_of_step(session: Session, contact_uuids: Sequence[str] | None) -> list[_Pending]:
    query = (
        select(InterneTaak, Klantcontact.uuid)
        .join(Klantcontact, Klantcontact.id == InterneTaak.klantcontact_id)
        .where(
            InterneTaak.openklant_uuid.is_not(None),
            or_(
                InterneTaak.openklant_status.is_(None),
                InterneTaak.openklant_status != InterneTaak.status,
            ),
        )
        .order_by(InterneTaak.id)
    )
    if contact_uuids is not None:
        query = query.where(Klantcontact.uuid.in_(list(contact_uuids)))
    return [
        _Pending(t.id, t.uuid, str(t.openklant_uuid), t.status, t.afgehandeld_op, uuid)
        for t, uuid in session.execute(query)
    ]


def _body(item: _Pending) -> dict[str, Any]:
    done = item.done_at if item.status == DONE else None
    return {"status": item.status, "afgehandeldOp": iso(done) if done is not None else None}


def _pushed(database: Database, settings: Settings, item: _Pending, actor: str) -> None:
    with database.session() as session:
        task = session.get(InterneTaak, item.task_id)
        if task is None or task.status != item.status:
            return  # changed again meanwhile: the next run sends the new status
        task.openklant_status = item.status
        audit.record(
            session,
            settings.audit_secret(),
            actor=actor,
            action="openklant_taakstatus_verzonden",
            object_type="klantcontact",
            object_id=item.contact_uuid,
            details={"interne_taak": item.task_uuid, "status": item.status},
        )


def push_statuses(
    database: Database,
    settings: Settings,
    *,
    client: OpenKlantClient | None = None,
    uuids: Sequence[str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    actor: str = "systeem",
) -> TaskSyncReport:
    """Send local status changes of interne taken (of contacts ``uuids`` only, when given)."""
    report = TaskSyncReport(configured=is_configured(settings))
    if not report.configured:
        return report
    with database.session() as session:
        pending = _out_of_step(session, uuids)
    if not pending:
        return report
    active = client if client is not None else make_client(settings)
    breaker = OpenKlantBreaker.of(database, settings)
    try:
        for item in pending:
            if breaker.open_until() is not None:
                report.postponed.append(item.task_uuid)
                continue
            path, body = f"internetaken/{item.remote}", _body(item)
            try:
                _retrying(lambda: active.patch(path, body), settings, sleep)  # noqa: B023
            except SendError as failure:
                LOG.warning(
                    "Open Klant: taakstatus %s niet verzonden: %s", item.task_uuid, failure.reason
                )
                report.failed.append(item.task_uuid)
                if failure.retryable:
                    breaker.failed()
                continue
            breaker.succeeded()
            _pushed(database, settings, item, actor)
            report.pushed.append(item.task_uuid)
    finally:
        if client is None:
            active.close()
    return report


def _in_step(session: Session, limit: int) -> list[tuple[int, str, str]]:
    """Tasks whose status Open Klant has (id, uuid there, status): open ones, and recently
    handled ones (they may be reopened there)."""
    since = utcnow() - PULL_RECENT
    query = (
        select(InterneTaak.id, InterneTaak.openklant_uuid, InterneTaak.status)
        .where(
            InterneTaak.openklant_uuid.is_not(None),
            InterneTaak.openklant_status == InterneTaak.status,
            or_(InterneTaak.status == OPEN, InterneTaak.afgehandeld_op >= since),
        )
        .order_by(InterneTaak.id)
        .limit(limit)
    )
    return [(task_id, str(remote), status) for task_id, remote, status in session.execute(query)]


def _apply_remote(
    database: Database, settings: Settings, task_id: int, expected: str, remote_status: str
) -> str | None:
    with database.session() as session:
        task = session.get(InterneTaak, task_id)
        if task is None or task.status != expected or task.openklant_status != expected:
            return None  # changed here meanwhile: local wins, it is pushed
        contact = session.get(Klantcontact, task.klantcontact_id)
        if contact is None:
            return None
        worklist.from_open_klant(
            session, contact, task, remote_status, audit_key=settings.audit_secret()
        )
        return task.uuid


def pull_statuses(
    database: Database,
    settings: Settings,
    *,
    client: OpenKlantClient | None = None,
    limit: int = PULL_LIMIT,
    sleep: Callable[[float], None] = time.sleep,
) -> TaskSyncReport:
    """Take over status changes made in Open Klant for tasks that are in step."""
    report = TaskSyncReport(configured=is_configured(settings))
    if not report.configured:
        return report
    with database.session() as session:
        tasks = _in_step(session, limit)
    if not tasks:
        return report
    active = client if client is not None else make_client(settings)
    breaker = OpenKlantBreaker.of(database, settings)
    try:
        for task_id, remote, local in tasks:
            if breaker.open_until() is not None:
                break
            try:
                answer = _retrying(lambda: active.get(f"internetaken/{remote}"), settings, sleep)  # noqa: B023
            except SendError as failure:
                if failure.retryable:
                    breaker.failed()
                continue
            breaker.succeeded()
            status = answer.get("status") if isinstance(answer, dict) else None
            if status in STATUSES and status != local:
                changed = _apply_remote(database, settings, task_id, local, str(status))
                if changed is not None:
                    report.pulled.append(changed)
    finally:
        if client is None:
            active.close()
    return report


def sync_quietly(database: Database, settings: Settings, uuids: Iterable[str], actor: str) -> None:
    """For a background task after a work-list step: send the contact if Open Klant does not
    have it yet, then its task's status. A failure is logged; the next run tries again."""
    wanted = list(uuids)
    try:
        send_pending(database, settings, uuids=wanted, actor=actor)
        push_statuses(database, settings, uuids=wanted, actor=actor)
    except Exception as exc:
        LOG.error("Open Klant: taakstatus op de achtergrond mislukt (%s)", type(exc).__name__)
