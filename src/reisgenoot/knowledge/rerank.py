"""The learned re-ranker: the top candidates of the fusion, scored by intent, section and source.

Fusion (:mod:`reisgenoot.knowledge.retrieval`) finds the candidates; this module orders the
first :data:`DEPTH` of them with a linear scorer over :data:`FEATURES`, fitted pairwise on the
development sets (``scripts/knowledge_models.py``; weights in ``data/calibration.json``):

- retrieval evidence: the fused score, both z-scores, the best-section and title cosines, BM25,
  the share of the question's words the article has, the fusion position and gaps to the best;
- **intent and section**: the cosine of the section the question's intent asks for (costs →
  Kosten, term → Termijn …) and how well the intent of the article's title agrees with the
  question's (:mod:`reisgenoot.knowledge.understanding`);
- **product and source**: the probability that the question is about the article's UPL product,
  the article's source priority (``REISGENOOT_KB_SOURCE_PRIORITY``: the municipality's own
  articles above the Rijksoverheid Q&A) and how much of the question's product probability
  falls on products the kennisbank covers, so the own article wins for municipal products
  and the national Q&A answers national questions;
- the overlap of the question's words with the article's title;
- **intent clash**: how much the article's title is about a situation the question does not
  ask about (lost or stolen, renewal, can't pay, objection, complaint).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from reisgenoot.knowledge.priority import shadows
from reisgenoot.knowledge.understanding import INTENTS, QueryModels, Understanding

if TYPE_CHECKING:
    from reisgenoot.knowledge.retrieval import Doc, Ranked

Floats = npt.NDArray[np.float64]
DEPTH = 30
DEFAULT_PRIORITY = 1  # a source without a priority: the municipality's own articles
# The default of REISGENOOT_KB_SOURCE_PRIORITY: the national Q&A below the municipality's own.
DEFAULT_PRIORITIES: Mapping[str, int] = {"rijksoverheid": 0}
# The SDG section that answers each intent (the standard's sections; "tekst" is the inleiding).
INTENT_SECTIONS = {
    "procedure": "procedureBeschrijving",
    "kosten": "kostenEnBetaalmethoden",
    "termijn": "uitersteTermijn",
    "planning": "tekst",  # a schedule ("wanneer wordt papier opgehaald") is no processing time
    "voorwaarden": "vereisten",
    "documenten": "bewijs",
    "verlengen": "procedureBeschrijving",
    "niet_kunnen_betalen": "kostenEnBetaalmethoden",
    "bezwaar": "bezwaarEnBeroep",
    "melding": "procedureBeschrijving",
    "informatie": "tekst",
    "kwijt_gestolen": "tekst",
    "klacht": "tekst",
    "status_eigen_zaak": "tekst",
    "contact": "contact",
}
FEATURES = (
    "fused",
    "dense_z",
    "lexical_z",
    "dense",
    "lexical",
    "coverage",
    "title",
    "position",
    "dense_gap",
    "lexical_share",
    "own_source",
    "product",
    "own_source_covered",
    "intent_section",
    "intent_agreement",
    "inleiding",
    "other_source_uncovered",
    "title_coverage",
    "question_in_title",
    "intent_clash",
)
# Intents that make an article about one situation: an article on a lost passport does not
# answer "ik wil mijn paspoort verlengen" (see the ``intent_clash`` feature).
SITUATION_INTENTS = ("kwijt_gestolen", "verlengen", "niet_kunnen_betalen", "bezwaar", "klacht")
_SITUATION_AT = [INTENTS.index(name) for name in SITUATION_INTENTS]


@dataclass(frozen=True, slots=True)
class RerankModel:
    """Linear weights over :data:`FEATURES` (fitted pairwise: only differences matter)."""

    coefficients: tuple[float, ...]
    depth: int = DEPTH
    # Added to the ``own_source`` weight: how strongly a higher-priority source wins over a
    # close candidate of a lower one (chosen on the dev sets, see ``knowledge_fit``).
    priority_weight: float = 0.0

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> RerankModel | None:
        if not data or list(data.get("features", ())) != list(FEATURES):
            return None
        return cls(
            tuple(float(c) for c in data["coefficients"]),
            int(data.get("depth", DEPTH)),
            float(data.get("priority_weight", 0.0)),
        )

    def weights(self) -> Floats:
        result = np.asarray(self.coefficients, dtype=np.float64).copy()
        result[FEATURES.index("own_source")] += self.priority_weight
        return result

    def scores(self, features: Floats) -> Floats:
        result: Floats = features @ self.weights()
        return result


def priority_shares(docs: Sequence[Doc], priorities: Mapping[str, int] | None) -> Floats:
    """Each article's source priority scaled to 0 (lowest source) … 1 (highest)."""
    table = dict(DEFAULT_PRIORITIES if priorities is None else priorities)
    values = np.array([float(table.get(d.source, DEFAULT_PRIORITY)) for d in docs])
    if not len(values):
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.ones_like(values)
    result: Floats = (values - low) / (high - low)
    return result


class DocFacts:
    """What the re-ranker knows of every article, computed once per retriever."""

    def __init__(
        self,
        docs: Sequence[Doc],
        models: QueryModels,
        title_vectors: Sequence[npt.NDArray[np.float32] | None],
        title_terms: Sequence[frozenset[str]],
        priorities: Mapping[str, int] | None = None,
    ) -> None:
        self.own = priority_shares(docs, priorities)
        self.shadowed = shadows(docs, self.own.tolist())
        self.profiles = models.intent_profiles([d.title for d in docs], title_vectors)
        self.title_terms = list(title_terms)
        names = models.product_names()
        position = {name: i for i, name in enumerate(names)}
        self.product = np.array([position.get(d.upl or "", -1) for d in docs], dtype=np.int64)
        self.covered = np.zeros(len(names), dtype=bool)
        self.covered[[p for p in self.product.tolist() if p >= 0]] = True


def features(
    facts: DocFacts,
    hits: Sequence[Ranked],
    indices: Sequence[int],
    understanding: Understanding,
    terms: Mapping[str, float],
) -> Floats:
    """The :data:`FEATURES` of each candidate (rows in the order of ``hits``)."""
    if not hits:
        return np.zeros((0, len(FEATURES)))
    intents = understanding.intent_vector()
    products = understanding.products
    covered = float(products[facts.covered].sum()) if products is not None else 0.0
    own_terms = {t for t, w in terms.items() if w >= 0.8}
    top_dense = max(h.dense for h in hits)
    top_lexical = max(h.lexical for h in hits) or 1.0
    rows = []
    for position, (hit, index) in enumerate(zip(hits, indices, strict=True)):
        own = float(facts.own[index])
        product_index = int(facts.product[index])
        product = (
            float(products[product_index]) if products is not None and product_index >= 0 else 0.0
        )
        title_terms = facts.title_terms[index]
        shared = len(title_terms & own_terms)
        rows.append(
            [
                hit.score,
                hit.dense_z,
                hit.lexical_z,
                hit.dense,
                float(np.log1p(hit.lexical)),
                hit.coverage,
                hit.title,
                1.0 / (1 + position),
                hit.dense - top_dense,
                hit.lexical / top_lexical,
                own,
                product,
                own * covered,
                _intent_section(hit.sections, intents),
                float(intents @ facts.profiles[index]),
                hit.sections.get("tekst", 0.0),
                (1.0 - own) * (1.0 - covered),
                shared / max(len(title_terms), 1),
                shared / max(len(own_terms), 1),
                float(facts.profiles[index][_SITUATION_AT] @ (1.0 - intents[_SITUATION_AT])),
            ]
        )
    return np.array(rows, dtype=np.float64)


def _intent_section(sections: Mapping[str, float], intents: Floats) -> float:
    """The section cosine the question's intents ask for (the inleiding when it is missing)."""
    fallback = sections.get("tekst", 0.0)
    return float(
        sum(
            p * sections.get(INTENT_SECTIONS[name], fallback)
            for name, p in zip(INTENTS, intents, strict=True)
        )
    )
