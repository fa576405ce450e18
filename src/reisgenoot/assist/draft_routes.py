"""Live assist: an answer draft for the employee, written by the language model on request.

Shown only when a model is configured (``docs/llm.md``). The draft rests on the kennisbank
passages live assist already suggests and answers the resident's last turn; it passes the
guards of :mod:`reisgenoot.llm.guards` or is not shown (the page says why). The employee
decides what to say: the draft is never sent or stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from reisgenoot.assist import live
from reisgenoot.assist.articles import Passage
from reisgenoot.assist.conversation import LiveSession
from reisgenoot.assist.live_routes import ASSIST_ROLES, live_for
from reisgenoot.llm.answers import maybe_answer
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.llm.rewrite import Rewrite
from reisgenoot.store.engine import Database
from reisgenoot.web.deps import CurrentUser, get_database, is_htmx, require_roles
from reisgenoot.web.templating import Pages, get_pages

PASSAGES = 3

router = APIRouter()
UserDep = Annotated[CurrentUser, Depends(require_roles(*ASSIST_ROLES))]


def draft_for(
    database: Database, current: LiveSession, model: GuardedModel
) -> tuple[Rewrite, list[Passage]]:
    """The model's answer to the resident's last turn from the suggested passages."""
    suggestions = live.current_suggestions(database, current)
    passages = list(suggestions.passages[:PASSAGES])
    question = next((t.text for t in reversed(current.analysed) if t.is_resident), "")
    if not question or not passages:
        return Rewrite(""), passages
    drafted = maybe_answer(model, question, "", [(p.title, p.text) for p in passages])
    return drafted, [passages[i] for i in drafted.cited]


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
    drafted, cited = (Rewrite(""), []) if model is None else draft_for(database, current, model)
    template = "assist/_conceptantwoord.html" if is_htmx(request) else "assist/conceptantwoord.html"
    context = {"uuid": uuid, "drafted": drafted, "cited": cited, "configured": model is not None}
    return pages.render(request, template, context)
