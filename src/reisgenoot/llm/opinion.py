"""A second opinion when the offline model is unsure: the UPL product, and escalation.

The model only chooses among labels the offline path proposes (its reply must be one valid
number), so it cannot invent a product. For escalation it can only add a reason to look
again, never take one away: a human decides either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reisgenoot.language.pii import redact
from reisgenoot.llm.generate import GuardedModel

UNSURE_BELOW = 0.5  # offline confidence under which a second opinion is asked
ESCALATE_OPTIONS = (
    "Gewoon gesprek: de medewerker kan het zelf afhandelen.",
    "Escalatie: de inwoner is erg boos, dreigt, is wanhopig of wil een leidinggevende.",
)


@dataclass(frozen=True, slots=True)
class Opinion:
    label: str
    model: str | None = None  # set when the model's choice differs from the offline one


def second_upl(
    model: GuardedModel | None, text: str, candidates: Sequence[tuple[str, float]]
) -> Opinion:
    """The UPL product among ``candidates`` (best first) when the offline top is unsure."""
    if not candidates:
        return Opinion("")
    top, confidence = candidates[0]
    if model is None or confidence >= UNSURE_BELOW or len(candidates) < 2:
        return Opinion(top)
    outcome = model.choose("tweede_mening_upl", redact(text).text, [c for c, _ in candidates])
    if outcome.text is None or outcome.text == top:
        return Opinion(top)
    return Opinion(outcome.text, outcome.model)


def second_escalation(
    model: GuardedModel | None, text: str, escalate: bool, intensity: float
) -> Opinion:
    """``"ja"`` when the model sees an escalation the unsure offline tone did not."""
    offline = "ja" if escalate else "nee"
    if model is None or escalate or not UNSURE_BELOW - 0.2 <= intensity < 0.8:
        return Opinion(offline)
    outcome = model.choose("tweede_mening_toon", redact(text).text, ESCALATE_OPTIONS)
    if outcome.text == ESCALATE_OPTIONS[1]:
        return Opinion("ja", outcome.model)
    return Opinion(offline)
