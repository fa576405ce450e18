"""A registration draft stored as a concept klantcontact, and the rows a draft becomes.

:func:`save_concept` stores a draft with its turns as ``status="concept"`` (``reisgenoot register
--save``): nothing is confirmed until a person does so in the review gate
(:mod:`reisgenoot.assist.review`), which builds the same rows from the reviewed values
(:func:`betrokkene_row`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Any

from sqlalchemy.orm import Session

from reisgenoot.assist.transcript import Transcript
from reisgenoot.contacts import linking
from reisgenoot.contacts.models import Betrokkene, InterneTaak, Klantcontact, Vraag
from reisgenoot.contacts.models import Turn as ContactTurn
from reisgenoot.store import audit


def betrokkene_row(item: Mapping[str, Any]) -> Betrokkene:
    """The :class:`Betrokkene` of a draft's ``betrokkenen`` item."""
    naam = item.get("contactnaam") or {}
    return Betrokkene(
        rol=item["rol"],
        initiator=item["initiator"],
        voorletters=naam.get("voorletters", ""),
        voornaam=naam.get("voornaam", ""),
        voorvoegsel_achternaam=naam.get("voorvoegselAchternaam", ""),
        achternaam=naam.get("achternaam", ""),
    )


def save_concept(
    session: Session,
    transcript: Transcript,
    draft: Mapping[str, Any],
    *,
    audit_key: bytes,
    link_key: bytes,
    actor: str,
) -> Klantcontact:
    """Store ``draft`` as a concept klantcontact with its turns (nothing is confirmed yet).
    Identifiers (BSN, IBAN, e-mail, phone, KVK) are stored only as keyed hashes: the turns and
    the draft's texts are scrubbed (a callback task keeps its phone number and e-mail)."""
    started = transcript.started_at
    contact = Klantcontact(
        kanaal=draft["kanaal"],
        onderwerp=draft["onderwerp"],
        inhoud=draft["inhoud"],
        reactie=draft["reactie"],
        indicatie_contact_gelukt=draft["indicatieContactGelukt"],
        taal=draft["taal"],
        vertrouwelijk=draft["vertrouwelijk"],
        plaatsgevonden_op=started.astimezone(UTC) if started else None,
        status="concept",
        tone=draft["tone"]["tone"],
        complex=draft["complex"],
        meta={"bron": "reisgenoot register", "ai_concept": "ja"},
    )
    for position, vraag in enumerate(draft["vragen"]):
        contact.vragen.append(
            Vraag(
                position=position,
                upl=vraag["upl"],
                specifieke_vraag=vraag["specifiekeVraag"],
                gespreksresultaat=vraag["gespreksresultaat"],
            )
        )
    for betrokkene in draft["betrokkenen"]:
        contact.betrokkenen.append(betrokkene_row(betrokkene))
    taak = draft.get("interneTaak")
    if taak:
        contact.interne_taken.append(
            InterneTaak(
                gevraagde_handeling=taak["gevraagdeHandeling"], toelichting=taak["toelichting"]
            )
        )
    for position, turn in enumerate(transcript.turns):
        at = turn.at.astimezone(UTC) if turn.at else None
        contact.turns.append(
            ContactTurn(position=position, speaker=turn.speaker, text=turn.text, at=at)
        )
    session.add(contact)
    session.flush()
    texts = [contact.inhoud or "", *(v.specifieke_vraag or "" for v in contact.vragen)]
    linking.record_identifiers(session, contact, link_key, extra=texts)
    contact.inhoud = linking.scrub(contact.inhoud or "")
    for vraag in contact.vragen:
        vraag.specifieke_vraag = linking.scrub(vraag.specifieke_vraag or "")
    for task in contact.interne_taken:
        task.toelichting = linking.scrub(task.toelichting or "", keep=("telefoon", "email"))
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="klantcontact_concept",
        object_type="klantcontact",
        object_id=contact.uuid,
        details={
            "vragen": len(draft["vragen"]),
            "interne_taak": bool(taak),
            "turns": len(transcript.turns),
        },
    )
    return contact
