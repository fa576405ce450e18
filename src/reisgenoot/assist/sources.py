"""Which cited sources an employee opened during a conversation and its review.

Links to kennisbank articles in live assist and in the review gate go through
``GET /assist/{id}/bron/{article}`` (:mod:`reisgenoot.assist.gate_routes`): it notes the
article on the concept (:func:`record_opened`) and sends the browser on to the article. The
confirmation's audit event says whether any source was opened (``bron_geopend``): the
reliance figures show per team and month in how many reviews someone read a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.contacts.models import Klantcontact
from reisgenoot.knowledge.models import Article

KEY = "bronnen_geopend"
MAX_KEPT = 50
REVIEW_SOURCES = 4
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
_SOURCE = re.compile(r"^[a-z0-9_-]{1,100}$")

__all__ = ["KEY", "SourceLink", "article_path", "opened", "record_opened", "review_sources"]


@dataclass(frozen=True, slots=True)
class SourceLink:
    article_id: str
    source: str
    title: str


def article_path(article_id: str, source: str | None) -> str | None:
    """The staff page of the article (None: not a valid article id or source)."""
    if not _ID.match(article_id) or (source and not _SOURCE.match(source)):
        return None
    tail = f"?bron={quote(source)}" if source else ""
    return f"/kennisbank/{quote(article_id)}{tail}"


def record_opened(contact: Klantcontact, article_id: str) -> None:
    """Note that the employee opened ``article_id`` (a concept only; each article once)."""
    if contact.status != "concept":
        return
    meta = dict(contact.meta or {})
    seen = list(meta.get(KEY) or [])
    if article_id not in seen and len(seen) < MAX_KEPT:
        meta[KEY] = [*seen, article_id]
        contact.meta = meta


def opened(contact: Klantcontact) -> int:
    """How many different sources were opened for this conversation."""
    return len((contact.meta or {}).get(KEY) or [])


def review_sources(
    session: Session, upls: Iterable[str], suggested: Iterable[SourceLink] = ()
) -> list[SourceLink]:
    """The articles live assist suggested, then active articles of the proposal's products:
    to read beside the review (each once, at most :data:`REVIEW_SOURCES`)."""
    found: dict[tuple[str, str], SourceLink] = {}
    for link in [*suggested, *_of_products(session, upls)]:
        found.setdefault((link.source, link.article_id), link)
    return list(found.values())[:REVIEW_SOURCES]


def _of_products(session: Session, upls: Iterable[str]) -> list[SourceLink]:
    wanted = sorted({u for u in upls if u})
    if not wanted:
        return []
    rows = session.scalars(
        select(Article)
        .where(Article.upl.in_(wanted), Article.status == "actief", Article.kind != "crisismelding")
        .order_by(Article.title)
        .limit(REVIEW_SOURCES)
    )
    return [SourceLink(a.source_id, a.source, a.title) for a in rows]
