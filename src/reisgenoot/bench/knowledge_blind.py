"""Kennisbank figures in three columns: the own test set, blind dev and blind test.

Every column is scored by :func:`evaluate_questions` in the same way. A question has a
``kind``: ``answerable`` (``expected`` lists every article that answers it, ``preferred`` the
one that should come first: the municipality's own article for a municipal product),
``out_of_scope`` (no article answers it: hand it over) or ``person`` (it must go to a person:
own case, anger, a complaint, a crisis, asks for a person). The own sets have no ``kind``: an
empty ``expected`` is out of scope, and the municipality's article is preferred when listed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reisgenoot.bench.knowledge import (
    Corpus,
    Outcome,
    load_queries,
    ranking_metrics,
    run_queries,
)
from reisgenoot.bench.sets import blind_part, columns, evaluate_columns
from reisgenoot.knowledge.answering import AnswerPolicy
from reisgenoot.knowledge.retrieval import Retriever, Weights

MUNICIPAL_PREFIX = "vbs-"

FIGURES = [
    ("R@1", "ranking.recall_at_1"),
    ("R@3", "ranking.recall_at_3"),
    ("MRR", "ranking.mrr"),
    ("R@1 Rijksoverheid-vragen", "ranking_rijksoverheid.recall_at_1"),
    ("R@3 Rijksoverheid-vragen", "ranking_rijksoverheid.recall_at_3"),
    ("gemeente: eigen juiste artikel beantwoord", "municipality_first"),
    ("buiten de kennisbank doorverwezen", "handoff.out_of_scope_handed_over"),
    ("beantwoordbaar maar doorverwezen", "handoff.answerable_handed_over"),
    ("juist van de beantwoorde", "handoff.answered_correct"),
    ("mens nodig: doorverwezen", "handoff.person_handed_over"),
]


def as_blind(item: dict[str, Any]) -> dict[str, Any]:
    """An own-set question in the blind shape (kind and preferred article)."""
    if "kind" in item:
        return item
    expected = list(item["expected"])
    municipal = [a for a in expected if a.startswith(MUNICIPAL_PREFIX)]
    return {
        "query": item["query"],
        "expected": expected,
        "kind": "answerable" if expected else "out_of_scope",
        "preferred": (municipal or expected or [None])[0],
    }


def _share(flags: Sequence[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def evaluate_questions(
    corpus: Corpus, items: Sequence[dict[str, Any]], policy: AnswerPolicy, weights: Weights
) -> dict[str, Any]:
    """Ranking, hand-off and municipality-first figures for one set of questions."""
    questions = [as_blind(i) for i in items]
    retriever = Retriever(
        corpus.docs, embedder=corpus.embedder, vectors=corpus.vectors, weights=weights
    )
    outcomes = run_queries(retriever, questions, policy)
    by_kind: dict[str, list[tuple[dict[str, Any], Outcome]]] = {}
    for question, outcome in zip(questions, outcomes, strict=True):
        by_kind.setdefault(question["kind"], []).append((question, outcome))
    answerable = by_kind.get("answerable", [])
    national = [o for q, o in answerable if not str(q["preferred"]).startswith(MUNICIPAL_PREFIX)]
    municipal = [(q, o) for q, o in answerable if str(q["preferred"]).startswith(MUNICIPAL_PREFIX)]
    answered = [o for _q, o in answerable if not o.handed_over]
    return {
        "questions": len(questions),
        "ranking": ranking_metrics([o.rank for _q, o in answerable]),
        "ranking_rijksoverheid": ranking_metrics([o.rank for o in national]),
        "municipality_first": _share(
            [
                bool(o.ranked) and o.ranked[0] == q["preferred"] and not o.handed_over
                for q, o in municipal
            ]
        ),
        "handoff": {
            "out_of_scope_handed_over": _share(
                [o.handed_over for _q, o in by_kind.get("out_of_scope", [])]
            ),
            "answerable_handed_over": _share([o.handed_over for _q, o in answerable]),
            "answered_correct": _share([o.rank == 0 for o in answered]),
            "person_handed_over": _share([o.handed_over for _q, o in by_kind.get("person", [])]),
        },
        "errors": [
            {
                "id": q.get("id"),
                "kind": q["kind"],
                "expected": q["expected"],
                "top": o.ranked[:3],
                "handed_over": o.handed_over,
                "reason": o.reason,
            }
            for q, o in zip(questions, outcomes, strict=True)
            if (q["kind"] == "answerable" and (o.rank != 0 or o.handed_over))
            or (q["kind"] != "answerable" and not o.handed_over)
        ],
    }


def blind_queries(test: bool = True) -> list[dict[str, Any]]:
    """All blind questions that will be run (to embed them in one batch beforehand)."""
    parts = ("dev", "test") if test else ("dev",)
    found: list[dict[str, Any]] = []
    for part in parts:
        path = blind_part("kennisbank", f"{part}.jsonl")
        if path.is_file():
            found += load_queries(path)
    return found


def three_columns(
    corpus: Corpus,
    own: Path,
    policy: AnswerPolicy,
    weights: Weights,
    *,
    test: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The kennisbank figures on the own test set, blind dev and (unless ``test`` is off) blind test."""
    sets: dict[str, Path | None] = {
        "own": own,
        "blind_dev": blind_part("kennisbank", "dev.jsonl"),
        "blind_test": blind_part("kennisbank", "test.jsonl") if test else None,
    }
    results = evaluate_columns(
        sets,
        lambda path: evaluate_questions(corpus, load_queries(path), policy, weights),
        progress=progress,
    )
    return {"columns": columns(results, FIGURES), "sets": results}
