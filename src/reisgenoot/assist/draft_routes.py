"""Live assist: an answer draft for the employee, written by the language model on request.

Shown only when a model is configured (``docs/llm.md``). The draft answers the resident's
last turn from the kennisbank's answering passages (:func:`reisgenoot.knowledge.answering.
passages`: the section that answers, answer first, never the deskMemo) — the same retrieval
as the resident chat, not the whole sections live assist shows. The recognised product is
added to the query when the turn does not name it ("En hoe lang duurt dat?"). The draft
passes the guards of :mod:`reisgenoot.llm.guards` or is not shown (the page says why); each
sentence ends in the number of its source. The employee decides what to say: the draft is
never sent or stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from reisgenoot.assist import live
from reisgenoot.assist.articles import Passage
from reisgenoot.assist.conversation import LiveSession
from reisgenoot.assist.live_routes import ASSIST_ROLES, live_for
from reisgenoot.assist.suggestions import UPL_CONFIDENCE
from reisgenoot.knowledge.answering import MAX_QUESTION, passages
from reisgenoot.knowledge.app_embedder import app_embedder
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.models import SECTIONS
from reisgenoot.llm.answers import maybe_answer
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.llm.rewrite import Rewrite
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, is_htmx, require_roles
from reisgenoot.web.templating import Pages, get_pages

PASSAGES = 3

router = APIRouter()
UserDep = Annotated[CurrentUser, Depends(require_roles(*ASSIST_ROLES))]


HEADINGS = {field: heading for field, _attribute, heading in SECTIONS}


def _query(database: Database, current: LiveSession, turn: str) -> str:
    """The resident's turn, with the recognised product when the turn does not name it."""
    draft = live.current_suggestions(database, current).draft
    product = ""
    if draft and draft.get("vragen"):
        sure = draft["explanations"].get("vragen[0].upl", {}).get("confidence", 0)
        product = str(draft["vragen"][0]["upl"]) if sure >= UPL_CONFIDENCE else ""
    if product and product.lower() not in turn.lower():
        turn = f"{turn} ({product})"
    return turn[:MAX_QUESTION]


def draft_for(
    database: Database, current: LiveSession, model: GuardedModel, embedder: Embedder | None
) -> tuple[Rewrite, list[Passage]]:
    """The model's answer to the resident's last turn from the kennisbank's passages."""
    turn = next((t.text for t in reversed(current.analysed) if t.is_resident), "").strip()
    if not turn:
        return Rewrite(""), []
    query = _query(database, current, turn)
    with database.session() as session:
        found = passages(session, query, limit=PASSAGES, embedder=embedder)
    shown = [
        Passage(e.id, e.source, e.title, HEADINGS.get(e.section, ""), e.passage)
        for e in found
        if e.passage
    ]
    if not shown:
        return Rewrite(""), []
    drafted = maybe_answer(model, query, "", [(p.title, p.text) for p in shown])
    return drafted, [shown[i] for i in drafted.cited]


@router.post("/assist/{uuid}/conceptantwoord", response_class=HTMLResponse)
def answer_draft(
    request: Request,
    uuid: str,
    pages: Annotated[Pages, Depends(get_pages)],
    database: Annotated[Database, Depends(get_database)],
    user: UserDep,
) -> Response:
    """Een conceptantwoord van het taalmodel voor de medewerker (alleen als er een model is)."""
    current = live_for(request, database, uuid, user)
    model: GuardedModel | None = request.app.state.llm
    drafted, cited = (
        (Rewrite(""), [])
        if model is None
        else draft_for(database, current, model, app_embedder(request.app.state))
    )
    template = "assist/_conceptantwoord.html" if is_htmx(request) else "assist/conceptantwoord.html"
    context = {"uuid": uuid, "drafted": drafted, "cited": cited, "configured": model is not None}
    return pages.render(request, template, context)
