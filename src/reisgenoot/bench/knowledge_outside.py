"""Out of scope judged by writers it never saw (issue 14, ADR 77).

The shipped in-scope model (:mod:`reisgenoot.knowledge.confidence`) was fitted on blind dev
(writers K1 and K2, 38 out-of-scope questions), the own dev set and ``upl.jsonl`` utterances of
products no article covers, and its threshold chosen by cross-validation on blind dev. Writers
K3 and K4 (``training-data/kennisbank-questions*.jsonl``) wrote 518 out-of-scope questions
in all, next to the kennisbank's topics ("near": the article they almost touch), and 315
answerable ones. Here each of the four writers is held out in turn: the in-scope model is
fitted on the others and the own dev set, and the held-out writer shows how many of its
out-of-scope questions can be handed over while its answerable hand-offs (gate, confidence and
scope together) stay under a cap (:func:`best_at`). One evidence family is new: the question's
nearest out-of-scope and answerable questions of *other* writers (:func:`neighbours`).

:func:`collect_rows` decides every question once as the answerer does (shipped re-ranker,
gate and confidence) and keeps the evidence; blind test and the own test set are never read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reisgenoot.bench.knowledge import build_corpus, cached_embedder, load_queries
from reisgenoot.bench.knowledge_fit import TRAINING, retriever_for_fitting
from reisgenoot.bench.knowledge_items import NATIONAL_PREFIX, WRITER_FILES, as_item_kind
from reisgenoot.bench.sets import blind_part
from reisgenoot.knowledge.answering import Answerer

Row = dict[str, Any]
WRITERS = ("K1", "K2", "K3", "K4")


def _questions(known: set[str]) -> list[Row]:
    """Blind dev, the own dev set and the writers' files, each with writer, kind and targets."""
    found: list[Row] = []
    for r in load_queries(blind_part("kennisbank", "dev.jsonl")):
        found.append({"writer": str(r["writer"]), "kind": str(r["kind"]), "query": r["query"],
                      "expected": list(r.get("expected") or [])})  # fmt: skip
    for r in load_queries(Path("evaluation/knowledge/dev.jsonl")):
        found.append({"writer": "own", "kind": as_item_kind(r)[0], "query": r["query"],
                      "expected": list(r.get("expected") or [])})  # fmt: skip
    for path in sorted(TRAINING.glob(WRITER_FILES)):
        for r in load_queries(path):
            target = str(r.get("target") or "").removeprefix(NATIONAL_PREFIX)
            found.append({"writer": str(r["id"]).split("-")[0], "kind": str(r["kind"]),
                          "query": r["query"], "expected": [target] if target in known else []})  # fmt: skip
    return found


def collect_rows(
    progress: Callable[[str], None] | None = None, extra: Sequence[Row] = ()
) -> list[Row]:
    """Every question decided once by the shipped answerer, with its evidence; ``extra``
    questions (``query`` and whatever labels they carry) are decided after the writers'."""
    say = progress or (lambda _m: None)
    retriever, embedder = retriever_for_fitting(build_corpus(cached_embedder()))
    answerer = Answerer(retriever)
    known = {d.source_id for d in retriever.docs}
    questions = _questions(known) + list(extra)
    embedder.embed_queries([q["query"] for q in questions])
    embedder.save()
    rows: list[Row] = []
    for k, question in enumerate(questions):
        if k % 200 == 0:
            say(f"{k}/{len(questions)}")
        decision = answerer.decide(question["query"], limit=10)
        ranking = decision.ranking
        reading = ranking.understanding
        assert reading is not None
        rows.append(
            {**question, "reason": decision.reason, "confidence": decision.confidence,
             "scope": decision.scope, "evidence": dict(ranking.features),
             "ranked": [h.doc.source_id for h in ranking.hits],
             "intents": dict(reading.intents), "situations": dict(reading.situations),
             "escalate": float(reading.escalate), "own_intents": dict(reading.own_intents),
             "products": None if reading.products is None else np.asarray(reading.products),
             "q": retriever.query_vector(question["query"]).astype(np.float32)}
        )  # fmt: skip
    return rows


def shares(rows: Sequence[Row], handed: np.ndarray) -> dict[str, tuple[int, int]]:
    kinds = np.array([r["kind"] for r in rows])
    return {
        k: (int(handed[kinds == k].sum()), int((kinds == k).sum()))
        for k in ("out_of_scope", "answerable", "person")
    }


# --- the probe ---------------------------------------------------------------------------------

PERSON_REASONS = ("escalation", "asks_for_person", "personal_case")
RIGHT_T = 0.22  # the shipped confidence threshold, held fixed
SHIPPED_SCOPE_T = 0.46
NEIGHBOUR_WRITERS = ("K3", "K4")  # training-data writers: the neighbours a question is held to
CAPS = (0.095, 0.10, 0.107, 0.115)


def _matrix(rows: Sequence[Row], design: str) -> np.ndarray:
    """The in-scope evidence: ``ev`` (the shipped features) and ``read`` (the heads' reading:
    intents, situations, escalate, the product head's entropy, margin and top-three mass)."""
    from reisgenoot.knowledge.confidence import FEATURES
    from reisgenoot.knowledge.understanding import INTENTS, SITUATIONS

    parts = [np.array([[r["evidence"].get(f, 0.0) for f in FEATURES] for r in rows])]
    if "read" in design:
        products = np.array([r["products"] for r in rows], dtype=np.float64)
        ordered = -np.sort(-products, axis=1)
        entropy = -(products * np.log(products + 1e-12)).sum(axis=1)
        parts.append(np.array([[r["intents"].get(i, 0.0) for i in INTENTS] for r in rows]))
        parts.append(np.array([[r["situations"].get(s, 0.0) for s in SITUATIONS] for r in rows]))
        parts.append(np.c_[[r["escalate"] for r in rows], entropy,
                           ordered[:, 0] - ordered[:, 1], ordered[:, :3].sum(axis=1)])  # fmt: skip
    return np.hstack(parts)


def neighbours(rows: Sequence[Row], refs: Callable[[str], Sequence[str]], k: int) -> np.ndarray:
    """Mean cosine of the ``k`` nearest out-of-scope and answerable questions of the writers
    ``refs(writer)`` (never the question's own writer), and their difference."""
    q = np.array([r["q"] for r in rows], dtype=np.float64)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    writers = np.array([r["writer"] for r in rows])
    kinds = np.array([r["kind"] for r in rows])
    found = np.zeros((len(rows), 2))
    for writer in sorted(set(writers.tolist())):
        mine = writers == writer
        for j, kind in enumerate(("out_of_scope", "answerable")):
            ref = np.isin(writers, list(refs(writer))) & (kinds == kind)
            sims = np.sort(q[mine] @ q[ref].T, axis=1)[:, -k:]
            found[mine, j] = sims.mean(axis=1)
    result: np.ndarray = np.c_[found, found[:, 0] - found[:, 1]]
    return result


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> Callable[[np.ndarray], np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std < 1e-9] = 1.0
    model = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / std, y)
    return lambda z: model.predict_proba((z - mean) / std)[:, 1]


def held_out_scope(rows: Sequence[Row], design: str, c: float, k: int) -> np.ndarray:
    """In-scope probabilities of each writer from a model fitted on the other writers and the
    own dev set. The neighbours of blind dev's writers are K3 and K4 (as a shipped model's
    would be); with K3 or K4 held out, the other three writers."""
    writers = np.array([r["writer"] for r in rows])
    kinds = np.array([r["kind"] for r in rows])
    y = (kinds == "answerable").astype(float)
    base = _matrix(rows, design)
    found = np.zeros(len(rows))
    for held in WRITERS:
        source = NEIGHBOUR_WRITERS if held not in NEIGHBOUR_WRITERS else WRITERS
        pool: tuple[str, ...] = tuple(w for w in source if w != held)

        def others(writer: str, pool: tuple[str, ...] = pool) -> list[str]:
            return [v for v in pool if v != writer]

        x = np.hstack([base, neighbours(rows, others, k)]) if k else base
        train = (writers != held) & (kinds != "person")
        found[writers == held] = _fit(x[train], y[train], c)(x[writers == held])
    return found


def best_at(rows: Sequence[Row], scope: np.ndarray, writers: Sequence[str], cap: float) -> float:
    """Out of scope handed over at the best threshold with answerable handed over <= ``cap``."""
    mine = np.isin([r["writer"] for r in rows], list(writers))
    kinds = np.array([r["kind"] for r in rows])
    floor = person_flags(rows) | (np.array([r["confidence"] for r in rows]) < RIGHT_T)
    best = 0.0
    for t in np.unique(np.r_[0.0, scope[mine]]):
        handed = floor | (scope < t)
        if handed[mine & (kinds == "answerable")].mean() <= cap + 1e-9:
            best = max(best, float(handed[mine & (kinds == "out_of_scope")].mean()))
    return best


def person_flags(rows: Sequence[Row]) -> np.ndarray:
    """Handed over by the hand-off rules and the person gate (before scope and confidence)."""
    return np.array([r["reason"] in PERSON_REASONS for r in rows])


def probe_report(rows: Sequence[Row]) -> list[str]:
    """Out of scope handed over at answerable handed over <= each of :data:`CAPS`, for blind
    dev's writers (K1 + K2) and the training-data writers (K3 + K4), each writer held out."""
    shipped = np.array([r["scope"] for r in rows])
    designs: list[tuple[str, np.ndarray]] = [("shipped (in sample for K1, K2)", shipped)]
    for design in ("ev", "ev+read"):
        for c in (0.1, 1.0):
            for k in (0, 1, 3):
                name = f"{design} C {c} neighbours {k}"
                designs.append((name, held_out_scope(rows, design, c, k)))
    lines = ["design: K1+K2 | K3+K4 (out of scope handed over at answerable <= " +
             " / ".join(f"{c:.3f}" for c in CAPS) + ")"]  # fmt: skip
    for name, scope in designs:
        parts = [
            " / ".join(f"{best_at(rows, scope, pair, cap):.3f}" for cap in CAPS)
            for pair in (("K1", "K2"), NEIGHBOUR_WRITERS)
        ]
        lines.append(f"{name}: {parts[0]} | {parts[1]}")
    return lines
