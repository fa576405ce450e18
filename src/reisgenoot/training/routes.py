"""Training in the browser: practice conversations, feedback, progress and check-the-AI.

Trainees (role ``trainee``) practise and see only their own results. Opleiders (role
``opleider``) see, read-only, the progress and feedback of the trainees assigned to them
(contracts §10); nobody else sees practice results, and results are never ranked.

- ``GET /training``: start a conversation (the adaptive path picks, or choose one).
- ``POST /training/oefenen``: start; ``GET /training/oefenen/{id}``: the chat page.
- ``POST /training/oefenen/{id}/beurt``: one line (HTMX appends the resident's reply; without
  JavaScript the page reloads); ``POST …/stoppen``: end early.
- ``GET /training/oefenen/{id}/feedback``: strengths first, at most three growth points.
- ``GET /training/voortgang``: the trainee's skill profile over time.
- ``GET /training/trainees`` and ``/training/trainees/{user_id}``: for the opleider;
  ``POST /training/trainees/koppelen`` and ``…/loskoppelen`` link and unlink trainees
  (opleider: their own; beheerder: every link, but never the results). Audited.
- ``GET|POST /training/controleren``: check an AI answer against a kennisartikel.
"""

from __future__ import annotations

import random
import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, User
from reisgenoot.errors import InputError
from reisgenoot.settings import Settings
from reisgenoot.store.base import utcnow
from reisgenoot.store.engine import Database
from reisgenoot.training import checkai, coaching, retention, service
from reisgenoot.training.elo import SKILLS
from reisgenoot.training.feedback import SCORE_NAMES
from reisgenoot.training.kennis import load_articles
from reisgenoot.training.models import PracticeResult, PracticeSession
from reisgenoot.training.scenario import Scenario, get_scenario, load_scenarios
from reisgenoot.training.simulator import OUTCOMES, SessionError
from reisgenoot.web.deps import (
    CurrentUser,
    get_database,
    get_settings,
    is_htmx,
    require_roles,
)
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
Coach = Annotated[CurrentUser, Depends(require_roles(Role.OPLEIDER, Role.BEHEERDER))]
SettingsDep = Annotated[Settings, Depends(get_settings)]


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


def _current_hint(row: PracticeSession) -> str | None:
    """The tip for the next line, when tips are on (they can be switched on mid-way)."""
    if not row.hints or row.finished:
        return None
    return service.load_simulation(row).hint()


def _conversation(row: PracticeSession) -> dict[str, Any]:
    scenario = get_scenario(row.scenario)
    return {
        "practice": row,
        "scenario": scenario,
        "level": LEVELS[scenario.niveau],
        "turns": list(row.turns),
        "persona": scenario.persona.naam,
        "hint": _current_hint(row),
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


@router.post("/oefenen/{session_id}/tips")
def toggle_hints(
    database: DatabaseDep, user: Trainee, session_id: int, aan: Annotated[str, Form()] = ""
) -> Response:
    """Zet de tips tijdens het gesprek aan of uit."""
    with database.session() as session:
        row = _own(session, session_id, user)
        if not row.finished:
            row.hints = aan == "ja"
    return RedirectResponse(f"/training/oefenen/{session_id}#tips-titel", status_code=303)


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


@router.get("/voortgang", response_class=HTMLResponse)
def my_progress(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Trainee
) -> Response:
    """Mijn leerpad: wat je al kunt, over de tijd. Nooit vergeleken met collega's."""
    with database.session() as session:
        context = _progress_context(session, user.id)
    context.update(own=True, trainee_name=user.display_name)
    return pages.render(request, "training/voortgang.html", context)


LINK_DONE = {
    "gekoppeld": "De trainee is gekoppeld.",
    "losgekoppeld": "De trainee is losgekoppeld. De oefenresultaten blijven bewaard.",
}


def _trainees_context(session: Session, user: CurrentUser) -> dict[str, Any]:
    own = Role.OPLEIDER in user.roles
    admin = Role.BEHEERDER in user.roles
    mine = coaching.links(session, user.id) if own else []
    linked = {item.trainee_id for item in mine}
    everyone = coaching.people_with_role(session, Role.TRAINEE)
    return {
        "own": own,
        "admin": admin,
        "trainees": [{"id": item.trainee_id, "name": item.trainee} for item in mine],
        "candidates": [u for u in everyone if u.id not in linked and u.id != user.id],
        "all_trainees": everyone if admin else [],
        "opleiders": coaching.people_with_role(session, Role.OPLEIDER) if admin else [],
        "links": coaching.links(session) if admin else [],
        "formative": FORMATIVE,
        "done": None,
        "error": None,
    }


@router.get("/trainees", response_class=HTMLResponse)
def trainees(
    request: Request, pages: PagesDep, database: DatabaseDep, user: Coach, gedaan: str = ""
) -> Response:
    """De trainees die jij begeleidt; koppelen en loskoppelen (beheerder: alle koppelingen)."""
    with database.session() as session:
        context = _trainees_context(session, user)
    context["done"] = LINK_DONE.get(gedaan)
    return pages.render(request, "training/trainees.html", context)


def _form_id(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _opleider_for(user: CurrentUser, chosen: str) -> int | None:
    """A beheerder chooses the opleider; an opleider always acts for themself."""
    if Role.BEHEERDER in user.roles and chosen.strip():
        return _form_id(chosen)
    return user.id if Role.OPLEIDER in user.roles else None


def _link_failed(
    request: Request, pages: Pages, database: Database, user: CurrentUser, message: str
) -> Response:
    with database.session() as session:
        context = _trainees_context(session, user)
    context["error"] = message
    return pages.render(request, "training/trainees.html", context, status_code=400)


@router.post("/trainees/koppelen")
def link_trainee(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Coach,
    trainee: Annotated[str, Form()] = "",
    opleider: Annotated[str, Form()] = "",
) -> Response:
    """Koppel een trainee aan een opleider (vastgelegd in het auditlogboek)."""
    opleider_id = _opleider_for(user, opleider)
    trainee_id = _form_id(trainee)
    if opleider_id is None:
        return _link_failed(request, pages, database, user, "Kies eerst een opleider.")
    if trainee_id is None:
        return _link_failed(request, pages, database, user, "Kies eerst een trainee.")
    try:
        with database.session() as session:
            coaching.link(
                session,
                opleider_id,
                trainee_id,
                audit_key=settings.audit_secret(),
                actor=user.username,
            )
    except coaching.AssignmentError as exc:
        return _link_failed(request, pages, database, user, exc.dutch())
    return RedirectResponse("/training/trainees?gedaan=gekoppeld", status_code=303)


@router.post("/trainees/loskoppelen")
def unlink_trainee(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: Coach,
    trainee: Annotated[str, Form()] = "",
    opleider: Annotated[str, Form()] = "",
) -> Response:
    """Koppel een trainee los; de opleider ziet de resultaten dan niet meer."""
    opleider_id = _opleider_for(user, opleider)
    trainee_id = _form_id(trainee)
    if opleider_id is None or trainee_id is None:
        raise HTTPException(status_code=400)
    try:
        with database.session() as session:
            coaching.unlink(
                session,
                opleider_id,
                trainee_id,
                audit_key=settings.audit_secret(),
                actor=user.username,
            )
    except coaching.AssignmentError as exc:
        return _link_failed(request, pages, database, user, exc.dutch())
    return RedirectResponse("/training/trainees?gedaan=losgekoppeld", status_code=303)


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


def _check_context(
    item: checkai.CheckItem, seed: int, hints: bool, review: bool = False
) -> dict[str, Any]:
    return {
        "item": item,
        "seed": seed,
        "hints": hints,
        "hint": checkai.hint(item) if hints else None,
        "article": load_articles().get(item.article_id),
        "kinds": checkai.ERROR_KINDS,
        "formative": FORMATIVE,
        "review": review,
    }


def _item(article: str, seed: int) -> checkai.CheckItem:
    try:
        return checkai.make_item(article.strip() or None, seed=seed)
    except InputError as exc:
        raise HTTPException(status_code=400) from exc


def _check_url(seed: int, article: str, hints: bool) -> str:
    query = {"seed": seed, "artikel": article, **({"hulp": "ja"} if hints else {})}
    return f"/training/controleren?{urlencode(query)}"


@router.get("/controleren", response_class=HTMLResponse)
def check_page(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    user: Trainee,
    seed: int | None = None,
    artikel: str = "",
    hulp: str = "",
) -> Response:
    """Controleer een antwoord van de computer: welke zinnen kloppen niet?

    Zonder oefening kiest de pagina eerst een oefening die weer aan de beurt is (herhaling).
    """
    hints = hulp == "ja"
    if seed is None:
        with database.session() as session:
            due = retention.due_item(session, user.id, utcnow())
            if due is not None:
                return RedirectResponse(
                    _check_url(due.seed, due.article_id, hints), status_code=303
                )
        new_seed = random.SystemRandom().randrange(1, 1_000_000)
        item = checkai.make_item(seed=new_seed)
        return RedirectResponse(_check_url(new_seed, item.article_id, hints), status_code=303)
    item = _item(artikel, seed)
    with database.session() as session:
        review = retention.is_due(session, user.id, item.article_id, seed, utcnow())
    return pages.render(
        request, "training/controleren.html", _check_context(item, seed, hints, review)
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
    item = _item(str(form.get("artikel", "")), seed)
    marked = await _marks(request, len(item.sentences))
    result = checkai.score(item, marked)
    with database.session() as session:
        attempt = service.record_check(session, user.id, item, seed, result, now=utcnow())
        review = bool(attempt.result.get("herhaling"))
    context = _check_context(item, seed, str(form.get("hulp", "")) == "ja", review)
    context.update(result=result, marked=marked, lines=checkai.render_result(item, result))
    return pages.render(request, "training/controleren_uitkomst.html", context)
