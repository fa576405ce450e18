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
from reisgenoot.llm.answers import maybe_answer
from reisgenoot.llm.generate import GuardedModel

MAX_QUESTION = 2000
PASSAGE_CHARS = 600
CANDIDATES = 3
PERSON_SIGNAL = "vraagt_mens"  # the language core's escalate reason for "I want a person"
FEATURES = ("dense", "coverage", "lexical", "unknown", "title")
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


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    passage: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "passage": self.passage}


@dataclass(slots=True)
class Answer:
    """The contracts §4 object, plus the B1 flag for the redacteur."""

    answer: str | None
    sources: list[Source]
    confidence: float
    handoff: bool
    reason: str
    b1: bool | None = None
    b1_reasons: list[str] = field(default_factory=list)
    grounding_missing: list[str] = field(default_factory=list)
    model: str | None = None  # the language model that wrote ``answer`` (docs/llm.md)
    model_note: str | None = None  # why a configured model's text is not shown

    def to_dict(self) -> dict[str, Any]:
        result = {
            "answer": self.answer,
            "sources": [s.to_dict() for s in self.sources],
            "confidence": round(self.confidence, 3),
            "handoff": self.handoff,
            "reason": self.reason,
            "b1": self.b1,
            "model": self.model,
        }
        if self.model_note:
            result["model_note"] = self.model_note
        return result


@dataclass(frozen=True, slots=True)
class AnswerPolicy:
    """Confidence model (logistic over retrieval evidence) and hand-off thresholds."""

    coefficients: tuple[float, ...] = (2.66, -0.05, 1.65, -2.71, 41.6)  # FEATURES order
    intercept: float = -40.9
    threshold: float = 0.54
    out_of_scope_below: float = 0.27

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


# What a question asks for → the SDG sections that answer it, with a bonus per strength.
# The bonus is added to the term overlap, so a section that shares the question's own words
# can still win ("moet ik betalen voor een hulphond" → the conditions, not the prices).
INTENTS: tuple[tuple[re.Pattern[str], tuple[str, ...], float], ...] = tuple(
    (re.compile(pattern), fields, bonus)
    for pattern, fields, bonus in (
        (
            r"\b(?:wat|hoeveel) (?:kost|kosten|kostte|betaal|betaalt|moet ik betalen)\b"
            r"|\bhoeveel\b[^.?!]{0,40}\b(?:betaal|betalen|kost|kosten)\b|\bbetaal ik\b"
            r"|\b(?:prijs|prijzen|tarief|tarieven|hoeveel geld|hoeveel euro|gratis|boete|duur)\b",
            ("kostenEnBetaalmethoden",),
            2.5,
        ),
        (
            r"\b(?:hoe ?lang duurt|duurt het|hoe snel|hoeveel tijd|wanneer (?:krijg|ontvang|hoor)"
            r"|klaar|van ?tevoren|hoe ver vooruit|wanneer (?:is|ligt) \w+ klaar|werkt)\b",
            ("uitersteTermijn",),
            2.5,
        ),
        (r"\b(?:wanneer|hoe ?lang|termijn)\b", ("uitersteTermijn",), 1.0),
        (
            r"\b(?:meenemen|mee ?nemen|neem(?:t)? (?:ik |je |u )?(?:\w+ )?mee|welke papieren"
            r"|welke documenten|bewijsstukken|wat heb ik nodig)\b",
            ("bewijs",),
            2.5,
        ),
        (
            r"\b(?:voorwaarden?|recht op|in aanmerking|mag ik|mogen|maximaal|wanneer heb ik"
            r"|heb ik \w+ nodig|nodig)\b",
            ("vereisten",),
            1.5,
        ),
        (
            r"\bhoe (?:vraag|kan|moet|geef|meld|regel|doe|krijg|maak|verander|wijzig|zeg)\b"
            r"|\b(?:aanvragen|aanmelden|doorgeven|online|afspraak|ophaalafspraak)\b",
            ("procedureBeschrijving",),
            2.0,
        ),
        (
            r"\b(?:bezwaar|beroep|niet eens|klopt niet|oneens|ben het er niet mee eens)\b",
            ("bezwaarEnBeroep",),
            2.5,
        ),
        (
            r"\b(?:geen reactie|niets gehoord|niks gehoord|te laat beslist|geen antwoord)\b",
            ("wtdBijGeenReactie",),
            2.5,
        ),
        (
            r"\b(?:telefoonnummer|welk nummer|bel ik|mailen|e-?mailadres|openingstijden"
            r"|wanneer is (?:die|de balie|het loket|het stadhuis) open|waar is de balie)\b",
            ("contact",),
            3.0,
        ),
        (r"^(?:wat|waarvoor) (?:is|zijn|betekent)\b|\beigenlijk\b", ("tekst",), 1.5),
    )
)
AMOUNT = re.compile(r"€|\beuro\b|\bgratis\b")
ASKS_CLOCK = re.compile(r"\b(?:hoe laat|hoe vroeg|tot wanneer open|openingstijden?)\b")
CLOCK = re.compile(r"\b\d{1,2}[.:]\d{2}\b")
COST_FIELD = "kostenEnBetaalmethoden"


def intent_bonus(question: str) -> dict[str, float]:
    """SDG section field → bonus for the sections the question asks for (see INTENTS)."""
    folded = fold(question)
    bonus: dict[str, float] = {}
    for pattern, fields, weight in INTENTS:
        if pattern.search(folded):
            for name in fields:
                bonus[name] = max(bonus.get(name, 0.0), weight)
    return bonus


@dataclass(frozen=True, slots=True)
class Passage:
    field: str
    text: str


def choose_passage(
    hit: Ranked, terms: dict[str, float], retriever: Retriever, question: str = ""
) -> Passage:
    """The public passage of ``hit`` that best answers the question (never the deskMemo).

    Sections score by the question terms they share, +1 for the section the embeddings
    liked best, + the :data:`INTENTS` bonus (a cost question also favours any section with
    an amount). The contact section counts only when the question asks for contact details.
    """
    doc: Doc = hit.doc
    bonus = intent_bonus(question)
    wants_amount = COST_FIELD in bonus
    wants_clock = bool(ASKS_CLOCK.search(fold(question)))
    scored: list[tuple[float, int, str, str]] = []
    for order, (field_name, _heading, text) in enumerate(doc.sections):
        if field_name == "deskMemo" or (field_name == "contact" and "contact" not in bonus):
            continue
        score = _overlap(text, terms, retriever) + (1.0 if field_name == hit.section else 0.0)
        score += bonus.get(field_name, 0.0)
        if wants_amount and field_name != COST_FIELD and AMOUNT.search(text):
            score += 0.5
        if wants_clock and CLOCK.search(text):
            score += 1.5
        scored.append((score, -order, field_name, text))
    if not scored:
        return Passage("", "")
    _score, _order, field_name, text = max(scored)
    paragraphs = _paragraphs(text)
    scores = [_overlap(p, terms, retriever) for p in paragraphs]
    if wants_amount:
        scores = [
            s + (0.5 if AMOUNT.search(p) else 0.0) for s, p in zip(scores, paragraphs, strict=True)
        ]
    start = max(range(len(paragraphs)), key=lambda i: (scores[i], -i))
    if scores[start] <= scores[0]:
        start = 0
    return Passage(field_name, _window(paragraphs, start))


def best_passage(
    hit: Ranked, terms: dict[str, float], retriever: Retriever, question: str = ""
) -> str:
    """The text of :func:`choose_passage`."""
    return choose_passage(hit, terms, retriever, question).text


def _sources(ranking: Ranking, retriever: Retriever, count: int) -> list[Source]:
    return [
        Source(
            h.doc.source_id,
            h.doc.title,
            best_passage(h, ranking.query_terms, retriever, ranking.query),
        )
        for h in ranking.hits[:count]
    ]


def _full_text(doc: Doc) -> str:
    return "\n".join([doc.title, *(t for f, _h, t in doc.sections if f != "deskMemo")])


# --- asking -------------------------------------------------------------------------------


class Answerer:
    """Answers questions over one retriever with one policy."""

    def __init__(
        self,
        retriever: Retriever,
        policy: AnswerPolicy | None = None,
        *,
        model: GuardedModel | None = None,
    ) -> None:
        self.retriever = retriever
        self.policy = policy or AnswerPolicy.from_data()
        self.model = model

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
        answer = Answer(
            source.passage,
            [source],
            confidence,
            False,
            "answered",
            b1=report.b1,
            b1_reasons=list(report.reasons),
        )
        return self._drafted(ranking, answer) if self.model is not None else answer

    def _drafted(self, ranking: Ranking, answer: Answer) -> Answer:
        """The model's draft from the candidates' passages, when it passes the guards."""
        candidates = [s for s in _sources(ranking, self.retriever, CANDIDATES) if s.passage]
        passages = [(s.title, s.passage) for s in candidates]
        drafted = maybe_answer(self.model, ranking.query, answer.answer or "", passages)
        if drafted.model is None:
            answer.model_note = drafted.note
            return answer
        report = check_b1(drafted.text)
        return Answer(
            drafted.text, [candidates[i] for i in drafted.cited] or answer.sources,
            answer.confidence, False, "answered", b1=report.b1,
            b1_reasons=list(report.reasons), model=drafted.model,
        )  # fmt: skip


def ask(
    session: Session,
    question: str,
    *,
    embedder: Embedder | None = None,
    model: GuardedModel | None = None,
) -> Answer:
    """Answer ``question`` from the active articles of the database (see :class:`Answerer`)."""
    from reisgenoot.knowledge.search import cached_retriever

    validate_question(question)
    return Answerer(cached_retriever(session, embedder), model=model).ask(question)
