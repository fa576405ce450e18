"""A cache of the computed weekly signals, so that the dashboard does not recompute every ISO
week on every load.

Key: (database, team, Monday, last day, data version). The data version is a handful of cheap
aggregate queries that change whenever registered contacts change in the ways that happen in
Reisgenoot: a contact is registered or confirmed (count, highest id and newest time of the
registered contacts), questions are added or removed (count and highest id of ``vragen``),
residents rate answers of the self-service chat (count and highest id of the ratings; only for
the whole municipality, the chat is no team's work), or the team's accounts change (they decide whether a team is large enough to be shown on its own,
k ≥ 5). An edit of an existing contact in place changes none of these; every entry therefore
also expires after :data:`TTL_SECONDS`. The cache holds whole :class:`SignalsReport`\\ s (and
the dashboard's chart series), which rest on the same k-anonymity rules as when they are
computed; marks are joined in afterwards.

The cache lives in the process (one per database engine, dropped with the engine) and holds
at most :data:`MAX_ENTRIES` weeks; the oldest used entry goes first.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import User
from reisgenoot.signals.aggregate import KC, REGISTERED, RT, VR
from reisgenoot.signals.service import SignalsReport

TTL_SECONDS = 600.0
MAX_ENTRIES = 256

Version = tuple[Hashable, ...]


def data_version(session: Session, team_id: int | None) -> Version:
    """What the signals of a scope depend on, in three or four cheap queries."""
    contacts = session.execute(
        select(func.count(), func.max(KC.c.id), func.max(KC.c.plaatsgevonden_op)).where(
            KC.c.status == REGISTERED
        )
    ).one()
    questions = session.execute(select(func.count(), func.max(VR.c.id))).one()
    if team_id is not None:
        accounts = session.scalar(select(func.count()).where(User.team_id == team_id))
        return (*(str(v) for v in contacts), *(str(v) for v in questions), accounts)
    ratings = session.execute(select(func.count(), func.max(RT.c.id))).one()
    return (*(str(v) for v in (*contacts, *questions, *ratings)), None)


V = TypeVar("V")


class TtlCache(Generic[V]):
    """A small LRU cache with a time limit per entry (thread-safe)."""

    def __init__(
        self,
        max_entries: int = MAX_ENTRIES,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._entries: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.ttl = ttl
        self.clock = clock
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value for ``key``, or ``compute()`` (stored for next time)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and self.clock() - entry[0] <= self.ttl:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[1]
            self.misses += 1
        value = compute()  # outside the lock: two requests may compute the same week once each
        with self._lock:
            self._entries[key] = (self.clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class Caches:
    """The caches of one database: weekly signals, and the dashboard's charts."""

    def __init__(self) -> None:
        self.weeks: TtlCache[SignalsReport] = TtlCache()
        self.charts: TtlCache[Any] = TtlCache(max_entries=64)


_CACHES: WeakKeyDictionary[Engine, Caches] = WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def caches_for(session: Session) -> Caches:
    """The caches of the database this session is bound to."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _CACHES_LOCK:
        caches = _CACHES.get(engine)
        if caches is None:
            caches = _CACHES[engine] = Caches()
        return caches
