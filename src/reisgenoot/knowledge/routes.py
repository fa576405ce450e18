"""Kennisbank pages for staff (search, article view with deskMemo) and the public ``/hulp``.

Staff search and read articles including the "Voor medewerkers" block (deskMemo). The
public self-service page shows only public sections — never the deskMemo — says plainly
that a computer program answers, always offers a way to a human, and is rate limited per
client address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.knowledge.app_embedder import app_embedder, search_hits
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.notices import active_notices
from reisgenoot.knowledge.search import Hit
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import (
    STAFF_ROLES,
    client_address,
    get_database,
    get_settings,
    is_htmx,
    public,
    require_roles,
)
from reisgenoot.web.error_pages import error_page
from reisgenoot.web.ratelimit import RateLimiter, public_key
from reisgenoot.web.templating import Pages, get_pages

MAX_QUERY = 200
STAFF_RESULTS = 10
PUBLIC_RESULTS = 5
SNIPPET = 220
RATE_LIMITED = (
    "Er komen te veel vragen tegelijk binnen. Wacht een minuut en probeer het opnieuw. "
    "U kunt ons ook bellen: 14 0999."
)
SOURCE_LABELS = {
    "rijksoverheid": "Rijksoverheid",
    "voorbeeldstad": "Gemeente",
    "redactie": "Gemeente",
}

router = APIRouter(dependencies=[Depends(require_roles(*STAFF_ROLES))])
public_router = APIRouter()

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]


@dataclass(frozen=True, slots=True)
class Result:
    """One search result as the pages show it."""

    hit: Hit
    article: Article

    @property
    def href(self) -> str:
        return f"/kennisbank/{self.article.source_id}?bron={self.article.source}"

    @property
    def snippet(self) -> str:
        text = " ".join(self.article.tekst.replace("- ", " ").split())
        return text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + " …"

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.article.source, self.article.source)


def _results(
    session: Session,
    query: str,
    limit: int,
    embedder: Embedder | None = None,
    priorities: Mapping[str, int] | None = None,
) -> list[Result]:
    hits = search_hits(session, query, limit=limit, embedder=embedder, priorities=priorities)
    if not hits:
        return []
    rows = session.scalars(select(Article).where(Article.source_id.in_({h.id for h in hits})))
    by_key = {(a.source, a.source_id): a for a in rows}
    return [Result(h, by_key[(h.source, h.id)]) for h in hits if (h.source, h.id) in by_key]


@router.get("/kennisbank", response_class=HTMLResponse)
def kennisbank(request: Request, pages: PagesDep, database: DatabaseDep, q: str = "") -> Response:
    """Zoeken in de kennisbank; HTMX vraagt alleen de resultaten op."""
    query = q.strip()[:MAX_QUERY]
    with database.session() as session:
        embedder = app_embedder(request.app.state) if query else None
        priorities = get_settings(request).kb_source_priority
        results = _results(session, query, STAFF_RESULTS, embedder, priorities) if query else []
        notices = active_notices(session, query) if query else active_notices(session)
    template = "kennisbank/_results.html" if is_htmx(request) else "kennisbank/search.html"
    context = {"query": query, "results": results, "notices": notices}
    return pages.render(request, template, context, headers={"Vary": "HX-Request"})


def _find_article(session: Session, source_id: str, source: str | None) -> Article | None:
    statement = select(Article).where(Article.source_id == source_id)
    if source:
        statement = statement.where(Article.source == source)
    return session.scalars(statement.order_by(Article.source)).first()


@router.get("/kennisbank/{source_id}", response_class=HTMLResponse)
def article_view(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    source_id: str,
    bron: str | None = None,
) -> Response:
    """Een kennisartikel met alle secties en het blok voor medewerkers."""
    with database.session() as session:
        article = _find_article(session, source_id, bron)
    if article is None:
        raise HTTPException(status_code=404)
    context = {
        "article": article,
        "sections": article.public_sections(),
        "source_label": SOURCE_LABELS.get(article.source, article.source),
        "imported_html": str(article.extra.get("html") or ""),
    }
    return pages.render(request, "kennisbank/article.html", context)


def _limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.public_limiter
    return limiter


@public_router.get("/hulp", response_class=HTMLResponse)
@public
def hulp(request: Request, pages: PagesDep, database: DatabaseDep, q: str = "") -> Response:
    """De openbare hulppagina voor inwoners en ondernemers."""
    if not _limiter(request).allow(public_key("hulp", client_address(request))):
        return error_page(request, 429, RATE_LIMITED)
    query = q.strip()[:MAX_QUERY]
    with database.session() as session:
        embedder = app_embedder(request.app.state) if query else None
        priorities = get_settings(request).kb_source_priority
        results = _results(session, query, PUBLIC_RESULTS, embedder, priorities) if query else []
        notices = active_notices(session, query) if query else active_notices(session)
    answers = [
        {
            "title": r.article.title,
            "sections": r.article.public_sections(),
            "imported_html": str(r.article.extra.get("html") or ""),
            "source": r.article.source,
            "url": r.article.url,
        }
        for r in results
    ]
    context = {"query": query, "answers": answers, "notices": notices}
    return pages.render(request, "hulp/index.html", context)
