"""Contactverzoeken as a work list: owner, status with a note, history, undo, due time.

A contactverzoek's interne taak moves through three steps that a KCC knows:

    nieuw ──(oppakken)──▶ in behandeling ──(afhandelen, met notitie)──▶ afgehandeld

``nieuw`` and ``in behandeling`` are Open Klant's ``te_verwerken`` (in behandeling has an
owner: the employee's ``medewerker`` actor as ``toegewezenAanActor``); ``afgehandeld`` is
``verwerkt``. A step made in Open Klant comes back as a step by "Open Klant"
(:func:`from_open_klant`, via :mod:`reisgenoot.contacts.tasksync`). Every step is kept in the contact's history (``meta["werklijst"]``: when, from,
to, who, the note — redacted) and audited; the last step can be undone, which is a step of its
own. The due time is the moment the request came in plus ``callback_due_hours``.

Who handled a request is shown on the request (a work list needs an owner); nowhere is it
counted per employee (contracts §10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.contacts import linking
from reisgenoot.contacts.actors import employee_actor
from reisgenoot.contacts.models import InterneTaak, Klantcontact
from reisgenoot.contacts.requests import DONE, OPEN, STATUS
from reisgenoot.errors import ContactsError
from reisgenoot.language.text import shorten
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

NEW, BUSY, FINISHED = "nieuw", "in_behandeling", "afgehandeld"
STEP_LABELS = {NEW: "Nieuw", BUSY: "In behandeling", FINISHED: "Afgehandeld"}
NOTE_MAX = 500
HISTORY_KEY = "werklijst"
OPEN_KLANT = "Open Klant"  # who a step made in Open Klant is shown as
ERROR_CODES = (
    "contactverzoek_onbekend",
    "contactverzoek_al_afgehandeld",
    "notitie_nodig",
    "niets_ongedaan_te_maken",
)

__all__ = [
    "BUSY",
    "FINISHED",
    "NEW",
    "STEP_LABELS",
    "Step",
    "WorkItem",
    "due_at",
    "finish",
    "from_open_klant",
    "history",
    "step_of",
    "take",
    "undo",
]


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    van: str
    naar: str
    door: str
    notitie: str


@dataclass(frozen=True, slots=True)
class WorkItem:
    """The work-list state of one contactverzoek."""

    step: str
    owner: str
    due: datetime
    overdue: bool
    history: list[Step]


def _task(session: Session, uuid: str) -> tuple[Klantcontact, InterneTaak]:
    contact = session.scalar(
        select(Klantcontact).where(Klantcontact.uuid == uuid, Klantcontact.status == STATUS)
    )
    task = contact.interne_taken[0] if contact is not None and contact.interne_taken else None
    if contact is None or task is None:
        raise ContactsError("no such request", code="contactverzoek_onbekend")
    return contact, task


def step_of(task: InterneTaak) -> str:
    if task.status == DONE:
        return FINISHED
    return BUSY if task.toegewezen_aan_actor_id is not None else NEW


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def due_at(contact: Klantcontact, hours: int) -> datetime:
    return _aware(contact.plaatsgevonden_op or contact.created_at) + timedelta(hours=hours)


def history(contact: Klantcontact) -> list[Step]:
    rows = (contact.meta or {}).get(HISTORY_KEY) or []
    return [
        Step(
            at=datetime.fromisoformat(row["at"]),
            van=row["van"],
            naar=row["naar"],
            door=row["door"],
            notitie=row.get("notitie", ""),
        )
        for row in rows
    ]


def item(contact: Klantcontact, hours: int, now: datetime | None = None) -> WorkItem:
    task = contact.interne_taken[0]
    owner = task.toegewezen_aan_actor.naam if task.toegewezen_aan_actor is not None else ""
    due = due_at(contact, hours)
    step = step_of(task)
    return WorkItem(
        step=step,
        owner=owner,
        due=due,
        overdue=step != FINISHED and (now or utcnow()) > due,
        history=history(contact),
    )


def _record(
    session: Session,
    contact: Klantcontact,
    task: InterneTaak,
    *,
    to: str,
    who: tuple[int, str, str],  # user id, display name, username
    note: str,
    audit_key: bytes,
    action: str,
) -> None:
    user_id, name, username = who
    before = step_of(task)
    if to == NEW:
        task.status, task.toegewezen_aan_actor_id, task.afgehandeld_op = OPEN, None, None
    elif to == BUSY:
        task.status, task.afgehandeld_op = OPEN, None
        task.toegewezen_aan_actor = employee_actor(session, user_id, name)
        task.toegewezen_op = utcnow()
    else:
        task.status, task.afgehandeld_op = DONE, utcnow()
        if task.toegewezen_aan_actor_id is None:
            task.toegewezen_aan_actor = employee_actor(session, user_id, name)
    clean = shorten(linking.scrub(note.strip()), NOTE_MAX) if note.strip() else ""
    meta: dict[str, Any] = dict(contact.meta or {})
    meta[HISTORY_KEY] = [
        *(meta.get(HISTORY_KEY) or []),
        {"at": utcnow().isoformat(), "van": before, "naar": to, "door": name, "notitie": clean},
    ]
    contact.meta = meta
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=username,
        action=action,
        object_type="klantcontact",
        object_id=contact.uuid,
        details={"van": before, "naar": to, "interne_taak": task.uuid},
    )


def from_open_klant(
    session: Session,
    contact: Klantcontact,
    task: InterneTaak,
    status: str,
    *,
    audit_key: bytes,
) -> None:
    """A status set in Open Klant (``verwerkt`` or ``te_verwerken``) as a step of the request,
    by "Open Klant" (contacts.tasksync); the owner stays as it was."""
    before = step_of(task)
    if status == DONE:
        task.status, task.afgehandeld_op = DONE, task.afgehandeld_op or utcnow()
    else:
        task.status, task.afgehandeld_op = OPEN, None
    task.openklant_status = status
    meta: dict[str, Any] = dict(contact.meta or {})
    meta[HISTORY_KEY] = [
        *(meta.get(HISTORY_KEY) or []),
        {"at": utcnow().isoformat(), "van": before, "naar": step_of(task),
         "door": OPEN_KLANT, "notitie": "Gewijzigd in Open Klant"},
    ]  # fmt: skip
    contact.meta = meta
    session.flush()
    audit.record(
        session,
        audit_key,
        actor="openklant",
        action="contactverzoek_status_uit_openklant",
        object_type="klantcontact",
        object_id=contact.uuid,
        details={"van": before, "naar": step_of(task), "interne_taak": task.uuid},
    )


def take(session: Session, uuid: str, who: tuple[int, str, str], *, audit_key: bytes) -> None:
    """Nieuw → in behandeling, with the employee as owner (or take it over from a colleague)."""
    contact, task = _task(session, uuid)
    if step_of(task) == FINISHED:
        raise ContactsError("already finished", code="contactverzoek_al_afgehandeld")
    _record(session, contact, task, to=BUSY, who=who, note="", audit_key=audit_key,
            action="contactverzoek_opgepakt")  # fmt: skip


def finish(
    session: Session, uuid: str, who: tuple[int, str, str], note: str, *, audit_key: bytes
) -> None:
    """→ afgehandeld, with a note of what was done (required, redacted)."""
    contact, task = _task(session, uuid)
    if step_of(task) == FINISHED:
        raise ContactsError("already finished", code="contactverzoek_al_afgehandeld")
    if not note.strip():
        raise ContactsError("note needed", code="notitie_nodig")
    _record(session, contact, task, to=FINISHED, who=who, note=note, audit_key=audit_key,
            action="contactverzoek_afgehandeld")  # fmt: skip


def undo(session: Session, uuid: str, who: tuple[int, str, str], *, audit_key: bytes) -> str:
    """Undo the last step (itself a step in the history); returns the step it went back to."""
    contact, task = _task(session, uuid)
    steps = history(contact)
    if not steps:
        raise ContactsError("nothing to undo", code="niets_ongedaan_te_maken")
    back = steps[-1].van
    _record(session, contact, task, to=back, who=who, note="Vorige stap ongedaan gemaakt",
            audit_key=audit_key, action="contactverzoek_stap_teruggedraaid")  # fmt: skip
    return back
