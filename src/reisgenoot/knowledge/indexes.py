"""The two indexes of hybrid retrieval: BM25 over normalised Dutch terms with field weights and
a small typo tolerance (:class:`LexicalIndex`), and the section embeddings (:class:`DenseIndex`).
:class:`~reisgenoot.knowledge.retrieval.Retriever` fuses their scores."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from reisgenoot.knowledge.embeddings import Matrix
from reisgenoot.knowledge.normalize import Normaliser

if TYPE_CHECKING:
    from reisgenoot.knowledge.retrieval import Doc

K1, B = 1.2, 0.75
FIELD_WEIGHTS = {"title": 3.0, "keywords": 2.0, "tekst": 1.5, "other": 1.0}
TYPO_MIN = 5
TYPO_WEIGHT = 0.8
Floats = npt.NDArray[np.float64]


# --- lexical ------------------------------------------------------------------------------


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class LexicalIndex:
    """Field-weighted BM25 with postings as numpy arrays (fast for thousands of articles)."""

    def __init__(self, docs: Sequence[Doc], normaliser: Normaliser) -> None:
        self.normaliser = normaliser
        self.size = len(docs)
        frequencies = [self._document(doc) for doc in docs]
        lengths = np.array([sum(f.values()) for f in frequencies], dtype=np.float64)
        average = float(lengths.mean()) if len(lengths) else 1.0
        norm = K1 * (1 - B + B * lengths / max(average, 1e-9))
        postings: dict[str, list[tuple[int, float]]] = {}
        for index, counts in enumerate(frequencies):
            for term, tf in counts.items():
                postings.setdefault(term, []).append((index, tf))
        self.postings: dict[str, tuple[npt.NDArray[np.int64], Floats]] = {}
        for term, entries in postings.items():
            ids = np.array([i for i, _tf in entries], dtype=np.int64)
            tfs = np.array([tf for _i, tf in entries], dtype=np.float64)
            idf = math.log(1 + (self.size - len(entries) + 0.5) / (len(entries) + 0.5))
            self.postings[term] = (ids, idf * tfs * (K1 + 1) / (tfs + norm[ids]))
        self._typos = self._typo_table()

    def _document(self, doc: Doc) -> dict[str, float]:
        counts: defaultdict[str, float] = defaultdict(float)
        terms = self.normaliser.weighted_terms
        _scaled_update(counts, terms(doc.title), FIELD_WEIGHTS["title"])
        _scaled_update(counts, terms(" ".join(doc.trefwoorden)), FIELD_WEIGHTS["keywords"])
        for field_name, _heading, text in doc.sections:
            weight = FIELD_WEIGHTS["tekst" if field_name == "tekst" else "other"]
            _scaled_update(counts, terms(text), weight)
        return counts

    def _typo_table(self) -> dict[str, str]:
        table: dict[str, str] = {}
        by_frequency = sorted(self.postings, key=lambda t: -len(self.postings[t][0]))
        for term in by_frequency:
            if len(term) >= TYPO_MIN and term.isalpha():
                for variant in _deletions(term):
                    table.setdefault(variant, term)
        return table

    def correct(self, term: str) -> str | None:
        """The kennisbank term one edit away from an unknown ``term`` (or None)."""
        if term in self.postings or len(term) < TYPO_MIN or not term.isalpha():
            return None
        if term in self._typos:  # a letter too few: "pasport" → "paspoort"
            return self._typos[term]
        for variant in _deletions(term):
            if variant in self.postings:  # a letter too many
                return variant
            if variant in self._typos:  # one letter changed or swapped
                return self._typos[variant]
        return None

    def query_terms(self, query: str) -> dict[str, float]:
        """Weighted query terms, unknown words replaced by their typo correction."""
        found = self.normaliser.weighted_terms(query)
        result: defaultdict[str, float] = defaultdict(float)
        for term, weight in found.items():
            fixed = self.correct(term)
            if fixed is None:
                result[term] += weight
            else:
                result[fixed] += weight * TYPO_WEIGHT
        return dict(result)

    def scores(self, terms: dict[str, float]) -> Floats:
        total = np.zeros(self.size, dtype=np.float64)
        for term, weight in terms.items():
            posting = self.postings.get(term)
            if posting is not None:
                np.add.at(total, posting[0], posting[1] * weight)
        return total

    def unknown_share(self, terms: dict[str, float]) -> float:
        """Share of the query's own words that occur nowhere in the kennisbank."""
        own = [t for t, w in terms.items() if w >= 1.0 * TYPO_WEIGHT and not t.isdigit()]
        if not own:
            return 1.0
        return sum(1 for t in own if t not in self.postings) / len(own)

    def coverage(self, terms: dict[str, float], index: int) -> float:
        """Share of the query's own (weight ≥ 1) terms that the article contains."""
        own = [t for t, w in terms.items() if w >= 1.0 * TYPO_WEIGHT]
        if not own:
            return 0.0
        hit = sum(1 for t in own if t in self.postings and index in self.postings[t][0])
        return hit / len(own)


def _scaled_update(counts: defaultdict[str, float], terms: dict[str, float], factor: float) -> None:
    for term, weight in terms.items():
        counts[term] += weight * factor


# --- semantic -----------------------------------------------------------------------------


class DenseIndex:
    """Section vectors grouped by article; an article scores with its best section."""

    def __init__(self, docs: Sequence[Doc], vectors: dict[tuple[int, str], Matrix]) -> None:
        position = {doc.key: i for i, doc in enumerate(docs)}
        items = sorted(
            ((position[k], s, v) for (k, s), v in vectors.items() if k in position),
            key=lambda item: (item[0], item[1]),
        )
        self.size = len(docs)
        self.sections = [s for _i, s, _v in items]
        owner = np.array([i for i, _s, _v in items], dtype=np.int64)
        self.matrix = (
            np.vstack([v for _i, _s, v in items]).astype(np.float32)
            if items
            else np.zeros((0, 1), dtype=np.float32)
        )
        self.starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if items else owner
        self.covered = owner[self.starts]
        self.bounds = np.full((self.size, 2), -1, dtype=np.int64)
        ends = np.r_[self.starts[1:], len(owner)] if items else owner
        self.bounds[self.covered, 0] = self.starts
        self.bounds[self.covered, 1] = ends

    def __bool__(self) -> bool:
        return bool(len(self.sections))

    def similarities(self, vector: Matrix) -> Floats:
        return (self.matrix @ vector.astype(np.float32)).astype(np.float64)

    def best(self, sims: Floats) -> Floats:
        """Best cosine per article; articles without vectors get the lowest seen."""
        result = np.full(self.size, float(sims.min()) if len(sims) else 0.0, dtype=np.float64)
        if len(sims):
            result[self.covered] = np.maximum.reduceat(sims, self.starts)
        return result

    def best_section(self, sims: Floats, index: int) -> str | None:
        start, end = (int(x) for x in self.bounds[index])
        if start < 0:
            return None
        return self.sections[start + int(np.argmax(sims[start:end]))]

    def section_similarity(self, sims: Floats, index: int, section: str) -> float:
        """The cosine of one named section of article ``index`` (0.0 when it has none)."""
        return self.section_similarities(sims, index).get(section, 0.0)

    def section_similarities(self, sims: Floats, index: int) -> dict[str, float]:
        """The cosine of every embedded section of article ``index``."""
        start, end = (int(x) for x in self.bounds[index])
        if start < 0:
            return {}
        return {self.sections[p]: float(sims[p]) for p in range(start, end)}

    def section_vector(self, index: int, section: str) -> Matrix | None:
        """The stored vector of one named section of article ``index``, if any."""
        start, end = (int(x) for x in self.bounds[index])
        for position in range(max(start, 0), max(end, 0)):
            if self.sections[position] == section:
                vector: Matrix = self.matrix[position]
                return vector
        return None


def standardise(values: Floats) -> Floats:
    spread = float(values.std())
    if spread < 1e-9:
        return np.zeros_like(values)
    return (values - float(values.mean())) / spread
