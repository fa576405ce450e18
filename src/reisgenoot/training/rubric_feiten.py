"""The learned ``feiten`` level: what the grounding observed, weighed like opleiders do.

The rules (:mod:`.rubric_facts`) flag errors they are sure of and the points never
explained; :mod:`.rubric_grounding` counts what is doubtful (article values out of context,
unknown weekdays, sentences that say the opposite of the article, statements without
support). :func:`fact_features` turns both into the features of the ``feiten`` model
(:mod:`.rubric_model`), and :func:`restate_facts` makes the statements follow the level the
model chose, inside the rubric's anchors:

- ``fout`` needs a sentence to point at: a rule error, else the most telling doubtful one;
- a value that is in no source at all stays ``fout`` (the rubric: a wrong amount is enough);
- ``deels`` needs a point that was not explained;
- the facts are praised only when the model thinks an error unlikely, so the feedback does
  not call right what an opleider would likely call wrong.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reisgenoot.training.rubric_grounding import Grounding
from reisgenoot.training.rubric_statements import RubricTurn, Statement, quote, say
from reisgenoot.training.scenario import ExplainItem, Scenario

__all__ = ["PRAISE_BELOW", "fact_features", "restate_facts"]

KEEP_RULE_ERRORS = True
PRAISE_BELOW = 0.3
"""The facts are praised only when the model's chance of ``fout`` is below this."""
_ORDER = ("dag", "tegendeel", "verplicht", "waarde", "onbekend")
"""Which doubtful sentence feedback names first when the level is ``fout``."""


def fact_features(
    scenario: Scenario,
    turns: Sequence[RubricTurn],
    statements: Sequence[Statement],
    done: Mapping[str, RubricTurn | None],
    grounding: Grounding,
) -> dict[str, float]:
    """The features of the ``feiten`` model for one conversation."""
    items = scenario.checklist.uitleggen
    errors = [s for s in statements if s.kind == "fout"]
    missing = sum(1 for item in items if done.get(item.id) is None)
    traps = sum(1 for s in errors if s.text in {t.uitleg for t in scenario.onjuist})
    values = {
        "fact_errors": math.log1p(len(errors)),
        "fact_traps": float(traps),
        "fact_promises": float(sum(len(t.analysis.overpromise) for t in turns)),
        "fact_missing": float(missing),
        "fact_explained": (len(items) - missing) / len(items) if items else 1.0,
    }
    values.update(grounding.features())
    return values


def restate_facts(
    level: str,
    rule_level: str,
    statements: Sequence[Statement],
    grounding: Grounding,
    p_fout: float,
    items: Sequence[ExplainItem],
    done: Mapping[str, RubricTurn | None],
) -> tuple[str, list[Statement]]:
    """The level within the anchors and the ``feiten`` statements that follow it."""
    errors = [s for s in statements if s.kind == "fout"]
    missing = [s for s in statements if s.kind == "ontbreekt"]
    if errors and KEEP_RULE_ERRORS:
        level = "fout"
    doubt = _doubtful(grounding)
    if level == "fout" and not errors and doubt is None:
        level = rule_level
    if level == "deels" and not missing:
        level = rule_level
    said: list[Statement] = []
    if level == "fout":
        said = errors or ([doubt] if doubt is not None else [])
        said += missing
    elif level == "deels":
        said = list(missing)
    first_done = next((turn for turn in done.values() if turn is not None), None)
    if p_fout < PRAISE_BELOW and first_done is not None:
        if level == "goed":
            said.insert(0, Statement("feiten", True, say("feiten_goed"), quote(first_done)))
        elif level == "deels":
            names = "; ".join(item.omschrijving for item in items if done.get(item.id))
            praise = say("feiten_deels", punten=names)
            said.insert(0, Statement("feiten", True, praise, quote(first_done)))
    return level, said


def _doubtful(grounding: Grounding) -> Statement | None:
    """The most telling doubtful sentence as a stated error, if any."""
    for reason in _ORDER:
        for turn_text, found, detail in grounding.doubtful:
            if found == reason:
                text = say(f"twijfel_{reason}", detail=detail)
                return Statement("feiten", False, text, turn_text, "fout")
    return None
