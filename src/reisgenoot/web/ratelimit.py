"""A small in-memory rate limiter for the public pages (per key, sliding minute).

One limiter lives on ``app.state`` per process; several server processes each count on
their own, which is enough to keep one client from flooding the public self-service. The
public pages count per route and client address, and the chat's questions also per chat
(see :func:`public_key`), so a resident who reads, searches and chats is not blocked by
their own use of another page.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_TRACKED = 10_000


class RateLimiter:
    """Allow at most ``per_minute`` requests per key in any 60-second window."""

    def __init__(
        self,
        per_minute: int,
        *,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, limit: int | None = None) -> bool:
        """Count one request for ``key``; False when ``limit`` (default ``per_minute``) is reached."""
        most = self.per_minute if limit is None else limit
        now = self._clock()
        with self._lock:
            if len(self._hits) > MAX_TRACKED:
                self._forget_idle(now)
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= most:
                return False
            hits.append(now)
            return True

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, hits in self._hits.items() if not hits or now - hits[-1] >= self.window]
        for key in idle:
            del self._hits[key]


def public_key(route: str, client: str) -> str:
    """The key of one public route for one client (an address or a chat's token hash)."""
    return f"{route}\x1f{client}"
