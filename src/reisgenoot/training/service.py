"""Training with a database: practice sessions, feedback, the adaptive path and progress.

- :func:`start_session` starts a practice conversation; without a scenario the adaptive path
  picks the one at about 75–80 % expected success (:func:`reisgenoot.training.elo.pick_next`).
- :func:`store_trainee_line` stores the trainee's line (and commits) *before*
  :func:`answer` computes the resident's reply, so a line is never lost; a line without a
  reply (after a crash) gets its reply on the next load (the simulator is deterministic).
- :func:`finish` stores the feedback and updates the Elo ratings (skills and scenario).
- :func:`progress` is the skill profile over time, for the trainee and their opleider only.

Functions that need a scenario take the installation's ``scenarios`` (a
:class:`~reisgenoot.training.catalogue.Catalogue`: shipped plus ``REISGENOOT_SCENARIO_DIR``).

Results are formative (VISION principle 9) and never compared between trainees.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.llm import voice
from reisgenoot.llm.generate import GuardedModel
from reisgenoot.store.base import utcnow
from reisgenoot.training import checkai, kennis, retention
from reisgenoot.training.catalogue import Catalogue
from reisgenoot.training.elo import (
    SKILLS,
    Rating,
    TraineeProfile,
    expected,
    pick_next,
    priors,
    record,
)
from reisgenoot.training.feedback import feedback
from reisgenoot.training.models import (
    SPEAKER_RESIDENT,
    SPEAKER_TRAINEE,
    STATUS_BUSY,
    STATUS_DONE,
    Assignment,
    CheckAttempt,
    PracticeResult,
    PracticeSession,
    PracticeTurn,
    ScenarioRating,
    SkillRating,
)
from reisgenoot.training.scenario import Scenario
from reisgenoot.training.simulator import Session as Simulation
from reisgenoot.training.simulator import SessionError

__all__ = [
    "MAX_LINE",
    "Progress",
    "answer",
    "assign",
    "assigned_trainees",
    "can_view",
    "finish",
    "load_simulation",
    "pick_scenario",
    "profile_of",
    "progress",
    "record_check",
    "start_session",
    "store_trainee_line",
]

MAX_LINE = 1000
STOPPED = "gestopt"


class UnknownSessionError(InputError):
    """No such practice session for this trainee (pages answer 404)."""

    code = "oefengesprek_onbekend"

    def dutch(self) -> str:
        return "Dit oefengesprek bestaat niet."


class BadLineError(InputError):
    """An empty or too long trainee line."""

    code = "oefenzin_ongeldig"

    def dutch(self) -> str:
        return f"Typ eerst wat je wilt zeggen (hoogstens {MAX_LINE} tekens)."


# --- ratings and the adaptive path ---------------------------------------------------------


def profile_of(session: Session, trainee_id: int) -> TraineeProfile:
    """The trainee's skill ratings and the scenarios they finished, oldest first."""
    rows = session.scalars(select(SkillRating).where(SkillRating.trainee_id == trainee_id))
    skills = {row.skill: Rating(row.value, row.count) for row in rows}
    history = session.scalars(
        select(PracticeSession.scenario)
        .where(PracticeSession.trainee_id == trainee_id, PracticeSession.status == STATUS_DONE)
        .order_by(PracticeSession.ended_at, PracticeSession.id)
    )
    return TraineeProfile(skills, tuple(history))


def _difficulties(session: Session, scenarios: Catalogue) -> dict[str, Rating]:
    found = priors((s.naam, s.niveau) for s in scenarios.values())
    for row in session.scalars(select(ScenarioRating)):
        if row.scenario in found:
            found[row.scenario] = Rating(row.value, row.count)
    return found


def pick_scenario(session: Session, trainee_id: int, *, scenarios: Catalogue) -> str:
    """The next scenario of ``scenarios`` for the trainee at about 75–80 % expected success."""
    return pick_next(profile_of(session, trainee_id), _difficulties(session, scenarios))


# --- practice sessions ---------------------------------------------------------------------


def start_session(
    session: Session,
    trainee_id: int,
    scenario: str | None = None,
    *,
    scenarios: Catalogue,
    seed: int | None = None,
    hints: bool = False,
) -> PracticeSession:
    """A new practice conversation with the resident's opening line stored."""
    name = scenario or pick_scenario(session, trainee_id, scenarios=scenarios)
    chosen = scenarios.get(name)
    used_seed = seed if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    simulation = Simulation.start(chosen, used_seed, hints=hints)
    row = PracticeSession(
        trainee_id=trainee_id,
        scenario=chosen.naam,
        seed=used_seed,
        hints=hints,
        picked_by_path=scenario is None,
        status=STATUS_BUSY,
    )
    row.turns.append(
        PracticeTurn(
            position=0,
            speaker=SPEAKER_RESIDENT,
            text=simulation.opening.text,
            hint=simulation.opening.hint,
        )
    )
    session.add(row)
    session.flush()
    return row


def get_session(session: Session, session_id: int, trainee_id: int) -> PracticeSession:
    """The trainee's own session (anything else: :class:`UnknownSessionError`)."""
    row = session.get(PracticeSession, session_id)
    if row is None or row.trainee_id != trainee_id:
        raise UnknownSessionError("unknown session", session_id=session_id)
    return row


def load_simulation(
    session: Session,
    row: PracticeSession,
    *,
    scenarios: Catalogue,
    model: GuardedModel | None = None,
) -> Simulation:
    """Replay the stored trainee lines; add replies missing after an interrupted turn.

    Amounts and terms are checked against the scenario's articles in this kennisbank.
    """
    scenario = scenarios.get(row.scenario)
    reference = kennis.reference_for(session, scenario)
    simulation = Simulation.start(scenario, row.seed, hints=row.hints, reference=reference)
    lines = row.trainee_lines()
    for line in lines:
        if simulation.finished:
            break
        simulation.respond(line)
    replies = [turn for turn in row.turns if turn.speaker == SPEAKER_RESIDENT][1:]
    for exchange in simulation.exchanges[len(replies) :]:
        facts = [fact.omschrijving for fact in scenario.feiten]
        said = voice.maybe_phrase(model, exchange.resident.text, exchange.trainee, facts)
        _add_turn(row, SPEAKER_RESIDENT, said.text, exchange.resident.hint)
    return simulation


def _add_turn(row: PracticeSession, speaker: str, text: str, hint: str | None = None) -> None:
    position = max((turn.position for turn in row.turns), default=-1) + 1
    row.turns.append(PracticeTurn(position=position, speaker=speaker, text=text, hint=hint))


def clean_line(text: str) -> str:
    line = " ".join(text.split())
    if not line or len(line) > MAX_LINE:
        raise BadLineError("empty or too long line")
    return line


def store_trainee_line(session: Session, session_id: int, trainee_id: int, text: str) -> None:
    """Store the trainee's line; the caller commits before :func:`answer` runs."""
    row = get_session(session, session_id, trainee_id)
    if row.finished:
        raise SessionError("finished", detail="Het oefengesprek is al afgelopen.")
    _add_turn(row, SPEAKER_TRAINEE, clean_line(text))
    session.flush()


def answer(
    session: Session,
    session_id: int,
    trainee_id: int,
    *,
    scenarios: Catalogue,
    model: GuardedModel | None = None,
) -> list[PracticeTurn]:
    """Compute and store the resident's reply to the stored lines; finish when it ends.

    Returns the trainee's last line and the turns after it.
    """
    row = get_session(session, session_id, trainee_id)
    simulation = load_simulation(session, row, scenarios=scenarios, model=model)
    if simulation.finished and not row.finished:
        finish(session, row, simulation)
    session.flush()
    last = max((t.position for t in row.turns if t.speaker == SPEAKER_TRAINEE), default=0)
    return [turn for turn in row.turns if turn.position >= last]


def finish(session: Session, row: PracticeSession, simulation: Simulation) -> PracticeResult:
    """Close the session: store the feedback and update the Elo ratings."""
    existing = session.get(PracticeResult, row.id)
    if existing is not None:
        return existing
    result = feedback(simulation)
    row.status = STATUS_DONE
    row.outcome = simulation.outcome or STOPPED
    row.ended_at = utcnow()
    # A conversation stopped before the first line says nothing about skills: no Elo change.
    ratings = (
        _update_ratings(session, row.trainee_id, simulation.scenario, result.scores)
        if simulation.exchanges
        else {}
    )
    stored = PracticeResult(session_id=row.id, feedback=result.to_dict(), ratings=ratings)
    session.add(stored)
    session.flush()
    return stored


def _update_ratings(
    session: Session, trainee_id: int, chosen: Scenario, scores: Mapping[str, int]
) -> dict[str, Any]:
    scenario = chosen.naam
    profile = profile_of(session, trainee_id)
    difficulty_row = session.get(ScenarioRating, scenario)
    difficulty = (
        Rating(difficulty_row.value, difficulty_row.count)
        if difficulty_row is not None
        else priors([(chosen.naam, chosen.niveau)])[chosen.naam]
    )
    new_profile, new_difficulty = record(profile, difficulty, scenario, scores)
    now = utcnow()
    for skill, rating in new_profile.skills.items():
        row = session.get(SkillRating, (trainee_id, skill))
        if row is None:
            row = SkillRating(trainee_id=trainee_id, skill=skill)
            session.add(row)
        row.value, row.count, row.updated_at = rating.value, rating.count, now
    if difficulty_row is None:
        difficulty_row = ScenarioRating(scenario=scenario)
        session.add(difficulty_row)
    difficulty_row.value = new_difficulty.value
    difficulty_row.count = new_difficulty.count
    difficulty_row.updated_at = now
    return {name: round(r.value, 4) for name, r in new_profile.skills.items()}


def stop(
    session: Session, session_id: int, trainee_id: int, *, scenarios: Catalogue
) -> PracticeSession:
    """The trainee ends the conversation early: feedback on what was said."""
    row = get_session(session, session_id, trainee_id)
    if not row.finished:
        finish(session, row, load_simulation(session, row, scenarios=scenarios))
    return row


def sessions_of(session: Session, trainee_id: int) -> list[PracticeSession]:
    return list(
        session.scalars(
            select(PracticeSession)
            .where(PracticeSession.trainee_id == trainee_id)
            .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
        )
    )


# --- who may see what (contracts §10) ------------------------------------------------------


def assign(session: Session, opleider_id: int, trainee_id: int) -> None:
    """Make ``opleider_id`` the opleider of ``trainee_id`` (idempotent)."""
    if session.get(Assignment, (opleider_id, trainee_id)) is None:
        session.add(Assignment(opleider_id=opleider_id, trainee_id=trainee_id))
        session.flush()


def assigned_trainees(session: Session, opleider_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Assignment.trainee_id)
            .where(Assignment.opleider_id == opleider_id)
            .order_by(Assignment.trainee_id)
        )
    )


def can_view(session: Session, viewer_id: int, trainee_id: int, *, opleider: bool) -> bool:
    """The trainee themself, or an opleider assigned to them."""
    if viewer_id == trainee_id:
        return True
    return opleider and session.get(Assignment, (viewer_id, trainee_id)) is not None


# --- progress ------------------------------------------------------------------------------


@dataclass(slots=True)
class Point:
    """One finished session on the progress page."""

    session_id: int
    ended_at: datetime | None
    scenario: str
    title: str
    level: int
    scores: dict[str, int]


@dataclass(slots=True)
class Progress:
    """A trainee's skill profile now (0–100: expected success on a level-2 conversation)
    and their scores over time, oldest first. Never compared with colleagues."""

    profile: dict[str, int] = field(default_factory=dict)
    points: list[Point] = field(default_factory=list)
    busy: int = 0


def progress(session: Session, trainee_id: int) -> Progress:
    profile = profile_of(session, trainee_id)
    result = Progress(
        {
            skill: round(100 * expected(profile.skills.get(skill, Rating()).value, 0.0))
            for skill in SKILLS
        }
    )
    rows = session.execute(
        select(PracticeSession, PracticeResult)
        .join(PracticeResult, PracticeResult.session_id == PracticeSession.id)
        .where(PracticeSession.trainee_id == trainee_id)
        .order_by(PracticeSession.ended_at, PracticeSession.id)
    )
    for practice, stored in rows:
        data = stored.feedback
        scores = {str(k): int(v) for k, v in dict(data.get("scores", {})).items()}
        result.points.append(
            Point(
                practice.id,
                practice.ended_at,
                practice.scenario,
                str(data.get("titel", practice.scenario)),
                int(data.get("niveau", 0)),
                scores,
            )
        )
    result.busy = int(
        session.scalar(
            select(func.count())
            .select_from(PracticeSession)
            .where(PracticeSession.trainee_id == trainee_id, PracticeSession.status == STATUS_BUSY)
        )
        or 0
    )
    return result


# --- check the AI --------------------------------------------------------------------------


def record_check(
    session: Session,
    trainee_id: int,
    item: checkai.CheckItem,
    seed: int,
    result: checkai.CheckResult,
    *,
    now: datetime | None = None,
) -> CheckAttempt:
    """Store the attempt and plan when the item comes back (:mod:`.retention`)."""
    moment = now or utcnow()
    review = retention.schedule(session, trainee_id, item, seed, result, moment)
    data = {**result.to_dict(), "herhaling": review, "helemaal_goed": retention.perfect(result)}
    attempt = CheckAttempt(
        trainee_id=trainee_id,
        article_id=item.article_id,
        seed=seed,
        result=data,
        created_at=moment,
    )
    session.add(attempt)
    session.flush()
    return attempt
