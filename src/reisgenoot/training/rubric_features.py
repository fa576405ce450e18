"""The features of a practice transcript that the learned rubric models read.

Counts and shares of what the trainee observably did, per conversation: how often they
acknowledged what the resident said, the open and closed questions and the share of the
scenario's facts they asked, recaps, the close check and goodbye near the end, how much of
the required explanation came, plus the rule levels of ``rubric.py``. The resident's side
only gives context (how many turns, whether the persona is upset). Nothing here assesses the
trainee's emotions (contracts §10): it counts phrasing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

from reisgenoot.training.acknowledgement import ACKNOWLEDGES, acknowledgement_chances
from reisgenoot.training.analysis import TurnAnalysis, content_lemmas
from reisgenoot.training.scenario import Scenario

__all__ = ["FEATURES", "transcript_features"]

TRAINEE = "medewerker"
_SORRY = re.compile(r"\b(sorry|excuses|excuus|spijt|jammer)\b", re.IGNORECASE)
_UNDERSTAND = re.compile(
    r"\b(begrijp|snap|kan me voorstellen|voorstellen dat|logisch|terecht|natuurlijk dat)\b",
    re.IGNORECASE,
)
_CONDOLENCE = re.compile(r"\b(gecondoleerd|condoleren|deelneming|sterkte)\b", re.IGNORECASE)
_FEELING = re.compile(
    r"\b(boos|kwaad|verdriet|bang|zorgen|schrik|geschrokken|moe|gestrest|stress|wanhopig|"
    r"overstuur|paniek|baal|balen|belachelijk|schande|schaam|huil|erg|vervelend|rot|zwaar)",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b(meneer|mevrouw)\s+[A-Z]", re.UNICODE)
_CONTENT = re.compile(
    r"\b(dank|bedankt|top|fijn|prima|helder|duidelijk|opgelucht|mooi|super|goed zo|is goed)\b",
    re.IGNORECASE,
)
_UNSURE = re.compile(
    r"\b(weet (het |ik )?niet|half|hm+|hang op|ophangen|snap (het |er )?niet|"
    r"niet duidelijk|laat (ook )?maar|dan doe ik)\b",
    re.IGNORECASE,
)
_WISH = re.compile(
    r"\b(fijne|prettige|goede|veel|succes|sterkte|beterschap|plezier|geluk|zorg goed)\b",
    re.IGNORECASE,
)
_SO = re.compile(r"(^|[.!?]\s+)(dus|samengevat|kort gezegd|even op een rij)\b", re.IGNORECASE)

FEATURES: dict[str, tuple[str, ...]] = {
    "feiten": (
        "rule_feiten",
        "fact_errors",
        "fact_missing",
        "fact_explained",
        "values_article",
        "values_article_far",
        "values_nowhere",
        "polarity",
        "weekdays_unknown",
    ),
    "empathie": (
        "rule_empathie",
        "acks",
        "acks_early",
        "dismissive",
        "feelings_heard",
        "feelings_answered",
        "emotional",
        "emotion",
        "name_used",
        "turns",
        "words_per_turn",
        "share_asked",
        "open_questions",
        "explained_share",
        "rule_afsluiten",
        "rule_samenvatten",
        "acks_meaning",
        "feelings_meaning",
        "ack_best",
    ),
    "vragen": (
        "rule_vragen",
        "share_asked",
        "asked_early",
        "open_questions",
        "closed_questions",
        "questions_per_turn",
        "turns",
        "words_per_turn",
        "acks",
        "explained_share",
        "rule_samenvatten",
    ),
    "samenvatten": (
        "rule_samenvatten",
        "summary_flags",
        "so_sentences",
        "recap_overlap",
        "turns",
        "words_per_turn",
        "explained_share",
        "rule_afsluiten",
        "acks",
    ),
    "afsluiten": (
        "rule_afsluiten",
        "check_end",
        "check_any",
        "goodbye_end",
        "goodbye_any",
        "next_step_end",
        "explained_late",
        "trainee_last",
        "last_words",
        "check_words",
        "name_end",
        "wish_end",
        "resident_content",
        "resident_unsure",
        "turns",
        "acks",
        "rule_samenvatten",
    ),
}


def _log(count: float) -> float:
    return math.log1p(max(0.0, count))


def _recap_overlap(
    lines: Sequence[tuple[str, str]], turns: Sequence[tuple[int, TurnAnalysis]]
) -> float:
    """The largest share of a trainee turn's content words that the resident said before."""
    best = 0.0
    for index, analysis in turns:
        heard = frozenset().union(
            *(
                content_lemmas(text)
                for i, (who, text) in enumerate(lines)
                if who != TRAINEE and i < index
            )
        )
        own = content_lemmas(analysis.text)
        if len(own) >= 3:
            best = max(best, len(own & heard) / len(own))
    return best


def _ending(lines: Sequence[tuple[str, str]], analyses: Sequence[TurnAnalysis]) -> dict[str, float]:
    """How the conversation ends: the check's length, a wish and a name, the resident's reply."""
    last = analyses[-2:]
    checks = [q for a in analyses[-3:] for q in a.open_questions + a.closed_questions]
    residents = [text for who, text in lines if who != TRAINEE]
    final = residents[-1] if residents else ""
    return {
        "check_words": _log(max((len(q.split()) for q in checks), default=0)),
        "name_end": float(any(_NAME.search(a.text) for a in last)),
        "wish_end": float(any(_WISH.search(a.text) for a in last)),
        "resident_content": float(bool(_CONTENT.search(final))),
        "resident_unsure": float(bool(_UNSURE.search(final))),
    }


def _responds(reply: TurnAnalysis) -> bool:
    return bool(
        reply.emotional_reaction
        or reply.interpretation
        or _UNDERSTAND.search(reply.text)
        or _SORRY.search(reply.text)
    )


def _answered(
    lines: Sequence[tuple[str, str]],
    turns: Sequence[tuple[int, TurnAnalysis]],
) -> dict[str, float]:
    """Resident lines that voice a feeling, and the share the next trainee turn answered."""
    feeling = [
        i
        for i, (who, text) in enumerate(lines)
        if who != TRAINEE and ("!" in text or _FEELING.search(text))
    ]
    by_index = dict(turns)
    answered = 0
    for i in feeling:
        reply = by_index.get(i + 1)
        if reply is not None and _responds(reply):
            answered += 1
    return {
        "feelings_heard": _log(len(feeling)),
        "feelings_answered": answered / len(feeling) if feeling else 1.0,
    }


def transcript_features(
    scenario: Scenario,
    lines: Sequence[tuple[str, str]],
    turns: Sequence[tuple[int, TurnAnalysis]],
    signals: Mapping[str, float],
) -> dict[str, float]:
    """The features of one transcript; ``signals`` are the rule observations of ``rubric.py``."""
    analyses = [analysis for _index, analysis in turns]
    count = max(1, len(analyses))
    texts = [a.text for a in analyses]
    last = analyses[-3:]
    opens = sum(len(a.open_questions) for a in analyses)
    closed = sum(len(a.closed_questions) for a in analyses)
    values: dict[str, float] = {
        "turns": _log(len(analyses)),
        "words_per_turn": _log(sum(len(t.split()) for t in texts) / count),
        "hollow": _log(sum(a.hollow for a in analyses)),
        "warmth": _log(sum(a.emotional_reaction > 0 for a in analyses)),
        "reflections": _log(sum(a.interpretation > 0 for a in analyses)),
        "sorry": _log(sum(bool(_SORRY.search(t)) for t in texts)),
        "understand": _log(sum(bool(_UNDERSTAND.search(t)) for t in texts)),
        "condolence": float(any(_CONDOLENCE.search(t) for t in texts)),
        "dismissive": float(any(a.dismissive for a in analyses)),
        "emotional": float(scenario.persona.emotie >= 4.5 or scenario.niveau >= 3),
        "emotion": scenario.persona.emotie / 10.0,
        "name_used": float(any(_NAME.search(t) for t in texts)),
        "open_questions": _log(opens),
        "closed_questions": _log(closed),
        "questions_per_turn": (opens + closed) / count,
        "summary_flags": _log(sum(a.summary for a in analyses)),
        "so_sentences": _log(sum(bool(_SO.search(t)) for t in texts)),
        "recap_overlap": _recap_overlap(lines, turns),
        "check_any": float(any(a.close_check for a in analyses)),
        "goodbye_any": float(any(a.goodbye for a in analyses)),
        "next_step_end": float(any(a.next_step for a in last)),
        "trainee_last": float(bool(lines) and lines[-1][0] == TRAINEE),
        "last_words": _log(len(texts[-1].split())) if texts else 0.0,
    }
    values.update(_ending(lines, analyses))
    values.update(_answered(lines, turns))
    values.update({key: float(value) for key, value in signals.items()})
    values.update(_acknowledged(lines, turns, values))
    return values


def _acknowledged(
    lines: Sequence[tuple[str, str]],
    turns: Sequence[tuple[int, TurnAnalysis]],
    values: Mapping[str, float],
) -> dict[str, float]:
    """The learned acknowledgement (:mod:`.acknowledgement`) per conversation.

    How many turns acknowledge the resident, the share of the resident's voiced feelings the
    next turn acknowledged, and the clearest acknowledgement. Without sentence vectors the
    phrase-list counts stand in, so the models read comparable values.
    """
    chances = acknowledgement_chances([analysis.text for _index, analysis in turns])
    if chances is None:
        return {
            "acks_meaning": values.get("acks", 0.0),
            "feelings_meaning": values.get("feelings_answered", 1.0),
            "ack_best": float(values.get("acks", 0.0) > 0),
        }
    by_index = {index: chance for (index, _a), chance in zip(turns, chances, strict=True)}
    feeling = [
        i
        for i, (who, text) in enumerate(lines)
        if who != TRAINEE and ("!" in text or _FEELING.search(text))
    ]
    answered = sum(by_index.get(i + 1, 0.0) >= ACKNOWLEDGES for i in feeling)
    return {
        "acks_meaning": _log(sum(chance >= ACKNOWLEDGES for chance in chances)),
        "feelings_meaning": answered / len(feeling) if feeling else 1.0,
        "ack_best": max(chances, default=0.0),
    }
