"""Finding everything stored about one resident, by keyed identifier hash, and erasing it.

A resident is found by what they can show: a BSN, e-mail address, telephone number, KVK
number or IBAN. Turns never hold these in plain text (``contacts.linking.keep_as_hashes``):
a contact is found by ``HMAC(link key, kind:normalised value)`` in ``identifier_hashes``.
The only plain copies are the phone number and e-mail address a resident typed for a
callback (the ``Telefoon:`` and ``E-mail:`` lines of an interne taak's toelichting,
contracts §11); those lines are hashed the same way and compared, so they are found too.

Belonging to the resident: those contacts (with everything the database keeps with them),
the assistant chats that handed over to them, the learning examples made from either, and
kept call audio of those conversations. :func:`erase` deletes all of it; the audit event
names only the kinds of identifier and the counts, never a value or a hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from reisgenoot.contacts.linking import KIND_LABELS, digest, normalise
from reisgenoot.contacts.models import InterneTaak, Klantcontact
from reisgenoot.contacts.records import IdentifierHash, OpenKlantDelivery
from reisgenoot.contacts.requests import CONTACT_LABELS
from reisgenoot.errors import PrivacyError, PrivacyInputError
from reisgenoot.knowledge.selfservice_models import Chat, Exchange
from reisgenoot.language.pii_patterns import elfproef, iban_valid
from reisgenoot.learning.models import Example
from reisgenoot.store import audit

KINDS = ("bsn", "email", "telefoon", "kvk", "iban")
MAX_VALUE = 200
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# The callback lines of a toelichting ("Telefoon: 06 …", "E-mail: …") and their kind.
_CALLBACK_LINES = {
    CONTACT_LABELS["telefoonnummer"]: "telefoon",
    CONTACT_LABELS["email"]: "email",
}


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier of the resident (personal data: never logged, stored or audited)."""

    kind: str
    value: str

    def __repr__(self) -> str:  # keep the value out of tracebacks and logs
        return f"Identifier({self.kind})"


def _valid(kind: str, value: str) -> str | None:
    """Why ``value`` is no ``kind`` (Dutch), or None when it is one."""
    clean = normalise(kind, value)
    checks = {
        "bsn": (elfproef(clean), "een BSN heeft 9 cijfers en klopt met de elfproef"),
        "email": (
            _EMAIL.fullmatch(clean) is not None,
            "vul een e-mailadres in als naam@voorbeeld.nl",
        ),
        "telefoon": (
            len(clean) == 10 and clean.startswith("0"),
            "vul een telefoonnummer in van 10 cijfers, zoals 06 12345678",
        ),
        "kvk": (len(clean) == 8, "een KVK-nummer heeft 8 cijfers"),
        "iban": (iban_valid(clean), "het rekeningnummer (IBAN) klopt niet"),
    }
    ok, reason = checks[kind]
    return None if ok else reason


def identifier(kind: str, value: str) -> Identifier:
    """A checked identifier; :class:`PrivacyInputError` (Dutch) when it cannot be one."""
    if kind not in KINDS:
        raise PrivacyError(
            "unknown identifier kind", code="onbekende_soort", kind=kind, kinds=", ".join(KINDS)
        )
    label = KIND_LABELS[kind]
    value = value.strip()
    reason = "vul het in" if not value else _valid(kind, value[:MAX_VALUE])
    if len(value) > MAX_VALUE:
        reason = f"het mag hoogstens {MAX_VALUE} tekens hebben"
    if reason is not None:
        raise PrivacyInputError(
            "bad identifier", label=label[:1].upper() + label[1:], detail=reason
        )
    return Identifier(kind, value)


def identifiers(values: Iterable[tuple[str, str | None]]) -> list[Identifier]:
    """The identifiers given (empty ones skipped); at least one is needed."""
    found = [
        identifier(kind, value) for kind, value in values if value is not None and value.strip()
    ]
    if not found:
        raise PrivacyInputError("no identifier", code="geen_kenmerk")
    return found


def _callback_matches(session: Session, wanted: set[str], key: bytes) -> set[int]:
    """Contacts whose interne taak holds a callback number or address among ``wanted``."""
    rows = session.execute(
        select(InterneTaak.klantcontact_id, InterneTaak.toelichting).where(
            or_(*(InterneTaak.toelichting.contains(f"{label}:") for label in _CALLBACK_LINES))
        )
    )
    found: set[int] = set()
    for contact_id, text in rows:
        for line in text.splitlines():
            label, _, value = line.partition(":")
            kind = _CALLBACK_LINES.get(label.strip())
            if kind and value.strip() and digest(key, kind, value.strip()) in wanted:
                found.add(contact_id)
    return found


def find_contacts(session: Session, link_key: bytes, people: Sequence[Identifier]) -> list[int]:
    """Ids of every klantcontact of the resident with these identifiers, oldest first."""
    wanted = {digest(link_key, person.kind, person.value) for person in people}
    hashed = set(
        session.scalars(
            select(IdentifierHash.klantcontact_id).where(IdentifierHash.digest.in_(wanted))
        )
    )
    ids = hashed | _callback_matches(session, wanted, link_key)
    return list(
        session.scalars(
            select(Klantcontact.id).where(Klantcontact.id.in_(ids)).order_by(Klantcontact.id)
        )
    )


def chats_of(session: Session, contact_ids: Sequence[int]) -> list[int]:
    return list(session.scalars(select(Chat.id).where(Chat.klantcontact_id.in_(contact_ids))))


def audio_files(audio_folder: Path, uuids: Iterable[str]) -> list[Path]:
    """Kept call audio of these conversations (files are named ``<uuid>-<n>.wav``)."""
    if not audio_folder.is_dir():
        return []
    return [path for uuid in uuids for path in sorted(audio_folder.glob(f"{uuid}-*.wav"))]


@dataclass(frozen=True, slots=True)
class Erased:
    contacts: int
    chats: int
    examples: int
    audio: int
    open_klant: tuple[str, ...]  # where sent contacts live on in Open Klant: erase them there

    def as_dict(self) -> dict[str, object]:
        return {
            "klantcontacten": self.contacts,
            "chats": self.chats,
            "leervoorbeelden": self.examples,
            "audio": self.audio,
            "in_open_klant": list(self.open_klant),
        }


def erase(
    session: Session,
    people: Sequence[Identifier],
    *,
    link_key: bytes,
    audit_key: bytes,
    audio_folder: Path,
    actor: str,
) -> Erased:
    """Delete everything of the resident (in the caller's transaction) and audit it."""
    contact_ids = find_contacts(session, link_key, people)
    chat_ids = chats_of(session, contact_ids)
    exchanges = select(Exchange.id).where(Exchange.chat_id.in_(chat_ids))
    examples = session.execute(
        delete(Example)
        .where(or_(Example.klantcontact_id.in_(contact_ids), Example.exchange_id.in_(exchanges)))
        .execution_options(synchronize_session=False)
    )
    uuids = list(session.scalars(select(Klantcontact.uuid).where(Klantcontact.id.in_(contact_ids))))
    remote = tuple(
        url
        for url in session.scalars(
            select(OpenKlantDelivery.remote_url).where(
                OpenKlantDelivery.klantcontact_id.in_(contact_ids)
            )
        )
        if url
    )
    session.execute(
        delete(Chat).where(Chat.id.in_(chat_ids)).execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Klantcontact)
        .where(Klantcontact.id.in_(contact_ids))
        .execution_options(synchronize_session=False)
    )
    files = audio_files(audio_folder, uuids)
    result = Erased(
        len(contact_ids),
        len(chat_ids),
        int(getattr(examples, "rowcount", 0) or 0),
        len(files),
        remote,
    )
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="inwoner_gewist",
        object_type="inwoner",
        details={
            "gezocht_op": sorted({p.kind for p in people}),
            **result.as_dict(),
            "in_open_klant": len(remote),
        },
    )
    session.flush()
    for path in files:  # last; should the commit fail, a second erasure finds the rows again
        path.unlink(missing_ok=True)
    return result
