"""The embedder the chat shares between request threads, and the readiness of its index."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.knowledge.embeddings import Embedder, Matrix
from reisgenoot.knowledge.index import build_index, missing_passages
from reisgenoot.knowledge.models import Article
from reisgenoot.log import get_logger
from reisgenoot.store.engine import Database

SYNC_INDEX_LIMIT = 40  # passages embedded during a request; more is done in the background

log = get_logger(__name__)


class SerialEmbedder:
    """One embedder shared by the request threads, used by one thread at a time."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self._lock = threading.Lock()

    def embed_queries(self, texts: list[str]) -> Matrix:
        with self._lock:
            return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> Matrix:
        with self._lock:
            return self.inner.embed_passages(texts)


class Readiness:
    """Whether the embedding index is complete enough for calibrated answers.

    A few missing passages (an edited article) are embedded during the request; a whole
    kennisbank (a fresh demo) once in a background thread, while the chat says it is not ready.
    """

    def __init__(
        self, database: Database, embedder: Embedder | None, *, sync_limit: int = SYNC_INDEX_LIMIT
    ) -> None:
        self.database = database
        self.embedder = embedder
        self.sync_limit = sync_limit
        self._lock = threading.Lock()
        self._checking = threading.Lock()
        self._ready_for: tuple[Any, ...] | None = None
        self._thread: threading.Thread | None = None

    def _fingerprint(self, session: Session) -> tuple[Any, ...]:
        row = session.execute(
            select(func.count(Article.id), func.max(Article.updated_at), func.max(Article.id))
        ).one()
        return tuple(row)

    def ready(self) -> bool:
        if self.embedder is None:  # KB_EMBEDDER=none: answers by words, nothing to build
            return True
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return False
        with self.database.session() as session:
            key = self._fingerprint(session)
        if key == self._ready_for:
            return True
        # One request thread checks (and embeds a few passages); the others wait for it
        # without holding a database connection, instead of each doing the same work.
        with self._checking:
            if key == self._ready_for:
                return True
            with self.database.session() as session:
                ready = self._check(session)
            if ready:
                self._ready_for = key
            return ready

    def _check(self, session: Session) -> bool:
        assert self.embedder is not None
        missing = missing_passages(session, self.embedder.model_id)
        if missing > self.sync_limit:
            self._start_background()
            return False
        if missing:
            build_index(session, self.embedder)
        return True

    def _start_background(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._build, daemon=True, name="index")
            self._thread.start()

    def _build(self) -> None:
        assert self.embedder is not None
        try:
            with self.database.session() as session:
                stats = build_index(session, self.embedder)
            log.info("chat index built", extra={"embedded": stats.embedded})
        except Exception:
            log.exception("chat index build failed")

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background build (tests, scripts)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
