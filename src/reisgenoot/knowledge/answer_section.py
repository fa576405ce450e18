"""The section that answers: a learned choice among an article's public sections (ADR 0084).

The rules (:mod:`reisgenoot.knowledge.passages`) score every section by the question terms it
shares, the section the embeddings liked best and a bonus for the section the question asks
for. A small linear model (conditional logit over the sections that may be shown) rescores
them from cheap features: the rules' score and whether it is the rules' choice, the phrase
bonus and the learned intent's probability for the section, the e5 cosine of the question
with the section (already computed by the ranking), the question terms its sentences share
(all, the non-topic ones and weighted by rarity, at the best sentence), an amount / period /
clock time when asked for, the sentence model's score of its best sentence (a joint
section-and-sentence choice), its place and size, and its type. The sentence model of
:mod:`reisgenoot.knowledge.answer_sentence` then chooses the first sentence inside it.

The weights (``data/answer_section.json``) are fitted by ``scripts/answer_section_fit.py`` on
people's annotations of the K3/K4 training items of ``evaluation/knowledge/answer-sentences/``;
without the file the rules choose the section, as before.
"""

from __future__ import annotations

import math
from functools import lru_cache

from reisgenoot.knowledge.answer_sentence import SentenceModel, packaged_model

TYPES = (
    "tekst",
    "procedureBeschrijving",
    "vereisten",
    "bewijs",
    "kostenEnBetaalmethoden",
    "uitersteTermijn",
    "bezwaarEnBeroep",
    "wtdBijGeenReactie",
    "notice",
    "contact",
)
SECTION_FEATURES = (
    "rule_score",
    "rule_gap",
    "rule_top",
    "phrase_bonus",
    "learned_share",
    "e5",
    "e5_gap",
    "overlap",
    "best_topic_free",
    "best_specific",
    "cues",
    "best_sentence",
    "order",
    "size",
    *(f"type_{name}" for name in TYPES),
)


def section_features(
    *,
    field: str,
    rule: tuple[float, float, bool],
    bonuses: tuple[float, float],
    e5: tuple[float, float],
    overlaps: tuple[float, float, float],
    cues: float,
    best_sentence: float,
    order: int,
    size: int,
) -> tuple[float, ...]:
    """The feature vector of one section, in the order of :data:`SECTION_FEATURES`."""
    score, gap, top = rule
    return (
        score,
        gap,
        float(top),
        *bonuses,
        *e5,
        *overlaps,
        cues,
        best_sentence,
        math.log1p(order),
        math.log1p(size),
        *(float(field == name) for name in TYPES),
    )


@lru_cache(maxsize=1)
def section_model() -> SentenceModel | None:
    """The shipped section model, or None when no fitted weights ship."""
    return packaged_model("answer_section.json", SECTION_FEATURES)
