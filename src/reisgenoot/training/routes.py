"""Training in the browser: practice conversations, feedback, progress and check-the-AI.

Trainees (role ``trainee``) practise and see only their own results. Opleiders (role
``opleider``) see, read-only, the progress and feedback of the trainees assigned to them
(contracts §10); nobody else sees practice results, and results are never ranked.

This module composes the one ``/training`` router of the app from
:mod:`.practice_routes` (``/training``, ``/training/oefenen/…``: conversations and feedback)
and :mod:`.coaching_routes` (``/training/trainees``, ``…/koppelen``, ``…/loskoppelen``), and
holds the pages that use the clock (:func:`utcnow`, patched in tests):

- ``GET /training/voortgang``: the trainee's skill profile over time, and retention.
- ``GET /training/trainees/{user_id}``: the same, for a linked opleider.
- ``GET|POST /training/controleren``: check an AI answer against a kennisartikel; without a
  seed a due review is offered first.
"""

from __future__ import annotations

import random
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import User
from reisgenoot.errors import InputError
from reisgenoot.store.base import utcnow
from reisgenoot.training import (
    authoring_routes,
    checkai,
    coaching_routes,
    kennis,
    practice_routes,
    retention,
    service,
)
from reisgenoot.training.elo import SKILLS
from reisgenoot.training.feedback import SCORE_NAMES
from reisgenoot.training.page_deps import (
    FORMATIVE,
    LEVELS,
    PRIVACY,
    DatabaseDep,
    Opleider,
    PagesDep,
    Trainee,
    Viewer,
    not_found,
)
from reisgenoot.web.params import QueryId, RecordId, parse_id
from reisgenoot.web.templating import Pages

page_router = APIRouter(prefix="/training")
"""The pages of this module; :data:`router` is the whole of ``/training``."""


# --- progress ------------------------------------------------------------------------------


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 600, 200, 30


def _chart(points: list[service.Point]) -> dict[str, Any] | None:
    """The mean score per finished conversation, oldest first, as SVG coordinates.

    The table under the chart shows the same figures (the text alternative).
    """
    means = [round(sum(p.scores.values()) / len(p.scores)) for p in points if p.scores]
    if len(means) < 2:
        return None
    step = (CHART_WIDTH - 2 * CHART_PAD) / (len(means) - 1)
    height = CHART_HEIGHT - 2 * CHART_PAD
    dots = [
        {
            "x": round(CHART_PAD + i * step, 1),
            "y": round(CHART_PAD + height * (1 - value / 100), 1),
            "value": value,
        }
        for i, value in enumerate(means)
    ]
    return {
        "dots": dots,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "pad": CHART_PAD,
        "summary": (
            f"Gemiddelde score per gesprek, {len(means)} gesprekken: "
            f"eerste gesprek {means[0]}, laatste gesprek {means[-1]}, hoogste {max(means)} "
            "(van de 100)."
        ),
    }


def _progress_context(session: Session, trainee_id: int) -> dict[str, Any]:
    found = service.progress(session, trainee_id)
    return {
        "progress": found,
        "chart": _chart(found.points),
        "retention": retention.retention(session, trainee_id, utcnow()),
        "skills": SKILLS,
        "score_names": SCORE_NAMES,
        "formative": FORMATIVE,
        "privacy": PRIVACY,
        "levels": LEVELS,
    }


@page_router.get("/voortgang", response_class=HTMLResponse)
def my_progress(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Trainee
) -> Response:
    """Mijn leerpad: wat je al kunt, over de tijd. Nooit vergeleken met collega's."""
    with database.session() as session:
        context = _progress_context(session, user.id)
    context.update(own=True, trainee_name=user.display_name)
    return pages.render(request, "training/voortgang.html", context)


@page_router.get("/trainees/{trainee_id}", response_class=HTMLResponse)
def trainee_progress(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Opleider, trainee_id: RecordId
) -> Response:
    """De voortgang van één trainee die jij begeleidt."""
    with database.session() as session:
        if not service.can_view(session, user.id, trainee_id, opleider=True):
            raise not_found()
        trainee = session.get(User, trainee_id)
        if trainee is None:
            raise not_found()
        context = _progress_context(session, trainee_id)
        context.update(own=False, trainee_name=trainee.display_name)
    return pages.render(request, "training/voortgang.html", context)


# --- check the AI --------------------------------------------------------------------------


def _check_context(
    session: Session, item: checkai.CheckItem, seed: int, hints: bool, review: bool = False
) -> dict[str, Any]:
    return {
        "item": item,
        "seed": seed,
        "hints": hints,
        "hint": checkai.hint(item) if hints else None,
        "article": kennis.find_articles(session, [item.article_id]).get(item.article_id),
        "kinds": checkai.ERROR_KINDS,
        "formative": FORMATIVE,
        "review": review,
    }


def _item(session: Session, article: str, seed: int) -> checkai.CheckItem:
    try:
        return checkai.make_item(session, article.strip() or None, seed=seed)
    except InputError as exc:
        raise HTTPException(status_code=400) from exc


def _check_url(seed: int, article: str, hints: bool) -> str:
    query = {"seed": seed, "artikel": article, **({"hulp": "ja"} if hints else {})}
    return f"/training/controleren?{urlencode(query)}"


def _no_articles(request: Request, pages: Pages, error: kennis.EmptyKennisbankError) -> Response:
    """The kennisbank has no article to check against (e.g. a new installation)."""
    context = {"message": error.dutch()}
    return pages.render(request, "training/controleren_leeg.html", context)


@page_router.get("/controleren", response_class=HTMLResponse)
def check_page(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Viewer,
    seed: QueryId = None,
    artikel: str = "",
    hulp: str = "",
) -> Response:
    """Controleer een antwoord van de computer: welke zinnen kloppen niet?

    Zonder oefening kiest de pagina eerst een oefening die weer aan de beurt is (herhaling).
    """
    hints = hulp == "ja"
    with database.session() as session:
        try:
            if seed is None:
                due = retention.due_item(session, user.id, utcnow())
                if due is not None:
                    url = _check_url(due.seed, due.article_id, hints)
                    return RedirectResponse(url, status_code=303)
                new_seed = random.SystemRandom().randrange(1, 1_000_000)
                item = checkai.make_item(session, seed=new_seed)
                url = _check_url(new_seed, item.article_id, hints)
                return RedirectResponse(url, status_code=303)
            item = _item(session, artikel, seed)
        except kennis.EmptyKennisbankError as exc:
            return _no_articles(request, pages, exc)
        review = retention.is_due(session, user.id, item.article_id, seed, utcnow())
        context = _check_context(session, item, seed, hints, review)
    return pages.render(request, "training/controleren.html", context)


async def _marks(request: Request, count: int) -> dict[int, str]:
    form = await request.form()
    marked: dict[int, str] = {}
    for value in form.getlist("fout"):
        number = parse_id(value) or 0
        if 1 <= number <= count:
            kind = str(form.get(f"soort_{number}", ""))
            marked[number] = kind if kind in checkai.ERROR_KINDS else ""
    return marked


@page_router.post("/controleren", response_class=HTMLResponse)
async def check_submit(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Viewer
) -> Response:
    """Bekijk de uitkomst: precisie (terecht aangewezen) en gevonden fouten."""
    form = await request.form()
    seed = parse_id(form.get("seed", ""))
    if seed is None:
        raise HTTPException(status_code=400)
    hints = str(form.get("hulp", "")) == "ja"
    with database.session() as session:
        try:
            item = _item(session, str(form.get("artikel", "")), seed)
        except kennis.EmptyKennisbankError as exc:
            return _no_articles(request, pages, exc)
        marked = await _marks(request, len(item.sentences))
        result = checkai.score(item, marked)
        attempt = service.record_check(session, user.id, item, seed, result, now=utcnow())
        review = bool(attempt.result.get("herhaling"))
        context = _check_context(session, item, seed, hints, review)
    context.update(result=result, marked=marked, lines=checkai.render_result(item, result))
    return pages.render(request, "training/controleren_uitkomst.html", context)


router = APIRouter()
"""Every ``/training`` page (included by :func:`reisgenoot.app.create_app`)."""
router.include_router(page_router)
router.include_router(practice_routes.router)
router.include_router(coaching_routes.router)
router.include_router(authoring_routes.router)
