"""The outcome of the main question and the follow-up task, decided together so they agree.

The phrase rules (:mod:`reisgenoot.assist.outcome`) explain; the learned models
(:mod:`~reisgenoot.assist.outcome_model`, :mod:`~reisgenoot.assist.followup_model`) decide, from
the same conversation features. Then the two are made consistent (contracts §7, KISS):

- a task to pass on means the question was not handled alone: "Zelfstandig afgehandeld"
  becomes "Contactverzoek gemaakt";
- "Contactverzoek gemaakt" without a task gets one (a callback or a question to pass on, from
  what the employee said, else "Vraag doorzetten naar vakafdeling").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reisgenoot.assist import followup_model, outcome_model
from reisgenoot.assist.outcome import FORWARD, Finding, FollowUp, Spoken, _department
from reisgenoot.language.linear import LinearModel

__all__ = ["CONTACTVERZOEK", "decide"]

CONTACTVERZOEK = "Contactverzoek gemaakt"
ALONE = "Zelfstandig afgehandeld"
# Outcomes of a live hand-over or of the resident acting next: no task of their own.
NO_TASK = frozenset({"Doorverbonden naar collega", "Verbinding verbroken"})
OVERRULE = 0.9  # the model replaces a rule outcome other than ALONE only this sure (blind dev)
_CALL = re.compile(r"\b(bel(t|len)?|terugbel\w*|contact op)\b", re.IGNORECASE)


def _generic_task(turns: Sequence[Spoken]) -> FollowUp:
    """A task from the employee's last words that pass something on."""
    employee = [(i, t) for i, t in enumerate(turns) if t.is_employee]
    for index, turn in reversed(employee):
        match = FORWARD.search(turn.text) or _CALL.search(turn.text)
        if match is None:
            continue
        sentence = next(
            (s for s in re.split(r"(?<=[.!?])\s+", turn.text) if match.group(0) in s), ""
        )
        department = _department(turn.text)
        handeling = (
            f"Vraag doorzetten naar {department}"
            if department
            else "Terugbelverzoek"
            if _CALL.search(sentence)
            else "Vraag doorzetten naar vakafdeling"
        )
        return FollowUp(handeling, department, (index,), (match.group(0),), 0.55, sentence)
    last = employee[-1][0] if employee else 0
    return FollowUp("Vraag doorzetten naar vakafdeling", None, (last,), (), 0.5)


def decide(
    turns: Sequence[Spoken],
    rule_outcome: Finding,
    rule_task: FollowUp | None,
    *,
    models: tuple[LinearModel, LinearModel] | None = None,
    features: outcome_model.Features = outcome_model.features_with_question,
    task_features: outcome_model.Features = outcome_model.conversation_features,
    question: Sequence[int] | None = None,
) -> tuple[Finding, FollowUp | None]:
    """The main question's outcome and the task, learned and made to agree.

    ``question`` are the main question's turns when the conversation has several: the outcome
    model reads what ends them (ADR 70). ``models`` (outcome, follow-up), ``features`` and
    ``task_features`` replace the active models and their features when candidates are
    measured (``scripts/outcome_folds.py``).
    """
    if not turns:
        return rule_outcome, rule_task
    outcome_learned, task_learned = models or (
        outcome_model.active_model(),
        followup_model.active_model(),
    )
    feats = features(turns, question)
    value, probability = outcome_model.predict(outcome_learned, feats)
    if task_features is not features:
        feats = task_features(turns, question)
    p_task = followup_model.task_probability(task_learned, feats)
    outcome = rule_outcome
    overrule = rule_outcome.value == ALONE or probability >= OVERRULE
    if value != rule_outcome.value and overrule:
        outcome = Finding(value, rule_outcome.turns, rule_outcome.words, probability)
    task = rule_task
    if p_task >= followup_model.THRESHOLD and task is None:
        task = _generic_task(turns)
    elif p_task < followup_model.RULE_FLOOR and value != CONTACTVERZOEK:
        task = None
    if task is not None and outcome.value in NO_TASK:
        task = None
    if task is not None and outcome.value == ALONE:
        outcome = Finding(CONTACTVERZOEK, task.turns, task.words, max(p_task, 0.5))
    if task is None and outcome.value == CONTACTVERZOEK:
        task = _generic_task(turns)
    return outcome, task
