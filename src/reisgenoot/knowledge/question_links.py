"""A redacteur links an unanswered question to the article that answers it.

``POST /redactie/inzicht/koppelen`` (redacteur, beheerder; CSRF like every form) takes the
question as the insight page shows it (redacted) and an article id. The link becomes an example
for the kennisbank's known questions (:mod:`reisgenoot.learning.examples`), tied to the newest
self-service exchange with that question so erasing the chat erases the example. Only the
redacteur's decision is stored, never who made it.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from reisgenoot.accounts.models import Role
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.selfservice_models import Exchange
from reisgenoot.learning import examples
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, require_roles

router = APIRouter(prefix="/redactie/inzicht")
Editor = Annotated[CurrentUser, Depends(require_roles(Role.REDACTEUR, Role.BEHEERDER))]
DatabaseDep = Annotated[Database, Depends(get_database)]
QUESTION_MAX = 2000


def _back(**query: str) -> Response:
    return RedirectResponse(f"/redactie/inzicht?{urlencode(query)}", status_code=303)


@router.post("/koppelen")
async def link_question(request: Request, database: DatabaseDep, user: Editor) -> Response:
    """Koppel een vraag zonder goed antwoord aan een kennisartikel."""
    form = await request.form()
    question = " ".join(str(form.get("vraag") or "").split())[:QUESTION_MAX]
    article_id = str(form.get("artikel") or "").strip()[:200]
    if not question:
        return _back(fout="vraag")
    with database.session() as session:
        article = session.scalar(
            select(Article).where(Article.source_id == article_id, Article.status == "actief")
        )
        if article is None:
            return _back(fout="artikel")
        exchange_id = session.scalar(
            select(Exchange.id)
            .where(Exchange.question == question)
            .order_by(Exchange.at.desc())
            .limit(1)
        )
        examples.record_question_link(
            session, question=question, article_id=article.source_id, exchange_id=exchange_id
        )
    return _back(gekoppeld=article.source_id)
