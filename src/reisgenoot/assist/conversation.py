"""The state of one live conversation, kept per process and rebuilt from the stored turns.

A :class:`LiveSession` holds every turn with its language analysis (made once, when the turn
comes in: :func:`reisgenoot.assist.analysed.analyse_turn`) and the kennisbank search terms of
the turn, so a new turn costs one analysis however long the conversation is. The rest are
caches of the suggestions (articles per UPL product, the last search). All of it can be
rebuilt from the turns stored on the concept klantcontact (:func:`load_session`): after a
restart, or when the bounded :class:`Registry` has evicted the session.

Several app processes may serve one conversation (behind a reverse proxy, any process takes any
turn): the database is the truth and a cached session is only a head start. Every lookup
(:meth:`Registry.get`) and every new turn (:func:`reisgenoot.assist.live.store_turn`, under a
row lock of the klantcontact) compares the cached session with the stored turns in one cheap
query (:func:`stored_head`: how many, the highest row id) and catches up (:func:`catch_up`):
turns stored by another process are added, and a turn replaced by a correction (a new row at
its position) makes the session rebuild from the stored turns.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.assist import tables
from reisgenoot.assist.analysed import AnalysedTurn, analyse_turn
from reisgenoot.assist.transcript import Transcript, Turn
from reisgenoot.contacts.models import Klantcontact
from reisgenoot.contacts.models import Turn as StoredTurn
from reisgenoot.knowledge.search import terms
from reisgenoot.store.engine import Database

if TYPE_CHECKING:
    from reisgenoot.assist.suggestions import Suggestions

REGISTRY_SIZE = 5000
_DATE = tables.patterns("suggestions.yaml")["date"]


@dataclass
class LiveSession:
    """The state of one live conversation; rebuilt from the stored turns after a restart."""

    contact_id: int
    uuid: str
    kanaal: str
    owner: int | None
    self_first: bool = False  # "eerst zelf, dan AI" (set when the conversation started)
    analysed: list[AnalysedTurn] = field(default_factory=list)
    terms: list[frozenset[str]] = field(default_factory=list)  # kennisbank terms per turn
    lemmas: set[str] = field(default_factory=set)  # all terms of the conversation
    has_date: bool = False
    intents: dict[int, Mapping[str, float]] = field(default_factory=dict)  # per resident turn
    by_upl: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    searched: tuple[tuple[str, str], ...] = ()
    searched_terms: frozenset[str] = frozenset()
    last: Suggestions | None = None
    last_row: int = 0  # the highest stored turn id this session has seen
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def turns(self) -> list[Turn]:
        return [said.turn for said in self.analysed]

    def remember(self, turn: Turn) -> AnalysedTurn:
        """Add a stored turn: analyse it (once) and update the caches."""
        said = analyse_turn(turn)
        self.analysed.append(said)
        self.terms.append(frozenset(terms(turn.text)))
        self.lemmas.update(self.terms[-1])
        self.has_date = self.has_date or bool(_DATE.search(turn.text))
        return said

    def forget_last(self) -> None:
        """Undo :meth:`remember` of the last turn (it could not be stored)."""
        self.intents.pop(len(self.analysed) - 1, None)
        self.analysed.pop()
        self.terms.pop()
        self.lemmas = {lemma for turn_terms in self.terms for lemma in turn_terms}
        self.has_date = any(_DATE.search(t.text) for t in self.analysed)

    def transcript(self) -> Transcript:
        return Transcript(tuple(self.turns), kanaal=self.kanaal, source="live")


def load_session(session: Session, uuid: str) -> LiveSession | None:
    """The live session of a concept klantcontact from the database (None when unknown)."""
    contact = session.scalars(select(Klantcontact).where(Klantcontact.uuid == uuid)).first()
    if contact is None:
        return None
    meta = contact.meta or {}
    live = LiveSession(
        contact.id,
        contact.uuid,
        contact.kanaal,
        meta.get("medewerker"),
        bool(meta.get("eerst_zelf")),
    )
    for row in contact.turns:
        live.remember(Turn(row.speaker, row.text, row.at))
        live.last_row = max(live.last_row, row.id)
    return live


def stored_head(session: Session, contact_id: int) -> tuple[int, int]:
    """How many turns the conversation has stored and the highest turn row id (one query)."""
    count, highest = session.execute(
        select(func.count(), func.max(StoredTurn.id)).where(
            StoredTurn.klantcontact_id == contact_id
        )
    ).one()
    return int(count), int(highest or 0)


def catch_up(session: Session, live: LiveSession, head: tuple[int, int] | None = None) -> bool:
    """Bring ``live`` in step with the stored turns (call with ``live.lock`` held); True when
    anything changed. Turns another process stored are added; a stored turn that replaced one
    this session has (a correction) or fewer stored turns make it rebuild from the database."""
    count, highest = head if head is not None else stored_head(session, live.contact_id)
    if count == len(live.analysed) and highest == live.last_row:
        return False
    rows = session.scalars(
        select(StoredTurn)
        .where(StoredTurn.klantcontact_id == live.contact_id, StoredTurn.id > live.last_row)
        .order_by(StoredTurn.position, StoredTurn.id)
    ).all()
    known = len(live.analysed)
    appended = [row.position for row in rows] == list(range(known, known + len(rows)))
    if appended and known + len(rows) == count:
        for row in rows:
            live.remember(Turn(row.speaker, row.text, row.at))
            live.last_row = max(live.last_row, row.id)
    else:
        rebuild(session, live)
    live.last = None
    return True


def rebuild(session: Session, live: LiveSession) -> None:
    """Make ``live`` again from the stored turns (its lock held); the caches start empty."""
    fresh = load_session(session, live.uuid)
    if fresh is None:
        return
    for name in ("analysed", "terms", "lemmas", "has_date", "by_upl", "last_row"):
        setattr(live, name, getattr(fresh, name))
    live.searched, live.searched_terms, live.last = (), frozenset(), None
    live.intents = {}


class Registry:
    """Live sessions of this process by conversation uuid (bounded; evicted ones reload); a
    session found here is brought in step with the stored turns first (:func:`catch_up`)."""

    def __init__(self, size: int = REGISTRY_SIZE) -> None:
        self._sessions: OrderedDict[str, LiveSession] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, database: Database, uuid: str) -> LiveSession | None:
        with self._lock:
            live = self._sessions.get(uuid)
            if live is not None:
                self._sessions.move_to_end(uuid)
        if live is not None:  # another process may have stored turns since: catch up
            with live.lock, database.session() as session:
                catch_up(session, live)
            return live
        with database.session() as session:
            live = load_session(session, uuid)
        if live is None:
            return None
        with self._lock:
            live = self._sessions.setdefault(uuid, live)
            while len(self._sessions) > self._size:
                self._sessions.popitem(last=False)
        return live

    def drop(self, uuid: str) -> None:
        with self._lock:
            self._sessions.pop(uuid, None)
