"""A confirmed klantcontact as the request body of ``POST /maak-klantcontact`` (Open Klant 2).

The body follows the ``MaakKlantcontact`` schema of the VNG Klantinteracties API 0.9.0
(``../standards/klantinteracties/openapi.yaml``): ``klantcontact`` (required), one
``betrokkene`` and one ``onderwerpobject``. Read-only fields (``uuid``, ``url``,
``hadBetrokkenen`` …) are never sent. What the schema has no place for in this call goes into
``klantcontact.metadata`` (string → string, values ≤ 255): the vragen with their UPL name and
gespreksresultaat, the interne taak, the AI provenance and Reisgenoot's own uuid (so that a
duplicate in Open Klant can be traced back). Interne taken are also created on their own with
``POST /internetaken`` (:func:`interne_taak_body`) once the klantcontact exists.

Personal data: this body is the official record, so it may hold the betrokkene's name as the
resident gave it (contracts §11). It must never be logged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from reisgenoot.contacts.models import Betrokkene, InterneTaak, Klantcontact
from reisgenoot.language.text import shorten

METADATA_MAX = 255
LIMITS = {"kanaal": 50, "onderwerp": 200, "inhoud": 1000, "reactie": 4000}
ASSISTANT_KIND = "geautomatiseerde_actor"


def iso(moment: datetime) -> str:
    """RFC 3339 date-time in UTC with a ``Z``."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _metadata(contact: Klantcontact) -> dict[str, str]:
    meta: dict[str, str] = {"reisgenootUuid": contact.uuid}
    for number, vraag in enumerate(contact.vragen):
        meta[f"vragen[{number}].upl"] = vraag.upl
        meta[f"vragen[{number}].specifiekeVraag"] = vraag.specifieke_vraag
        meta[f"vragen[{number}].gespreksresultaat"] = vraag.gespreksresultaat
    if contact.vragen:
        meta["gespreksresultaat"] = contact.vragen[0].gespreksresultaat
    for number, taak in enumerate(contact.interne_taken):
        meta[f"interneTaak[{number}].gevraagdeHandeling"] = taak.gevraagde_handeling
        meta[f"interneTaak[{number}].status"] = taak.status
    machines = [a for a in contact.actoren if a.soort_actor == ASSISTANT_KIND]
    if machines:
        meta["aiActor"] = f"{machines[0].naam} ({machines[0].functie})".replace(" ()", "")
    own = contact.meta or {}
    if own.get("ai_concept"):
        meta["aiConcept"] = str(own["ai_concept"])
        meta["bevestigdDoorMedewerker"] = "ja" if contact.status == "bevestigd" else "nee"
    if contact.tone:
        meta["toon"] = contact.tone
    meta["complex"] = "ja" if contact.complex else "nee"
    return {key[:METADATA_MAX]: shorten(str(value), METADATA_MAX) for key, value in meta.items()}


def _klantcontact(contact: Klantcontact) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kanaal": shorten(contact.kanaal, LIMITS["kanaal"]),
        "onderwerp": shorten(contact.onderwerp, LIMITS["onderwerp"]),
        "inhoud": shorten(contact.inhoud or "", LIMITS["inhoud"]),
        "reactie": shorten(contact.reactie or "", LIMITS["reactie"]),
        "indicatieContactGelukt": contact.indicatie_contact_gelukt,
        "taal": (contact.taal or "nld")[:3],
        "vertrouwelijk": bool(contact.vertrouwelijk),
    }
    if contact.plaatsgevonden_op is not None:
        body["plaatsgevondenOp"] = iso(contact.plaatsgevonden_op)
    if contact.referentienummer:
        body["referentienummer"] = contact.referentienummer[:10]
    body["metadata"] = _metadata(contact)
    return body


def _betrokkene(item: Betrokkene) -> dict[str, Any]:
    naam = {
        "voorletters": item.voorletters[:10],
        "voornaam": item.voornaam[:200],
        "voorvoegselAchternaam": item.voorvoegsel_achternaam[:10],
        "achternaam": item.achternaam[:200],
    }
    body: dict[str, Any] = {
        "wasPartij": None,
        "rol": item.rol if item.rol in ("klant", "vertegenwoordiger") else "klant",
        "initiator": bool(item.initiator),
        "contactnaam": naam if any(naam.values()) else None,
    }
    if item.organisatienaam:
        body["organisatienaam"] = item.organisatienaam[:200]
    return body


def maak_klantcontact_body(contact: Klantcontact) -> dict[str, Any]:
    """The ``MaakKlantcontact`` request body of ``contact`` (with its parts loaded)."""
    body: dict[str, Any] = {"klantcontact": _klantcontact(contact)}
    if contact.betrokkenen:
        first = sorted(contact.betrokkenen, key=lambda b: (not b.initiator, b.id or 0))[0]
        body["betrokkene"] = _betrokkene(first)
    if contact.onderwerpobjecten:
        subject = contact.onderwerpobjecten[0]
        body["onderwerpobject"] = {
            "wasKlantcontact": None,
            "onderwerpobjectidentificator": {
                "objectId": subject.object_id[:200],
                "codeObjecttype": subject.code_objecttype[:200],
                "codeRegister": subject.code_register[:200],
                "codeSoortObjectId": subject.code_soort_object_id[:200],
            },
        }
    return body


def interne_taak_body(taak: InterneTaak, remote_klantcontact_uuid: str) -> dict[str, Any]:
    """The ``InterneTaak`` request body for ``POST /internetaken``."""
    body: dict[str, Any] = {
        "gevraagdeHandeling": shorten(taak.gevraagde_handeling, 200),
        "aanleidinggevendKlantcontact": {"uuid": remote_klantcontact_uuid},
        "toelichting": shorten(taak.toelichting or "", 1000),
        "status": taak.status if taak.status in ("te_verwerken", "verwerkt") else "te_verwerken",
    }
    if taak.afgehandeld_op is not None:
        body["afgehandeldOp"] = iso(taak.afgehandeld_op)
    return body


def with_parts() -> Any:
    """Loader options: everything :func:`maak_klantcontact_body` reads, in few queries."""
    return (
        selectinload(Klantcontact.vragen),
        selectinload(Klantcontact.betrokkenen),
        selectinload(Klantcontact.onderwerpobjecten),
        selectinload(Klantcontact.interne_taken),
        selectinload(Klantcontact.actoren),
    )


def confirmed_query(*, since: date | None = None, include_synthetic: bool = False) -> Any:
    """Confirmed contacts, oldest first; ``since`` compares the conversation's start (or,
    without one, the moment the record was made) in UTC."""
    query = select(Klantcontact).where(Klantcontact.status == "bevestigd")
    if not include_synthetic:
        query = query.where(Klantcontact.synthetic.is_(False))
    if since is not None:
        start = datetime(since.year, since.month, since.day, tzinfo=UTC)
        query = query.where(
            or_(
                Klantcontact.plaatsgevonden_op >= start,
                and_(Klantcontact.plaatsgevonden_op.is_(None), Klantcontact.created_at >= start),
            )
        )
    return query.order_by(Klantcontact.id)


def iter_bodies(
    session: Session, *, since: date | None = None, include_synthetic: bool = False
) -> Iterator[dict[str, Any]]:
    """One ``maak-klantcontact`` body per confirmed contact, streamed in batches."""
    query = confirmed_query(since=since, include_synthetic=include_synthetic)
    last_id = 0
    while True:
        batch = list(
            session.scalars(
                query.where(Klantcontact.id > last_id).options(*with_parts()).limit(500)
            )
        )
        if not batch:
            return
        for contact in batch:
            yield maak_klantcontact_body(contact)
        last_id = batch[-1].id
        session.expunge_all()


def count_confirmed(
    session: Session, *, since: date | None = None, include_synthetic: bool = False
) -> int:
    query = confirmed_query(since=since, include_synthetic=include_synthetic)
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def remote_reference(answer: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The uuid and url of the created klantcontact in an Open Klant answer (any shape)."""
    nested = answer.get("klantcontact")
    found: Mapping[str, Any] = nested if isinstance(nested, Mapping) else answer
    uuid, url = found.get("uuid"), found.get("url")
    return (str(uuid) if uuid else None, str(url) if url else None)
