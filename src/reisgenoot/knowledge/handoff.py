"""Which questions go to a person before retrieval is asked: the resident's own situation.

A question goes to a person when the **resident** needs one — their own case ("is mijn
aanvraag al goedgekeurd"), anger, a complaint about what happened to them, a crisis, a threat
or despair, or when they ask for a person — never because of the words alone: "hoe herken ik
oplichters" or "wat doe ik bij misbruik van mijn gegevens" are questions the kennisbank answers.

The decision is a small logistic **gate** (fitted on the development sets by
``scripts/knowledge_models.py``, weights in ``data/calibration.json``) over :data:`GATE_FEATURES`:
the learned readings of :mod:`reisgenoot.knowledge.understanding` (own-case intent, complaint
intent, anger, crisis, worry, escalation), the phrases of a person or own-case request below,
and whether the language core's tone escalates. Asking for a person is always honoured, and
the language core's self-harm signal always escalates, and an own-case phrase below that the
learned own-case intent confirms ("waar blijft mijn aanvraag") always goes to a person.

Reasons: ``asks_for_person``; ``personal_case`` when the own-case reading leads; otherwise
``escalation`` (anger, a complaint, a crisis, a threat).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reisgenoot.knowledge.confidence import Logistic
from reisgenoot.knowledge.normalize import fold
from reisgenoot.knowledge.retrieval import calibration_data
from reisgenoot.knowledge.understanding import INTENTS, Understanding, understand
from reisgenoot.language.tone import ToneResult, analyse_tone

PERSON_SIGNAL = "vraagt_mens"  # the language core's escalate reason for "I want a person"
ALWAYS_ESCALATE = frozenset({"zelfbeschadiging"})
GATE_FEATURES = (
    "status_eigen_zaak",
    "klacht",
    "boos",
    "crisis",
    "zorgen",
    "escalate",
    "asks_for_person",
    "personal_case",
    "tone_escalates",
)
# The other intents of the heads' reading (ADR 72): what is asked tells a procedure question or
# a report from one's own case. A gate over them too is fitted by ``scripts/knowledge_gate.py``
# (measured, not shipped); :class:`PersonGate` reads whichever of these its calibration names.
INTENT_FEATURES = tuple(
    f"intent_{name}" for name in INTENTS if name not in ("status_eigen_zaak", "klacht")
)
WIDE_GATE_FEATURES = (*GATE_FEATURES, *INTENT_FEATURES)

_POSSESSIVE = r"(?:mijn|m'n|mn|onze|ons)"
_CASE_NOUN = (
    r"(?:aanvraag|aanslag|aanslagen|uitkering|bezwaar|bezwaarschrift|dossier|zaak|melding|klacht"
    r"|vergunning|betaling|toeslag|aanmelding|beschikking|woz-waarde|woz|rekening|boete|afspraak"
    r"|paspoort|rijbewijs|id-kaart|identiteitskaart|pas|vog|subsidie|kwijtschelding)"
)
PERSON_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\b(?:iemand|een medewerker|medewerker|een mens|mens|een persoon|persoon|een echt(?:e)? persoon"
        r"|een collega|een ambtenaar)\b[^.?!]{0,30}\b(?:spreken|praten|bellen|aan de (?:lijn|telefoon))\b",
        r"\b(?:bel|bellen) (?:me|mij) (?:terug|op|even)\b",
        r"\bterug ?bel(?:len|verzoek|afspraak)\b|\bteruggebeld\b",
        r"\b(?:echt(?:e)? (?:mens|persoon)|geen (?:robot|chatbot|bot))\b",
        # "geen computer" alone is often "I have no computer"; only "(talk to) no computer"
        r"\b(?:wil|praat|spreek|spreken|praten) (?:ik )?(?:niet met |geen )(?:een |de )?computer\b",
        r"\bdoorverbind(?:en)?\b|\bdoorverbonden\b",
        r"\b(?:liever|graag) (?:een|met een) (?:mens|medewerker|persoon)\b",
    )
)
PERSONAL_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"\bwaar blijft {_POSSESSIVE}\b",
        rf"\b(?:status|stand van zaken) van {_POSSESSIVE}\b",
        rf"\bhoe staat het (?:er ?voor )?met {_POSSESSIVE}\b",
        rf"\b(?:is|wordt|werd|zijn) {_POSSESSIVE} {_CASE_NOUN} (?:al |nog |nu )?"
        r"(?:goedgekeurd|afgewezen|behandeld|verwerkt|ontvangen|betaald|toegekend|klaar|binnen|bekeken)\b",
        rf"\b{_POSSESSIVE} {_CASE_NOUN}\b[^.?!]{{0,40}}\b(?:nog steeds|nog niet|nooit|al weken|al maanden)\b",
        rf"\b(?:heeft|hebben|heb) (?:de gemeente|jullie|u|je) {_POSSESSIVE} \w+(?:\s\w+)? (?:al |nou |nu )?(?:ontvangen|gekregen|binnen|gezien|behandeld)\b",
        rf"\bwanneer (?:krijg|ontvang|hoor) ik (?:iets over )?(?:{_POSSESSIVE}|het|de) (?:geld|uitkering|betaling|beslissing|uitslag|terugbetaling|{_CASE_NOUN})\b",
        rf"\b(?:klopt|kloppen) {_POSSESSIVE} {_CASE_NOUN}\b|\b{_POSSESSIVE} {_CASE_NOUN} klopt (?:niet|wel)\b",
        rf"\bwaarom (?:is|werd|wordt) {_POSSESSIVE} {_CASE_NOUN}\b",
        rf"\b(?:in|voor|bij) {_POSSESSIVE} (?:situatie|geval|persoonlijke situatie)\b",
        r"\bhoeveel (?:krijg ik|moet ik nog)\b",
    )
)


OWN_CASE_AGREES = 0.3  # the learned own-case intent needed to confirm an own-case phrase


def own_case(question: str, reading: Understanding) -> bool:
    """An own-case phrase ("waar blijft mijn aanvraag") that the learned intent confirms."""
    agrees = reading.own_intents.get("status_eigen_zaak", 0.0) >= OWN_CASE_AGREES
    return agrees and personal_case(question)


def asks_for_person(question: str) -> bool:
    folded = fold(question)
    return any(p.search(folded) for p in PERSON_PATTERNS)


def personal_case(question: str) -> bool:
    folded = fold(question)
    return any(p.search(folded) for p in PERSONAL_PATTERNS)


@dataclass(frozen=True, slots=True)
class PersonGate:
    """The logistic gate over :data:`GATE_FEATURES` and its threshold."""

    model: Logistic
    threshold: float

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None = None) -> PersonGate | None:
        found = data if data is not None else calibration_data().get("person")
        model = Logistic.from_data(found)
        known = set(WIDE_GATE_FEATURES)
        if model is None or not found or not model.features or not set(model.features) <= known:
            return None
        return cls(model, float(found["threshold"]))

    def probability(self, values: Mapping[str, float]) -> float:
        return self.model.probability(values)


def gate_features(question: str, reading: Understanding, tone: ToneResult) -> dict[str, float]:
    """The evidence of :data:`WIDE_GATE_FEATURES` for one question.

    The intents are the own-case head's reading when one ships (ADR 89: trained on more
    writers, it tells a report of a problem from one's own case), else the intent head's.
    """
    intents = reading.own_intents
    return {
        "status_eigen_zaak": intents.get("status_eigen_zaak", 0.0),
        "klacht": intents.get("klacht", 0.0),
        "boos": reading.situations.get("boos", 0.0),
        "crisis": reading.situations.get("crisis", 0.0),
        "zorgen": reading.situations.get("zorgen", 0.0),
        "escalate": reading.escalate,
        "asks_for_person": float(asks_for_person(question)),
        "personal_case": float(personal_case(question)),
        "tone_escalates": float(tone.escalate),
    } | {name: intents.get(name.removeprefix("intent_"), 0.0) for name in INTENT_FEATURES}


def handoff_reason(
    question: str, reading: Understanding | None = None, gate: PersonGate | None = None
) -> str | None:
    """The reason a person should take ``question``, or None (then retrieval decides).

    ``reading`` defaults to the lexical reading of the question models, ``gate`` to the
    shipped gate; without a gate the language core's escalate signal decides, as before.
    """
    tone = analyse_tone(question)
    if PERSON_SIGNAL in tone.escalate_reasons or asks_for_person(question):
        return "asks_for_person"
    if ALWAYS_ESCALATE & set(tone.escalate_reasons):
        return "escalation"
    reading = reading or understand(question)
    if own_case(question, reading):
        return "personal_case"
    gate = gate or PersonGate.from_data()
    if gate is None:
        if tone.escalate:
            return "escalation"
        return "personal_case" if personal_case(question) else None
    values = gate_features(question, reading, tone)
    if gate.probability(values) < gate.threshold:
        return None
    urgent = max(values["crisis"], values["boos"], values["klacht"])
    own = max(values["status_eigen_zaak"], values["personal_case"])
    return "personal_case" if own >= 0.5 and own >= urgent else "escalation"


def rule_reason(question: str) -> str | None:
    """:func:`handoff_reason` with the question's lexical reading (no embedder needed)."""
    return handoff_reason(question)
