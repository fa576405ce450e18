"""The six scores (0–100) of a practice conversation, and its EPITOME, LSD and checklist.

- **empathie**: the three EPITOME mechanisms (emotionele reactie, interpretatie, exploratie),
  minus dismissive phrases and hollow empathy;
- **toon**: dismissive phrases, canned text or repeats, ``je``, a missing greeting;
- **volledigheid**: the scenario's checklist (facts found out, points explained);
- **juistheid**: amounts and terms against the kennisartikelen, known wrong answers (the
  scenario's ``onjuist``) and over-promising;

Juistheid, Empathie and Afsluiting keep to the range of the rubric's level of feiten, empathie
and afsluiten (:func:`agree_with_rubric`, :data:`BANDS`), so a bar never contradicts it.
- **b1**: sentences that pass the B1 check, minus jargon;
- **afsluiting**: the close check, a summary or next step, a goodbye.

The scores describe observable phrasing only, never the trainee's emotions (contracts §10).
"""

from __future__ import annotations

from collections.abc import Mapping

from reisgenoot.training.analysis import TurnAnalysis
from reisgenoot.training.simulator import Session

__all__ = [
    "EMPATHY_BEST_AT_LEAST",
    "EMPATHY_NONE_AT_MOST",
    "FOUT_AT_MOST",
    "NOTHING_WRONG_AT_LEAST",
    "agree_epitome",
    "agree_with_rubric",
    "analyses",
    "checklist",
    "epitome",
    "lsd",
    "scores",
]


def analyses(session: Session) -> list[TurnAnalysis]:
    """The analysis of every trainee turn, in order."""
    return [exchange.analysis for exchange in session.exchanges]


def epitome(turns: list[TurnAnalysis]) -> dict[str, int]:
    """The best level (0–2) reached on each EPITOME mechanism."""
    return {
        "emotionele_reactie": max((t.emotional_reaction for t in turns), default=0),
        "interpretatie": max((t.interpretation for t in turns), default=0),
        "exploratie": max((t.exploration for t in turns), default=0),
    }


def _empathy_score(parts: dict[str, int], turns: list[TurnAnalysis]) -> int:
    base = sum(parts.values()) / 6 * 100
    dismissive = sum(1 for t in turns if t.dismissive)
    hollow_only = parts["emotionele_reactie"] == 1 and parts["interpretatie"] == 0
    score = base - 25 * dismissive - (10 if hollow_only else 0)
    return _bounded(score)


def _tone_score(turns: list[TurnAnalysis]) -> int:
    if not turns:
        return 0
    score = 100.0
    score -= 30 * sum(1 for t in turns if t.dismissive)
    score -= 15 * sum(1 for t in turns if t.canned or t.repeated)
    score -= min(20, 10 * sum(1 for t in turns if t.informal))
    if not turns[0].greeting:
        score -= 10
    return _bounded(score)


def checklist(session: Session) -> dict[str, bool]:
    """``uitvragen:<fact>`` and ``uitleggen:<item>`` → done."""
    result = {
        f"uitvragen:{item}": item in session.revealed
        for item in session.scenario.checklist.uitvragen
    }
    result.update(
        {
            f"uitleggen:{item.id}": item.id in session.explained
            for item in session.scenario.checklist.uitleggen
        }
    )
    return result


def told_at_opening(session: Session) -> list[str]:
    """The checklist's facts the resident told in answer to the trainee's first turn.

    That answer is the resident's own opening story, told whatever the greeting asked; the
    rubric does not count it as asking (:mod:`.rubric_asking`), so the page must not call
    these facts "uitgevraagd" either.
    """
    if not session.exchanges:
        return []
    opening = set(session.exchanges[0].resident.revealed)
    return [item for item in session.scenario.checklist.uitvragen if item in opening]


def _correctness_score(session: Session) -> int:
    """Right vs wrong amounts and terms; without any, the share of points explained.

    When the fact check was skipped (an article is missing from this kennisbank) amounts and
    terms count as neither right nor wrong: the score rests on the points explained, the
    scenario's known wrong answers and promises.
    """
    turns = analyses(session)
    checked = session.reference.complete
    correct = sum(len(t.claims) - len(t.wrong_claims) for t in turns) if checked else 0
    wrong = sum(len(t.wrong_claims) for t in turns)
    traps = sum(len(exchange.wrong_statements) for exchange in session.exchanges)
    promises = sum(1 for t in turns if t.overpromise)
    explained = len(session.explained) / max(1, len(session.scenario.checklist.uitleggen))
    score = 100 * explained if correct + wrong == 0 else 100 * correct / (correct + wrong)
    return _bounded(score - 30 * traps - 25 * promises)


FOUT_AT_MOST = 40
"""The highest Juistheid when the rubric judges the facts ``fout`` (ADR 48)."""
NOTHING_WRONG_AT_LEAST = 50
"""The lowest Juistheid when the rubric finds nothing wrong (``deels`` or ``goed``)."""
EMPATHY_BEST_AT_LEAST = 70
"""The lowest Empathie when the rubric gives empathie its best level (2)."""
EMPATHY_NONE_AT_MOST = 40
"""The highest Empathie when the rubric gives empathie its lowest level (0)."""

_THREE_LEVELS: dict[str | int, tuple[int, int]] = {  # a full bar is the best level only
    0: (0, EMPATHY_NONE_AT_MOST),
    1: (30, 90),
    2: (EMPATHY_BEST_AT_LEAST, 100),
}
BANDS: dict[str, tuple[str, dict[str | int, tuple[int, int]]]] = {
    "juistheid": (
        "feiten",
        {
            "fout": (0, FOUT_AT_MOST),
            "deels": (NOTHING_WRONG_AT_LEAST, 100),
            "goed": (EMPATHY_BEST_AT_LEAST, 100),
        },
    ),
    "empathie": ("empathie", _THREE_LEVELS),
    "afsluiting": ("afsluiten", _THREE_LEVELS),
}
"""Score bar → the rubric criterion it shows, and per level of it the range the bar keeps to."""


def agree_with_rubric(found: Mapping[str, int], rubric: Mapping[str, str | int]) -> dict[str, int]:
    """The score bars moved into the range of the rubric's level of the criterion they show.

    The bars count phrases (Juistheid accepts every value of the kennisartikelen, also one that
    belongs to another case; Empathie counts EPITOME phrases; Afsluiting a close check); the
    rubric's levels are the ones measured against opleiders. One page never shows "Feiten: er
    zat een fout in" beside "Juistheid 100 van de 100", "Feiten: deels goed" (nothing wrong)
    beside "Juistheid 0", nor "Empathie 40 van de 100" beside empathie 2 of 2 (:data:`BANDS`).
    A bar already inside its range is left as it was.
    """
    result = dict(found)
    for bar, (criterion, ranges) in BANDS.items():
        if bar not in result or criterion not in rubric:
            continue
        low, high = ranges[rubric[criterion]]
        result[bar] = min(high, max(low, result[bar]))
    return result


def agree_epitome(parts: Mapping[str, int], empathie: int) -> dict[str, int]:
    """The EPITOME levels (0–2) no higher than the rubric's empathie level.

    "Reageren op het gevoel 2" beside "Empathie 0 van de 2" would contradict the rubric.
    """
    return {name: min(value, empathie) for name, value in parts.items()}


def _b1_score(turns: list[TurnAnalysis]) -> int:
    total = sum(t.sentence_count for t in turns)
    if not total:
        return 0
    failed = sum(len(t.non_b1_sentences) for t in turns)
    jargon = sum(len(t.jargon) + len(t.plain) for t in turns)
    return _bounded(100 * (total - failed) / total - 10 * jargon)


def _close_score(session: Session, turns: list[TurnAnalysis]) -> int:
    if session.outcome == "opgegeven" or not turns:
        return 0
    score = 0
    if any(t.close_check for t in turns[-3:]):
        score += 40
    recent = session.exchanges[-3:]
    if any(t.summary or t.next_step for t in turns[-3:]) or any(
        e.resident.explained for e in recent
    ):
        score += 30
    if turns[-1].goodbye or session.outcome == "doel_bereikt":
        score += 30
    return score


def lsd(turns: list[TurnAnalysis]) -> dict[str, int]:
    """Luisteren, samenvatten, doorvragen: how often each happened."""
    return {
        "luisteren": sum(1 for t in turns if t.grounded_words and (t.acknowledges or t.summary)),
        "samenvatten": sum(1 for t in turns if t.summary),
        "doorvragen": sum(len(t.open_questions) for t in turns),
    }


def _bounded(value: float) -> int:
    return round(min(100.0, max(0.0, value)))


def scores(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """The six scores and the EPITOME levels of ``session``."""
    turns = analyses(session)
    parts = epitome(turns)
    done = checklist(session)
    complete = 100 * sum(done.values()) / max(1, len(done))
    result = {
        "empathie": _empathy_score(parts, turns),
        "toon": _tone_score(turns),
        "volledigheid": _bounded(complete),
        "juistheid": _correctness_score(session),
        "b1": _b1_score(turns),
        "afsluiting": _close_score(session, turns),
    }
    return result, parts
