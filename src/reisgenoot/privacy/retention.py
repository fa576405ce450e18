"""Retention periods per kind of data: the setting, or the beheerder's override.

Five kinds (:data:`KINDS`): klantcontacten, gespreksbeurten, chats, leervoorbeelden and the
auditlogboek. Each has a setting with a default (``docs/settings.md``); a beheerder can set
another period in the browser (:func:`set_days`, stored in ``retention_settings`` and
audited) or go back to the setting. :func:`terms` says, per kind, which period holds and
where it comes from; the purge (:mod:`reisgenoot.privacy.purge`) and the nightly run read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.errors import PrivacyError, PrivacyInputError
from reisgenoot.privacy.models import RetentionOverride
from reisgenoot.settings import Settings
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database

MIN_DAYS = 1
MAX_DAYS = 36_500
MAX_LABEL = f"{MAX_DAYS:,}".replace(",", ".")  # Dutch: 36.500


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of data with its own retention period."""

    key: str
    label: str  # Dutch, for people
    what: str  # Dutch (B1): what goes, and what stays
    setting: str  # the field of Settings with the default

    @property
    def variable(self) -> str:
        return f"REISGENOOT_{self.setting.upper()}"


CONTACTS = Kind(
    "klantcontacten",
    "Klantcontacten",
    "Registraties van contacten, met vragen, betrokkenen, interne taken en de versleutelde "
    "kenmerken. Een contact met een interne taak die nog open staat, blijft tot die klaar is.",
    "retention_contacts_days",
)
TURNS = Kind(
    "gespreksbeurten",
    "Gespreksbeurten",
    "Wat er in een gesprek is gezegd (zonder BSN en rekeningnummer). De registratie van het "
    "contact blijft staan.",
    "retention_turns_days",
)
CHATS = Kind(
    "chats",
    "Chats van de digitale assistent",
    "Vragen van inwoners aan de digitale assistent (zonder persoonsgegevens), de antwoorden en "
    "de beoordelingen. Geteld vanaf de laatste vraag in de chat.",
    "retention_chats_days",
)
EXAMPLES = Kind(
    "leervoorbeelden",
    "Leervoorbeelden",
    "Voorbeelden uit bevestigd werk waar de modellen van leren (zonder persoonsgegevens). Een "
    "voorbeeld gaat ook weg als het contact of de chat waar het uit komt weggaat.",
    "learn_retention_days",
)
AUDIT = Kind(
    "auditlogboek",
    "Auditlogboek",
    "Wie wat deed in Reisgenoot. De oudste gebeurtenissen gaan weg; een beveiligd beginpunt "
    "zorgt dat de controle van het logboek blijft werken.",
    "retention_audit_days",
)
KINDS: tuple[Kind, ...] = (CONTACTS, TURNS, CHATS, EXAMPLES, AUDIT)
BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True, slots=True)
class Term:
    """The retention period that holds for one kind, and where it comes from."""

    kind: Kind
    days: int
    default: int
    changed_at: datetime | None = None
    changed_by: str | None = None

    @property
    def overridden(self) -> bool:
        return self.changed_at is not None


def kind(key: str) -> Kind:
    try:
        return BY_KEY[key]
    except KeyError:
        raise PrivacyError(
            "unknown kind", code="onbekende_soort", kind=key, kinds=", ".join(BY_KEY)
        ) from None


def default_days(settings: Settings, which: Kind) -> int:
    return int(getattr(settings, which.setting))


def terms(session: Session, settings: Settings) -> list[Term]:
    """The period of every kind, in the order of :data:`KINDS`."""
    overrides = {row.kind: row for row in session.scalars(select(RetentionOverride))}
    found: list[Term] = []
    for which in KINDS:
        default = default_days(settings, which)
        row = overrides.get(which.key)
        if row is None:
            found.append(Term(which, default, default))
        else:
            found.append(Term(which, row.days, default, row.changed_at, row.changed_by))
    return found


def days(session: Session, settings: Settings, which: Kind) -> int:
    row = session.get(RetentionOverride, which.key)
    return row.days if row is not None else default_days(settings, which)


def check_days(which: Kind, value: int) -> int:
    if not MIN_DAYS <= value <= MAX_DAYS:
        raise PrivacyInputError(
            "retention out of range",
            code="bewaartermijn_ongeldig",
            label=which.label.lower(),
            minimum=MIN_DAYS,
            maximum=MAX_LABEL,
        )
    return value


def set_days(
    session: Session,
    settings: Settings,
    changes: Sequence[tuple[Kind, int | None]],
    *,
    audit_key: bytes,
    actor: str,
) -> list[Kind]:
    """Set the period of each kind (None: back to the setting); audit each change. Returns
    the kinds that changed. Every value is checked before anything is stored."""
    for which, value in changes:
        if value is not None:
            check_days(which, value)
    changed: list[Kind] = []
    for which, value in changes:
        before = days(session, settings, which)
        row = session.get(RetentionOverride, which.key)
        default = default_days(settings, which)
        if value is None or value == default:
            if row is None:
                continue
            session.delete(row)
        elif row is None:
            session.add(RetentionOverride(kind=which.key, days=value, changed_by=actor))
        elif row.days == value:
            continue
        else:
            row.days, row.changed_at, row.changed_by = value, utcnow(), actor
        after = default if value is None else value
        audit.record(
            session,
            audit_key,
            actor=actor,
            action="bewaartermijn_gewijzigd",
            object_type="bewaartermijn",
            object_id=which.key,
            details={"was": before, "wordt": after, "standaard": value is None or value == default},
        )
        changed.append(which)
    session.flush()
    return changed


def examples_days(database: Database) -> int:
    """The retention period of learning examples in force (for training runs)."""
    with database.session() as session:
        return days(session, database.settings, EXAMPLES)
