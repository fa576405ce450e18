"""Kennisbank search: hybrid retrieval behind a stable ``search(session, query, limit=)``.

The public entry point of kennisbank search. :func:`search` delegates to the hybrid
retriever (:mod:`reisgenoot.knowledge.retrieval`); pages without an embedder get its lexical
ranking. Retrievers are cached per database until the kennisbank or its index changes.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import simplemma
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.index import index_rows, missing_passages
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.notices import active_notices
from reisgenoot.knowledge.retrieval import Ranking, Retriever, from_session
from reisgenoot.language.text import STOPWORDS

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return str(simplemma.lemmatize(word, lang="nl"))


def terms(text: str) -> list[str]:
    """Plain lemma terms (kept for the live assist's passage matching)."""
    words = (w.lower() for w in _WORD.findall(text))
    return [_lemma(w) for w in words if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    score: float
    source: str


_CACHE: OrderedDict[tuple[Any, ...], Retriever] = OrderedDict()
_CACHE_SIZE = 4  # per database
_CACHE_TOTAL = 32  # in all
_LOCK = threading.Lock()
_BUILDING: dict[tuple[Any, ...], threading.Lock] = {}  # a lock per retriever being built


def _fingerprint(
    session: Session, embedder: Embedder | None, priorities: Mapping[str, int] | None = None
) -> tuple[Any, ...]:
    count, latest, biggest = session.execute(
        select(func.count(Article.id), func.max(Article.updated_at), func.max(Article.id))
    ).one()
    model = embedder.model_id if embedder is not None else None
    rows = index_rows(session, model) if model is not None else 0
    bind = session.get_bind()
    url = str(bind.engine.url)
    ranks = tuple(sorted(priorities.items())) if priorities is not None else None
    return (url, count, latest, biggest, model, rows, ranks, id(embedder))


def cached_retriever(
    session: Session,
    embedder: Embedder | None = None,
    *,
    priorities: Mapping[str, int] | None = None,
) -> Retriever:
    """A retriever for the database's current articles, reused until the kennisbank changes.

    One thread builds it per kennisbank version; request threads that need the same one
    meanwhile wait for it instead of building their own (a cold process under load would
    otherwise build it once per waiting request, each holding a database connection).

    ``priorities``: the kennisbank sources' priorities (``REISGENOOT_KB_SOURCE_PRIORITY``;
    None: the default, the Rijksoverheid Q&A below the municipality's own articles)."""
    key = _fingerprint(session, embedder, priorities)
    found = _cached(key)
    if found is not None:
        return found
    with _LOCK:
        building = _BUILDING.setdefault(key, threading.Lock())
    try:
        with building:
            found = _cached(key)
            if found is None:
                found = from_session(session, embedder, priorities=priorities)
                _keep(key, found)
    finally:
        with _LOCK:
            if _BUILDING.get(key) is building:
                del _BUILDING[key]
    return found


def _cached(key: tuple[Any, ...]) -> Retriever | None:
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
        return found


def _keep(key: tuple[Any, ...], retriever: Retriever) -> None:
    with _LOCK:
        _CACHE[key] = retriever
        # At most _CACHE_SIZE per database: one municipality's searches never push out
        # another's (several municipalities in one process, ADR 29).
        same = [k for k in _CACHE if k[0] == key[0]]
        for old in same[: max(0, len(same) - _CACHE_SIZE)]:
            del _CACHE[old]
        while len(_CACHE) > _CACHE_TOTAL:
            _CACHE.popitem(last=False)


_COMPLETE: OrderedDict[tuple[Any, ...], bool] = OrderedDict()


def index_complete(session: Session, embedder: Embedder) -> bool:
    """Whether every searchable passage has an up-to-date vector of ``embedder``.

    Remembered per kennisbank version (the fingerprint of :func:`cached_retriever`), so a
    page pays for the check once after each change, not on every search.
    """
    key = _fingerprint(session, embedder)[:-2]
    with _LOCK:
        found = _COMPLETE.get(key)
    if found is None:
        found = missing_passages(session, embedder.model_id) == 0
        with _LOCK:
            _COMPLETE[key] = found
            while len(_COMPLETE) > _CACHE_SIZE * 4:
                _COMPLETE.popitem(last=False)
    return found


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
        _COMPLETE.clear()


def hits(ranking: Ranking) -> list[Hit]:
    """The ranking as hits; ``score`` is the re-ranker's when it ordered them (higher first)."""
    return [
        Hit(h.doc.source_id, h.doc.title, h.score if h.rerank is None else round(h.rerank, 4),
            h.doc.source)
        for h in ranking.hits
    ]  # fmt: skip


def search(
    session: Session,
    query: str,
    *,
    limit: int = 5,
    embedder: Embedder | None = None,
    priorities: Mapping[str, int] | None = None,
) -> list[Hit]:
    """Rank active articles for ``query``; one hit per article, higher score is better.

    With an ``embedder`` (and its index built) the ranking is hybrid; without, lexical.
    Crisis notices are never among the hits (see :func:`notices`).
    """
    if not query.strip():
        return []
    retriever = cached_retriever(session, embedder, priorities=priorities)
    return hits(retriever.rank(query, limit=limit))


def notices(session: Session, query: str) -> list[dict[str, str]]:
    """Active, unexpired crisis notices on the topic of ``query`` (shown first).

    Matching and expiry live in :mod:`reisgenoot.knowledge.notices`; this keeps the
    ``{"id", "title", "text"}`` shape of the ``kb search --batch`` output.
    """
    return [n.as_dict() for n in active_notices(session, query)]
