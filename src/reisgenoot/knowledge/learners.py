"""What the kennisbank learns from confirmed work: a "known questions" index.

Each question a redacteur linked to an article, and each self-service question whose answer a
resident rated useful, is a known question: its embedding (the packaged e5 model) and the
article it belongs to. A new question that is very close to a known one (cosine ≥
:data:`THRESHOLD`) names that article (:meth:`KnownQuestions.match`). The packaged model is the
empty index: nothing is known before the municipality confirms anything.

Blind-dev figure: over the questions of ``kennisbank/dev.jsonl``, (right − wrong) / all, where
a match is right when it names an expected article of an answerable question and wrong
otherwise (a wrong article, or any match on a question that should not be answered). The
empty index scores 0, so a version is only activated when its matches do more good than harm.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reisgenoot.knowledge.embeddings import E5Embedder, Embedder, Matrix
from reisgenoot.learning.examples import LearningExample
from reisgenoot.learning.learner import Figures
from reisgenoot.learning.models import QUESTION_LINK, RATING
from reisgenoot.learning.registry import ACTIVE

LEARNER = "knowledge.known_questions"
VECTORS = "vectors.npy"
ARTICLES = "articles.json"
THRESHOLD = 0.93


@dataclass(frozen=True, slots=True)
class KnownQuestions:
    """Embeddings of known questions and the article of each."""

    vectors: Matrix
    articles: tuple[str, ...]

    def match(self, query: Matrix, threshold: float = THRESHOLD) -> tuple[str, float] | None:
        """The article of the closest known question, when it is close enough."""
        if not self.articles:
            return None
        scores = self.vectors @ query.reshape(-1)
        best = int(np.argmax(scores))
        score = float(scores[best])
        return (self.articles[best], score) if score >= threshold else None


EMPTY = KnownQuestions(np.zeros((0, 1), dtype=np.float32), ())


def read(folder: Path | None) -> KnownQuestions:
    """The index in ``folder`` (None or missing files: the empty, packaged index)."""
    if folder is None or not (folder / VECTORS).is_file():
        return EMPTY
    vectors = np.load(folder / VECTORS).astype(np.float32)
    articles = tuple(json.loads((folder / ARTICLES).read_text(encoding="utf-8")))
    return KnownQuestions(vectors, articles)


def active_index() -> KnownQuestions:
    """The active version's index (model registry), else the empty packaged one."""
    return read(ACTIVE.folder(LEARNER))


@dataclass
class KnownQuestionsLearner:
    """Known questions of the kennisbank, from redacteur links and useful-rated answers."""

    name: str = LEARNER
    capability: str = "knowledge"
    kinds: tuple[str, ...] = (QUESTION_LINK, RATING)
    description: str = "Herkent vragen die al eerder aan een kennisartikel zijn gekoppeld."
    min_examples: int = 1
    embedder: Embedder = field(default_factory=E5Embedder)
    _dev: dict[Path, tuple[Matrix, list[tuple[str, frozenset[str]]]]] = field(
        default_factory=dict, repr=False
    )

    def examples_of(self, examples: Sequence[LearningExample]) -> list[LearningExample]:
        return [
            e
            for e in examples
            if e.text.strip()
            and e.label.get("article_id")
            and (e.kind == QUESTION_LINK or (e.kind == RATING and e.label.get("helpful")))
        ]

    def train(self, examples: Sequence[LearningExample], folder: Path) -> list[Path]:
        latest: dict[str, str] = {}  # a question linked twice keeps its latest article
        for example in examples:
            latest[example.text] = str(example.label["article_id"])
        texts = list(latest)
        vectors = self.embedder.embed_queries(texts) if texts else EMPTY.vectors
        np.save(folder / VECTORS, np.asarray(vectors, dtype=np.float32))
        (folder / ARTICLES).write_text(json.dumps([latest[t] for t in texts]), encoding="utf-8")
        return [folder / VECTORS, folder / ARTICLES]

    def _dev_set(self, dev: Path) -> tuple[Matrix, list[tuple[str, frozenset[str]]]]:
        path = dev / "kennisbank" / "dev.jsonl"
        if path not in self._dev:
            items: list[tuple[str, str, frozenset[str]]] = []
            if path.is_file():
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        item = json.loads(line)
                        expected = frozenset(item.get("expected") or ())
                        items.append((item["query"], item.get("kind", ""), expected))
            vectors = (
                self.embedder.embed_queries([q for q, _k, _e in items]) if items else EMPTY.vectors
            )
            self._dev[path] = (vectors, [(k, e) for _q, k, e in items])
        return self._dev[path]

    def evaluate(self, folder: Path | None, dev: Path) -> Figures:
        vectors, items = self._dev_set(dev)
        if not items:
            return Figures(None, {}, 0, "")
        index = read(folder)
        right = wrong = 0
        for vector, (kind, expected) in zip(vectors, items, strict=True):
            found = index.match(vector)
            if found is None:
                continue
            if kind == "answerable" and found[0] in expected:
                right += 1
            else:
                wrong += 1
        n = len(items)
        main = round((right - wrong) / n, 4)
        values = {"goed": right / n, "fout": wrong / n, "netto": main}
        return Figures(main, values, n, "kennisbank/dev")

    def score(self, folder: Path | None, examples: Sequence[LearningExample]) -> float | None:
        """None: a linked question is its own answer, so the gate reads blind dev alone."""
        return None

    def load(self, folder: Path | None) -> object:
        return read(folder)


LEARNERS = (KnownQuestionsLearner(),)
