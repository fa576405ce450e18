"""Marks on signals: a teamleider says "herkend", "actie" or "ruis" (with an optional note).

A mark is stored per scope (team or municipality) and signal key (kind, topic, kanaal and the
detection week), with an audit event. It is read only to *show* it next to the signal: the
detectors (:mod:`reisgenoot.signals.service` and below) never import this module, so a mark can
never change what is detected — the detectors learn nothing from people (tests/signals/
test_marks.py checks both). Nothing here records which employee handled which contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.language.pii import redact
from reisgenoot.signals.models import MARKS, SignalMark, scope_of
from reisgenoot.signals.service import Signal
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

MAX_NOTE = 500


@dataclass(frozen=True, slots=True)
class SignalKey:
    """What identifies a signal across page views: kind, topic, kanaal and the week."""

    kind: str
    topic: str
    kanaal: str  # "" for all channels
    week_start: date
    week_end: date

    @classmethod
    def of(cls, signal: Signal, week: tuple[date, date]) -> SignalKey:
        return cls(signal.kind, signal.topic, signal.kanaal or "", week[0], week[1])

    @property
    def text(self) -> str:
        """A compact form for forms and audit details."""
        return "|".join(
            (
                self.kind,
                self.topic,
                self.kanaal,
                self.week_start.isoformat(),
                self.week_end.isoformat(),
            )
        )

    @classmethod
    def parse(cls, text: str) -> SignalKey:
        parts = text.split("|")
        if len(parts) != 5:
            raise InputError("bad signal key", code="signaal_onbekend")
        kind, topic, kanaal, start, end = parts
        try:
            week = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError as exc:
            raise InputError("bad signal key", code="signaal_onbekend") from exc
        if not kind or not topic or len(topic) > 300 or week[0] > week[1]:
            raise InputError("bad signal key", code="signaal_onbekend")
        return cls(kind, topic, kanaal, *week)


def clean_note(note: str) -> str:
    cleaned = " ".join(note.split())
    if len(cleaned) > MAX_NOTE:
        raise InputError("note too long", code="notitie_te_lang")
    return redact(cleaned).text if cleaned else ""


def set_mark(
    session: Session,
    team_id: int | None,
    key: SignalKey,
    mark: str,
    note: str = "",
    *,
    audit_key: bytes,
    actor: str,
) -> SignalMark:
    """Set (or replace) the mark of one signal in one scope; audited in the same transaction."""
    if mark not in MARKS:
        raise InputError("unknown mark", code="markering_onbekend")
    cleaned = clean_note(note)
    scope = scope_of(team_id)
    row = session.scalars(
        select(SignalMark).where(
            SignalMark.scope == scope,
            SignalMark.kind == key.kind,
            SignalMark.topic == key.topic,
            SignalMark.kanaal == key.kanaal,
            SignalMark.week_start == key.week_start,
        )
    ).one_or_none()
    if row is None:
        row = SignalMark(
            scope=scope,
            team_id=team_id,
            kind=key.kind,
            topic=key.topic,
            kanaal=key.kanaal,
            week_start=key.week_start,
            week_end=key.week_end,
        )
        session.add(row)
    row.week_end = key.week_end
    row.mark = mark
    row.note = cleaned
    row.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="signaal_gemarkeerd",
        object_type="signal_mark",
        object_id=str(row.id),
        details={"scope": scope, "signaal": key.text, "markering": mark},
    )
    return row


def marks_in(
    session: Session, team_id: int | None, first: date, last: date
) -> dict[SignalKey, SignalMark]:
    """The marks of one scope for the weeks starting in ``[first, last]``."""
    statement = select(SignalMark).where(
        SignalMark.scope == scope_of(team_id),
        SignalMark.week_start >= first,
        SignalMark.week_start <= last,
    )
    return {
        SignalKey(m.kind, m.topic, m.kanaal, m.week_start, m.week_end): m
        for m in session.scalars(statement)
    }
