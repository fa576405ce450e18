"""Hybrid retrieval: BM25 over normalised Dutch, fused with embeddings of article sections.

- Lexical: BM25 over :class:`~reisgenoot.knowledge.normalize.Normaliser` terms with field
  weights (title, keywords, inleiding, other public sections), plus a small typo tolerance
  (one deleted, added or changed letter) for words the kennisbank does not contain.
- Semantic: the query embedding against the stored section vectors; an article scores with
  its best section.
- Fusion: both score lists are standardised per query (z-scores) and added with weights tuned
  on the development set (``data/calibration.json``), so a weak lexical ranking cannot drag
  a confident semantic one down the way naive reciprocal rank fusion can.
- Re-ranking (with embeddings): the first candidates are ordered by the learned re-ranker of
  :mod:`reisgenoot.knowledge.rerank` (intent, section, product and source priority), using
  the question's reading by :mod:`reisgenoot.knowledge.understanding`, which the ranking
  carries on for the hand-off and the passage.

One result per article; crisis notices are never in the results.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from reisgenoot.knowledge.embeddings import Embedder, Matrix
from reisgenoot.knowledge.indexes import DenseIndex, LexicalIndex, standardise
from reisgenoot.knowledge.models import Article
from reisgenoot.knowledge.normalize import Normaliser, raw_words
from reisgenoot.knowledge.priority import municipality_first
from reisgenoot.knowledge.rerank import FEATURES as RERANK_FEATURES
from reisgenoot.knowledge.rerank import DocFacts, RerankModel
from reisgenoot.knowledge.rerank import features as rerank_features
from reisgenoot.knowledge.understanding import QueryModels, Understanding, query_models

QUERY_CACHE = 512
Floats = npt.NDArray[np.float64]


class Reranker(Protocol):
    """Reorders the candidates of a question (the learned re-ranker is the default)."""

    def __call__(
        self, query: str, hits: list[Ranked], understanding: Understanding
    ) -> list[Ranked]: ...


@dataclass(frozen=True, slots=True)
class Weights:
    """Fusion weights (tuned on the development set) and the candidate depth."""

    dense: float = 0.6
    lexical: float = 0.4
    depth: int = 20


@lru_cache(maxsize=1)
def calibration_data() -> dict[str, Any]:
    """``data/calibration.json``: fusion weights, confidence model and thresholds."""
    path = resources.files("reisgenoot.knowledge") / "data" / "calibration.json"
    try:
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return loaded


def default_weights() -> Weights:
    fusion = calibration_data().get("fusion", {})
    return Weights(dense=float(fusion.get("dense", 0.6)), lexical=float(fusion.get("lexical", 0.4)))


@dataclass(frozen=True, slots=True)
class Doc:
    """What retrieval needs of an article (no ORM objects are kept)."""

    key: int
    source_id: str
    source: str
    title: str
    trefwoorden: tuple[str, ...]
    sections: tuple[tuple[str, str, str], ...]  # public (field, heading, text), no deskMemo
    kind: str = "kennisartikel"
    upl: str | None = None

    @classmethod
    def from_article(cls, article: Article) -> Doc:
        return cls(
            key=article.id,
            source_id=article.source_id,
            source=article.source,
            title=article.title,
            trefwoorden=tuple(article.trefwoorden or []),
            sections=tuple(article.public_sections()),
            kind=article.kind,
            upl=article.upl,
        )

    def text(self, field_name: str) -> str:
        return next((t for f, _h, t in self.sections if f == field_name), "")


@dataclass(slots=True)
class Ranked:
    """One article in a ranking, with the evidence used for confidence and passages."""

    doc: Doc
    score: float
    dense: float
    lexical: float
    coverage: float
    section: str | None = None  # best-matching embedded section
    title: float = 0.0  # cosine of the query with the article's title-and-keywords passage
    dense_z: float = 0.0  # both scores standardised over the kennisbank for this question
    lexical_z: float = 0.0
    sections: dict[str, float] = field(default_factory=dict)  # cosine per embedded section
    rerank: float | None = None  # the re-ranker's score (None: ranked by ``score``)
    evidence: dict[str, float] = field(default_factory=dict)  # re-ranker features kept


@dataclass(slots=True)
class Ranking:
    query: str
    hits: list[Ranked]
    features: dict[str, float] = field(default_factory=dict)
    query_terms: dict[str, float] = field(default_factory=dict)
    understanding: Understanding | None = None


# --- the retriever ------------------------------------------------------------------------


class Retriever:
    """Hybrid ranking over a fixed set of articles (rebuild it when the kennisbank changes).

    ``priorities`` maps a kennisbank source to its priority (higher: the municipality's own;
    unlisted sources count as 1, see :func:`reisgenoot.knowledge.rerank.priority_shares`).
    ``reranker`` replaces the learned re-ranker; ``models`` the shipped question models.
    """

    def __init__(
        self,
        docs: Sequence[Doc],
        *,
        embedder: Embedder | None = None,
        vectors: dict[tuple[int, str], Matrix] | None = None,
        weights: Weights | None = None,
        reranker: Reranker | None = None,
        priorities: Mapping[str, int] | None = None,
        models: QueryModels | None = None,
        rerank_model: RerankModel | None = None,
    ) -> None:
        self.docs = list(docs)
        vocabulary = {w for d in self.docs for w in raw_words(_all_text(d))}
        self.normaliser = Normaliser(vocabulary)
        self.lexical = LexicalIndex(self.docs, self.normaliser)
        self.embedder = embedder
        self.dense = DenseIndex(self.docs, vectors or {}) if embedder is not None else None
        self.weights = weights or default_weights()
        self.reranker = reranker
        self.priorities = priorities
        self.models = models if models is not None else query_models()
        self.rerank_model = rerank_model or RerankModel.from_data(calibration_data().get("rerank"))
        self._facts: DocFacts | None = None
        self._query_vectors: OrderedDict[str, Matrix] = OrderedDict()

    @property
    def semantic(self) -> bool:
        return bool(self.dense)

    @property
    def reranking(self) -> bool:
        """Whether the learned re-ranker orders the candidates (it needs the embeddings)."""
        return (
            self.reranker is None
            and self.semantic
            and self.rerank_model is not None
            and self.models is not None
            and self.models.accepts(self.model_id)
        )

    @property
    def model_id(self) -> str | None:
        return self.embedder.model_id if self.embedder is not None else None

    def query_vector(self, query: str) -> Matrix:
        """The query embedding, from a small LRU cache (the live assist repeats queries)."""
        assert self.embedder is not None
        cached = self._query_vectors.get(query)
        if cached is None:
            cached = self.embedder.embed_queries([query])[0]
            self._query_vectors[query] = cached
            if len(self._query_vectors) > QUERY_CACHE:
                self._query_vectors.popitem(last=False)
        else:
            self._query_vectors.move_to_end(query)
        return cached

    def understand(self, query: str) -> Understanding | None:
        """The question models' reading of ``query`` (with its e5 vector when there is one)."""
        if self.models is None:
            return None
        vector = self.query_vector(query) if self.semantic else None
        return self.models.understand(query, vector, self.model_id)

    def facts(self) -> DocFacts | None:
        """Per-article facts for the re-ranker (computed on first use)."""
        if self._facts is None and self.models is not None and self.dense:
            dense = self.dense
            title_vectors = [dense.section_vector(i, "titel") for i in range(len(self.docs))]
            title_terms = [
                frozenset(t for t, w in self.normaliser.weighted_terms(d.title).items() if w >= 1)
                for d in self.docs
            ]
            self._facts = DocFacts(
                self.docs, self.models, title_vectors, title_terms, self.priorities
            )
        return self._facts

    def candidates(
        self, query: str, depth: int
    ) -> tuple[list[Ranked], list[int], dict[str, float]]:
        """The first ``depth`` articles of the fusion, their positions in ``docs`` and the terms."""
        terms = self.lexical.query_terms(query)
        if not self.docs or (not terms and not self.semantic):
            return [], [], terms
        lexical = self.lexical.scores(terms)
        sims = self._similarities(query)
        dense = self.dense.best(sims) if self.dense else np.zeros(len(self.docs))
        fused = self._fuse(lexical, dense)
        z = (standardise(dense), standardise(lexical))
        order = [int(i) for i in np.argsort(-fused, kind="stable")[:depth]]
        hits = [self._ranked(i, (fused, dense, lexical), z, sims, terms) for i in order]
        kept = [(h, i) for h, i in zip(hits, order, strict=True) if h.lexical > 0 or self.semantic]
        return [h for h, _i in kept], [i for _h, i in kept], terms

    def covered_share(self, understanding: Understanding | None) -> float:
        """How much of the question's product probability falls on products articles cover."""
        facts = self.facts()
        if understanding is None or understanding.products is None or facts is None:
            return 0.0
        return float(understanding.products[facts.covered].sum())

    def rerank_features(
        self,
        hits: Sequence[Ranked],
        indices: Sequence[int],
        understanding: Understanding,
        terms: Mapping[str, float],
    ) -> Floats:
        """The re-ranker's features of the candidates (for fitting and for :meth:`rank`)."""
        facts = self.facts()
        assert facts is not None
        return rerank_features(facts, hits, indices, understanding, terms)

    def rank(self, query: str, *, limit: int = 5) -> Ranking:
        """The best ``limit`` articles for ``query`` with the evidence for confidence."""
        depth = max(limit, self.weights.depth)
        if self.reranking:
            assert self.rerank_model is not None
            depth = max(depth, self.rerank_model.depth)
        hits, indices, terms = self.candidates(query, depth)
        understanding = self.understand(query) if query.strip() else None
        if hits and understanding is not None:
            if self.reranker is not None:
                hits = self.reranker(query, hits, understanding)
            elif self.reranking:
                hits = self._rerank(hits, indices, understanding, terms)
        return self.ranking(query, hits, understanding, limit)

    def _rerank(
        self,
        hits: list[Ranked],
        indices: list[int],
        understanding: Understanding,
        terms: dict[str, float],
    ) -> list[Ranked]:
        assert self.rerank_model is not None
        matrix = self.rerank_features(hits, indices, understanding, terms)
        ordered = apply_rerank(hits, matrix, self.rerank_model.scores(matrix))
        facts = self.facts()
        assert facts is not None
        return municipality_first(ordered, understanding, facts.shadowed)

    def ranking(
        self, query: str, hits: list[Ranked], understanding: Understanding | None, limit: int
    ) -> Ranking:
        """A :class:`Ranking` of already ordered ``hits`` with the confidence evidence."""
        terms = self.lexical.query_terms(query)
        features = _features(hits, understanding)
        features["unknown"] = self.lexical.unknown_share(terms)
        features["covered"] = self.covered_share(understanding)
        return Ranking(query, hits[:limit], features, terms, understanding)

    def _similarities(self, query: str) -> Floats:
        if not self.dense:
            return np.zeros(0)
        return self.dense.similarities(self.query_vector(query))

    def _fuse(self, lexical: Floats, dense: Floats) -> Floats:
        if not self.semantic:
            return lexical
        return self.weights.dense * standardise(dense) + self.weights.lexical * standardise(lexical)

    def _ranked(
        self,
        index: int,
        scores: tuple[Floats, Floats, Floats],
        z: tuple[Floats, Floats],
        sims: Floats,
        terms: dict[str, float],
    ) -> Ranked:
        fused, dense, lexical = scores
        sections = self.dense.section_similarities(sims, index) if self.dense else {}
        section = max(sections, key=lambda k: sections[k]) if sections else None
        return Ranked(
            doc=self.docs[index],
            score=round(float(fused[index]), 4),
            dense=float(dense[index]),
            lexical=float(lexical[index]),
            coverage=self.lexical.coverage(terms, index),
            section=section,
            title=sections.get("titel", 0.0),
            dense_z=float(z[0][index]),
            lexical_z=float(z[1][index]),
            sections=sections,
        )


# The re-ranker features kept on each hit as evidence for the confidence models.
RERANK_EVIDENCE = (
    "product",
    "intent_agreement",
    "intent_section",
    "title_coverage",
    "question_in_title",
)
_EVIDENCE_AT = tuple(RERANK_FEATURES.index(name) for name in RERANK_EVIDENCE)


def apply_rerank(hits: list[Ranked], matrix: Floats, scores: Floats) -> list[Ranked]:
    """``hits`` ordered by the re-ranker's ``scores``, each with its score and evidence."""
    for hit, score, row in zip(hits, scores.tolist(), matrix, strict=True):
        hit.rerank = score
        hit.evidence = {
            name: float(row[i]) for name, i in zip(RERANK_EVIDENCE, _EVIDENCE_AT, strict=False)
        }
    order = np.argsort(-scores, kind="stable")
    return [hits[int(i)] for i in order]


def _all_text(doc: Doc) -> str:
    return " ".join([doc.title, *doc.trefwoorden, *(t for _f, _h, t in doc.sections)])


def _features(hits: list[Ranked], understanding: Understanding | None = None) -> dict[str, float]:
    """Evidence about the top hit for the confidence models."""
    products = understanding.products if understanding is not None else None
    product_max = float(products.max()) if products is not None and len(products) else 0.0
    if not hits:
        return {
            "score": 0.0,
            "margin": 0.0,
            "dense": 0.0,
            "coverage": 0.0,
            "lexical": 0.0,
            "unknown": 1.0,
            "title": 0.0,
            "rerank": 0.0,
            "rerank_margin": 0.0,
            "product_max": product_max,
            **{name: 0.0 for name in RERANK_EVIDENCE},
        }
    second = hits[1].score if len(hits) > 1 else hits[0].score - 1.0
    top = hits[0].rerank if hits[0].rerank is not None else hits[0].score
    runner = hits[1].rerank if len(hits) > 1 and hits[1].rerank is not None else top - 1.0
    return {
        "score": hits[0].score,
        "margin": hits[0].score - second,
        "dense": hits[0].dense,
        "coverage": hits[0].coverage,
        "lexical": math.log1p(hits[0].lexical),
        "title": hits[0].title,
        "rerank": top,
        "rerank_margin": top - runner,
        "product_max": product_max,
        **{name: hits[0].evidence.get(name, 0.0) for name in RERANK_EVIDENCE},
    }


def load_docs(session: Any) -> list[Doc]:
    """The searchable articles of the database as :class:`Doc` records."""
    from reisgenoot.knowledge.index import searchable

    return [Doc.from_article(a) for a in searchable(session)]


def from_session(
    session: Any,
    embedder: Embedder | None = None,
    *,
    weights: Weights | None = None,
    priorities: Mapping[str, int] | None = None,
) -> Retriever:
    """A retriever over the database's active articles and the stored vectors of ``embedder``."""
    from reisgenoot.knowledge.index import load_vectors

    docs = load_docs(session)
    vectors = load_vectors(session, embedder.model_id) if embedder is not None else None
    return Retriever(
        docs, embedder=embedder, vectors=vectors, weights=weights, priorities=priorities
    )
