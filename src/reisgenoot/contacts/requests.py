"""Contactverzoeken: a klantcontact with an interne taak that a KCC employee must handle.

The self-service chat hands a resident over to a person by calling
:func:`create_contactverzoek`. The caller passes text that is already redacted (the
conversation, the summary); only the callback details the resident typed into the form —
name, phone number, e-mail address — are stored as they are, because the callback needs
them (contracts §11): the name in the :class:`Betrokkene`, phone and e-mail in the
``toelichting`` of the :class:`InterneTaak`. They never go into the audit trail or a log.

A contactverzoek has klantcontact status :data:`STATUS` (``contactverzoek``): it is not a
draft of an employee (``concept``) and not a registration an employee confirmed
(``bevestigd``), so contact figures and signals do not count it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import false, select
from sqlalchemy.orm import Session, selectinload

from reisgenoot.contacts.actors import assistant_actor
from reisgenoot.contacts.models import Betrokkene, InterneTaak, Klantcontact, Turn
from reisgenoot.language.text import shorten
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

STATUS = "contactverzoek"
KANAAL = "Contactformulier"
DEFAULT_ONDERWERP = "Vraag via de digitale assistent"
HANDELING = "Inwoner terugbellen/antwoorden"
OPEN, DONE = "te_verwerken", "verwerkt"
AUDIT_ACTOR = "inwoner:digitale-assistent"
PREFERENCES = {"bellen": "Terugbellen", "email": "Antwoorden per e-mail"}
INHOUD_MAX = 1000
TOELICHTING_MAX = 1000
ONDERWERP_MAX = 200
NAME_MAX = 200
# How a callback's contact details are labelled in the task's toelichting (Open Klant
# soortDigitaalAdres → label), here and in the review of a live-assisted conversation.
CONTACT_LABELS = {"telefoonnummer": "Telefoon", "email": "E-mail"}


@dataclass(frozen=True, slots=True)
class Callback:
    """How the resident wants to be reached (personal data: stored only for the callback)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    preference: str = "bellen"

    def toelichting(self, summary: str) -> str:
        lines = [f"Contactvoorkeur: {PREFERENCES.get(self.preference, PREFERENCES['bellen'])}"]
        if self.phone:
            lines.append(f"{CONTACT_LABELS['telefoonnummer']}: {self.phone}")
        if self.email:
            lines.append(f"{CONTACT_LABELS['email']}: {self.email}")
        lines.append(f"Vraag: {summary}")
        return shorten("\n".join(lines), TOELICHTING_MAX)


@dataclass(frozen=True, slots=True)
class NewRequest:
    """What the chat hands over; every text here is already redacted by the caller."""

    turns: Sequence[tuple[str, str]]  # (speaker, redacted text)
    summary: str
    topic: str | None = None
    reason: str = ""
    callback: Callback = Callback()


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """One row of the work list."""

    uuid: str
    onderwerp: str
    at: datetime
    summary: str
    contact_lines: list[str]  # the toelichting without the question (shown apart)
    name: str
    reason: str
    turns: list[tuple[str, str]]
    referentienummer: str = ""


def _betrokkene(name: str) -> Betrokkene:
    parts = name.split()
    first, last = (parts[0], " ".join(parts[1:])) if len(parts) > 1 else ("", name)
    return Betrokkene(
        rol="klant", initiator=True, voornaam=first[:NAME_MAX], achternaam=last[:NAME_MAX]
    )


def create_contactverzoek(
    session: Session, request: NewRequest, *, audit_key: bytes
) -> Klantcontact:
    """Store the klantcontact, its turns, betrokkene and interne taak; audit it (no PII)."""
    now = utcnow()
    contact = Klantcontact(
        kanaal=KANAAL,
        onderwerp=shorten(request.topic or DEFAULT_ONDERWERP, ONDERWERP_MAX),
        inhoud=shorten(request.summary, INHOUD_MAX),
        taal="nld",
        vertrouwelijk=False,
        plaatsgevonden_op=now,
        status=STATUS,
        meta={"bron": "digitale_assistent", "overdracht": request.reason or "inwoner"},
    )
    contact.turns = [
        Turn(position=i, speaker=speaker, text=text, at=now)
        for i, (speaker, text) in enumerate(request.turns)
    ]
    if request.callback.name.strip():
        contact.betrokkenen.append(_betrokkene(request.callback.name.strip()))
    contact.actoren.append(assistant_actor(session))
    contact.interne_taken.append(
        InterneTaak(
            gevraagde_handeling=HANDELING,
            toelichting=request.callback.toelichting(request.summary),
            status=OPEN,
        )
    )
    session.add(contact)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=AUDIT_ACTOR,
        action="contactverzoek_aangemaakt",
        object_type="klantcontact",
        object_id=contact.uuid,
        details={"reden": request.reason or "inwoner", "beurten": len(request.turns)},
    )
    return contact


def open_requests(
    session: Session, *, limit: int = 200, done_since: datetime | None = None
) -> list[OpenRequest]:
    """Contactverzoeken still to handle (and those handled after ``done_since``), newest first."""
    handled = (
        (InterneTaak.status == DONE) & (InterneTaak.afgehandeld_op >= done_since)
        if done_since is not None
        else false()
    )
    rows = session.scalars(
        select(Klantcontact)
        .join(InterneTaak, InterneTaak.klantcontact_id == Klantcontact.id)
        .where(Klantcontact.status == STATUS, (InterneTaak.status == OPEN) | handled)
        .options(selectinload(Klantcontact.turns), selectinload(Klantcontact.betrokkenen))
        .options(selectinload(Klantcontact.interne_taken))
        .order_by(Klantcontact.created_at.desc(), Klantcontact.id.desc())
        .limit(limit)
    ).unique()
    return [_open_request(contact) for contact in rows]


def _open_request(contact: Klantcontact) -> OpenRequest:
    task = contact.interne_taken[0]
    person = contact.betrokkenen[0] if contact.betrokkenen else None
    name = " ".join(p for p in (person.voornaam, person.achternaam) if p) if person else ""
    return OpenRequest(
        uuid=contact.uuid,
        onderwerp=contact.onderwerp,
        at=contact.plaatsgevonden_op or contact.created_at,
        summary=contact.inhoud,
        contact_lines=[
            line for line in task.toelichting.splitlines() if not line.startswith("Vraag: ")
        ],
        name=name,
        reason=str((contact.meta or {}).get("overdracht") or ""),
        turns=[(t.speaker, t.text) for t in contact.turns],
        referentienummer=contact.referentienummer or "",
    )


def mark_done(session: Session, uuid: str, *, audit_key: bytes, actor: str) -> bool:
    """Set the open interne taak of contactverzoek ``uuid`` to ``verwerkt``; False if none."""
    task = session.scalar(
        select(InterneTaak)
        .join(Klantcontact, InterneTaak.klantcontact_id == Klantcontact.id)
        .where(Klantcontact.uuid == uuid, Klantcontact.status == STATUS, InterneTaak.status == OPEN)
    )
    if task is None:
        return False
    task.status = DONE
    task.afgehandeld_op = utcnow()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="contactverzoek_afgehandeld",
        object_type="klantcontact",
        object_id=uuid,
        details={"interne_taak": task.uuid},
    )
    return True
