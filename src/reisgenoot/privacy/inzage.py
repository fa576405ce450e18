"""Inzage (AVG art. 15): everything stored about one resident, as one JSON document.

Found like an erasure (:func:`reisgenoot.privacy.resident.find_contacts`). The export holds the
resident's klantcontacten with their questions, betrokkenen, interne taken, turns and what was
sent to Open Klant; the assistant chats that handed over to them; the learning examples made
from either; and the purposes, recipients and retention periods (art. 15(1) a–d). Names of
employees are left out (they are not the resident's data): an actor shows only its kind. The
export is audited (``inzage_gegeven``) with the kinds of identifier and counts, never a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.records import OpenKlantDelivery
from reisgenoot.knowledge.selfservice_models import Chat, Exchange
from reisgenoot.learning.models import Example
from reisgenoot.privacy import retention
from reisgenoot.privacy.resident import Identifier, chats_of, find_contacts
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

FORMAT = "reisgenoot-inzage/1"
PURPOSES = (
    "Vragen van inwoners beantwoorden en vastleggen (klantcontact), ook met hulp van AI.",
    "Afspraken nakomen: terugbellen of een vraag doorgeven aan een afdeling (contactverzoek).",
    "Eerdere contacten van dezelfde inwoner laten zien aan de medewerker die u helpt.",
    "De voorstellen van Reisgenoot verbeteren met bevestigd werk (zonder persoonsgegevens).",
    "Verantwoorden wie wat deed (auditlogboek).",
)
RECIPIENTS = (
    "Open Klant van de gemeente (het klantcontactsysteem), als de koppeling aan staat.",
    "Een taalmodel van de gemeente (optioneel); het krijgt alleen tekst zonder persoonsgegevens.",
)


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _contact(contact: Klantcontact, delivery: OpenKlantDelivery | None) -> dict[str, Any]:
    return {
        "id": contact.uuid,
        "moment": _when(contact.plaatsgevonden_op or contact.created_at),
        "kanaal": contact.kanaal,
        "onderwerp": contact.onderwerp,
        "inhoud": contact.inhoud,
        "reactie": contact.reactie,
        "status": contact.status,
        "referentienummer": contact.referentienummer,
        "vertrouwelijk": contact.vertrouwelijk,
        "vragen": [
            {
                "product": vraag.upl,
                "vraag": vraag.specifieke_vraag,
                "notitie": vraag.notitie,
                "gespreksresultaat": vraag.gespreksresultaat,
            }
            for vraag in contact.vragen
        ],
        "betrokkenen": [
            {
                "rol": person.rol,
                "voornaam": person.voornaam,
                "voorvoegsel": person.voorvoegsel_achternaam,
                "achternaam": person.achternaam,
                "organisatie": person.organisatienaam,
            }
            for person in contact.betrokkenen
        ],
        "interne_taken": [
            {
                "handeling": taak.gevraagde_handeling,
                "toelichting": taak.toelichting,
                "status": taak.status,
                "sinds": _when(taak.toegewezen_op),
                "afgehandeld": _when(taak.afgehandeld_op),
            }
            for taak in contact.interne_taken
        ],
        "gesprek": [
            {"wie": turn.speaker, "tekst": turn.text, "moment": _when(turn.at)}
            for turn in contact.turns
        ],
        "betrokken_actoren": sorted({actor.soort_actor for actor in contact.actoren}),
        "open_klant": (
            {"status": delivery.status, "verzonden": _when(delivery.sent_at)} if delivery else None
        ),
    }


def _chat(chat: Chat) -> dict[str, Any]:
    return {
        "begonnen": _when(chat.started_at),
        "vragen": [
            {
                "moment": _when(x.at),
                "vraag": x.question,
                "antwoord": x.answer,
                "naar_medewerker": x.handoff,
            }
            for x in chat.exchanges
        ],
    }


def export(
    session: Session,
    settings: Settings,
    people: Sequence[Identifier],
    *,
    link_key: bytes,
    audit_key: bytes,
    actor: str,
) -> dict[str, Any]:
    """The inzage document of the resident with these identifiers; audited."""
    contact_ids = find_contacts(session, link_key, people)
    contacts = session.scalars(
        select(Klantcontact)
        .where(Klantcontact.id.in_(contact_ids))
        .order_by(Klantcontact.id)
        .options(
            selectinload(Klantcontact.vragen),
            selectinload(Klantcontact.betrokkenen),
            selectinload(Klantcontact.interne_taken),
            selectinload(Klantcontact.turns),
            selectinload(Klantcontact.actoren),
        )
    ).all()
    deliveries = {
        d.klantcontact_id: d
        for d in session.scalars(
            select(OpenKlantDelivery).where(OpenKlantDelivery.klantcontact_id.in_(contact_ids))
        )
    }
    chat_ids = chats_of(session, contact_ids)
    chats = session.scalars(
        select(Chat).where(Chat.id.in_(chat_ids)).options(selectinload(Chat.exchanges))
    ).all()
    exchanges = select(Exchange.id).where(Exchange.chat_id.in_(chat_ids))
    examples = session.scalars(
        select(Example).where(
            or_(Example.klantcontact_id.in_(contact_ids), Example.exchange_id.in_(exchanges))
        )
    ).all()
    document = {
        "formaat": FORMAT,
        "gemeente": settings.municipality,
        "gemaakt": _when(utcnow()),
        "gezocht_op": sorted({person.kind for person in people}),
        "doelen": list(PURPOSES),
        "ontvangers": list(RECIPIENTS),
        "bewaartermijnen_dagen": {
            term.kind.key: term.days for term in retention.terms(session, settings)
        },
        "klantcontacten": [_contact(c, deliveries.get(c.id)) for c in contacts],
        "chats": [_chat(chat) for chat in chats],
        "leervoorbeelden": [
            {"soort": e.kind, "gemaakt": _when(e.created_at), "tekst": e.text, "label": e.label}
            for e in examples
        ],
    }
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="inzage_gegeven",
        object_type="inwoner",
        details={
            "gezocht_op": document["gezocht_op"],
            "klantcontacten": len(contacts),
            "chats": len(chats),
            "leervoorbeelden": len(examples),
        },
    )
    return document
