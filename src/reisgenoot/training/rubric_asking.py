"""Which of the scenario's facts did the trainee ask about? Also when no keyword says so.

The scenario names each fact's question words (``vraagwoorden``: "wanneer", "rijbewijs"), but
trainees ask in many more ways: "Heeft u nog iets anders om u mee te identificeren?", "Waar
ging het bezwaar over?". What the question was about shows in the resident's answer: when the
resident's turn right after a trainee's question means what the scenario's resident says when
telling that fact (the fact's ``zinnen``), the trainee asked for it. Meaning is compared with
the bundled e5 sentence vectors (offline, :mod:`reisgenoot.assist.embedding`).

A fact the resident tells without being asked (no question in the trainee's turn before) is
not counted: the rubric's "de inwoner moet het zelf aandragen" is a 1 on vragen. Nor is the
resident's answer to the greeting ("Waar kan ik u mee helpen?"): that is the resident's own
opening story, told whatever the trainee asks (seen in the browser: a trainee who only said
"Wat kan ik voor u doen?" got vragen 2). Without
vectors (e5 not available, or ``REISGENOOT_ASSIST_EMBEDDINGS=0``) only the question words count.
"""

from __future__ import annotations

from collections.abc import Sequence

from reisgenoot.assist.embedding import turn_vectors
from reisgenoot.training.rubric_statements import TRAINEE, RubricTurn
from reisgenoot.training.scenario import Scenario

__all__ = ["ANSWERED", "answered_facts"]

ANSWERED = 0.9
"""From this cosine on the resident's answer means the fact's scenario line (chosen on the own
set and blind dev among 0.85, 0.88, 0.9 and 0.92: vragen κ own .935 → .978, blind dev
.676 → .687; lower thresholds took open story questions for every fact)."""


def answered_facts(
    scenario: Scenario,
    turns: Sequence[RubricTurn],
    lines: Sequence[tuple[str, str]],
    facts: Sequence[str],
) -> list[str]:
    """The ``facts`` the resident told in answer to a question of the trainee, in that order."""
    replies: list[str] = []
    for turn in turns[1:]:  # the answer to the greeting is the resident's own opening story
        if not (turn.analysis.open_questions or turn.analysis.closed_questions):
            continue
        following = turn.index + 1
        if following < len(lines) and lines[following][0] != TRAINEE:
            replies.append(lines[following][1])
    if not replies or not facts:
        return []
    answers = {
        fact: [line for band in scenario.fact(fact).zinnen.values() for line in band]
        for fact in facts
    }
    known = [line for group in answers.values() for line in group]
    vectors = turn_vectors([*replies, *known])
    if vectors is None:
        return []
    said = vectors[: len(replies)]
    by_line = dict(zip(known, vectors[len(replies) :], strict=True))
    found: list[str] = []
    for reply in said:
        for fact, group in answers.items():
            if fact in found or not group:
                continue
            if max(float(reply @ by_line[line]) for line in group) >= ANSWERED:
                found.append(fact)
    return found
