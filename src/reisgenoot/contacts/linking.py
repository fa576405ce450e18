"""Linked context: earlier contacts of the same resident, matched on keyed identifier hashes.

"Verbanden leggen tussen dossiers" without a file of plain identifiers: when a contact is
confirmed, :func:`record_identifiers` finds the identifiers in its turns (BSN, e-mail address,
telephone number and IBAN from :mod:`reisgenoot.language.pii`, KVK number after a "KvK" cue),
stores ``HMAC-SHA256(link key, kind + ":" + normalised value)`` for each, and replaces them in
the stored turns by their type tag (``[BSN]``), so the database keeps no plain identifier of a
confirmed contact. The link key is derived from the instance's secret key with its own label,
so it is useless for anything else; rotating the secret key starts a new linking space.

:func:`linked_context` gives, for a contact (a live concept or a confirmed one), the earlier
confirmed contacts that share at least one hash, newest first, with their open interne taken.
Only the roles in :data:`LINK_ROLES` see it (:func:`may_see`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reisgenoot.accounts.models import Role
from reisgenoot.contacts.models import Klantcontact, Turn
from reisgenoot.contacts.records import IdentifierHash
from reisgenoot.language.pii import Entity, apply, detect
from reisgenoot.settings import Settings

LINK_LABEL = b"reisgenoot/identifier-link/v1"
LINK_ROLES = (Role.MEDEWERKER, Role.TEAMLEIDER)
LINKED_TYPES = ("bsn", "email", "telefoon", "iban")
KIND_LABELS = {
    "bsn": "BSN",
    "email": "e-mailadres",
    "telefoon": "telefoonnummer",
    "kvk": "KVK-nummer",
    "iban": "rekeningnummer",
}
MAX_CONTACTS = 10
MAX_TASKS = 10
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_KVK = re.compile(
    r"\b(?:kvk|kamer van koophandel)(?:[\s-]*(?:nummer|nr\.?))?\s*(?:is|:)?\s*(\d{8})\b",
    re.IGNORECASE,
)


def link_key(settings: Settings) -> bytes:
    """The linking key: derived from the instance secret key, with its own label."""
    return hmac.new(settings.session_secret().encode("utf-8"), LINK_LABEL, "sha256").digest()


def normalise(kind: str, value: str) -> str:
    """One spelling per identifier: digits only, country codes folded, e-mail in lower case."""
    if kind == "email":
        return value.strip().casefold()
    if kind == "iban":
        return re.sub(r"\s", "", value).upper()
    digits = re.sub(r"\D", "", value)
    if kind == "telefoon":
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif value.strip().startswith("+31") and digits.startswith("31"):
            digits = "0" + digits[2:]
    return digits


def digest(key: bytes, kind: str, value: str) -> str:
    payload = f"{kind}:{normalise(kind, value)}".encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def identifiers_in(text: str, entities: Iterable[Entity] | None = None) -> list[Entity]:
    """The identifiers in ``text`` that link contacts, sorted and not overlapping.
    ``entities`` are the personal data of ``text`` when the caller has them already (the
    turn's analysis); otherwise they are detected here."""
    found = [e for e in (detect(text) if entities is None else entities) if e.type in LINKED_TYPES]
    taken = [(e.start, e.end) for e in found]
    for match in _KVK.finditer(text):
        start, end = match.span(1)
        if all(end <= a or start >= b for a, b in taken):
            found.append(Entity(start, end, "kvk", match.group(1)))
    return sorted(found, key=lambda e: e.start)


def digests_in(texts: Iterable[str], key: bytes) -> dict[str, str]:
    """``digest → kind`` for every identifier in ``texts``."""
    return {
        digest(key, entity.type, entity.text): entity.type
        for text in texts
        for entity in identifiers_in(text)
    }


def scrub(text: str, keep: Iterable[str] = ()) -> str:
    """``text`` with its linking identifiers replaced by type tags (``[BSN]``), except the
    kinds in ``keep`` (e.g. the phone number a callback task needs)."""
    kept = set(keep)
    return apply(text, [e for e in identifiers_in(text) if e.type not in kept])


def keep_as_hashes(session: Session, contact_id: int, text: str, key: bytes) -> str:
    """Store the keyed hashes of the identifiers in ``text`` for contact ``contact_id`` and
    return ``text`` scrubbed: a turn is stored this way from the start (live assist,
    ``register --save``), so no BSN or IBAN sits in ``turns`` even for a concept."""
    found = identifiers_in(text)
    if not found:
        return text
    known = set(
        session.scalars(
            select(IdentifierHash.digest).where(IdentifierHash.klantcontact_id == contact_id)
        )
    )
    for entity in found:
        value = digest(key, entity.type, entity.text)
        if value not in known:
            known.add(value)
            session.add(IdentifierHash(klantcontact_id=contact_id, kind=entity.type, digest=value))
    return apply(text, found)


def record_identifiers(
    session: Session, contact: Klantcontact, key: bytes, extra: Iterable[str] = ()
) -> int:
    """Store the keyed hashes of ``contact``'s identifiers and scrub them from its turns.

    ``extra`` are more texts of the contact (the registration fields the employee confirmed):
    their identifiers are hashed too; the caller stores them scrubbed (:func:`scrub`).
    Runs in the caller's transaction (the confirmation): both happen, or neither.
    Returns the number of new hashes.
    """
    turns: Sequence[Turn] = contact.turns
    found = digests_in([*(turn.text for turn in turns), *extra], key)
    known = set(
        session.scalars(
            select(IdentifierHash.digest).where(IdentifierHash.klantcontact_id == contact.id)
        )
    )
    new = {d: kind for d, kind in found.items() if d not in known}
    for value, kind in sorted(new.items()):
        session.add(IdentifierHash(klantcontact_id=contact.id, kind=kind, digest=value))
    for turn in turns:
        cleaned = scrub(turn.text)
        if cleaned != turn.text:
            turn.text = cleaned
    session.flush()
    return len(new)


def may_see(roles: Iterable[Role]) -> bool:
    """Whether someone with ``roles`` may see linked context (not a trainee, for one)."""
    return any(role in LINK_ROLES for role in roles)


# --- the panel ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EarlierContact:
    uuid: str
    when: str
    kanaal: str
    onderwerp: str
    gespreksresultaat: str
    vertrouwelijk: bool


@dataclass(frozen=True, slots=True)
class OpenTask:
    gevraagde_handeling: str
    since: str
    contact_when: str


@dataclass(frozen=True, slots=True)
class LinkedContext:
    """What the panel shows; ``searched`` is False when the contact has no identifier yet."""

    uuid: str
    searched: bool
    kinds: tuple[str, ...] = ()
    contacts: tuple[EarlierContact, ...] = ()
    tasks: tuple[OpenTask, ...] = ()
    more: int = 0


def local(moment: datetime | None) -> str:
    if moment is None:
        return "onbekend"
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def _own_digests(session: Session, contact: Klantcontact, key: bytes) -> dict[str, str]:
    stored = {
        row.digest: row.kind
        for row in session.scalars(
            select(IdentifierHash).where(IdentifierHash.klantcontact_id == contact.id)
        )
    }
    texts = session.scalars(select(Turn.text).where(Turn.klantcontact_id == contact.id))
    return {**digests_in(texts, key), **stored}


def _earlier(contact: Klantcontact) -> EarlierContact:
    resultaat = contact.vragen[0].gespreksresultaat if contact.vragen else ""
    return EarlierContact(
        uuid=contact.uuid,
        when=local(contact.plaatsgevonden_op or contact.created_at),
        kanaal=contact.kanaal,
        onderwerp="" if contact.vertrouwelijk else contact.onderwerp,
        gespreksresultaat=resultaat,
        vertrouwelijk=contact.vertrouwelijk,
    )


def _open_tasks(contacts: Sequence[Klantcontact]) -> tuple[OpenTask, ...]:
    tasks: list[tuple[datetime, OpenTask]] = []
    for contact in contacts:
        for taak in contact.interne_taken:
            if taak.status != "te_verwerken":
                continue
            when = local(contact.plaatsgevonden_op or contact.created_at)
            tasks.append(
                (
                    taak.toegewezen_op,
                    OpenTask(taak.gevraagde_handeling, local(taak.toegewezen_op), when),
                )
            )
    tasks.sort(key=lambda item: item[0], reverse=True)
    return tuple(task for _, task in tasks[:MAX_TASKS])


def linked_context(session: Session, uuid: str, key: bytes) -> LinkedContext | None:
    """Earlier confirmed contacts of the resident of contact ``uuid`` (None: no such contact)."""
    contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
    if contact is None:
        return None
    own = _own_digests(session, contact, key)
    if not own:
        return LinkedContext(uuid=uuid, searched=False)
    matches = list(
        session.execute(
            select(IdentifierHash.klantcontact_id, IdentifierHash.kind)
            .join(Klantcontact, Klantcontact.id == IdentifierHash.klantcontact_id)
            .where(
                IdentifierHash.digest.in_(list(own)),
                IdentifierHash.klantcontact_id != contact.id,
                Klantcontact.status == "bevestigd",
            )
        )
    )
    ids = {row[0] for row in matches}
    kinds = tuple(sorted({KIND_LABELS[row[1]] for row in matches if row[1] in KIND_LABELS}))
    found = list(
        session.scalars(
            select(Klantcontact)
            .where(Klantcontact.id.in_(ids))
            .options(selectinload(Klantcontact.vragen), selectinload(Klantcontact.interne_taken))
        )
    )
    found.sort(key=lambda c: c.plaatsgevonden_op or c.created_at, reverse=True)
    return LinkedContext(
        uuid=uuid,
        searched=True,
        kinds=kinds,
        contacts=tuple(_earlier(c) for c in found[:MAX_CONTACTS]),
        tasks=_open_tasks(found),
        more=max(0, len(found) - MAX_CONTACTS),
    )
