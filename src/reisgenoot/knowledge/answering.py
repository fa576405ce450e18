"""Answers for residents: extractive, grounded, with a calibrated confidence and hand-off.

The offline answer is the best passage of the best curated, active article — never invented
text and never the deskMemo. ``confidence`` comes from a logistic model over retrieval
evidence, fitted on the development set (``data/calibration.json``), so the hand-off
threshold means a probability that the top article is right.

Hand-off reasons, in order of precedence: ``escalation`` (only when the language core's tone
says escalate), ``asks_for_person``, ``personal_case`` (the answer depends on the resident's
own file: "waar blijft mijn aanvraag"), then ``out_of_scope`` / ``low_confidence`` from the
confidence. Every answer passes the grounding check; an answer that fails the B1 check is
still shown and flagged (``b1`` false) for the redacteur.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.knowledge import grounding
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.normalize import fold
from reisgenoot.knowledge.retrieval import Doc, Ranked, Ranking, Retriever, calibration_data
from reisgenoot.language.readability import check_b1
from reisgenoot.language.tone import analyse_tone

MAX_QUESTION = 2000
PASSAGE_CHARS = 600
CANDIDATES = 3
PERSON_SIGNAL = "vraagt_mens"  # the language core's escalate reason for "I want a person"
FEATURES = ("score", "margin", "dense", "coverage", "lexical", "unknown", "title")
REASONS = (
    "answered",
    "low_confidence",
    "out_of_scope",
    "escalation",
    "asks_for_person",
    "personal_case",
)

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
        r"\b(?:echt(?:e)? (?:mens|persoon)|geen (?:robot|chatbot|bot|computer))\b",
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


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    passage: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "passage": self.passage}


@dataclass(slots=True)
class Answer:
    """The CONTRACTS §4 object, plus the B1 flag for the redacteur."""

    answer: str | None
    sources: list[Source]
    confidence: float
    handoff: bool
    reason: str
    b1: bool | None = None
    b1_reasons: list[str] = field(default_factory=list)
    grounding_missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "sources": [s.to_dict() for s in self.sources],
            "confidence": round(self.confidence, 3),
            "handoff": self.handoff,
            "reason": self.reason,
            "b1": self.b1,
        }


@dataclass(frozen=True, slots=True)
class AnswerPolicy:
    """Confidence model (logistic over retrieval evidence) and hand-off thresholds."""

    coefficients: tuple[float, ...] = (0.44, 0.46, 0.39, 0.93, 0.86, -1.0, 0.0)
    intercept: float = -4.3
    threshold: float = 0.5
    out_of_scope_below: float = 0.2

    @classmethod
    def from_data(cls) -> AnswerPolicy:
        data = calibration_data().get("confidence")
        if not data or list(data.get("features", FEATURES)) != list(FEATURES):
            return cls()  # no model, or one fitted on other evidence
        return cls(
            coefficients=tuple(float(c) for c in data["coefficients"]),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            out_of_scope_below=float(data["out_of_scope_below"]),
        )

    def confidence(self, ranking: Ranking) -> float:
        if not ranking.hits:
            return 0.0
        values = confidence_features(ranking)
        z = self.intercept + sum(c * v for c, v in zip(self.coefficients, values, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def confidence_features(ranking: Ranking) -> list[float]:
    """The evidence the confidence model reads, in :data:`FEATURES` order."""
    return [float(ranking.features.get(name, 0.0)) for name in FEATURES]


def validate_question(question: str) -> str:
    """The question stripped; empty or too long is an :class:`InputError` with a Dutch message."""
    text = question.strip()
    if not text:
        raise InputError("empty question", detail="de vraag is leeg. Typ een vraag.")
    if len(text) > MAX_QUESTION:
        raise InputError(
            "question too long",
            detail=f"de vraag is te lang ({len(text)} tekens). Gebruik maximaal {MAX_QUESTION} tekens.",
        )
    return text


def asks_for_person(question: str) -> bool:
    folded = fold(question)
    return any(p.search(folded) for p in PERSON_PATTERNS)


def personal_case(question: str) -> bool:
    folded = fold(question)
    return any(p.search(folded) for p in PERSONAL_PATTERNS)


def rule_reason(question: str) -> str | None:
    """A hand-off that does not depend on retrieval, or None.

    The tone's own "asks for a person" signal counts as ``asks_for_person``, not escalation.
    """
    tone = analyse_tone(question)
    others = set(tone.escalate_reasons) - {PERSON_SIGNAL}
    if tone.escalate and (others or not tone.escalate_reasons):
        return "escalation"
    if PERSON_SIGNAL in tone.escalate_reasons or asks_for_person(question):
        return "asks_for_person"
    if personal_case(question):
        return "personal_case"
    return None


# --- passages -----------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return blocks or [text.strip()]


def _overlap(text: str, terms: dict[str, float], retriever: Retriever) -> float:
    found = retriever.normaliser.weighted_terms(text)
    return sum(weight for term, weight in terms.items() if term in found)


def _window(paragraphs: list[str], start: int) -> str:
    chosen: list[str] = []
    size = 0
    for paragraph in paragraphs[start:]:
        if chosen and size + len(paragraph) > PASSAGE_CHARS:
            break
        chosen.append(paragraph)
        size += len(paragraph)
    text = "\n\n".join(chosen)
    if len(text) > PASSAGE_CHARS * 2:
        cut = text.rfind(". ", 0, PASSAGE_CHARS * 2)
        text = text[: cut + 1] if cut > 0 else text[: PASSAGE_CHARS * 2]
    return text


def best_passage(hit: Ranked, terms: dict[str, float], retriever: Retriever) -> str:
    """The public passage of ``hit`` that best answers the query (never the deskMemo)."""
    doc: Doc = hit.doc
    scored: list[tuple[float, int, str]] = []
    for order, (field_name, _heading, text) in enumerate(doc.sections):
        if field_name in {"deskMemo", "contact"}:
            continue
        score = _overlap(text, terms, retriever) + (1.0 if field_name == hit.section else 0.0)
        scored.append((score, -order, text))
    if not scored:
        return ""
    _score, _order, text = max(scored)
    paragraphs = _paragraphs(text)
    scores = [_overlap(p, terms, retriever) for p in paragraphs]
    start = max(range(len(paragraphs)), key=lambda i: (scores[i], -i))
    if scores[start] <= scores[0]:
        start = 0
    return _window(paragraphs, start)


def _sources(ranking: Ranking, retriever: Retriever, count: int) -> list[Source]:
    return [
        Source(h.doc.source_id, h.doc.title, best_passage(h, ranking.query_terms, retriever))
        for h in ranking.hits[:count]
    ]


def _full_text(doc: Doc) -> str:
    return "\n".join([doc.title, *(t for f, _h, t in doc.sections if f != "deskMemo")])


# --- asking -------------------------------------------------------------------------------


class Answerer:
    """Answers questions over one retriever with one policy."""

    def __init__(self, retriever: Retriever, policy: AnswerPolicy | None = None) -> None:
        self.retriever = retriever
        self.policy = policy or AnswerPolicy.from_data()

    def ask(self, question: str) -> Answer:
        text = validate_question(question)
        ranking = self.retriever.rank(text, limit=CANDIDATES)
        confidence = self.policy.confidence(ranking)
        reason = rule_reason(text) or self._retrieval_reason(confidence)
        if reason != "answered":
            return Answer(
                None, _sources(ranking, self.retriever, CANDIDATES), confidence, True, reason
            )
        return self._answer(ranking, confidence)

    def _retrieval_reason(self, confidence: float) -> str:
        if confidence < self.policy.out_of_scope_below:
            return "out_of_scope"
        if confidence < self.policy.threshold:
            return "low_confidence"
        return "answered"

    def _answer(self, ranking: Ranking, confidence: float) -> Answer:
        source = _sources(ranking, self.retriever, 1)[0]
        checked = grounding.check(source.passage, [_full_text(ranking.hits[0].doc)])
        if not source.passage or not checked.ok:
            candidates = _sources(ranking, self.retriever, CANDIDATES)
            return Answer(
                None, candidates, confidence, True, "low_confidence",
                grounding_missing=checked.missing,
            )  # fmt: skip
        report = check_b1(source.passage)
        return Answer(
            source.passage,
            [source],
            confidence,
            False,
            "answered",
            b1=report.b1,
            b1_reasons=list(report.reasons),
        )


def ask(session: Session, question: str, *, embedder: Embedder | None = None) -> Answer:
    """Answer ``question`` from the active articles of the database (see :class:`Answerer`)."""
    from reisgenoot.knowledge.search import cached_retriever

    validate_question(question)
    return Answerer(cached_retriever(session, embedder)).ask(question)
