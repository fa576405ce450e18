"""Live assist: one session per conversation, suggestions after every turn.

:func:`start_conversation` makes the concept klantcontact of a new conversation. Every incoming
turn is **stored first** (a :class:`~reisgenoot.contacts.models.Turn` row on the concept,
committed) and only then is anything computed (:func:`process_turn`), so a crash loses nothing.
The turn is analysed once when it comes in and kept with its session
(:mod:`reisgenoot.assist.conversation`); the suggestions (:mod:`reisgenoot.assist.suggestions`)
read those analyses, so a turn stays in the low milliseconds however long the conversation is.
Nothing here confirms a registration: that is the review gate's explicit step by a person
(:mod:`reisgenoot.assist.review`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Team, User
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.conversation import (
    LiveSession,
    Registry,
    catch_up,
    load_session,
    stored_head,
)
from reisgenoot.assist.suggestions import Suggestions, announcement, compute_suggestions
from reisgenoot.assist.transcript import SPEAKERS, Turn
from reisgenoot.contacts import linking
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.models import Turn as ContactTurn
from reisgenoot.errors import InputError
from reisgenoot.store import audit
from reisgenoot.store.engine import Database

__all__ = [
    "MAX_TURNS",
    "MAX_TURN_CHARS",
    "NEW_TOPIC",
    "LiveInputError",
    "LiveSession",
    "Registry",
    "Suggestions",
    "announcement",
    "compute_suggestions",
    "current_suggestions",
    "load_session",
    "process_turn",
    "start_conversation",
    "store_turn",
]

MAX_TURN_CHARS = 4000
MAX_TURNS = 400
NEW_TOPIC = "(nog geen onderwerp)"


class LiveInputError(InputError):
    """A turn that cannot be taken (unknown speaker, empty, too long, conversation closed)."""

    code = "live_invoer"


def start_conversation(
    session: Session, *, kanaal: str, owner_id: int, actor: str, audit_key: bytes
) -> str:
    """A concept klantcontact for a new live conversation of ``owner_id``; its uuid. When the
    owner's team works "eerst zelf, dan AI", the conversation does so to its end."""
    meta: dict[str, object] = {"bron": "live", "ai_concept": "ja", "medewerker": owner_id}
    team_first = session.scalar(
        select(Team.self_first).join(User, User.team_id == Team.id).where(User.id == owner_id)
    )
    if team_first:
        meta["eerst_zelf"] = True
    contact = Klantcontact(kanaal=kanaal, onderwerp=NEW_TOPIC, status="concept", meta=meta)
    session.add(contact)
    session.flush()
    audit.record(
        session,
        audit_key,
        actor=actor,
        action="live_gesprek_gestart",
        object_type="klantcontact",
        object_id=contact.uuid,
        details={"kanaal": kanaal},
    )
    return contact.uuid


def _check_turn(speaker: str, text: str) -> tuple[str, str]:
    role = (speaker or "").strip().lower()
    if role not in SPEAKERS:
        raise LiveInputError("unknown speaker", speaker=role[:30])
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise LiveInputError("empty turn")
    if len(cleaned) > MAX_TURN_CHARS:
        raise LiveInputError("turn too long", limit=MAX_TURN_CHARS)
    return role, cleaned


def store_turn(database: Database, live: LiveSession, speaker: str, text: str) -> AnalysedTurn:
    """Analyse one turn once for the session and store it on the concept klantcontact (commit),
    before any suggestion is computed."""
    role, cleaned = _check_turn(speaker, text)
    at = datetime.now(UTC)
    with database.session() as session:
        # A no-op write on the concept takes its row lock (PostgreSQL) or the write lock
        # (SQLite) before the stored turns are counted: turns of several processes are stored
        # one after the other, each after catching up with those the others stored.
        locked = session.execute(
            update(Klantcontact)
            .where(Klantcontact.id == live.contact_id, Klantcontact.status == "concept")
            .values(status="concept")
            .execution_options(synchronize_session=False)
        )
        if getattr(locked, "rowcount", 0) != 1:
            raise LiveInputError("conversation closed")
        head = stored_head(session, live.contact_id)
        catch_up(session, live, head)
        if len(live.analysed) >= MAX_TURNS:
            raise LiveInputError("too many turns", limit=MAX_TURNS)
        # Analysed once; stored with its identifiers as keyed hashes only (found by that same
        # analysis); the session keeps the words. A failed commit forgets the turn again.
        position = len(live.analysed)
        said = live.remember(Turn(role, cleaned, at))
        try:
            key = linking.link_key(database.settings)
            stored = linking.keep_as_hashes(
                session, live.contact_id, cleaned, key, entities=said.analysis.entities
            )
            row = ContactTurn(
                klantcontact_id=live.contact_id,
                position=position,
                speaker=role,
                text=stored,
                at=at,
            )
            session.add(row)
            session.flush()
            live.last_row = max(live.last_row, row.id)
        except Exception:
            live.forget_last()
            raise
    return said


def process_turn(
    database: Database,
    live: LiveSession,
    speaker: str,
    text: str,
    *,
    compute: Callable[[Session, LiveSession], Suggestions] | None = None,
) -> tuple[AnalysedTurn, Suggestions]:
    """Store the turn (committed), then compute the suggestions. A failure in computing
    leaves the stored turn in place."""
    with live.lock:
        said = store_turn(database, live, speaker, text)
        with database.session() as session:
            suggestions = (compute or compute_suggestions)(session, live)
    return said, suggestions


def current_suggestions(database: Database, live: LiveSession) -> Suggestions:
    """The latest suggestions (computed once after a restart or for the no-JS page)."""
    if live.last is not None and live.last.turns == len(live.analysed):
        return live.last
    with live.lock, database.session() as session:
        return compute_suggestions(session, live)
