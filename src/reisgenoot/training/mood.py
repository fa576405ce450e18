"""The simulated resident's mood over a practice conversation (issue 22).

Anger and distress (``emotion``, 0 calm – 10 very upset) and rapport (0–10) move with every
trainee turn:

- they fall when the trainee acknowledges what the resident goes through. The resident hears
  that with the learned acknowledgement model (:mod:`.acknowledgement`), not with phrase
  lists; only when sentence vectors are off do the rubric's phrase lists stand in;
- they rise when an upset resident is ignored (a turn that neither acknowledges nor
  summarises, before any turn acknowledged), and when the resident is contradicted (wrong information, dismissive words),
  jargon or a canned text.

Whether the resident answers a fact question follows the mood (:func:`willing`): trust is the
rapport plus the anger that fell since the opening, so a resident who was heard answers the
actual question from the scenario's facts; a furious resident may refuse or deflect, with a
seeded chance that grows with the anger, so a session replays exactly per seed.
"""

from __future__ import annotations

import random

from reisgenoot.training.acknowledgement import acknowledgement_chances
from reisgenoot.training.analysis import TurnAnalysis
from reisgenoot.training.scenario import Persona

__all__ = ["FURIOUS", "HEARD", "REFUSES_ALL", "UPSET", "change", "heard", "willing"]

UPSET = 6.5
"""From this emotion on (band ``overstuur``) a turn that does not acknowledge ignores the
resident, and anger rises."""
FURIOUS = 8.0
"""From this emotion on the resident may refuse a fact question; the chance grows to certain
at :data:`REFUSES_ALL`."""
REFUSES_ALL = 10.0
HEARD = 0.6
"""The acknowledgement model's chance from which the resident feels heard: a clear
acknowledgement, above the rubric's 0.5 (a greeting scores about 0.5; on
``training-data/erkenning.jsonl`` recall stays .99 and false positives fall from 3 to 1 of 89)."""


def heard(analysis: TurnAnalysis) -> bool:
    """Whether the turn acknowledges what the resident goes through: the learned model, or the
    rubric's phrase lists when sentence vectors are off. Dismissive words are never heard so."""
    if analysis.dismissive:
        return False
    chances = acknowledgement_chances([analysis.text]) if analysis.text else None
    if not chances:
        return analysis.acknowledges
    return chances[0] >= HEARD


def change(
    analysis: TurnAnalysis,
    persona: Persona,
    *,
    emotion: float,
    level: int,
    acknowledged: bool,
    heard_before: bool,
    contradicted: bool,
) -> tuple[float, float]:
    """How one turn moves (emotion, rapport), before what the turn achieved (``_settle``).

    Ignoring is going on without ever having heard the resident (``heard_before``: an earlier
    turn acknowledged); once heard, a calm question about the case is not ignoring. Being
    ignored raises the anger only, so a neutral first greeting does not end the call.
    """
    up, down = persona.gevoeligheid, persona.kalmeert
    ignored = emotion >= UPSET and not (acknowledged or heard_before or analysis.summary)
    hollow_early = analysis.hollow and not acknowledged and emotion >= UPSET and level >= 2
    steps = [
        (analysis.dismissive, 2.5 * up, -2.5),
        (contradicted, 0.5 * up, -0.5),  # wrong information about the resident's case
        (ignored, 0.4 * up, 0.0),
        (analysis.uses_jargon, 0.8 * up, -0.8),
        (analysis.canned or analysis.repeated, 0.8 * up, -0.8),
        (analysis.informal, 0.0, -0.5),
        (acknowledged, -1.8 * down, 1.5),
        (hollow_early, 0.4 * up, 0.0),  # premature, hollow empathy
        (analysis.hollow and not acknowledged and not hollow_early, 0.0, 0.3),
        (analysis.summary, -1.0 * down, 1.0),
        (analysis.open_questions, 0.0, 0.3),
    ]
    taken = [(by_emotion, by_rapport) for when, by_emotion, by_rapport in steps if when]
    return sum(e for e, _r in taken), sum(r for _e, r in taken)


def willing(
    needed: float, *, rapport: float, emotion: float, start: float, rng: random.Random
) -> bool:
    """Whether the resident answers a question about a fact that needs ``needed`` rapport.

    Trust is the rapport plus the anger that fell since the opening (``start``); a furious
    resident may still refuse, with a chance from ``rng`` that grows with the anger.
    """
    calmed = max(0.0, start - emotion)
    if rapport + calmed < needed:
        return False
    if emotion < FURIOUS:
        return True
    return rng.random() >= (emotion - FURIOUS) / (REFUSES_ALL - FURIOUS)
