"""The review gate: a person checks Reisgenoot's registration draft, changes it, confirms it.

This is the step that keeps a person in the lead: nothing Reisgenoot drafts is registered until
the employee who held the conversation confirms it (contracts §7). The gate knows nothing of
the web; the pages (:mod:`reisgenoot.assist.routes`) parse the form, call these functions and
render the result, and any other entry point can do the same.

1. :func:`open_review` — on first view the draft is snapshotted in the concept's
   ``meta.voorstel`` (field values as text, with Reisgenoot's explanation and confidence per
   field, the other products of an unsure question (``alternatives``) and the number of turns
   it was made from; a newer turn makes a new snapshot), and the review clock starts
   (``meta.controle_start``).
2. :func:`submitted` and :func:`validate` — the values the person submits, and a Dutch message
   per invalid field (nothing is stored while there is one).
3. :func:`confirm` — in the caller's transaction: apply the values to the contact (identifiers
   the person typed replaced by their tag, except a callback's phone number or e-mail address in
   the task, contracts §11), link the actors, hash the identifiers for linked context, set
   ``status="bevestigd"`` and audit ``klantcontact_bevestigd`` with SHA-256 hashes per field of
   what was proposed and what was stored, the changed fields and the review time — hashes and
   field names, never text — and, for the reliance figures, whether a source was opened,
   whether a hand-off advice was followed, and the own choice under "eerst zelf"
   (:mod:`reisgenoot.assist.self_first`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.assist import self_first, sources
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.concept import betrokkene_row
from reisgenoot.assist.registration import draft_registration
from reisgenoot.assist.suggestions import advice_followed, handoff_advice
from reisgenoot.assist.transcript import Transcript
from reisgenoot.contacts import linking
from reisgenoot.contacts.actors import assistant_actor, employee_actor
from reisgenoot.contacts.models import GESPREKSRESULTATEN, KANALEN, InterneTaak, Klantcontact, Vraag
from reisgenoot.contacts.requests import CONTACT_LABELS
from reisgenoot.language.text import shorten
from reisgenoot.learning import examples as learning_examples
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.store import audit

TEXT_LIMITS = {"onderwerp": 200, "inhoud": 1000, "reactie": 4000}
TASK_LIMITS = {"gevraagdeHandeling": 200, "toelichting": 1000}
SPECIFIEK_MAX = 180
CALLBACK_KINDS = ("telefoon", "email")
TEXT_FIELDS = ("kanaal", "onderwerp", "inhoud", "reactie")
VRAAG_FIELDS = ("upl", "specifiekeVraag", "gespreksresultaat")
Errors = list[tuple[str, str]]  # (field id, Dutch message)


@dataclass(frozen=True, slots=True)
class Reviewer:
    """The employee who reviews: their account, login name and display name."""

    id: int
    username: str
    display_name: str


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def field_id(path: str) -> str:
    """The HTML id of a field path: ``vragen[0].upl`` → ``veld-vragen-0-upl``."""
    return "veld-" + path.replace("[", "-").replace("]", "").replace(".", "-")


def owned_contact(session: Session, uuid: str, owner_id: int) -> Klantcontact | None:
    """The conversation ``uuid`` when it belongs to ``owner_id`` (else None: not found)."""
    contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
    if contact is None or (contact.meta or {}).get("medewerker") != owner_id:
        return None
    return contact


def awaiting_review(session: Session, owner_id: int) -> list[dict[str, Any]]:
    """The owner's live conversations that are still a concept, newest first (at most 25)."""
    rows = session.scalars(
        select(Klantcontact)
        .where(Klantcontact.status == "concept")
        .order_by(Klantcontact.created_at.desc())
        .limit(200)
    )
    return [
        {"uuid": c.uuid, "kanaal": c.kanaal, "onderwerp": c.onderwerp, "at": c.created_at}
        for c in rows
        if (c.meta or {}).get("medewerker") == owner_id and (c.meta or {}).get("bron") == "live"
    ][:25]


# --- the proposal -------------------------------------------------------------------------------


def _with_contact_details(toelichting: str, betrokkenen: Iterable[Mapping[str, Any]]) -> str:
    """The task's toelichting with the phone numbers and e-mail addresses the resident gave for
    the callback (contracts §11), labelled as in a contactverzoek from the chat. The employee
    sees them in the review and may change or remove them. (The review form keeps a field on
    one line, so they follow the text after a space.)"""
    lines = [
        f"{CONTACT_LABELS[d['soortDigitaalAdres']]}: {d['adres']}"
        for b in betrokkenen
        for d in b.get("digitaleAdressen") or []
        if d.get("soortDigitaalAdres") in CONTACT_LABELS
        and d.get("adres")
        and str(d["adres"]) not in toelichting
    ]
    if not lines:
        return toelichting
    tail = "; ".join(lines)
    room = TASK_LIMITS["toelichting"] - len(tail) - 1
    text = shorten(toelichting, room) if room > 1 else ""
    return f"{text} {tail}" if text else tail


def editable(draft: Mapping[str, Any]) -> dict[str, str]:
    """The fields a person reviews, by field path, as text."""
    values = {name: str(draft[name]) for name in TEXT_FIELDS}
    for number, vraag in enumerate(draft["vragen"]):
        for name in VRAAG_FIELDS:
            values[f"vragen[{number}].{name}"] = str(vraag[name])
    task = draft.get("interneTaak") or {}
    values["interneTaak"] = "ja" if task else "nee"
    values["interneTaak.gevraagdeHandeling"] = str(task.get("gevraagdeHandeling", ""))
    values["interneTaak.toelichting"] = _with_contact_details(
        str(task.get("toelichting", "")), draft.get("betrokkenen") or []
    )
    return values


def _explanations(draft: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path, item in draft["explanations"].items():
        found[path] = {"why": item["why"], "confidence": item["confidence"]}
    found["kanaal"] = {"why": "gekozen bij het starten van het gesprek", "confidence": 1.0}
    found["interneTaak.gevraagdeHandeling"] = found["interneTaak"]
    found["interneTaak.toelichting"] = found["interneTaak"]
    return found


def alternatives(draft: Mapping[str, Any]) -> dict[str, list[str]]:
    """The other products the employee may pick for each unsure question, by field path
    (``vragen[0].upl`` → up to two UPL names; the draft's ``ookMogelijk``)."""
    return {
        f"vragen[{number}].upl": list(vraag["ookMogelijk"])
        for number, vraag in enumerate(draft["vragen"])
        if vraag.get("ookMogelijk")
    }


def chosen_alternative(
    form: Mapping[str, Any], proposal: Mapping[str, Any], values: dict[str, str]
) -> bool:
    """Apply the alternative product a person picked ("Twijfel: misschien ook …", the form's
    ``kies`` button: ``path|product``) to ``values``; False when the form picked none. Only a
    product the proposal offered for that question (an alternative, or its own product back)
    is taken. Confirming afterwards records it
    like any change the person made to the product."""
    picked = str(form.get("kies") or "")
    if not picked:
        return False
    path, _, product = picked.partition("|")
    offered = (proposal.get("alternatives") or {}).get(path, [])
    if product in offered or (offered and product == proposal["values"][path]):
        values[path] = product
    return True


def open_review(
    session: Session,
    contact: Klantcontact,
    transcript: Transcript,
    analysed: Sequence[AnalysedTurn],
    *,
    model: GuardedModel | None = None,
) -> dict[str, Any]:
    """The proposal to review (``turns``, ``values``, ``explanations``): the snapshot in the
    concept, made now on first view or when the conversation has new turns."""
    meta = dict(contact.meta or {})
    proposal = meta.get("voorstel")
    if proposal is None or proposal.get("turns") != len(transcript.turns):
        kanaal = transcript.kanaal or contact.kanaal
        draft = draft_registration(transcript, kanaal=kanaal, analysed=analysed, model=model)
        proposal = {
            "model": draft["model"],
            "modelNote": draft.get("modelNote"),
            "turns": len(transcript.turns),
            "values": editable(draft),
            "explanations": _explanations(draft),
            "alternatives": alternatives(draft),
        }
        meta["voorstel"] = proposal
        meta.setdefault("controle_start", datetime.now(UTC).isoformat())
        contact.meta = meta
    return dict(proposal)


def pending_proposal(contact: Klantcontact) -> dict[str, Any] | None:
    """The snapshot a confirmation answers to: None when the contact is no concept any more,
    ``{}`` when it was never shown for review."""
    if contact.status != "concept":
        return None
    proposal = (contact.meta or {}).get("voorstel")
    return dict(proposal) if proposal else {}


# --- the submitted values -----------------------------------------------------------------------


def submitted(form: Mapping[str, Any], proposal: Mapping[str, Any]) -> dict[str, str]:
    """The values a person submitted for the fields of ``proposal`` (white space tidied; the
    inhoud keeps its lines)."""
    values: dict[str, str] = {}
    for key in proposal["values"]:
        raw = form.get(key)
        values[key] = " ".join(str(raw).split()) if key != "inhoud" else str(raw or "").strip()
        if raw is None:
            values[key] = ""
    values["interneTaak"] = "ja" if form.get("interneTaak") == "ja" else "nee"
    return values


def _check_texts(values: Mapping[str, str]) -> Errors:
    errors: Errors = []
    if values["kanaal"] not in KANALEN:
        errors.append((field_id("kanaal"), "Kies een kanaal uit de lijst."))
    if not values["onderwerp"]:
        errors.append((field_id("onderwerp"), "Vul het onderwerp in."))
    for name, limit in TEXT_LIMITS.items():
        if len(values[name]) > limit:
            errors.append(
                (field_id(name), f"Maak het veld {name} korter: hoogstens {limit} tekens.")
            )
    return errors


def _check_vragen(values: Mapping[str, str], upl_names: frozenset[str]) -> Errors:
    errors: Errors = []
    for key, value in values.items():
        if key.endswith(".upl") and value not in upl_names:
            errors.append((field_id(key), "Kies een product uit de UPL-lijst."))
        elif key.endswith(".gespreksresultaat") and value not in GESPREKSRESULTATEN:
            errors.append((field_id(key), "Kies een gespreksresultaat uit de lijst."))
        elif key.endswith(".specifiekeVraag") and not 0 < len(value) <= SPECIFIEK_MAX:
            errors.append((field_id(key), f"Vul de vraag in, hoogstens {SPECIFIEK_MAX} tekens."))
    return errors


def _check_task(values: Mapping[str, str]) -> Errors:
    if values["interneTaak"] != "ja":
        return []
    errors: Errors = []
    for name, limit in TASK_LIMITS.items():
        value = values[f"interneTaak.{name}"]
        if name == "gevraagdeHandeling" and not value:
            errors.append((field_id(f"interneTaak.{name}"), "Vul in wat er moet gebeuren."))
        if len(value) > limit:
            errors.append((field_id(f"interneTaak.{name}"), f"Hoogstens {limit} tekens."))
    return errors


def validate(values: Mapping[str, str], upl_names: frozenset[str]) -> Errors:
    """A Dutch message per invalid field (empty when every value may be stored)."""
    return _check_texts(values) + _check_vragen(values, upl_names) + _check_task(values)


def changed_fields(proposed: Mapping[str, str], final: Mapping[str, str]) -> list[str]:
    return sorted(key for key in final if proposed.get(key, "") != final[key])


def _free_text_limit(key: str) -> int | None:
    """The length limit of a free-text field of the review form (None: not free text)."""
    if key in TEXT_LIMITS:
        return TEXT_LIMITS[key]
    if key.endswith(".specifiekeVraag"):
        return SPECIFIEK_MAX
    if key.startswith("interneTaak."):
        return TASK_LIMITS.get(key.split(".", 1)[1])
    return None


def scrubbed(values: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The values to store: identifiers the employee typed in free-text fields replaced by
    their tag (``[BSN]``), and the names of the fields where that happened. The interne taak
    keeps a phone number or e-mail address: a callback needs it (contracts §11)."""
    stored: dict[str, str] = {}
    replaced: list[str] = []
    for key, value in values.items():
        limit = _free_text_limit(key)
        keep = CALLBACK_KINDS if key.startswith("interneTaak.") else ()
        clean = linking.scrub(value, keep) if limit is not None else value
        if clean != value:
            replaced.append(key)
            clean = clean[:limit]
        stored[key] = clean
    return stored, sorted(replaced)


# --- confirming ---------------------------------------------------------------------------------


def _apply(contact: Klantcontact, values: Mapping[str, str], draft: Mapping[str, Any]) -> None:
    """The reviewed values on the contact; what a person does not review comes from the draft."""
    contact.kanaal = values["kanaal"]
    contact.onderwerp = values["onderwerp"]
    contact.inhoud = values["inhoud"]
    contact.reactie = values["reactie"]
    contact.taal = draft["taal"]
    contact.vertrouwelijk = draft["vertrouwelijk"]
    contact.tone = draft["tone"]["tone"]
    contact.complex = draft["complex"]
    contact.indicatie_contact_gelukt = draft["indicatieContactGelukt"]
    contact.plaatsgevonden_op = contact.turns[0].at if contact.turns else None
    contact.vragen = [
        Vraag(
            position=number,
            upl=values[f"vragen[{number}].upl"],
            specifieke_vraag=values[f"vragen[{number}].specifiekeVraag"],
            gespreksresultaat=values[f"vragen[{number}].gespreksresultaat"],
        )
        for number in range(len(draft["vragen"]))
    ]
    contact.interne_taken = (
        [
            InterneTaak(
                gevraagde_handeling=values["interneTaak.gevraagdeHandeling"],
                toelichting=values["interneTaak.toelichting"],
            )
        ]
        if values["interneTaak"] == "ja"
        else []
    )
    contact.betrokkenen = [betrokkene_row(b) for b in draft["betrokkenen"]]


def _review_seconds(meta: Mapping[str, Any]) -> int:
    started = datetime.fromisoformat(str(meta["controle_start"]))
    return max(0, round((datetime.now(UTC) - started).total_seconds()))


def confirm(
    session: Session,
    contact: Klantcontact,
    transcript: Transcript,
    analysed: Sequence[AnalysedTurn],
    reviewer: Reviewer,
    values: Mapping[str, str],
    *,
    audit_key: bytes,
    link_key: bytes,
) -> None:
    """Register the reviewed concept ``contact`` (see the module's description, step 3)."""
    draft = draft_registration(transcript, kanaal=values["kanaal"], analysed=analysed)
    stored, replaced = scrubbed(values)
    meta = dict(contact.meta or {})
    proposal = meta.pop("voorstel")
    proposed: dict[str, str] = proposal["values"]
    seconds = _review_seconds(meta)
    meta.pop("controle_start", None)
    first = self_first.audit_details(contact, proposed, values)
    advice = handoff_advice(analysed, draft)
    followed = advice_followed(
        [v for k, v in values.items() if k.endswith(".gespreksresultaat")],
        values["interneTaak"] == "ja",
    )
    _apply(contact, stored, draft)
    contact.actoren = [
        employee_actor(session, reviewer.id, reviewer.display_name),
        assistant_actor(session),
    ]
    contact.status = "bevestigd"
    changed = changed_fields(proposed, values)
    # What Reisgenoot proposed, with identifiers replaced by their tag (the callback number
    # lives on in the interne taak only): the audit's hashes refer to it.
    snapshot = {
        key: linking.scrub(value) if _free_text_limit(key) is not None else value
        for key, value in proposed.items()
    }
    meta.update(
        {
            "bevestigd_door": reviewer.id,
            "gewijzigde_velden": len(changed),
            "voorstel": {"turns": proposal.get("turns"), "values": snapshot},
        }
    )
    contact.meta = meta
    session.flush()
    linking.record_identifiers(
        session,
        contact,
        link_key,
        extra=[value for key, value in values.items() if _free_text_limit(key) is not None],
    )
    audit.record(
        session,
        audit_key,
        actor=reviewer.username,
        action="klantcontact_bevestigd",
        object_type="klantcontact",
        object_id=contact.uuid,
        details={
            "gewijzigd": changed,
            "voorstel": {key: sha256(value) for key, value in snapshot.items()},
            "definitief": {key: sha256(value) for key, value in stored.items()},
            "identificatoren_vervangen": replaced,
            "controle_seconden": seconds,
            "beurten": len(transcript.turns),
            "vragen": len(draft["vragen"]),
            "interne_taak": values["interneTaak"] == "ja",
            # Reliance (oversight.reliance): a source read, a hand-off advice overridden, and
            # the employee's own choice under "eerst zelf" — names of lists, no free text.
            "bron_geopend": sources.opened(contact) > 0,
            "doorverwijsadvies": advice.kind if advice else None,
            "advies_gevolgd": followed if advice else None,
            "eerst_zelf": first,
        },
    )
    learning_examples.record_registration(
        session,
        klantcontact_id=contact.id,
        turns=[("inwoner" if t.is_resident else t.speaker, t.text) for t in transcript.turns],
        proposed=proposed,
        confirmed=stored,
    )
