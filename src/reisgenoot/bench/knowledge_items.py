"""The questions the kennisbank's models are fitted on (:mod:`reisgenoot.bench.knowledge_fit`):
each with its kind, its expected articles, its candidates and their re-ranker features."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from reisgenoot.knowledge.rerank import DEPTH
from reisgenoot.knowledge.retrieval import Ranked, Retriever
from reisgenoot.knowledge.understanding import Understanding

__all__ = ["Item", "as_item_kind", "collect"]


@dataclass(slots=True)
class Item:
    """One question with its candidates, their re-ranker features and its reading."""

    query: str
    kind: str  # answerable | out_of_scope | person
    expected: set[str]
    preferred: str | None
    hits: list[Ranked]
    matrix: np.ndarray
    reading: Understanding
    origin: str  # own_dev | blind_dev | synthetic


def as_item_kind(item: dict[str, Any]) -> tuple[str, str | None]:
    if "kind" in item:
        return str(item["kind"]), item.get("preferred")
    expected = list(item["expected"])
    municipal = [a for a in expected if a.startswith("vbs-")]
    return ("answerable" if expected else "out_of_scope"), (municipal or expected or [None])[0]


def collect(
    retriever: Retriever,
    questions: Sequence[dict[str, Any]],
    origin: str,
    products: np.ndarray | None = None,
) -> list[Item]:
    """The candidates and features of each question (``products`` overrides the product head)."""
    items: list[Item] = []
    for k, question in enumerate(questions):
        kind, preferred = as_item_kind(question)
        hits, indices, terms = retriever.candidates(question["query"], DEPTH)
        reading = retriever.understand(question["query"])
        assert reading is not None
        if products is not None:
            reading = replace(reading, products=products[k])
        matrix = retriever.rerank_features(hits, indices, reading, terms)
        items.append(
            Item(question["query"], kind, set(question["expected"]), preferred, hits, matrix,
                 reading, origin)
        )  # fmt: skip
    return items
