"""A finished teamdialoog round for the demo, so the teamleider sees a real report at once.

KCC Team Noord (7 people) answered the standard question set: 6 people took part, above the
threshold of 5. The answers are generated from a fixed seed with one profile per dimension: the
team is curious *and* worried (emotioneel is divided), finds the assistant useful (functioneel),
and is unsure about checking the computer (kritisch). Two agreed actions follow the round.

Answers go through :func:`reisgenoot.impact.survey.submit`, the same path as the web form, so
the demo holds no more about a person than a real round would (no link between answer and
person).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from reisgenoot.accounts.models import Team
from reisgenoot.impact import actions, survey
from reisgenoot.impact.models import Round
from reisgenoot.impact.questions import QuestionSetData, current
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database

TEAM = "KCC Team Noord"
PARTICIPANTS = 6
# Per dimension the chance of each scale value 1..5 for a "positief" statement
# (a "zorg" statement is mirrored).
PROFILES: dict[str, tuple[float, ...]] = {
    "emotioneel": (0.25, 0.15, 0.1, 0.2, 0.3),  # divided: worried and curious at once
    "functioneel": (0.0, 0.1, 0.2, 0.45, 0.25),
    "professioneel": (0.05, 0.2, 0.35, 0.3, 0.1),
    "ontwikkeling": (0.1, 0.3, 0.3, 0.2, 0.1),
    "kritisch": (0.15, 0.35, 0.3, 0.15, 0.05),
}
OPEN_ANSWERS: dict[str, tuple[str, ...]] = {
    "emotioneel": (
        "Ik vind het spannend, maar ik weet niet of mijn werk straks nog hetzelfde is.",
        "Leuk dat we erover mogen praten. Ik wil graag weten wat de plannen zijn.",
        "Ik ben bang dat de makkelijke gesprekken verdwijnen en alleen de zware overblijven.",
        "Ik ben vooral nieuwsgierig. Als het werk makkelijker wordt, vind ik dat prima.",
        "Ik wil weten wat de plannen zijn voordat er iets verandert in ons werk.",
    ),
    "functioneel": (
        "De registratie gaat veel sneller. Ik hoef minder te typen na een gesprek.",
        "De voorstellen zijn vaak goed, maar bij afval kloppen ze niet altijd.",
        "Minder typen na een gesprek, dat scheelt echt tijd.",
        "De registratie klopt meestal, ik pas alleen het onderwerp soms aan.",
        "Bij drukte helpt het, maar de voorstellen voor afval kloppen niet altijd.",
    ),
    "professioneel": (
        "Ik wil zelf blijven beslissen wat ik tegen een inwoner zeg.",
        "Het moeilijke gesprek blijft mijn vak, daar ben ik trots op.",
        "Ik wil zelf beslissen, de computer mag alleen voorstellen doen.",
        "Ik ben trots op mijn vak en dat wil ik zo houden.",
        "Soms voelt het alsof de computer het gesprek overneemt.",
    ),
    "ontwikkeling": (
        "Ik wil graag oefenen met moeilijke gesprekken, daar is nu weinig tijd voor.",
        "Niet duidelijk welke training er komt.",
        "Meer tijd om te oefenen met moeilijke gesprekken zou fijn zijn.",
        "Ik wil weten welke training er komt en wanneer.",
        "Oefenen met een collega erbij helpt mij het meest.",
    ),
    "kritisch": (
        "Ik durf niet altijd te zeggen dat het systeem het fout heeft.",
        "Hoe weet ik of het antwoord van de computer klopt?",
        "Ik controleer het antwoord van de computer niet altijd, daar is geen tijd voor.",
        "Als het systeem het fout heeft, wil ik dat kunnen melden.",
        "Ik weet niet goed hoe ik kan zien of het antwoord klopt.",
    ),
}
ACTIONS: tuple[tuple[str, str, str, int], ...] = (
    ("kritisch", "team", "Elke week tien minuten samen foute voorstellen bespreken", 21),
    ("ontwikkeling", "opleider", "Oefengesprekken plannen voor moeilijke gesprekken", 35),
)


@dataclass(frozen=True, slots=True)
class DialogueReport:
    team: str
    participants: int
    actions: int


def _value(rng: random.Random, dimension: str, direction: str) -> str:
    value = rng.choices(range(1, 6), weights=PROFILES[dimension])[0]
    return str(6 - value if direction == "zorg" else value)


def _form(rng: random.Random, questions: QuestionSetData, person: int) -> dict[str, str]:
    form: dict[str, str] = {}
    for dimension in questions.dimensions:
        for statement in dimension.statements:
            form[statement.key] = _value(rng, dimension.key, statement.direction)
        texts = OPEN_ANSWERS.get(dimension.key, ())
        if texts and person < len(texts):
            form[dimension.open_key] = texts[person]
    return form


def seed_dialogue(
    database: Database, settings: Settings, *, actor: str, seed: int, today: date
) -> DialogueReport | None:
    """Run one closed round for :data:`TEAM` with two actions; None when the team is missing."""
    key = settings.audit_secret()
    with database.session() as session:
        team = session.scalar(select(Team).where(Team.name == TEAM))
        if team is None:
            return None
        members = survey.team_members(session, team.id)
        round_id = survey.open_round(session, team.id, audit_key=key, actor=actor).id
        questions = current(session)
    rng = random.Random(seed)
    for person, user_id in enumerate(members[:PARTICIPANTS]):
        survey.submit(database, round_id, user_id, _form(rng, questions, person))
    with database.session() as session:
        survey.close_round(session, round_id, audit_key=key, actor=actor)
        round_ = session.get(Round, round_id)
        assert round_ is not None
        for dimension, owner, title, days in ACTIONS:
            actions.add_action(
                session,
                round_,
                title=title,
                owner_role=owner,
                due=today + timedelta(days=days),
                dimension=dimension,
                audit_key=key,
                actor=actor,
            )
    return DialogueReport(TEAM, min(PARTICIPANTS, len(members)), len(ACTIONS))
