"""The questions the kennisbank's models are fitted on (:mod:`reisgenoot.bench.knowledge_fit`):
each with its kind, its expected articles, its candidates and their re-ranker features."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.knowledge.rerank import DEPTH
from reisgenoot.knowledge.retrieval import Ranked, Retriever
from reisgenoot.knowledge.understanding import Understanding

__all__ = ["Item", "as_item_kind", "collect", "writer_questions"]

# The writers' kennisbank questions (``training-data/kennisbank-questions*.jsonl``: writer K3 as
# ``kennisbank-questions.jsonl``, writer K4 as ``kennisbank-questions-k4.jsonl``).
WRITER_FILES = "kennisbank-questions*.jsonl"
NATIONAL_PREFIX = "ro-"  # the writers' id of a Rijksoverheid Q&A row; the index has the bare id


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


def writer_questions(folder: Path, known: set[str]) -> list[dict[str, Any]]:
    """The writers' answerable questions in the shape of the dev sets (target → expected).

    Only ``answerable`` questions with a target the kennisbank holds: they train the re-ranker
    (the target is the article that should come first). Questions that need a person or are
    out of scope carry no ranking evidence here.
    """
    found: list[dict[str, Any]] = []
    for path in sorted(folder.glob(WRITER_FILES)):
        with path.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        for row in rows:
            target = str(row.get("target") or "")
            target = target.removeprefix(NATIONAL_PREFIX)
            if row.get("kind") != "answerable" or target not in known:
                continue
            found.append(
                {"query": row["query"], "kind": "answerable", "expected": [target],
                 "preferred": target}
            )  # fmt: skip
    return found
