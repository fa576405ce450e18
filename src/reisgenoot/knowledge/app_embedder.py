"""The web app's embedder for kennisbank search and the chat, chosen by the settings.

``REISGENOOT_KB_EMBEDDER`` picks the bundled e5 model (default), an OpenAI-compatible
``/v1/embeddings`` server, or none (search by words only). The embedder is created on first
use and kept in ``app.state.embedder`` (a test may put its own there), so starting the app
stays fast: the e5 model is loaded only when a question is really embedded.

:func:`search_hits` is what the pages call: hybrid when the section index of the embedder is
complete, otherwise — or when the embeddings server fails — by words, without an error.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from reisgenoot.errors import KnowledgeError
from reisgenoot.knowledge.embeddings import E5Embedder, Embedder, OpenAIEmbedder
from reisgenoot.knowledge.search import Hit, index_complete, search
from reisgenoot.knowledge.selfservice import SerialEmbedder
from reisgenoot.log import get_logger
from reisgenoot.settings import Settings

log = get_logger(__name__)
_LOCK = threading.Lock()
_UNSET: Any = object()


def create_embedder(settings: Settings) -> Embedder | None:
    """The embedder the settings ask for (None for ``none``); loads no model yet."""
    if settings.kb_embedder == "none":
        return None
    if settings.kb_embedder == "openai":
        if not settings.kb_embedder_url or not settings.kb_embedder_model:
            raise KnowledgeError(
                "embedder settings", detail="de instellingen van de embeddingserver ontbreken"
            )
        key = settings.kb_embedder_key.get_secret_value() if settings.kb_embedder_key else None
        return OpenAIEmbedder(
            settings.kb_embedder_url,
            settings.kb_embedder_model,
            api_key=key,
            query_prefix=settings.kb_embedder_query_prefix or "",
            passage_prefix=settings.kb_embedder_passage_prefix or "",
        )
    return SerialEmbedder(E5Embedder())


def app_embedder(state: Any) -> Embedder | None:
    """``state.embedder``, created from ``state.settings`` on first use."""
    found = getattr(state, "embedder", _UNSET)
    if found is _UNSET:
        with _LOCK:
            found = getattr(state, "embedder", _UNSET)
            if found is _UNSET:
                found = create_embedder(state.settings)
                state.embedder = found
    return found if isinstance(found, Embedder) else None


def search_hits(
    session: Session,
    query: str,
    *,
    limit: int,
    embedder: Embedder | None,
    priorities: Mapping[str, int] | None = None,
) -> list[Hit]:
    """Hybrid search when ``embedder``'s index is complete; by words otherwise.

    An embeddings server that fails (``KnowledgeError``) also falls back to words, so the
    employee always gets results.
    """
    if embedder is not None and index_complete(session, embedder):
        try:
            return search(session, query, limit=limit, embedder=embedder, priorities=priorities)
        except KnowledgeError:
            log.warning("embedding the query failed; searching by words")
    return search(session, query, limit=limit, priorities=priorities)
