"""Agreed actions per round, and how they come back when the next round opens.

After the team conversation the teamleider records what the team agreed: an action, the role
that owns it and a date. When the next round opens, the questionnaire and the report begin
with "Wat hebben we gedaan met jullie zorgen?" and the status of each of those actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.impact.models import ACTION_STATUSES, Action, Round
from reisgenoot.impact.questions import DIMENSIONS, ImpactError
from reisgenoot.language.pii import redact
from reisgenoot.store import audit
from reisgenoot.store.base import utcnow

LOOKBACK_TITLE = "Wat hebben we gedaan met jullie zorgen?"
MAX_TITLE = 300
MAX_NOTE = 500

OWNER_ROLES: Mapping[str, str] = {
    "teamleider": "Teamleider",
    "team": "Het hele team",
    "opleider": "Opleider",
    "beheerder": "Beheerder",
    "management": "Management",
    "redacteur": "Redacteur kennisbank",
}
STATUS_LABELS: Mapping[str, str] = {
    "gepland": "Gepland",
    "bezig": "Mee bezig",
    "gedaan": "Gedaan",
    "niet_gelukt": "Niet gelukt",
}
FINISHED = frozenset({"gedaan", "niet_gelukt"})


def _clean(text: str, limit: int, code: str) -> str:
    cleaned = " ".join(text.split())
    if len(cleaned) > limit:
        raise ImpactError("text too long", code=code)
    return redact(cleaned).text if cleaned else ""


def add_action(
    session: Session,
    round_: Round,
    *,
    title: str,
    owner_role: str,
    due: date,
    dimension: str = "",
    audit_key: bytes,
    actor: str,
) -> Action:
    """Record an agreed action for a closed round (personal data in the text is redacted)."""
    if round_.is_open:
        raise ImpactError("round still open", code="ronde_nog_open")
    cleaned = _clean(title, MAX_TITLE, "actie_te_lang")
    if not cleaned:
        raise ImpactError("empty action", code="actie_leeg")
    if owner_role not in OWNER_ROLES:
        raise ImpactError("unknown owner role", code="eigenaar_onbekend")
    if dimension and dimension not in DIMENSIONS:
        raise ImpactError("unknown dimension", code="dimensie_onbekend")
    action = Action(
        round_id=round_.id,
        team_id=round_.team_id,
        dimension=dimension,
        title=cleaned,
        owner_role=owner_role,
        due=due,
        status="gepland",
    )
    session.add(action)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="impact_actie_afgesproken",
        object_type="impact_action",
        object_id=str(action.id),
        details={"ronde": round_.id, "eigenaar": owner_role},
    )
    return action


def set_status(
    session: Session, action: Action, status: str, note: str, *, audit_key: bytes, actor: str
) -> Action:
    """Change the status of an action, with an optional short note."""
    if status not in ACTION_STATUSES:
        raise ImpactError("unknown status", code="status_onbekend")
    action.status = status
    action.note = _clean(note, MAX_NOTE, "toelichting_te_lang")
    action.updated_at = utcnow()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="impact_actie_bijgewerkt",
        object_type="impact_action",
        object_id=str(action.id),
        details={"status": status},
    )
    return action


def actions_of(session: Session, round_id: int) -> list[Action]:
    statement = select(Action).where(Action.round_id == round_id).order_by(Action.due, Action.id)
    return list(session.scalars(statement))


def lookback(session: Session, round_: Round) -> list[Action]:
    """The actions to look back on when ``round_`` opens: those of the round before it, and
    older ones that are not finished yet."""
    statement = (
        select(Action, Round.number)
        .join(Round, Round.id == Action.round_id)
        .where(Action.team_id == round_.team_id, Round.number < round_.number)
        .order_by(Round.number.desc(), Action.due, Action.id)
    )
    rows = session.execute(statement).all()
    if not rows:
        return []
    latest = rows[0][1]
    return [a for a, number in rows if number == latest or a.status not in FINISHED]
