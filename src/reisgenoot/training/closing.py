"""What the simulated resident does when the trainee closes the call (issue 22, ADR 101).

A real resident whose decisive circumstance was never asked brings it up at the closing: at
the trainee's first close check or goodbye, while a fact of the checklist's ``uitvragen`` that
an explanation the trainee gave needs (``ExplainItem.na``) is not yet told, the resident
tells it in the scenario's own words and asks back ("Lukt dat dan nog?", "Maakt dat uit?");
the call goes on. The fact counts towards the goal once the trainee
answered it (:func:`answers`). The closing reply follows what happened: content when the goal
is reached, else a line naming what is still open (:func:`open_item`, :func:`missing_fact`).

Pure functions over a scenario and the session's state; the simulator draws the lines.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from reisgenoot.training.analysis import GOODBYE
from reisgenoot.training.datafiles import patterns, table
from reisgenoot.training.listening import statements_only
from reisgenoot.training.scenario import ExplainItem, Fact, Scenario

__all__ = ["answers", "missing_fact", "open_item", "question_back", "worry"]

_QUESTION_BACK = table("simulatie.yaml", "terugvraag")
_TERM = patterns("simulatie.yaml", "termijn")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def worry(scenario: Scenario, told: Collection[str], explained: Collection[str]) -> Fact | None:
    """The first checklist fact, not told yet, that something the trainee explained needs:
    the trainee built on a circumstance never asked. Explanations still to come are left to
    the close check's own answer (what is clear, and the resident's next question)."""
    for item in scenario.checklist.uitleggen:
        if item.id not in explained:
            continue
        for fact_id in item.na:
            if fact_id in scenario.checklist.uitvragen and fact_id not in told:
                return scenario.fact(fact_id)
    return None


def question_back(fact: Fact) -> str:
    """ "Lukt dat dan nog?" for a fact about a day or term, else "Maakt dat uit?"."""
    texts = [fact.omschrijving, *(line for lines in fact.zinnen.values() for line in lines)]
    timed = any(pattern.search(text) for pattern in _TERM for text in texts)
    return _QUESTION_BACK["termijn" if timed else "anders"]


def answers(text: str) -> bool:
    """Whether a trainee turn says something besides a goodbye: a statement that answers the
    resident's question back (questions and goodbye sentences alone do not)."""
    parts = _SENTENCE.split(statements_only(text))
    return any(part.strip() and not any(p.search(part.lower()) for p in GOODBYE) for part in parts)


def open_item(scenario: Scenario, explained: Collection[str]) -> ExplainItem | None:
    """The first explanation still missing that the resident asks about in own words."""
    return next(
        (i for i in scenario.checklist.uitleggen if i.id not in explained and i.vraag), None
    )


def missing_fact(scenario: Scenario, told: Collection[str]) -> Fact | None:
    """The first checklist fact the resident never got to tell."""
    missing = [item for item in scenario.checklist.uitvragen if item not in told]
    return scenario.fact(missing[0]) if missing else None
