"""Training in the browser: practice conversations, feedback, progress and check-the-AI.

Trainees (role ``trainee``) practise and see only their own results. Opleiders (role
``opleider``) see, read-only, the progress and feedback of the trainees assigned to them
(CONTRACTS §10); nobody else sees practice results, and results are never ranked.

- ``GET /training``: start a conversation (the adaptive path picks, or choose one).
- ``POST /training/oefenen``: start; ``GET /training/oefenen/{id}``: the chat page.
- ``POST /training/oefenen/{id}/beurt``: one line (HTMX appends the resident's reply; without
  JavaScript the page reloads); ``POST …/stoppen``: end early.
- ``GET /training/oefenen/{id}/feedback``: strengths first, at most three growth points.
- ``GET /training/voortgang``: the trainee's skill profile over time.
- ``GET /training/trainees`` and ``/training/trainees/{user_id}``: for the opleider.
- ``GET|POST /training/controleren``: check an AI answer against a kennisartikel.
"""

from __future__ import annotations

import random
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, User
from reisgenoot.errors import InputError
from reisgenoot.store.engine import Database
from reisgenoot.training import checkai, service
from reisgenoot.training.elo import SKILLS
from reisgenoot.training.feedback import SCORE_NAMES
from reisgenoot.training.kennis import load_articles
from reisgenoot.training.models import PracticeResult, PracticeSession
from reisgenoot.training.scenario import Scenario, get_scenario, load_scenarios
from reisgenoot.training.simulator import OUTCOMES, SessionError
from reisgenoot.web.deps import CurrentUser, get_database, is_htmx, require_roles
from reisgenoot.web.templating import Pages, get_pages

FORMATIVE = "Deze scores zijn om van te leren. Ze worden nooit gebruikt om je te beoordelen."
PRIVACY = (
    "Alleen jij en je opleider zien je oefenresultaten. Ze gaan over wat je zei, "
    "niet over wie je bent of wat je voelde. Je wordt nooit vergeleken met collega's."
)
OUTCOME_TEXTS = {**OUTCOMES, service.STOPPED: "Je hebt het gesprek zelf afgerond."}
LEVELS = {1: "basis", 2: "gevorderd", 3: "expert"}
MESSAGES = {
    "leeg": f"Typ eerst wat je wilt zeggen (hoogstens {service.MAX_LINE} tekens).",
    "klaar": "Dit oefengesprek is al afgelopen.",
}

router = APIRouter(prefix="/training")

PagesDep = Annotated[Pages, Depends(get_pages)]
DatabaseDep = Annotated[Database, Depends(get_database)]
Trainee = Annotated[CurrentUser, Depends(require_roles(Role.TRAINEE))]
Opleider = Annotated[CurrentUser, Depends(require_roles(Role.OPLEIDER))]
Viewer = Annotated[CurrentUser, Depends(require_roles(Role.TRAINEE, Role.OPLEIDER))]


def _not_found() -> HTTPException:
    return HTTPException(status_code=404)


def _own(session: Session, session_id: int, user: CurrentUser) -> PracticeSession:
    try:
        return service.get_session(session, session_id, user.id)
    except service.UnknownSessionError as exc:
        raise _not_found() from exc


def _scenario_choices() -> list[Scenario]:
    return sorted(load_scenarios().values(), key=lambda s: (s.niveau, s.titel))


# --- overview and starting ---------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def overview(request: Request, pages: PagesDep, database: DatabaseDep, user: Trainee) -> Response:
    """Oefengesprekken: een nieuw gesprek beginnen en je eerdere gesprekken."""
    with database.session() as session:
        rows = service.sessions_of(session, user.id)
        titles = {s.naam: s.titel for s in _scenario_choices()}
        items = [
            {
                "id": row.id,
                "title": titles.get(row.scenario, row.scenario),
                "finished": row.finished,
                "started_at": row.started_at,
                "outcome": OUTCOME_TEXTS.get(row.outcome or "", ""),
            }
            for row in rows
        ]
    context = {
        "sessions": items,
        "scenarios": _scenario_choices(),
        "levels": LEVELS,
        "privacy": PRIVACY,
    }
    return pages.render(request, "training/index.html", context)


@router.post("/oefenen")
def begin(
    database: DatabaseDep,
    user: Trainee,
    scenario: Annotated[str, Form()] = "",
    hulp: Annotated[str, Form()] = "",
) -> Response:
    """Begin een oefengesprek (zonder keuze kiest het leerpad)."""
    chosen = scenario.strip() or None
    if chosen is not None and chosen not in load_scenarios():
        raise HTTPException(status_code=400)
    with database.session() as session:
        row = service.start_session(session, user.id, chosen, hints=hulp == "ja")
        session_id = row.id
    return RedirectResponse(f"/training/oefenen/{session_id}", status_code=303)


# --- the conversation ----------------------------------------------------------------------


def _conversation(row: PracticeSession) -> dict[str, Any]:
    scenario = get_scenario(row.scenario)
    hints = [turn.hint for turn in row.turns if turn.hint]
    return {
        "practice": row,
        "scenario": scenario,
        "level": LEVELS[scenario.niveau],
        "turns": list(row.turns),
        "persona": scenario.persona.naam,
        "hint": hints[-1] if row.hints and hints and not row.finished else None,
        "outcome": OUTCOME_TEXTS.get(row.outcome or "", ""),
        "oob": False,
        "message": None,
        # A new id for each swapped-in field: HTMX then copies no attributes (such as a
        # style set by the browser's autofill) from the old field, which the CSP would block.
        "field_id": f"zin-{secrets.token_hex(4)}",
    }


@router.get("/oefenen/{session_id}", response_class=HTMLResponse)
def practice(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Trainee,
    session_id: int,
    fout: str = "",
) -> Response:
    """Het oefengesprek: typ wat je zegt, de inwoner antwoordt."""
    with database.session() as session:
        row = _own(session, session_id, user)
        service.load_simulation(row)  # adds a reply missing after an interrupted turn
        context = _conversation(row)
    context["message"] = MESSAGES.get(fout)
    return pages.render(request, "training/oefenen.html", context)


def _line_error(
    request: Request, pages: Pages, database: Database, user: CurrentUser, session_id: int, key: str
) -> Response:
    if not is_htmx(request):
        return RedirectResponse(f"/training/oefenen/{session_id}?fout={key}", status_code=303)
    with database.session() as session:
        context = _conversation(_own(session, session_id, user))
    context.update(message=MESSAGES[key], oob=True)
    return pages.render(request, "training/_acties.html", context)


@router.post("/oefenen/{session_id}/beurt", response_class=HTMLResponse)
def turn(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Trainee,
    session_id: int,
    tekst: Annotated[str, Form()] = "",
) -> Response:
    """Eén zin van de trainee; het antwoord van de inwoner komt erachter."""
    try:
        with database.session() as session:  # committed before the reply is computed
            service.store_trainee_line(session, session_id, user.id, tekst)
    except service.UnknownSessionError as exc:
        raise _not_found() from exc
    except service.BadLineError:
        return _line_error(request, pages, database, user, session_id, "leeg")
    except SessionError:
        return _line_error(request, pages, database, user, session_id, "klaar")
    with database.session() as session:
        added = service.answer(session, session_id, user.id)
        row = _own(session, session_id, user)
        context = _conversation(row)
    if not is_htmx(request):
        target = f"/training/oefenen/{session_id}"
        return RedirectResponse(target + ("/feedback" if row.finished else ""), status_code=303)
    context.update(new_turns=added, oob=True)
    return pages.render(request, "training/_beurt.html", context)


@router.post("/oefenen/{session_id}/stoppen")
def stop(database: DatabaseDep, user: Trainee, session_id: int) -> Response:
    """Rond het gesprek af en ga naar de feedback."""
    with database.session() as session:
        try:
            service.stop(session, session_id, user.id)
        except service.UnknownSessionError as exc:
            raise _not_found() from exc
    return RedirectResponse(f"/training/oefenen/{session_id}/feedback", status_code=303)


# --- feedback ------------------------------------------------------------------------------


def _viewable(session: Session, session_id: int, user: CurrentUser) -> PracticeSession:
    row = session.get(PracticeSession, session_id)
    if row is None:
        raise _not_found()
    opleider = Role.OPLEIDER in user.roles
    if not service.can_view(session, user.id, row.trainee_id, opleider=opleider):
        raise _not_found()
    return row


def _checklist(scenario: Scenario, checklist: dict[str, bool]) -> list[tuple[str, bool]]:
    names = {f"uitvragen:{fact.id}": f"Uitvragen: {fact.omschrijving}" for fact in scenario.feiten}
    names.update(
        {f"uitleggen:{i.id}": f"Uitleggen: {i.omschrijving}" for i in scenario.checklist.uitleggen}
    )
    return [(names.get(key, key), bool(done)) for key, done in checklist.items()]


@router.get("/oefenen/{session_id}/feedback", response_class=HTMLResponse)
def feedback_page(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Viewer, session_id: int
) -> Response:
    """Feedback: eerst wat goed ging, dan hoogstens drie groeipunten, dan de scores."""
    with database.session() as session:
        row = _viewable(session, session_id, user)
        stored = session.get(PracticeResult, row.id)
        own = row.trainee_id == user.id
        if stored is None:
            if own and not row.finished:
                return RedirectResponse(f"/training/oefenen/{row.id}", status_code=303)
            raise _not_found()
        trainee = session.get(User, row.trainee_id)
        data = dict(stored.feedback)
    scenario = get_scenario(row.scenario)
    context = {
        "practice": row,
        "result": data,
        "own": own,
        "trainee_name": trainee.display_name if trainee else "",
        "outcome": OUTCOME_TEXTS.get(row.outcome or "", data.get("uitkomst_tekst", "")),
        "score_names": SCORE_NAMES,
        "checklist": _checklist(scenario, dict(data.get("checklist", {}))),
        "formative": FORMATIVE,
        "privacy": PRIVACY,
        "level": LEVELS[scenario.niveau],
    }
    return pages.render(request, "training/feedback.html", context)


# --- progress ------------------------------------------------------------------------------


def _progress_context(session: Session, trainee_id: int) -> dict[str, Any]:
    found = service.progress(session, trainee_id)
    return {
        "progress": found,
        "skills": SKILLS,
        "score_names": SCORE_NAMES,
        "formative": FORMATIVE,
        "privacy": PRIVACY,
        "levels": LEVELS,
    }


@router.get("/voortgang", response_class=HTMLResponse)
def my_progress(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Trainee
) -> Response:
    """Mijn leerpad: wat je al kunt, over de tijd. Nooit vergeleken met collega's."""
    with database.session() as session:
        context = _progress_context(session, user.id)
    context.update(own=True, trainee_name=user.display_name)
    return pages.render(request, "training/voortgang.html", context)


@router.get("/trainees", response_class=HTMLResponse)
def trainees(request: Request, pages: PagesDep, database: DatabaseDep, user: Opleider) -> Response:
    """De trainees die jij begeleidt (alleen lezen)."""
    with database.session() as session:
        ids = service.assigned_trainees(session, user.id)
        rows = session.scalars(select(User).where(User.id.in_(ids)).order_by(User.display_name))
        people = [{"id": u.id, "name": u.display_name} for u in rows]
    context = {"trainees": people, "formative": FORMATIVE}
    return pages.render(request, "training/trainees.html", context)


@router.get("/trainees/{trainee_id}", response_class=HTMLResponse)
def trainee_progress(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Opleider, trainee_id: int
) -> Response:
    """De voortgang van één trainee die jij begeleidt."""
    with database.session() as session:
        if not service.can_view(session, user.id, trainee_id, opleider=True):
            raise _not_found()
        trainee = session.get(User, trainee_id)
        if trainee is None:
            raise _not_found()
        context = _progress_context(session, trainee_id)
        context.update(own=False, trainee_name=trainee.display_name)
    return pages.render(request, "training/voortgang.html", context)


# --- check the AI --------------------------------------------------------------------------


def _check_context(item: checkai.CheckItem, seed: int, hints: bool) -> dict[str, Any]:
    return {
        "item": item,
        "seed": seed,
        "hints": hints,
        "hint": checkai.hint(item) if hints else None,
        "article": load_articles().get(item.article_id),
        "kinds": checkai.ERROR_KINDS,
        "formative": FORMATIVE,
    }


@router.get("/controleren", response_class=HTMLResponse)
def check_page(
    request: Request, pages: PagesDep, user: Trainee, seed: int | None = None, hulp: str = ""
) -> Response:
    """Controleer een antwoord van de computer: welke zinnen kloppen niet?"""
    if seed is None:
        new_seed = random.SystemRandom().randrange(1, 1_000_000)
        suffix = "&hulp=ja" if hulp == "ja" else ""
        return RedirectResponse(f"/training/controleren?seed={new_seed}{suffix}", status_code=303)
    item = checkai.make_item(seed=seed)
    return pages.render(
        request, "training/controleren.html", _check_context(item, seed, hulp == "ja")
    )


async def _marks(request: Request, count: int) -> dict[int, str]:
    form = await request.form()
    marked: dict[int, str] = {}
    for value in form.getlist("fout"):
        number = int(str(value)) if str(value).isdigit() else 0
        if 1 <= number <= count:
            kind = str(form.get(f"soort_{number}", ""))
            marked[number] = kind if kind in checkai.ERROR_KINDS else ""
    return marked


@router.post("/controleren", response_class=HTMLResponse)
async def check_submit(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Trainee
) -> Response:
    """Bekijk de uitkomst: precisie (terecht aangewezen) en gevonden fouten."""
    form = await request.form()
    seed_text = str(form.get("seed", ""))
    if not seed_text.isdigit():
        raise HTTPException(status_code=400)
    seed = int(seed_text)
    try:
        item = checkai.make_item(seed=seed)
    except InputError as exc:
        raise HTTPException(status_code=400) from exc
    marked = await _marks(request, len(item.sentences))
    result = checkai.score(item, marked)
    with database.session() as session:
        service.record_check(session, user.id, item, seed, result)
    context = _check_context(item, seed, str(form.get("hulp", "")) == "ja")
    context.update(result=result, marked=marked, lines=checkai.render_result(item, result))
    return pages.render(request, "training/controleren_uitkomst.html", context)
