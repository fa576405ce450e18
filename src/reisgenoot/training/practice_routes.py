"""Practice conversations in the browser, and their feedback.

- ``GET /training``: start a conversation (the adaptive path picks, or choose one), and the
  trainee's earlier conversations.
- ``POST /training/oefenen``: start; ``GET /training/oefenen/{id}``: the chat page.
- ``POST /training/oefenen/{id}/beurt``: one line (HTMX appends the resident's reply; without
  JavaScript the page reloads); ``POST …/tips``: tips on or off; ``POST …/stoppen``: end early.
- ``GET /training/oefenen/{id}/feedback``: strengths first, at most three growth points; for
  the trainee and their linked opleider only (contracts §10).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from reisgenoot.accounts.models import Role, User
from reisgenoot.store.engine import Database
from reisgenoot.training import authoring, service
from reisgenoot.training.catalogue import Catalogue
from reisgenoot.training.feedback import SCORE_NAMES
from reisgenoot.training.models import PracticeResult, PracticeSession
from reisgenoot.training.page_deps import (
    FORMATIVE,
    LEVELS,
    PRIVACY,
    DatabaseDep,
    PagesDep,
    ScenariosDep,
    Viewer,
    not_found,
)
from reisgenoot.training.scenario import Scenario
from reisgenoot.training.turns import OUTCOMES, SessionError
from reisgenoot.web.deps import CurrentUser, is_htmx
from reisgenoot.web.params import RecordId
from reisgenoot.web.templating import Pages

OUTCOME_TEXTS = {**OUTCOMES, service.STOPPED: "Je hebt het gesprek zelf afgerond."}
MESSAGES = {
    "leeg": f"Typ eerst wat je wilt zeggen (hoogstens {service.MAX_LINE} tekens).",
    "klaar": "Dit oefengesprek is al afgelopen.",
}

router = APIRouter(prefix="/training")


def _own(session: Session, session_id: int, user: CurrentUser) -> PracticeSession:
    try:
        return service.get_session(session, session_id, user.id)
    except service.UnknownSessionError as exc:
        raise not_found() from exc


def _scenario_choices(scenarios: Catalogue) -> list[Scenario]:
    return sorted(scenarios.values(), key=lambda s: (s.niveau, s.titel))


# --- overview and starting ---------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def overview(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    scenarios: ScenariosDep,
    user: Viewer,
) -> Response:
    """Oefengesprekken: een nieuw gesprek beginnen en je eerdere gesprekken."""
    choices = _scenario_choices(scenarios)
    with database.session() as session:
        rows = service.sessions_of(session, user.id)
        titles = {s.naam: s.titel for s in choices}
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
        assigned = [
            scenarios.get(name)
            for name in authoring.assigned_to(session, user.id)
            if name in scenarios
        ]
    context = {
        "assigned": assigned,
        "can_write": Role.OPLEIDER in user.roles,
        "sessions": items,
        "scenarios": choices,
        "levels": LEVELS,
        "privacy": PRIVACY,
    }
    return pages.render(request, "training/index.html", context)


@router.post("/oefenen")
def begin(
    database: DatabaseDep,
    scenarios: ScenariosDep,
    user: Viewer,
    scenario: Annotated[str, Form()] = "",
    hulp: Annotated[str, Form()] = "",
) -> Response:
    """Begin een oefengesprek (zonder keuze kiest het leerpad)."""
    chosen = scenario.strip() or None
    if chosen is not None and chosen not in scenarios:
        raise HTTPException(status_code=400)
    with database.session() as session:
        row = service.start_session(
            session, user.id, chosen, scenarios=scenarios, hints=hulp == "ja"
        )
        session_id = row.id
    return RedirectResponse(f"/training/oefenen/{session_id}", status_code=303)


# --- the conversation ----------------------------------------------------------------------


def _current_hint(session: Session, row: PracticeSession, scenarios: Catalogue) -> str | None:
    """The tip for the next line, when tips are on (they can be switched on mid-way)."""
    if not row.hints or row.finished:
        return None
    return service.load_simulation(session, row, scenarios=scenarios).hint()


def _scenario_of(row: PracticeSession, scenarios: Catalogue) -> Scenario:
    """The session's scenario; gone (e.g. an own file removed): the page does not exist."""
    found = scenarios.find(row.scenario)
    if found is None:
        raise not_found()
    return found


def _conversation(session: Session, row: PracticeSession, scenarios: Catalogue) -> dict[str, Any]:
    scenario = _scenario_of(row, scenarios)
    return {
        "practice": row,
        "scenario": scenario,
        "level": LEVELS[scenario.niveau],
        "turns": list(row.turns),
        "persona": scenario.persona.naam,
        "hint": _current_hint(session, row, scenarios),
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
    scenarios: ScenariosDep,
    user: Viewer,
    session_id: RecordId,
    fout: str = "",
) -> Response:
    """Het oefengesprek: typ wat je zegt, de inwoner antwoordt."""
    with database.session() as session:
        row = _own(session, session_id, user)
        _scenario_of(row, scenarios)
        # adds a reply missing after an interrupted turn
        service.load_simulation(session, row, scenarios=scenarios)
        context = _conversation(session, row, scenarios)
    context["message"] = MESSAGES.get(fout)
    model = request.app.state.llm  # voices the resident when configured (docs/llm.md)
    context["voiced_by"] = model.model_id if model is not None else None
    return pages.render(request, "training/oefenen.html", context)


def _line_error(
    request: Request,
    pages: Pages,
    database: Database,
    scenarios: Catalogue,
    user: CurrentUser,
    session_id: RecordId,
    key: str,
) -> Response:
    if not is_htmx(request):
        return RedirectResponse(f"/training/oefenen/{session_id}?fout={key}", status_code=303)
    with database.session() as session:
        context = _conversation(session, _own(session, session_id, user), scenarios)
    context.update(message=MESSAGES[key], oob=True)
    return pages.render(request, "training/_acties.html", context)


@router.post("/oefenen/{session_id}/beurt", response_class=HTMLResponse)
def turn(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    scenarios: ScenariosDep,
    user: Viewer,
    session_id: RecordId,
    tekst: Annotated[str, Form()] = "",
) -> Response:
    """Eén zin van de trainee; het antwoord van de inwoner komt erachter."""
    try:
        with database.session() as session:  # committed before the reply is computed
            service.store_trainee_line(session, session_id, user.id, tekst)
    except service.UnknownSessionError as exc:
        raise not_found() from exc
    except service.BadLineError:
        return _line_error(request, pages, database, scenarios, user, session_id, "leeg")
    except SessionError:
        return _line_error(request, pages, database, scenarios, user, session_id, "klaar")
    with database.session() as session:
        row = _own(session, session_id, user)
        _scenario_of(row, scenarios)
        added = service.answer(
            session, session_id, user.id, scenarios=scenarios, model=request.app.state.llm
        )
        context = _conversation(session, row, scenarios)
    if not is_htmx(request):
        target = f"/training/oefenen/{session_id}"
        return RedirectResponse(target + ("/feedback" if row.finished else ""), status_code=303)
    context.update(new_turns=added, oob=True)
    return pages.render(request, "training/_beurt.html", context)


@router.post("/oefenen/{session_id}/tips")
def toggle_hints(
    database: DatabaseDep, user: Viewer, session_id: RecordId, aan: Annotated[str, Form()] = ""
) -> Response:
    """Zet de tips tijdens het gesprek aan of uit."""
    with database.session() as session:
        row = _own(session, session_id, user)
        if not row.finished:
            row.hints = aan == "ja"
    return RedirectResponse(f"/training/oefenen/{session_id}#tips-titel", status_code=303)


@router.post("/oefenen/{session_id}/stoppen")
def stop(
    database: DatabaseDep, scenarios: ScenariosDep, user: Viewer, session_id: RecordId
) -> Response:
    """Rond het gesprek af en ga naar de feedback."""
    with database.session() as session:
        try:
            _scenario_of(_own(session, session_id, user), scenarios)
            service.stop(session, session_id, user.id, scenarios=scenarios)
        except service.UnknownSessionError as exc:
            raise not_found() from exc
    return RedirectResponse(f"/training/oefenen/{session_id}/feedback", status_code=303)


# --- feedback ------------------------------------------------------------------------------


def _viewable(session: Session, session_id: int, user: CurrentUser) -> PracticeSession:
    row = session.get(PracticeSession, session_id)
    if row is None:
        raise not_found()
    opleider = Role.OPLEIDER in user.roles
    if not service.can_view(session, user.id, row.trainee_id, opleider=opleider):
        raise not_found()
    return row


CHECKLIST_STATES = {
    "gedaan": "gedaan",
    "nog_niet": "nog niet",
    "zelf_verteld": "de inwoner vertelde het zelf aan het begin (niet uitgevraagd)",
}
"""What the page says of a checklist item."""


def _checklist(
    scenario: Scenario | None, checklist: dict[str, bool], told: list[str]
) -> list[tuple[str, str]]:
    """Each checklist item with its state; a fact told at the opening is not "gedaan".

    The rubric does not count the resident's answer to the greeting as asking, so the page
    must not say "Uitvragen: …: gedaan" beside "Vragen stellen 0 van de 2" for it.
    """
    names: dict[str, str] = {}
    if scenario is not None:
        names = {f"uitvragen:{f.id}": f"Uitvragen: {f.omschrijving}" for f in scenario.feiten}
        names.update(
            {
                f"uitleggen:{i.id}": f"Uitleggen: {i.omschrijving}"
                for i in scenario.checklist.uitleggen
            }
        )
    opening = {f"uitvragen:{item}" for item in told}
    return [
        (
            names.get(key, key),
            CHECKLIST_STATES[
                "zelf_verteld" if done and key in opening else ("gedaan" if done else "nog_niet")
            ],
        )
        for key, done in checklist.items()
    ]


@router.get("/oefenen/{session_id}/feedback", response_class=HTMLResponse)
def feedback_page(
    request: Request,
    pages: PagesDep,
    database: DatabaseDep,
    scenarios: ScenariosDep,
    user: Viewer,
    session_id: RecordId,
) -> Response:
    """Feedback: eerst wat goed ging, dan hoogstens drie groeipunten, dan de scores."""
    with database.session() as session:
        row = _viewable(session, session_id, user)
        stored = session.get(PracticeResult, row.id)
        own = row.trainee_id == user.id
        if stored is None:
            if own and not row.finished:
                return RedirectResponse(f"/training/oefenen/{row.id}", status_code=303)
            raise not_found()
        trainee = session.get(User, row.trainee_id)
        data = dict(stored.feedback)
    scenario = scenarios.find(row.scenario)  # the stored feedback stands without it
    level = scenario.niveau if scenario is not None else int(data.get("niveau", 1))
    context = {
        "practice": row,
        "result": data,
        "own": own,
        "trainee_name": trainee.display_name if trainee else "",
        "outcome": OUTCOME_TEXTS.get(row.outcome or "", data.get("uitkomst_tekst", "")),
        "score_names": SCORE_NAMES,
        "checklist": _checklist(
            scenario, dict(data.get("checklist", {})), list(data.get("zelf_verteld", []))
        ),
        "formative": FORMATIVE,
        "privacy": PRIVACY,
        "level": LEVELS.get(level, str(level)),
    }
    return pages.render(request, "training/feedback.html", context)
