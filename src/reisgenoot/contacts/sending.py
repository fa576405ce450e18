"""Sending confirmed klantcontacten to Open Klant, with retries, never losing one.

:func:`send_pending` sends every confirmed, non-synthetic contact (and every contactverzoek
from the chat) that has not reached Open Klant yet: ``POST /maak-klantcontact`` and then ``POST /internetaken`` for each interne taak.
Time-outs, connection errors, 408, 429 and 5xx are retried with exponential backoff, at most
``openklant_max_attempts`` requests per step and run. The outcome is kept per contact in
:class:`~reisgenoot.contacts.records.OpenKlantDelivery` (status, attempts, the last error without
personal data, the remote uuid and url). A contact is never deleted or dropped: one that could
not be sent stays ``niet_verzonden`` (or ``fout`` when Open Klant refused it) and is tried again
by the next run. A sent contact is never sent twice: the remote uuid is stored after the first
step, and a short lease (``claimed_until``) keeps a cron run and the background task after
confirmation apart.

When Open Klant is down, the circuit breaker (:mod:`reisgenoot.contacts.breaker`) stops trying
after a few contacts in a row and for a cool-down: the rest of the run is ``postponed`` (still
queued) instead of each costing its time-outs. The HTTP client is in
:mod:`reisgenoot.contacts.openklant_http`.

Without ``openklant_url`` nothing is sent at all. Logs and audit events hold the contact's
uuid and the outcome, never the body (which may hold the betrokkene's name).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reisgenoot.contacts.breaker import OpenKlantBreaker
from reisgenoot.contacts.linking import local
from reisgenoot.contacts.models import InterneTaak, Klantcontact
from reisgenoot.contacts.openklant import (
    interne_taak_body,
    maak_klantcontact_body,
    remote_reference,
)
from reisgenoot.contacts.openklant import with_parts as contact_parts
from reisgenoot.contacts.openklant_http import OpenKlantClient, SendError, make_client
from reisgenoot.contacts.records import OpenKlantDelivery
from reisgenoot.contacts.requests import STATUS as REQUEST_STATUS
from reisgenoot.language.pii import redact
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

LOG = get_logger(__name__)
# Registrations an employee confirmed, and contactverzoeken from the chat (their interne taak
# is the work list's; contacts.tasksync keeps its status in step with Open Klant).
SENT_STATUSES = ("bevestigd", REQUEST_STATUS)
JOB = "openklant.versturen"  # the background task that sends (reisgenoot.ops.tasks)
LEASE = timedelta(minutes=5)
MAX_BACKOFF = 60.0


def is_configured(settings: Settings) -> bool:
    return bool(settings.openklant_url)


@dataclass(slots=True)
class SendReport:
    """What one run did: contacts sent, not sent, left to a run that holds them, or not tried
    because the circuit breaker was open (``postponed``; ``breaker_open_until`` says until when)."""

    configured: bool
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)
    postponed: list[str] = field(default_factory=list)
    breaker_open_until: datetime | None = None

    @property
    def complete(self) -> bool:
        """Every pending contact was sent (or is being sent by another run)."""
        return not self.failed and not self.postponed

    def as_dict(self) -> dict[str, Any]:
        return {
            "gekoppeld": self.configured,
            "verzonden": len(self.sent),
            "niet_verzonden": len(self.failed),
            "bezig_elders": len(self.busy),
            "uitgesteld": len(self.postponed),
        }


@dataclass(slots=True)
class _Claim:
    contact_id: int
    uuid: str
    body: dict[str, Any]
    tasks: list[Any]
    remote_uuid: str | None
    remote_url: str | None
    tasks_sent: int
    attempts: int = 0
    # (local id, Open Klant uuid, status sent) of each interne taak created in this run
    created: list[tuple[int, str | None, str]] = field(default_factory=list)


def pending_query(uuids: Sequence[str] | None = None) -> Any:
    """Ids of confirmed, non-synthetic contacts that Open Klant does not have yet."""
    sent = select(OpenKlantDelivery.klantcontact_id).where(OpenKlantDelivery.status == "verzonden")
    query = select(Klantcontact.id, Klantcontact.uuid).where(
        Klantcontact.status.in_(SENT_STATUSES),
        Klantcontact.synthetic.is_(False),
        Klantcontact.id.not_in(sent),
    )
    if uuids is not None:
        query = query.where(Klantcontact.uuid.in_(list(uuids)))
    return query.order_by(Klantcontact.id)


def _ensure_row(database: Database, contact_id: int) -> None:
    try:
        with database.session() as session:
            found = session.scalar(
                select(OpenKlantDelivery.id).where(OpenKlantDelivery.klantcontact_id == contact_id)
            )
            if found is None:
                session.add(
                    OpenKlantDelivery(
                        klantcontact_id=contact_id,
                        status="niet_verzonden",
                        attempts=0,
                        last_error="",
                        tasks_sent=0,
                    )
                )
    except IntegrityError:  # another sender made it first; the lease decides below
        return


def _claim(database: Database, contact_id: int) -> _Claim | None:
    """Take the lease on ``contact_id`` and read what to send; None when busy or sent."""
    _ensure_row(database, contact_id)
    now = utcnow()
    with database.session() as session:
        taken = session.execute(
            update(OpenKlantDelivery)
            .where(
                OpenKlantDelivery.klantcontact_id == contact_id,
                OpenKlantDelivery.status != "verzonden",
                or_(
                    OpenKlantDelivery.claimed_until.is_(None),
                    OpenKlantDelivery.claimed_until < now,
                ),
            )
            .values(claimed_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) != 1:
            return None
        row = session.scalars(
            select(OpenKlantDelivery).where(OpenKlantDelivery.klantcontact_id == contact_id)
        ).one()
        contact = session.scalars(
            select(Klantcontact).where(Klantcontact.id == contact_id).options(*contact_parts())
        ).one()
        return _Claim(
            contact_id=contact_id,
            uuid=contact.uuid,
            body=maak_klantcontact_body(contact),
            tasks=list(contact.interne_taken),
            remote_uuid=row.remote_uuid,
            remote_url=row.remote_url,
            tasks_sent=row.tasks_sent,
        )


def _call(
    client: OpenKlantClient,
    claim: _Claim,
    path: str,
    body: Mapping[str, Any],
    settings: Settings,
    sleep: Callable[[float], None],
) -> Mapping[str, Any]:
    """POST with bounded retries on temporary failures; counts every request."""
    wait = settings.openklant_backoff_seconds
    for attempt in range(1, settings.openklant_max_attempts + 1):
        claim.attempts += 1
        try:
            return client.post(path, body)
        except SendError as failure:
            if not failure.retryable or attempt == settings.openklant_max_attempts:
                raise
        sleep(min(wait, MAX_BACKOFF))
        wait *= 2
    raise SendError("geen pogingen over", retryable=True)  # pragma: no cover


def _deliver(
    client: OpenKlantClient, claim: _Claim, settings: Settings, sleep: Callable[[float], None]
) -> None:
    if claim.remote_uuid is None:
        answer = _call(client, claim, "maak-klantcontact", claim.body, settings, sleep)
        claim.remote_uuid, claim.remote_url = remote_reference(answer)
        if claim.remote_uuid is None:
            raise SendError("antwoord zonder uuid van het klantcontact", retryable=False)
    for taak in claim.tasks[claim.tasks_sent :]:
        body = interne_taak_body(taak, claim.remote_uuid)
        answer = _call(client, claim, "internetaken", body, settings, sleep)
        remote = answer.get("uuid")
        claim.created.append((taak.id, str(remote) if remote else None, body["status"]))
        claim.tasks_sent += 1


def _record(
    database: Database, settings: Settings, claim: _Claim, failure: SendError | None, actor: str
) -> None:
    now = utcnow()
    with database.session() as session:
        row = session.scalars(
            select(OpenKlantDelivery).where(OpenKlantDelivery.klantcontact_id == claim.contact_id)
        ).one()
        row.attempts += claim.attempts
        row.last_attempt_at = now
        row.remote_uuid, row.remote_url = claim.remote_uuid, claim.remote_url
        row.tasks_sent = claim.tasks_sent
        row.claimed_until = None
        for task_id, remote, status in claim.created:  # kept in step by contacts.tasksync
            task = session.get(InterneTaak, task_id)
            if task is not None:
                task.openklant_uuid, task.openklant_status = remote, status
        if failure is None:
            row.status, row.sent_at, row.last_error = "verzonden", now, ""
        else:
            row.status = "niet_verzonden" if failure.retryable else "fout"
            row.last_error = redact(failure.reason).text[:500]
        audit.record(
            session,
            settings.audit_secret(),
            actor=actor,
            action="openklant_verzonden" if failure is None else "openklant_niet_verzonden",
            object_type="klantcontact",
            object_id=claim.uuid,
            details={
                "status": row.status,
                "pogingen": claim.attempts,
                "fout": row.last_error,
                "interne_taken": claim.tasks_sent,
            },
        )


def send_one(
    database: Database,
    settings: Settings,
    client: OpenKlantClient,
    contact_id: int,
    *,
    sleep: Callable[[float], None] = time.sleep,
    actor: str = "systeem",
) -> bool | None:
    """Send one contact: True when sent, False when not (kept for later), None when busy."""
    return _send(database, settings, client, contact_id, sleep, actor)[0]


def _send(
    database: Database,
    settings: Settings,
    client: OpenKlantClient,
    contact_id: int,
    sleep: Callable[[float], None],
    actor: str,
) -> tuple[bool | None, bool]:
    """:func:`send_one`, and whether a failure was an outage (retryable) for the breaker."""
    claim = _claim(database, contact_id)
    if claim is None:
        return None, False
    failure: SendError | None = None
    try:
        _deliver(client, claim, settings, sleep)
    except SendError as exc:
        failure = exc
    except Exception as exc:  # a bug must not keep the lease or lose the contact
        failure = SendError(f"onverwachte fout ({type(exc).__name__})", retryable=True)
    _record(database, settings, claim, failure, actor)
    if failure is None:
        LOG.info("Open Klant: klantcontact %s verzonden", claim.uuid)
        return True, False
    LOG.warning("Open Klant: klantcontact %s niet verzonden: %s", claim.uuid, failure.reason)
    return False, failure.retryable


def send_pending(
    database: Database,
    settings: Settings,
    *,
    client: OpenKlantClient | None = None,
    uuids: Sequence[str] | None = None,
    limit: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    actor: str = "systeem",
) -> SendReport:
    """Send what is pending (or just ``uuids``); nothing at all without ``openklant_url``."""
    if not is_configured(settings):
        return SendReport(configured=False)
    report = SendReport(configured=True)
    with database.session() as session:
        query = pending_query(uuids)
        rows = list(session.execute(query.limit(limit) if limit else query))
    own = client is None
    active = client if client is not None else make_client(settings)
    breaker = OpenKlantBreaker.of(database, settings)
    try:
        for contact_id, uuid in rows:
            report.breaker_open_until = breaker.open_until()
            if report.breaker_open_until is not None:
                report.postponed.append(uuid)  # stays niet_verzonden: nothing is lost
                continue
            done, outage = _send(database, settings, active, contact_id, sleep, actor)
            target = report.busy if done is None else report.sent if done else report.failed
            target.append(uuid)
            if done:
                breaker.succeeded()
            elif outage:
                breaker.failed()
    finally:
        if own:
            active.close()
    return report


def send_quietly(database: Database, settings: Settings, uuids: Iterable[str], actor: str) -> None:
    """For a background task: send ``uuids``; any failure is logged, the contact stays."""
    try:
        send_pending(database, settings, uuids=list(uuids), actor=actor)
    except Exception as exc:
        LOG.error("Open Klant: versturen op de achtergrond mislukt (%s)", type(exc).__name__)


def request_resend(database: Database, settings: Settings, uuid: str, actor: str) -> bool:
    """A beheerder asks to send ``uuid`` again: audited; False when there is nothing to send."""
    with database.session() as session:
        contact_id = session.scalar(pending_query([uuid]).with_only_columns(Klantcontact.id))
        if contact_id is None:
            return False
        audit.record(
            session,
            settings.audit_secret(),
            actor=actor,
            action="openklant_opnieuw_versturen",
            object_type="klantcontact",
            object_id=uuid,
            details={"gekoppeld": is_configured(settings)},
        )
    return True


# --- status for pages ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """How a contact's delivery is shown: a code, a Dutch label and an explanation."""

    code: str
    label: str
    detail: str
    attempts: int = 0
    error: str = ""


def view_of(row: OpenKlantDelivery | None, configured: bool) -> DeliveryView:
    if row is not None and row.status == "verzonden":
        return DeliveryView("verzonden", "Verzonden naar Open Klant", "", row.attempts)
    attempts = row.attempts if row else 0
    error = row.last_error if row else ""
    if not configured:
        return DeliveryView(
            "geen_koppeling",
            "Niet verzonden (geen koppeling ingesteld)",
            "Er is geen koppeling met Open Klant ingesteld. Het contact is wel geregistreerd "
            "in Reisgenoot en gaat niet verloren.",
            attempts,
            error,
        )
    if row is None or row.attempts == 0:
        return DeliveryView(
            "niet_verzonden", "Niet verzonden", "Wordt zo verstuurd naar Open Klant.", 0
        )
    if row.status == "fout":
        return DeliveryView(
            "fout",
            "Niet verzonden: Open Klant weigerde het contact",
            f"Laatste fout: {row.last_error}. Het contact blijft bewaard en wordt opnieuw geprobeerd.",
            attempts,
            error,
        )
    return DeliveryView(
        "niet_verzonden",
        "Niet verzonden",
        f"Laatste fout: {row.last_error or 'onbekend'}. Het contact blijft bewaard en wordt "
        "opnieuw geprobeerd.",
        attempts,
        error,
    )


def status_of(session: Session, settings: Settings, uuid: str) -> DeliveryView | None:
    """The delivery view of confirmed contact ``uuid`` (None for a concept or synthetic one)."""
    contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
    if contact is None or contact.status != "bevestigd" or contact.synthetic:
        return None
    row = session.scalars(
        select(OpenKlantDelivery).where(OpenKlantDelivery.klantcontact_id == contact.id)
    ).first()
    return view_of(row, is_configured(settings))


@dataclass(frozen=True, slots=True)
class UnsentItem:
    uuid: str
    kanaal: str
    when: str
    view: DeliveryView


def unsent(
    session: Session, settings: Settings, *, limit: int = 200
) -> tuple[list[UnsentItem], int]:
    """Contacts not in Open Klant yet (oldest first, at most ``limit``) and their total."""
    ids = pending_query().subquery()
    total = int(session.scalar(select(func.count()).select_from(ids)) or 0)
    rows = session.execute(
        select(Klantcontact, OpenKlantDelivery)
        .join(ids, ids.c.id == Klantcontact.id)
        .outerjoin(OpenKlantDelivery, OpenKlantDelivery.klantcontact_id == Klantcontact.id)
        .order_by(Klantcontact.id)
        .limit(limit)
    )
    configured = is_configured(settings)
    items = [
        UnsentItem(
            contact.uuid,
            contact.kanaal,
            local(contact.plaatsgevonden_op or contact.created_at),
            view_of(row, configured),
        )
        for contact, row in rows
    ]
    return items, total
