"""UPL topic classification over all municipal products (the ``Gemeente=X`` rows of the UPL).

The products and their names, variants and kennisbank ``trefwoorden`` are the UPL list of
:mod:`reisgenoot.contacts.upl`. Three parts, all shipped as data in ``assist/data`` (no pickle):

- a **gazetteer** of phrases per product: the product name and its variants, the curated
  resident words (``synoniemen.yaml``) and the kennisbank ``trefwoorden``. Matching is on
  lemmas; a phrase inside a longer matched phrase does not count
  ("paspoort" inside "paspoort kwijt").
- the learned **UPL model** (:mod:`reisgenoot.assist.upl_model`: words, gazetteer hits and the
  e5 sentence vector), trained by ``scripts/train_upl.py``; the active version learned from
  confirmed work (:mod:`reisgenoot.assist.learners`) replaces the packaged one;
- the **nearest training examples** (:mod:`reisgenoot.assist.upl_neighbours`), whose cosine
  with a question's sentence vector is added to the model's logits.

Multi-question detection (:func:`detect_questions`) segments the resident's turns at
"nog een vraag"-style cues and at strong topic changes, classifies each segment and merges
neighbours with the same product; which question is the main one is a learned choice
(:mod:`reisgenoot.assist.main_question`). It reads the lemmas of each turn's analysis
(:mod:`reisgenoot.assist.analysed`) and finds each turn's gazetteer hits and features once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reisgenoot.assist import main_question, tables, upl_model, upl_neighbours
from reisgenoot.assist.analysed import AnalysedTurn
from reisgenoot.assist.embedding import Vector, turn_vectors
from reisgenoot.contacts.upl import upl_products
from reisgenoot.language.analysis import word_lemmas
from reisgenoot.language.linear import softmax
from reisgenoot.language.text import STOPWORDS
from reisgenoot.learning.registry import ACTIVE

MAX_PHRASE = 6
GAZ_BONUS = 1.0  # added to the logit of a product per gazetteer hit (scaled by phrase length)
FIRST_BONUS = 1.3  # the question the resident opened with counts a bit more
CONFIDENCE_FLOOR = 0.3  # a question's size counts times (floor + the product's confidence)
EMPLOYEE_WEIGHT = 0.5  # employee words count half: they often name the product back
# Read the main product from the whole call (ADR 93: measured, not adopted; off).
WHOLE_CALL = False

# Words of a phone call that never name a product on their own (leidinggevende, collega …).
_NOT_A_TOPIC = frozenset(tables.load("topics.yaml")["not_a_topic"])
_NEW_QUESTION = tables.patterns("topics.yaml")["new_question"]


@dataclass(frozen=True, slots=True)
class Product:
    naam: str
    sdg: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


@cache
def products() -> dict[str, Product]:
    """All municipal UPL products with their phrases (name, resident words, trefwoorden)."""
    synonyms: Mapping[str, list[str]] = tables.load("synoniemen.yaml") or {}
    result: dict[str, Product] = {}
    for item in upl_products():
        naam = item.naam
        phrases = [naam, *item.varianten, *item.trefwoorden, *synonyms.get(naam, [])]
        result[naam] = Product(naam, item.sdg, tuple(dict.fromkeys(phrases)))
    return result


def normalise(text: str) -> list[str]:
    """Lemmas of the words of ``text`` (lowercase), digits dropped: the lemmas the language
    core's analysis gives (:attr:`reisgenoot.language.analysis.TurnAnalysis.lemmas`)."""
    return word_lemmas(text)


@cache
def gazetteer() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Lemma n-gram → products it names."""
    index: dict[tuple[str, ...], list[str]] = {}
    for product in products().values():
        for phrase in product.phrases:
            key = tuple(w for w in normalise(phrase) if w not in STOPWORDS)
            if (
                not key
                or len(key) > MAX_PHRASE
                or (len(key) == 1 and key[0] in STOPWORDS | _NOT_A_TOPIC)
            ):
                continue
            bucket = index.setdefault(key, [])
            if product.naam not in bucket:
                bucket.append(product.naam)
    return {k: tuple(v) for k, v in index.items()}


@dataclass(frozen=True, slots=True)
class Hit:
    phrase: str
    products: tuple[str, ...]
    start: int
    end: int


def gazetteer_hits(all_lemmas: Sequence[str]) -> list[Hit]:
    """Longest gazetteer matches over content lemmas, left to right, not overlapping."""
    lemmas = [w for w in all_lemmas if w not in STOPWORDS]
    index = gazetteer()
    hits: list[Hit] = []
    position = 0
    while position < len(lemmas):
        for size in range(min(MAX_PHRASE, len(lemmas) - position), 0, -1):
            key = tuple(lemmas[position : position + size])
            found = index.get(key)
            if found:
                hits.append(Hit(" ".join(key), found, position, position + size))
                position += size
                break
        else:
            position += 1
    return hits


def features(text: str) -> dict[str, float]:
    """Sparse features: lemma unigrams and bigrams (stop words out) and gazetteer products."""
    lemmas = normalise(text)
    return features_from_lemmas(lemmas)


def features_from_lemmas(
    lemmas: Sequence[str], hits: Sequence[Hit] | None = None
) -> dict[str, float]:
    """The features of :func:`features` from lemmas (and their gazetteer hits, when known)."""
    result: dict[str, float] = {}
    content = [w for w in lemmas if w not in STOPWORDS and len(w) > 1]
    for word in content:
        result[f"w:{word}"] = 1.0
    for first, second in itertools.pairwise(content):
        result[f"b:{first}_{second}"] = 1.0
    for hit in gazetteer_hits(lemmas) if hits is None else hits:
        share = 1.0 / len(hit.products)
        for product in hit.products:
            result[f"g:{product}"] = result.get(f"g:{product}", 0.0) + share
    return result


LEARNER = "assist.topics"  # its learned versions: reisgenoot.learning (assist/learners.py)
MODEL_FILE = upl_model.DEFAULT_FILE  # a learned version is a complete upl_model.npz


@lru_cache(maxsize=4)
def _learned_model(path: Path, stamp: int) -> upl_model.Model:
    return upl_model.load_model(path)


def model() -> upl_model.Model:
    """The active learned version of the UPL model (model registry), else the packaged one."""
    path = ACTIVE.artifact(LEARNER, MODEL_FILE)
    return upl_model.load_model() if path is None else _learned_model(path, path.stat().st_mtime_ns)


@cache
def _positions(classes: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(classes)}


def add_gazetteer_bonus(
    logits: npt.NDArray[np.float32], classes: Sequence[str], hits: Iterable[Hit]
) -> dict[str, list[str]]:
    """Add each gazetteer hit's bonus to the logits of the products it names (in place);
    returns the phrases per product (the evidence)."""
    position = _positions(tuple(classes))
    evidence: dict[str, list[str]] = {}
    for hit in hits:
        for product in hit.products:
            evidence.setdefault(product, []).append(hit.phrase)
            if product in position:
                logits[position[product]] += (
                    GAZ_BONUS * (1 + 0.25 * (hit.end - hit.start - 1)) / len(hit.products)
                )
    return evidence


@dataclass(frozen=True, slots=True)
class TopicScore:
    upl: str
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Posterior:
    """Every product's probability for one text or question (``classes`` in the model's order),
    with the gazetteer phrases per product as evidence."""

    classes: Sequence[str]
    probabilities: npt.NDArray[np.float64]
    evidence: Mapping[str, list[str]]

    def top(
        self, k: int = 3, probabilities: npt.NDArray[np.float64] | None = None
    ) -> list[TopicScore]:
        """The ``k`` most probable products (by ``probabilities`` when given: another reading
        over the same classes)."""
        shown = self.probabilities if probabilities is None else probabilities
        return [
            TopicScore(
                self.classes[i],
                round(float(shown[i]), 4),
                tuple(dict.fromkeys(self.evidence.get(self.classes[i], []))),
            )
            for i in np.argsort(-shown)[:k]
        ]


def posterior(
    feats: Mapping[str, float], hits: Iterable[Hit] = (), vector: Vector | None = None
) -> Posterior:
    """The products' probabilities for a feature vector (and sentence vector); with a sentence
    vector the nearest training examples (:mod:`reisgenoot.assist.upl_neighbours`) add their
    say."""
    linear = model()
    classes, logits = linear.classes, linear.logits(feats, vector) / linear.temperature
    evidence = add_gazetteer_bonus(logits, classes, hits)
    neighbours = upl_neighbours.packaged()
    if neighbours is not None and vector is not None:
        logits += neighbours.bonus(vector, classes)
    return Posterior(classes, np.asarray(softmax(logits), dtype=np.float64), evidence)


def classify_features(
    feats: Mapping[str, float],
    hits: Iterable[Hit] = (),
    k: int = 3,
    vector: Vector | None = None,
) -> list[TopicScore]:
    """Top ``k`` products for a feature vector (and sentence vector), with the gazetteer
    phrases as evidence (:func:`posterior`)."""
    return posterior(feats, hits, vector).top(k)


def classify(text: str, k: int = 3) -> list[TopicScore]:
    """Top ``k`` UPL products for a text."""
    lemmas = normalise(text)
    hits = gazetteer_hits(lemmas)
    vectors = turn_vectors([text])
    vector = vectors[0] if vectors else None
    return classify_features(features_from_lemmas(lemmas, hits), hits, k, vector)


# --- questions in a conversation -----------------------------------------------------------


@dataclass(slots=True)
class Question:
    """One question of the conversation: its product, the turns that belong to it, evidence.
    ``share`` is the chooser's probability that it is the main question (1 for the only one;
    read by :mod:`reisgenoot.assist.upl_confidence`, never by the choice)."""

    upl: str
    confidence: float
    turns: list[int] = field(default_factory=list)
    evidence: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, float], ...] = ()
    share: float = 1.0


@dataclass(frozen=True, slots=True)
class _TurnTopics:
    """What one turn says about topics: its gazetteer hits and features (found once)."""

    hits: tuple[Hit, ...]
    features: Mapping[str, float]
    vector: Vector | None = None


def _turn_topics(said: AnalysedTurn, vector: Vector | None = None) -> _TurnTopics:
    hits = tuple(gazetteer_hits(said.analysis.lemmas))
    return _TurnTopics(hits, features_from_lemmas(said.analysis.lemmas, hits), vector)


def _all_turn_topics(turns: Sequence[AnalysedTurn]) -> list[_TurnTopics]:
    """Each turn's hits and features, and the sentence vector of each resident turn."""
    resident = [i for i, said in enumerate(turns) if said.is_resident]
    vectors = turn_vectors([turns[i].text for i in resident])
    by_turn = dict(zip(resident, vectors, strict=True)) if vectors else {}
    return [_turn_topics(said, by_turn.get(i)) for i, said in enumerate(turns)]


def question_vector(said: Iterable[tuple[str, Vector | None]]) -> Vector | None:
    """The vector of a question from its resident turns' (text, vector): their mean, longer
    turns counting more, scaled to unit length (None: no turn has a vector)."""
    total: Vector | None = None
    for text, vector in said:
        if vector is None:
            continue
        weight = min(3.0, 0.5 + len(text.split()) / 15)
        total = vector * weight if total is None else total + vector * weight
    if total is None:
        return None
    norm = float(np.linalg.norm(total))
    return total / norm if norm else None


def _segment_vector(
    turns: Sequence[AnalysedTurn], topics: Sequence[_TurnTopics], indices: Iterable[int]
) -> Vector | None:
    """The vector of the resident turns among ``indices`` (:func:`question_vector`)."""
    return question_vector((turns[i].text, topics[i].vector) for i in indices)


@dataclass(slots=True)
class _Segment:
    turns: list[int] = field(default_factory=list)


def _segments(turns: Sequence[AnalysedTurn]) -> list[_Segment]:
    segments = [_Segment()]
    seen_resident = False
    for index, said in enumerate(turns):
        if said.is_resident and seen_resident and _NEW_QUESTION.search(said.text):
            segments.append(_Segment())
        seen_resident = seen_resident or said.is_resident
        segments[-1].turns.append(index)
    return [s for s in segments if any(turns[i].is_resident for i in s.turns)]


def _segment_posterior(
    turns: Sequence[AnalysedTurn], topics: Sequence[_TurnTopics], indices: Sequence[int]
) -> Posterior:
    feats, hits = combined_features(
        (turns[i].is_resident, topics[i].features, topics[i].hits) for i in indices
    )
    return posterior(feats, hits, _segment_vector(turns, topics, indices))


def combined_features(
    parts: Iterable[tuple[bool, Mapping[str, float], Sequence[Hit]]],
) -> tuple[dict[str, float], list[Hit]]:
    """The features of a question from its turns' (is resident, features, gazetteer hits):
    each feature at its highest value, the employee's words at half weight, the resident's
    gazetteer hits."""
    feats: dict[str, float] = {}
    hits: list[Hit] = []
    for resident, turn_features, turn_hits in parts:
        weight = 1.0 if resident else EMPLOYEE_WEIGHT
        for name, value in turn_features.items():
            feats[name] = max(feats.get(name, 0.0), value * weight)
        if resident:
            hits.extend(turn_hits)
    return feats, hits


def _split_on_topic_change(
    turns: Sequence[AnalysedTurn],
    topics: Sequence[_TurnTopics],
    segment: _Segment,
    ignored: frozenset[str] = frozenset(),
) -> list[_Segment]:
    """Split a segment where a resident turn names another product strongly (gazetteer; not
    by a key in ``ignored``)."""
    parts = [_Segment()]
    current: set[str] = set()
    for index in segment.turns:
        named: set[str] = set()
        if turns[index].is_resident:
            for hit in topics[index].hits:
                if len(hit.products) == 1 and hit.end > hit.start and hit.phrase not in ignored:
                    named.add(hit.products[0])
        if named and current and not (named & current) and len(parts[-1].turns) >= 3:
            parts.append(_Segment())
            current = set()
        current |= named
        parts[-1].turns.append(index)
    return [p for p in parts if any(turns[i].is_resident for i in p.turns)]


def _weight(turns: Sequence[AnalysedTurn], indices: Sequence[int]) -> int:
    """How much of the conversation a question takes: words in its turns of 5+ words."""
    total = 0
    for index in indices:
        count = len(turns[index].text.split())
        total += count if count >= 5 else 0
    return total


def candidate_questions(
    turns: Sequence[AnalysedTurn], ignored: frozenset[str] = frozenset()
) -> tuple[list[Question], list[float]]:
    """The questions of a conversation in the order raised (not split by a gazetteer key in
    ``ignored``), and each one's size by the earlier rule (words in its turns of 5+ words, the
    first times ``FIRST_BONUS``, times ``CONFIDENCE_FLOOR`` + its product's confidence)."""
    questions, size, _ = _candidates(turns, ignored)
    return questions, size


def _question(scores: Sequence[TopicScore], turns: list[int]) -> Question:
    """A question about ``scores``' first product, the others as its alternatives."""
    best = scores[0]
    alternatives = tuple((s.upl, s.confidence) for s in scores[1:])
    return Question(best.upl, best.confidence, turns, best.evidence, alternatives)


def _candidates(
    turns: Sequence[AnalysedTurn], ignored: frozenset[str] = frozenset()
) -> tuple[list[Question], list[float], list[Posterior]]:
    """:func:`candidate_questions` and each question's posterior over all its turns."""
    topics = _all_turn_topics(turns)
    segments = [
        part
        for segment in _segments(turns)
        for part in _split_on_topic_change(turns, topics, segment, ignored)
    ]
    questions: list[Question] = []
    posteriors: list[Posterior] = []
    merged: set[int] = set()
    for segment in segments:
        read = _segment_posterior(turns, topics, segment.turns)
        scores = read.top()
        best = scores[0]
        if questions and questions[-1].upl == best.upl:
            questions[-1].turns.extend(segment.turns)
            merged.add(len(questions) - 1)
            continue
        questions.append(_question(scores, list(segment.turns)))
        posteriors.append(read)
    if not questions:
        read = _segment_posterior(turns, topics, range(len(turns)))
        scores = read.top()
        questions.append(Question(scores[0].upl, scores[0].confidence, list(range(len(turns)))))
        posteriors.append(read)
    for index in merged if WHOLE_CALL else ():  # a question's product from all its turns
        posteriors[index] = _segment_posterior(turns, topics, questions[index].turns)
        questions[index] = _question(posteriors[index].top(), questions[index].turns)
    size = [
        _weight(turns, q.turns)
        * (FIRST_BONUS if i == 0 else 1.0)
        * (CONFIDENCE_FLOOR + q.confidence)
        for i, q in enumerate(questions)
    ]
    return questions, size, posteriors


def detect_questions(turns: Sequence[AnalysedTurn]) -> list[Question]:
    """The questions of a conversation, main question first (the learned choice of
    :mod:`reisgenoot.assist.main_question`), the others after it.

    With :data:`WHOLE_CALL` (ADR 93; off) and two or more questions the main product is read
    from the whole call: each question's posterior (over all its turns) weighted by the
    chooser's probability that it is the main question. When that product heads another
    question, that question comes first; otherwise the chosen question takes it (with the
    mixture's top 3 and probability)."""
    questions, size, posteriors = _candidates(turns)
    spans = [q.turns for q in questions]
    chosen = main_question.order(turns, spans, size)
    shares = main_question.shares(turns, spans, size) if len(questions) > 1 else None
    for question, share in zip(questions, [] if shares is None else shares, strict=False):
        question.share = float(share)  # what the confidence reads (ADR 96), not the choice
    if shares is None or not WHOLE_CALL:
        return [questions[i] for i in chosen]
    mixture = sum(
        (float(share) * read.probabilities for share, read in zip(shares, posteriors, strict=True)),
        np.zeros(len(posteriors[0].classes)),
    )
    main = chosen[0]
    scores = posteriors[main].top(3, mixture)
    heading = [i for i in chosen if questions[i].upl == scores[0].upl]
    if heading:
        main = heading[0]
        scores = posteriors[main].top(3, mixture)
    questions[main] = _question(scores, questions[main].turns)
    questions[main].share = float(shares[main])
    return [questions[main], *(questions[i] for i in chosen if i != main)]
