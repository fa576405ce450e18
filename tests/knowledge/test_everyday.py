"""Everyday questions on the demo kennisbank: the municipality's own right article answers.

The demo kennisbank is the 65 articles of Gemeente Voorbeeldstad and the 179 items of the
Rijksoverheid Q&A (as ``reisgenoot demo`` seeds it). For questions about the municipality's
own products the resident should get the municipality's article — its own fees, its own
procedure — not the national item, not an article about another product and not a hand-off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reisgenoot.knowledge.answering import Answerer
from reisgenoot.knowledge.embeddings import CachedEmbedder
from reisgenoot.knowledge.retrieval import Retriever, default_weights
from tests.knowledge.everyday_questions import EVERYDAY, HELD_OUT, HELD_OUT_SIXTH, OUT_OF_SCOPE

ROOT = Path(__file__).resolve().parents[2]
RIJKSOVERHEID = ROOT / "src" / "reisgenoot" / "demo" / "data"
# Issue 14 asks for 0.90; 29 of the 32 questions (0.906) are answered from the own right
# article since ADR 53 (28 since ADR 40, 0.81 before). The rest: two missed collections handed
# to a person, one out-of-scope hand-off.
FLOOR = 0.85
# The 16 questions written in the fifth round before any model was tried on them: 12 (0.75)
# with the models of ADR 40, 13 with the rule of ADR 53. The floor is one question below.
HELD_OUT_FLOOR = 0.75
# The 12 questions written in the sixth round before its variants were measured: 12 with the
# rule of ADR 53 (and with the heads tried there). The floor is one question below.
SIXTH_FLOOR = 0.9
# Questions the demo kennisbank cannot answer: 8 of 12 handed over (issue 14 asks for 0.90;
# "Wanneer krijg ik AOW?", a bank account, the WW and the library are answered). One below.
OUT_OF_SCOPE_FLOOR = 7 / 12


@pytest.fixture(scope="module")
def answerer(embedder: CachedEmbedder) -> Answerer:
    from reisgenoot.bench.knowledge import build_corpus

    corpus = build_corpus(embedder, rijksoverheid=RIJKSOVERHEID)
    assert sum(d.source == "rijksoverheid" for d in corpus.docs) > 100
    retriever = Retriever(
        corpus.docs, embedder=embedder, vectors=corpus.vectors, weights=default_weights()
    )
    assert retriever.reranking
    return Answerer(retriever)


def _answered_from(answerer: Answerer, question: str) -> str | None:
    """The article that answers ``question``, or None when it is handed over."""
    decision = answerer.decide(question)
    if decision.handoff or not decision.ranking.hits:
        return None
    return decision.ranking.hits[0].doc.source_id


def test_everyday_questions_get_the_municipality_s_own_article(answerer: Answerer) -> None:
    wrong = {
        question: _answered_from(answerer, question)
        for question, articles in EVERYDAY
        if _answered_from(answerer, question) not in articles
    }
    share = 1 - len(wrong) / len(EVERYDAY)
    assert len(EVERYDAY) >= 30
    assert share >= FLOOR, f"{share:.3f} answered from the own right article; wrong: {wrong}"


def test_held_out_everyday_questions_get_the_municipality_s_own_article(
    answerer: Answerer,
) -> None:
    answered = {question: _answered_from(answerer, question) for question, _a in HELD_OUT}
    wrong = {q: answered[q] for q, articles in HELD_OUT if answered[q] not in articles}
    share = 1 - len(wrong) / len(HELD_OUT)
    assert len(HELD_OUT) >= 15
    assert share >= HELD_OUT_FLOOR, (
        f"{share:.3f} answered from the own right article; wrong: {wrong}"
    )


def test_sixth_round_everyday_questions_get_the_municipality_s_own_article(
    answerer: Answerer,
) -> None:
    answered = {question: _answered_from(answerer, question) for question, _a in HELD_OUT_SIXTH}
    wrong = {q: answered[q] for q, articles in HELD_OUT_SIXTH if answered[q] not in articles}
    share = 1 - len(wrong) / len(HELD_OUT_SIXTH)
    assert share >= SIXTH_FLOOR, f"{share:.3f} answered from the own right article; wrong: {wrong}"


def test_questions_the_kennisbank_cannot_answer_are_handed_over(answerer: Answerer) -> None:
    answered = {q: a for q in OUT_OF_SCOPE if (a := _answered_from(answerer, q)) is not None}
    handed = len(OUT_OF_SCOPE) - len(answered)
    # Counted, not as a share: 1 - 5/12 is a hair below 7/12 in floating point.
    assert handed >= OUT_OF_SCOPE_FLOOR * len(OUT_OF_SCOPE) - 1e-9, (
        f"{handed} of {len(OUT_OF_SCOPE)} handed over; answered: {answered}"
    )


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("ik wil mijn paspoort verlengen", "vbs-paspoort"),
        ("mijn rijbewijs is bijna verlopen, hoe verleng ik het", "vbs-rijbewijs"),
        ("onze container is kapot", "vbs-afvalcontainer"),
        ("wat kost een id-kaart", "vbs-identiteitskaart"),
        ("hoeveel kost een paspoort", "vbs-paspoort"),
        ("wat moet ik betalen voor mijn paspoort", "vbs-paspoort"),
    ],
)
def test_the_product_asked_about_answers(answerer: Answerer, question: str, article: str) -> None:
    assert _answered_from(answerer, question) == article
