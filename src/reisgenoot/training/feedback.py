"""Feedback after a practice conversation: strengths first, then at most three growth points.

Scores (0–100) for empathy (the three EPITOME mechanisms: emotionele reactie, interpretatie,
exploratie), tone, completeness (the scenario's checklist), correctness (amounts and terms
against the kennisartikelen, known wrong answers, promises; capped when the rubric calls the
facts wrong), B1 language and the close (did
the trainee check that the question was answered?). Every growth point quotes one of the
trainee's own lines and gives a better example.

The scores describe observable phrasing only, never the trainee's emotions, and they are
formative: for the trainee and their opleider, never to assess or rank people
(VISION principle 9). :data:`FORMATIVE_NOTICE` says so wherever scores are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reisgenoot.training.datafiles import table, texts
from reisgenoot.training.points import GrowthPoint, Strength, growth, strengths
from reisgenoot.training.rubric import CRITERIA, Judgement, judge
from reisgenoot.training.scores import (
    agree_epitome,
    agree_with_rubric,
    analyses,
    checklist,
    lsd,
    scores,
    told_at_opening,
)
from reisgenoot.training.simulator import Session
from reisgenoot.training.turns import OUTCOMES

__all__ = [
    "FORMATIVE_NOTICE",
    "SCORE_NAMES",
    "Feedback",
    "GrowthPoint",
    "Strength",
    "feedback",
    "render_text",
    "settled",
]

_TEXTS: Mapping[str, Any] = texts("feedback.yaml")
FORMATIVE_NOTICE = str(_TEXTS["let_op"])
"""Formative, for the trainee and their opleider only; shown wherever scores appear."""
SCORE_NAMES = table("feedback.yaml", "scores")


@dataclass(slots=True)
class Feedback:
    """The feedback on one session; ``to_dict`` is the JSON shape of ``train --json``."""

    scenario: str
    title: str
    level: int
    seed: int
    outcome: str
    turns: int
    scores: dict[str, int]
    epitome: dict[str, int]
    lsd: dict[str, int]
    checklist: dict[str, bool]
    strengths: list[Strength] = field(default_factory=list)
    growth: list[GrowthPoint] = field(default_factory=list)
    transcript: list[dict[str, str]] = field(default_factory=list)
    notice: str = FORMATIVE_NOTICE
    missing_articles: list[str] = field(default_factory=list)
    """Kennisartikelen of the scenario not in this kennisbank: amounts were not checked."""
    rubric: Judgement | None = None
    """The opleider's five criteria, judged on the transcript (:mod:`.rubric`)."""
    told: list[str] = field(default_factory=list)
    """Checklist facts the resident told at the opening, unasked (:func:`.told_at_opening`)."""

    @property
    def facts_checked(self) -> bool:
        return not self.missing_articles

    @property
    def unchecked_notice(self) -> str | None:
        """Plain Dutch: the fact check against the kennisbank was skipped, and why."""
        if self.facts_checked:
            return None
        names = " en ".join(", ".join(f"'{i}'" for i in self.missing_articles).rsplit(", ", 1))
        key = "een" if len(self.missing_articles) == 1 else "meer"
        return str(_TEXTS["niet_gecontroleerd"][key]).format(artikelen=names)

    @property
    def overall(self) -> int:
        return round(sum(self.scores.values()) / len(self.scores))

    def to_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "titel": self.title,
            "niveau": self.level,
            "seed": self.seed,
            "uitkomst": self.outcome,
            "uitkomst_tekst": OUTCOMES.get(self.outcome, ""),
            "beurten": self.turns,
            "scores": dict(self.scores),
            "totaal": self.overall,
            "epitome": dict(self.epitome),
            "lsd": dict(self.lsd),
            "checklist": dict(self.checklist),
            "zelf_verteld": list(self.told),
            "sterke_punten": [item.to_dict() for item in self.strengths],
            "groeipunten": [item.to_dict() for item in self.growth],
            "gesprek": list(self.transcript),
            "let_op": self.notice,
            "rubriek": self.rubric.to_dict() if self.rubric is not None else None,
            "feitencontrole": {
                "gedaan": self.facts_checked,
                "ontbrekende_artikelen": list(self.missing_articles),
                "melding": self.unchecked_notice,
            },
        }


# --- entry points -------------------------------------------------------------------------------


def feedback(session: Session) -> Feedback:
    """Feedback on a (finished or stopped) session.

    Every statement and score bar follows the rubric's judgement of the same transcript
    (:func:`.points.agrees`, :func:`.scores.agree_with_rubric`): the page never praises what
    the rubric put at its lowest level, nor shows a bar or growth point that says otherwise.
    """
    found, parts = scores(session)
    rubric = judge(session.scenario, session.transcript(), session.reference)
    found = agree_with_rubric(found, rubric.scores())
    return Feedback(
        scenario=session.scenario.naam,
        title=session.scenario.titel,
        level=session.scenario.niveau,
        seed=session.seed,
        outcome=session.outcome
        or ("doel_bereikt" if session.goals_met else "afgesloten_zonder_doel"),
        turns=len(session.exchanges),
        scores=found,
        epitome=agree_epitome(parts, rubric.empathie),
        lsd=lsd(analyses(session)),
        checklist=checklist(session),
        strengths=_not_called_wrong(strengths(session, found, rubric), rubric),
        growth=growth(session, rubric),
        transcript=session.transcript(),
        missing_articles=list(session.reference.missing),
        rubric=rubric,
        told=told_at_opening(session),
    )


SETTLED_BY: dict[str, tuple[str, int]] = {
    "empathie": ("empathie", 2),
    "samenvatten": ("samenvatten", 1),
    "afsluiting": ("afsluiten", 2),
}
"""Growth-point skill → the rubric criterion and its best level that settles it."""


def settled(rubric: Judgement) -> frozenset[str]:
    """The growth-point skills the rubric judged at their best level (no growth point then).

    The older growth points read phrase lists; the rubric's level is the one measured against
    opleiders. When the rubric gives empathie 2 ("je reageerde op wat de inwoner doormaakt"),
    the page must not also say "dat klinkt leeg" about the same line (:func:`.points.growth`
    leaves these out, by the rule of :func:`.points.agrees`).
    """
    scores = rubric.scores()
    return frozenset(
        skill for skill, (criterion, best) in SETTLED_BY.items() if scores[criterion] == best
    )


def _not_called_wrong(found: list[Strength], rubric: Judgement) -> list[Strength]:
    """The strengths without praise for information in a turn the rubric calls wrong.

    The feedback never says "je gaf juiste informatie" about the line whose fact the opleider's
    rubric names as an error (two judgements of one line must not contradict each other).
    """
    wrong = {s.quote for s in rubric.statements if s.kind == "fout" and s.quote}
    return [s for s in found if not (s.skill == "informatie" and s.quote in wrong)]


def _line(key: str, **values: object) -> str:
    return str(_TEXTS["terminal"][key]).format(**values)


def render_text(result: Feedback) -> list[str]:
    """The feedback as lines for the terminal."""
    lines = [
        _line("kop", titel=result.title, niveau=result.level),
        OUTCOMES.get(result.outcome, result.outcome),
        "",
        _line("sterk"),
    ]
    for strength in result.strengths:
        lines.append(f"+ {strength.text}")
        if strength.quote:
            lines.append("    " + _line("gezegd", zin=strength.quote))
    if result.growth:
        lines += ["", _line("groei")]
    for point in result.growth:
        lines.append(f"- {point.title}: {point.why}")
        lines.append("    " + _line("gezegd", zin=point.quote))
        lines.append("    " + _line("beter", zin=point.better))
    if result.rubric is not None:
        lines += ["", _line("rubriek")]
        scores = result.rubric.scores()
        lines += [f"  {name}: {scores[name]}" for name in CRITERIA]
        for statement in result.rubric.statements:
            lines.append(("  + " if statement.positive else "  - ") + statement.text)
    if result.unchecked_notice:
        lines += ["", result.unchecked_notice]
    lines += ["", _line("scores")]
    lines += [f"  {SCORE_NAMES[name]}: {value}" for name, value in result.scores.items()]
    epitome = result.epitome
    lines.append(
        "  "
        + _line(
            "epitome",
            reactie=epitome["emotionele_reactie"],
            interpretatie=epitome["interpretatie"],
            exploratie=epitome["exploratie"],
        )
    )
    lines += ["", result.notice]
    return lines
