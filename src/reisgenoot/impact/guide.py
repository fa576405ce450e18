"""The gespreksleidraad: a guide for a one-hour team conversation about a round.

Which dimensions first: those with a low score, a divided team or a falling score. The source
text says emotional impact needs attention first, so *emotioneel* leads whenever it is among
them. The guide starts with what goes well (strengths first) and with a look back at the actions
of the last round. Below the threshold it has no figures and no quotes: only the questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reisgenoot.impact.actions import LOOKBACK_TITLE
from reisgenoot.impact.models import Action
from reisgenoot.impact.questions import Dimension
from reisgenoot.impact.report import DimensionResult, TeamReport

MAX_FOCUS = 3
FOCUS_MINUTES = 30
FOCUS_START = 20


@dataclass(frozen=True, slots=True)
class Focus:
    dimension: Dimension
    reasons: tuple[str, ...]
    result: DimensionResult | None = None

    @property
    def questions(self) -> tuple[str, ...]:
        return self.dimension.conversation

    @property
    def quotes(self) -> list[str]:
        return self.result.quotes if self.result else []


@dataclass(frozen=True, slots=True)
class Step:
    minutes: str
    title: str
    text: str


@dataclass(slots=True)
class Guide:
    report: TeamReport
    focus: list[Focus]
    strength: DimensionResult | None
    lookback: list[Action]
    steps: list[Step] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.report.shown


def reasons_for(result: DimensionResult) -> tuple[str, ...]:
    reasons: list[str] = []
    if result.low:
        reasons.append("de score is laag")
    if result.divided:
        reasons.append("het team denkt er verschillend over")
    if result.falling:
        reasons.append("de score is gedaald sinds de vorige ronde")
    return tuple(reasons)


def _priority(result: DimensionResult) -> tuple[int, float]:
    first = 0 if result.dimension.key == "emotioneel" else 1
    return (first, result.score if result.score is not None else 5.0)


def choose_focus(results: Sequence[DimensionResult]) -> list[Focus]:
    """The dimensions to start with: low, divided or falling; emotioneel first."""
    flagged = sorted((r for r in results if r.needs_attention), key=_priority)
    if flagged:
        return [Focus(r.dimension, reasons_for(r), r) for r in flagged[:MAX_FOCUS]]
    scored = sorted((r for r in results if r.score is not None), key=lambda r: r.score or 5.0)
    return [Focus(r.dimension, ("de score is het laagst van de vijf",), r) for r in scored[:2]]


def _strength(results: Sequence[DimensionResult]) -> DimensionResult | None:
    scored = [r for r in results if r.score is not None]
    return max(scored, key=lambda r: r.score or 0.0) if scored else None


def _steps(focus: Sequence[Focus], strength: DimensionResult | None, shown: bool) -> list[Step]:
    steps = [
        Step(
            "0–5 min",
            "Welkom en afspraken",
            "Vertel waarom jullie praten: iedereen mag zeggen wat AI met zijn of haar werk doet. "
            "Spreek af dat wat hier gezegd wordt in de groep blijft. Niemand hoeft te vertellen "
            "wat hij of zij heeft ingevuld.",
        ),
        Step(
            "5–15 min",
            LOOKBACK_TITLE,
            "Loop de acties van de vorige keer langs: wat is gedaan, wat niet, en waarom. "
            "Is dit de eerste ronde? Vertel dan wat je met de uitkomst gaat doen.",
        ),
    ]
    if shown and strength is not None:
        steps.append(
            Step(
                "15–20 min",
                "Wat gaat goed",
                f"Begin met wat goed gaat: {strength.dimension.name.lower()} scoort het hoogst. "
                "Vraag wat daaraan helpt.",
            )
        )
    else:
        steps.append(
            Step("15–20 min", "Wat gaat goed", "Vraag wat er al goed gaat met AI in het werk.")
        )
    share = FOCUS_MINUTES // max(len(focus), 1)
    for index, item in enumerate(focus):
        start = FOCUS_START + index * share
        steps.append(
            Step(
                f"{start}–{start + share} min",
                f"Praten over: {item.dimension.name.lower()}",
                "Stel de openingsvragen. Laat eerst iedereen even nadenken, dan een rondje. "
                "Luister, vat samen, en vraag door voordat je naar oplossingen gaat.",
            )
        )
    steps.append(
        Step(
            "50–60 min",
            "Afspraken maken",
            "Kies samen 1 tot 3 acties. Geef elke actie een eigenaar (een rol, geen naam) en een "
            "datum. Vertel dat de volgende ronde begint met deze acties.",
        )
    )
    return steps


def build_guide(report: TeamReport, lookback: Sequence[Action]) -> Guide:
    """The guide for the conversation about ``report``."""
    if report.shown:
        focus = choose_focus(report.dimensions)
        strength = _strength(report.dimensions)
    else:
        first = report.questions.dimensions[0]
        focus = [Focus(first, ("emotionele impact heeft als eerste aandacht nodig",))]
        strength = None
    guide = Guide(report, focus, strength, list(lookback))
    guide.steps = _steps(focus, strength, report.shown)
    return guide
