"""Answers for residents: extractive, grounded, with a calibrated confidence and hand-off.

The offline answer is the best passage of the best curated, active article — never invented
text and never the deskMemo. The question is read first (:mod:`~reisgenoot.knowledge.
understanding`: intent, the resident's situation, the product); the retriever ranks and
re-ranks the articles with that reading; then:

1. :mod:`~reisgenoot.knowledge.handoff` decides whether the resident's own situation needs a
   person (``asks_for_person``, ``personal_case``, ``escalation``);
2. :mod:`~reisgenoot.knowledge.confidence` decides whether the kennisbank answers it
   (``out_of_scope``, ``low_confidence``);
3. :mod:`~reisgenoot.knowledge.passages` picks the passage that answers (the section the
   intent asks for, answer first); it must pass the grounding check; an answer that fails
   the B1 check is still shown and flagged (``b1`` false) for the redacteur.

Besides the contracts §4 object (:meth:`Answer.to_dict`), an answer carries the question's
``intent`` and ``situation``, so the chat and ``reisgenoot ask`` can acknowledge anger or a
complaint when they offer a person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from reisgenoot.errors import InputError
from reisgenoot.knowledge import grounding
from reisgenoot.knowledge.confidence import FEATURES, AnswerPolicy, confidence_features
from reisgenoot.knowledge.embeddings import Embedder
from reisgenoot.knowledge.handoff import (
    PERSON_SIGNAL,
    PersonGate,
    asks_for_person,
    handoff_reason,
    personal_case,
    rule_reason,
)
from reisgenoot.knowledge.passages import (
    PASSAGE_CHARS,
    Passage,
    best_passage,
    choose_passage,
    intent_bonus,
)
from reisgenoot.knowledge.retrieval import Doc, Ranking, Retriever
from reisgenoot.language.readability import check_b1
from reisgenoot.llm import guards
from reisgenoot.llm.answers import maybe_answer
from reisgenoot.llm.generate import GuardedModel

__all__ = [
    "CANDIDATES",
    "FEATURES",
    "MAX_QUESTION",
    "PASSAGE_CHARS",
    "PERSON_SIGNAL",
    "REASONS",
    "Answer",
    "AnswerPolicy",
    "Answerer",
    "Decision",
    "Evidence",
    "Passage",
    "Source",
    "ask",
    "asks_for_person",
    "best_passage",
    "choose_passage",
    "confidence_features",
    "intent_bonus",
    "passages",
    "personal_case",
    "rule_reason",
    "validate_question",
]

MAX_QUESTION = 2000
CANDIDATES = 3
REASONS = (
    "answered",
    "low_confidence",
    "out_of_scope",
    "escalation",
    "asks_for_person",
    "personal_case",
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
    """The contracts §4 object, plus the B1 flag for the redacteur and the question's reading."""

    answer: str | None
    sources: list[Source]
    confidence: float
    handoff: bool
    reason: str
    b1: bool | None = None
    b1_reasons: list[str] = field(default_factory=list)
    grounding_missing: list[str] = field(default_factory=list)
    intent: str | None = None
    situation: str | None = None
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
class Decision:
    """Everything decided about a question before a passage is chosen (also for the bench)."""

    ranking: Ranking
    confidence: float
    scope: float
    reason: str

    @property
    def handoff(self) -> bool:
        return self.reason != "answered"


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


def _sources(ranking: Ranking, retriever: Retriever, count: int) -> list[Source]:
    reading = ranking.understanding
    return [
        Source(
            h.doc.source_id,
            h.doc.title,
            best_passage(h, ranking.query_terms, retriever, ranking.query, reading),
        )
        for h in ranking.hits[:count]
    ]


def _full_text(doc: Doc) -> str:
    return "\n".join([doc.title, *(t for f, _h, t in doc.sections if f != "deskMemo")])


class Answerer:
    """Answers questions over one retriever with one policy and one hand-off gate."""

    def __init__(
        self,
        retriever: Retriever,
        policy: AnswerPolicy | None = None,
        gate: PersonGate | None = None,
        *,
        model: GuardedModel | None = None,
    ) -> None:
        self.retriever = retriever
        self.policy = policy or AnswerPolicy.from_data()
        self.gate = gate or PersonGate.from_data()
        self.model = model

    def decide(self, question: str, *, limit: int = CANDIDATES) -> Decision:
        """Rank, read and decide: the hand-off reason, or ``answered``."""
        text = validate_question(question)
        ranking = self.retriever.rank(text, limit=limit)
        confidence = self.policy.confidence(ranking)
        scope = self.policy.scope(ranking, self.retriever)
        reason = handoff_reason(text, ranking.understanding, self.gate)
        return Decision(ranking, confidence, scope, reason or self.policy.reason(confidence, scope))

    def ask(self, question: str) -> Answer:
        decision = self.decide(question)
        ranking = decision.ranking
        reading = ranking.understanding
        intent = reading.intent if reading is not None else None
        situation = reading.situation if reading is not None else None
        if decision.handoff:
            sources = _sources(ranking, self.retriever, CANDIDATES)
            return Answer(
                None, sources, decision.confidence, True, decision.reason,
                intent=intent, situation=situation,
            )  # fmt: skip
        answer = self._answer(ranking, decision.confidence)
        answer.intent, answer.situation = intent, situation
        return answer

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
        report = check_b1(guards.without_markers(drafted.text))
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
    priorities: Mapping[str, int] | None = None,
    model: GuardedModel | None = None,
) -> Answer:
    """Answer ``question`` from the active articles of the database (see :class:`Answerer`)."""
    from reisgenoot.knowledge.search import cached_retriever

    validate_question(question)
    retriever = cached_retriever(session, embedder, priorities=priorities)
    return Answerer(retriever, model=model).ask(question)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One retrieved passage with where it comes from (for answer drafts by a language model).

    ``source`` is the kennisbank source (``voorbeeldstad``, ``rijksoverheid`` …), ``section``
    the SDG field of the passage; the text is a contiguous piece of that public section.
    """

    id: str
    title: str
    source: str
    section: str
    passage: str


def passages(
    session: Session,
    question: str,
    *,
    limit: int = CANDIDATES,
    embedder: Embedder | None = None,
    priorities: Mapping[str, int] | None = None,
) -> list[Evidence]:
    """The best ``limit`` articles' passages that answer ``question``, best first, with source.

    The same ranking and passage choice as :func:`ask`, without the hand-off decision: a
    caller that drafts an answer from these must still respect :func:`ask`'s reason.
    """
    from reisgenoot.knowledge.search import cached_retriever

    text = validate_question(question)
    retriever = cached_retriever(session, embedder, priorities=priorities)
    ranking = retriever.rank(text, limit=limit)
    found: list[Evidence] = []
    for hit in ranking.hits[:limit]:
        chosen = choose_passage(
            hit, ranking.query_terms, retriever, ranking.query, ranking.understanding
        )
        found.append(
            Evidence(hit.doc.source_id, hit.doc.title, hit.doc.source, chosen.field, chosen.text)
        )
    return found
