"""The attack from a copy of the database files must fail: nobody is linked to an answer.

A team of six; five people answer, one after the other, in a known order. After every
submission and after closing, the attacker copies the database files (SQLite: the file with its
``-wal`` and ``-shm``; PostgreSQL: the tables with ``xmin``/``ctid`` and, through
``pageinspect``, the dead tuples on the pages). The attacker knows the code, the member ids and
the order in which people submitted, and reads every stored secret and every key-like string in
the raw bytes. See ``tests/impact/attack.py`` for the attack and ``docs/impact.md`` for what
remains visible.
"""

from __future__ import annotations

import pytest

from reisgenoot.impact import survey
from reisgenoot.language.pii import redact
from reisgenoot.settings import Settings
from reisgenoot.store.engine import Database
from tests.conftest import PG_URL
from tests.impact.attack import (
    AnswerT,
    Observation,
    attack,
    grade,
    observe_postgres,
    observe_sqlite,
    occurrences,
)
from tests.impact.conftest import STATEMENT_KEYS, MakeTeam, close_round, open_round

EMOTIONAL = (
    "De kennisbank helpt mij bij vragen over afval en parkeren.",
    "Ik wil meer tijd om te oefenen met lastige gesprekken aan de balie.",
    "Soms snap ik niet waarom het systeem juist dat artikel kiest.",
    "Het registreren gaat sneller dan vorig jaar, dat merk ik elke dag.",
    "Ik mis uitleg over hoe de voorstellen van de assistent ontstaan.",
)
FUNCTIONAL = (
    "Bij drukte op maandag scheelt de samenvatting veel typwerk.",
    "De voorstellen over belastingen kloppen vaak niet helemaal.",
    "Ik gebruik de zoekfunctie vooral voor vragen over paspoorten.",
    "Na een lang gesprek ben ik blij dat de registratie al klaarstaat.",
    "Voor vragen over de bijstand zoek ik liever zelf in de regels.",
)


def _form(person: int) -> dict[str, str]:
    """Every person answers everything, with values and texts nobody else uses."""
    form = dict.fromkeys(STATEMENT_KEYS, str(person + 1))
    form["emotioneel_open"] = EMOTIONAL[person]
    form["functioneel_open"] = FUNCTIONAL[person]
    return form


def _truth(round_id: int, person: int) -> frozenset[AnswerT]:
    form = _form(person)
    answers: set[AnswerT] = {(round_id, k, int(form[k]), None) for k in STATEMENT_KEYS}
    for key in ("emotioneel_open", "functioneel_open"):
        answers.add((round_id, key, None, redact(form[key]).text))
    return frozenset(answers)


def _run_round(
    settings: Settings, db: Database, make_team: MakeTeam
) -> tuple[list[Observation], list[Observation], dict[int, frozenset[AnswerT]], list[int]]:
    team = make_team("Team Noord", 6)

    def observe() -> Observation:
        if PG_URL is None:
            return observe_sqlite(settings.home / "reisgenoot.db")
        return observe_postgres(db.engine)

    round_id = open_round(db, settings, team.team_id)
    order = team.members[:5]
    truth: dict[int, frozenset[AnswerT]] = {}
    while_open: list[Observation] = []
    for person, user_id in enumerate(order):
        survey.submit(db, round_id, user_id, _form(person))
        truth[user_id] = _truth(round_id, person)
        while_open.append(observe())
    close_round(db, settings, round_id)
    return while_open, [observe()], truth, order


def test_the_attack_links_nobody_while_open_after_closing_or_with_both(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    while_open, after_close, truth, order = _run_round(settings, db, make_team)
    for label, observations in (
        ("while open", while_open),
        ("after closing", after_close),
        ("all copies", while_open + after_close),
    ):
        outcome = attack(observations, order)
        result = grade(outcome, truth)
        assert not result.linked, f"{label}: {result.summary()}"
        assert outcome.owners == {}, f"{label}: tokens recomputed for {len(outcome.owners)}"
        assert outcome.who_answered(observations) == set(), label


def test_no_answer_text_is_in_the_files_while_open_and_once_after_closing(
    settings: Settings, db: Database, make_team: MakeTeam
) -> None:
    while_open, after_close, _truth, _order = _run_round(settings, db, make_team)
    if not any(o.raw for o in after_close):
        pytest.skip("pageinspect is not available: no raw pages to search")
    for text_ in EMOTIONAL + FUNCTIONAL:
        assert set(occurrences(while_open, text_)) == {0}, text_
        assert list(occurrences(after_close, text_)) == [1], text_
